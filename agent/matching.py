"""Lexical matching shared by the offline interviewer and the coverage grader."""

from __future__ import annotations

import re
from collections.abc import Iterable

_NON_WORD = re.compile(r"[^a-z0-9+#@]+")


def normalise(text: str) -> str:
    """Lower-case, punctuation and hyphens folded to single spaces, padded for whole-word search."""
    return f" {_NON_WORD.sub(' ', text.lower()).strip()} "


def mentions(normalised_text: str, phrase: str) -> bool:
    """Whole-word (or whole-phrase) match of `phrase` in text already passed through normalise()."""
    needle = normalise(phrase)
    return needle.strip() != "" and needle in normalised_text


def matched(text: str, phrases: Iterable[str]) -> list[str]:
    """The phrases that `text` mentions, in their given order."""
    haystack = normalise(text)
    return [p for p in phrases if mentions(haystack, p)]

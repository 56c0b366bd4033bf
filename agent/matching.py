"""Matching shared by the offline interviewer and the coverage grader: lexical cue words, and
the nearest options to a text by embedding."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.knowledge import ChecklistItem

_NON_WORD = re.compile(r"[^a-z0-9+#@]+")


# "Recall@10" is recall@k, and recall: both the term and the bare metric word match it
_AT_K = re.compile(r"\b([a-z]+)@(?:\d+|k)\b")


def normalise(text: str) -> str:
    """Lower-case, punctuation and hyphens folded to single spaces, padded for whole-word search."""
    folded = _AT_K.sub(r"\1@k \1", text.lower())
    return f" {_NON_WORD.sub(' ', folded).strip()} "


def mentions(normalised_text: str, phrase: str) -> bool:
    """Whole-word (or whole-phrase) match of `phrase` in text already passed through normalise()."""
    needle = normalise(phrase)
    return needle.strip() != "" and needle in normalised_text


def matched(text: str, phrases: Iterable[str]) -> list[str]:
    """The phrases that `text` mentions, in their given order."""
    haystack = normalise(text)
    return [p for p in phrases if mentions(haystack, p)]


def nearest(embedder: Any, text: str, options: list[str], n: int = 1) -> list[str]:
    """The `n` options closest to `text` by embedding, in their given order; without an
    embedder (or with no choice to make) simply the first `n`."""
    if embedder is None or len(options) <= n:
        return options[:n]
    target, *vectors = embedder.embed([text, *options])
    closeness = [sum(a * b for a, b in zip(target, v)) for v in vectors]  # unit vectors
    best = sorted(range(len(options)), key=lambda i: -closeness[i])[:n]
    return [options[i] for i in sorted(best)]


def cued(text: str, checklist: Iterable[ChecklistItem]) -> set[str]:
    """Ids of the checklist items whose cue words `text` uses (the offline coverage rule)."""
    return {item.id for item in checklist if matched(text, item.keywords)}

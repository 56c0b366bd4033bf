"""Check that evidence quotes are the candidate's own words.

A quote is valid when, after folding whitespace, case and quote-mark styles, it is a substring
of what the candidate said in the stage being graded. Stage scope is deliberate: a stage is
graded on that stage's answers, so a quote from another stage (or from the interviewer) cannot
support its score. The quote's own surrounding quote marks and edge punctuation are ignored,
since models often add them; anything inside must match exactly. An ellipsis is not a
wildcard: a quote stitched from two places is not verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.knowledge import Stage
from agent.scoring.transcript import Transcript

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)
_EDGES = " \t\n'\".,;:!?"


@dataclass
class Checked:
    valid: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    @property
    def all_valid(self) -> bool:
        return not self.invalid


def fold(text: str) -> str:
    """Lower-case, curly quotes made straight, every run of whitespace one space."""
    return " ".join(text.translate(_QUOTES).lower().split())


def _core(quote: str) -> str:
    return fold(quote).strip(_EDGES)


def is_verbatim(quote: str, answers: list[str]) -> bool:
    """True when `quote` (edges trimmed) occurs within one of `answers`, both folded."""
    core = _core(quote)
    return bool(re.search(r"\w", core)) and any(core in fold(answer) for answer in answers)


def check_quotes(quotes: list[str], transcript: Transcript, stage: Stage) -> Checked:
    """Split `quotes` into those found in the candidate's answers in `stage` and the rest."""
    answers = transcript.answers(stage)
    checked = Checked()
    for quote in quotes:
        (checked.valid if is_verbatim(quote, answers) else checked.invalid).append(quote)
    return checked

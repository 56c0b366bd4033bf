"""Check that evidence quotes are the candidate's own words.

A quote is valid when, after folding whitespace, case and quote-mark styles, it is a passage
of what the candidate said in the stage being graded: whole words, and at least a short phrase
unless it is a whole sentence ("Accuracy."). Stage scope is deliberate: a stage is
graded on that stage's answers, so a quote from another stage (or from the interviewer) cannot
support its score. The quote's own surrounding quote marks and edge punctuation are ignored,
since models often add them; anything inside must match exactly. An ellipsis is not a
wildcard: a quote stitched from two places is not verbatim.

A drawn edge is cited as `edge: "Kafka events" -> "training set builder"` (drawn.py): valid
when one diagram drawn up to the stage has arrows between boxes with exactly those labels,
in that order (`is_drawn`); the diagram is in the candidate's answers, the edge form is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.diagrams import Diagram, arrows
from agent.knowledge import Stage
from agent.scoring import text as T
from agent.scoring.drawn import EDGE_QUOTE
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
MIN_QUOTE_WORDS = 3  # a cited phrase says something; a shorter quote must be a whole sentence
_ARROW = re.compile(r"\s*->\s*")
_ARROW_LABEL = re.compile(r"\s*\[[^\]]*\]$")  # "A -> B [hourly]", as Diagram.edge_list writes it


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


def is_drawn(quote: str, diagrams: list[Diagram]) -> bool:
    """True when `quote` is `edge: "A" -> "B"` (or longer) and one of `diagrams` has arrows
    from a box labelled A to one labelled B (and on), labels folded."""
    core = _core(quote)
    if not core.startswith(EDGE_QUOTE):
        return False
    parts = _ARROW.split(core.removeprefix(EDGE_QUOTE))
    forms = [{p.strip(_EDGES), _ARROW_LABEL.sub("", p).strip(_EDGES)} - {""} for p in parts]
    if len(forms) < 2 or not all(forms):
        return False
    for diagram in diagrams:
        label = {node.id: fold(node.label).strip(_EDGES) for node in diagram.nodes}
        drawn = {(label[a], label[b]) for a, b in arrows(diagram)}
        if all(
            any((a, b) in drawn for a in one for b in two) for one, two in zip(forms, forms[1:])
        ):
            return True
    return False


def cites(quote: str, answers: list[str]) -> bool:
    """`quote` is evidence from `answers`: verbatim, in whole words, and a phrase of at least
    MIN_QUOTE_WORDS words or a whole sentence ("Accuracy.", "PR-AUC.": what the coverage
    grader cites). A small model once cited "1" (of "recall at 1% false positive rate") for a
    score and a red flag: the character is in the answer, but it says nothing of it."""
    core = _core(quote)
    if not re.search(r"\w", core):
        return False
    if len(core.split()) < MIN_QUOTE_WORDS and core not in _whole_sentences(answers):
        return False
    whole = re.compile(rf"(?<!\w){re.escape(core)}(?!\w)")
    return any(whole.search(fold(a)) for a in answers)


def _whole_sentences(answers: list[str]) -> set[str]:
    """Each answer's sentences, and each whole answer, folded and edge-trimmed."""
    said = [*answers, *(s for a in answers for s in T.sentences(a))]
    return {fold(s).strip(_EDGES) for s in said}


def check_quotes(quotes: list[str], transcript: Transcript, stage: Stage) -> Checked:
    """Split `quotes` into those found in the candidate's answers in `stage` (`cites`), or
    drawn in a diagram up to it, and the rest."""
    answers = transcript.answers(stage)
    checked = Checked()
    for quote in quotes:
        found = cites(quote, answers)
        if not found and _core(quote).startswith(EDGE_QUOTE):  # diagrams read only when cited
            found = is_drawn(quote, transcript.drawn(stage))
        (checked.valid if found else checked.invalid).append(quote)
    return checked

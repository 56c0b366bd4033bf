"""Clarifying questions people asked, labelled with the fact that answers them, as a memory.

The conversation dev sets (`EXAMPLE_SETS` under evals/conversation, format in FORMAT.md there)
label each clarifying question a candidate asks with the topic of the bank fact that answers
it, or `none` when no fact does. Candidates preparing for one question ask about it in the
same few ways ("What share of ads get a click?" wants the labels fact, "Which fifty languages
exactly?" nothing the bank says), so a question close to one people labelled is likely after
the same fact, and one close to a `none` question likely after nothing the bank gives. Only
the same interview question's asks count: "how many per second?" wants a different fact in
every question. Several authors wrote the sets, none with sight of the matcher.

The blind sets are never examples: they measure the matcher. A set being measured is left out
of the memory while it is (`holding_out`), so its figures are not a lookup of its own labels.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from agent.example_sets import by_question
from agent.interviewer.asking import clarifying_questions
from agent.paths import EVALS_DIR

EXAMPLES_DIR = EVALS_DIR / "conversation"
EXAMPLE_SETS = ("dev", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10")
NO_FACT = "none"  # the label of an ask no bank fact answers: it must be told "not specified"

_held_out: set[str] = set()


class AskExample(NamedTuple):
    text: str  # one question, as the candidate asked it
    topic: str  # the bank fact's topic, or NO_FACT
    source: str  # the set it comes from


def examples_for(question: str) -> list[AskExample]:
    """The labelled asks about `question` in the example sets, but those held out."""
    return [e for e in _labelled(EXAMPLES_DIR).get(question, ()) if e.source not in _held_out]


@contextmanager
def holding_out(name: str) -> Iterator[None]:
    """Leave set `name` out of the memory while it is measured."""
    _held_out.add(name)
    try:
        yield
    finally:
        _held_out.discard(name)


@cache
def _labelled(root: Path) -> dict[str, tuple[AskExample, ...]]:
    """question id -> its labelled asks (a file that cannot be read adds none)."""
    return by_question(root, EXAMPLE_SETS, _asks)


def _asks(name: str, data: Any) -> tuple[str, list[AskExample]]:
    """A file's labelled asks: a message counts when it splits into as many questions as it
    has labels, matched in order."""
    asks = []
    for turn in data["turns"]:
        labels, asked = turn.get("asks") or [], clarifying_questions(turn["answer"])
        if labels and len(labels) == len(asked):
            asks += [AskExample(text, topic, name) for text, topic in zip(asked, labels)]
    return data["question"], asks

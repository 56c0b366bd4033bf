"""What the interviewer told is not asked back: after "The decision must be returned within
100 ms at p99" in answer to the candidate's question, "What latency does this system need to
meet, at which percentile?" asks the candidate to say the interviewer's own fact again.

A question that asks for a requirement (a checklist's probe or a note's framing question) is
settled by a fact told in this stage when the clarifying-question matcher (fact_matching.py,
with the memory of how people asked) would answer it with that fact, were the candidate to ask
it. A probing question digs into a fact rather than asking for it ("The model is three times
too slow for its latency budget; what would you change first?" matches the latency fact too:
3 of 5 settled on dev8 were such), and a later stage digs into what an earlier one was told.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from agent.interviewer.ask_examples import AskExample, examples_for
from agent.interviewer.fact_matching import answers
from agent.interviewer.policy import Heard
from agent.knowledge import FRAMING, Clarification, Knowledge, Question
from agent.state import Turn


@dataclass(frozen=True)
class HeardAndTold:
    """What the candidate said (grading's reading) plus the facts the interviewer gave."""

    heard: Heard
    facts: list[Clarification]  # the bank question's facts, the matcher's choices
    told: list[Clarification]  # those given in this stage
    examples: Sequence[AskExample]
    embedder: Any
    asking: frozenset[str]  # the questions that ask for a requirement

    @property
    def covered(self) -> set[str]:
        return self.heard.covered

    @property
    def aside(self) -> bool:
        return self.heard.aside

    @property
    def flagged(self) -> list[str]:
        return self.heard.flagged

    def filler(self, sentences: list[str]) -> set[str]:
        return self.heard.filler(sentences)

    def left_to_ask(self, question: str) -> str:
        return self.heard.left_to_ask(question)

    def settles(self, question: str) -> bool:
        if self.heard.settles(question):
            return True
        if question not in self.asking:
            return False
        return answers([question], self.facts, self.embedder, self.examples)[0] in self.told


def with_told(
    heard: Heard, knowledge: Knowledge, question: Question | None, turns: list[Turn], embedder: Any
) -> Heard:
    """`heard`, also settling what the facts given in these turns (the stage's) answer."""
    said = " ".join(" ".join(t["text"].split()) for t in turns if t["role"] == "interviewer")
    facts = question.clarifications if question is not None else []
    told = [f for f in facts if " ".join(f.answer.split()) in said]
    if not told or embedder is None:
        return heard
    asking = {item.probe for spec in knowledge.stages.values() for item in spec.checklist}
    asking |= {q for note in knowledge.notes.values() for q in note.section_list(FRAMING)}
    return HeardAndTold(heard, facts, told, examples_for(question.id), embedder, frozenset(asking))

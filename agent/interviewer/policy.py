"""What an interviewer policy decides and says; the offline and LLM policies implement it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, Protocol

import yaml

from agent.diagrams import DesignMatch, Diagram
from agent.knowledge import ChecklistItem, Knowledge, Question, StageSpec
from agent.paths import PROMPTS_DIR
from agent.state import QUESTION_KINDS, InterviewState, Turn

if TYPE_CHECKING:
    from agent.retrieval.protocol import Hit

Action = Literal["follow_up", "probe", "advance"]
MAX_QUESTIONS_PER_STAGE = 4  # the opening plus three follow-ups, then we move on


class Heard(Protocol):
    """What the candidate has already answered, by grading's own test (the engine supplies it)."""

    covered: set[str]  # the stage's checklist item ids credited so far
    aside: bool  # the last answer is off the design or addressed to the grader
    flagged: list[str]  # sentences of the last answer that make a red flag grading would count

    def settles(self, question: str) -> bool:
        """The question is already answered by what the candidate said."""
        ...

    def left_to_ask(self, question: str) -> str:
        """The part of the question still open ("why that one?" once the choice is named)."""
        ...

    def filler(self, sentences: list[str]) -> set[str]:
        """Those of an answer's sentences that make no point: grading's filler."""
        ...


@dataclass(frozen=True)
class DrawnDiagram:
    """The latest diagram the candidate drew in this interview, held against the question's
    reference design (the engine matches it; a later answer may still refer to it)."""

    graph: Diagram
    match: DesignMatch
    just_sent: bool  # the latest answer holds it: the moment to ask about it


@dataclass(frozen=True)
class TurnContext:
    """Everything a policy may look at for one interviewer turn. Immutable: the engine builds
    it once per turn and adds what it learns with `dataclasses.replace`."""

    state: InterviewState
    knowledge: Knowledge
    spec: StageSpec
    question: Question | None
    hits: list[Hit] = field(default_factory=list)  # notes retrieved for the last answer
    query: str = ""  # the retrieval query: the last answer mixed with the stage's gaps
    told: str = ""  # bank facts just given in answer to the candidate's questions
    heard: Heard | None = None  # None: no check (a policy then relies on its own coverage)
    diagram: DrawnDiagram | None = None  # None: nothing drawn yet, or no reference design

    def still_open(self, question: str) -> bool:
        return self.heard is None or not self.heard.settles(question)

    def left_to_ask(self, question: str) -> str:
        return question if self.heard is None else self.heard.left_to_ask(question)

    @property
    def budget_minutes(self) -> float:
        """The stage's time budget: the candidate's choice, else the stage note's default."""
        return self.state.get("budgets", {}).get(self.state["stage"], self.spec.budget_minutes)

    @property
    def stage_turns(self) -> list[Turn]:
        stage = self.state["stage"]
        return [t for t in self.state.get("turns", []) if t.get("stage") == stage]

    @property
    def answers(self) -> list[str]:
        return _answers(self.stage_turns)

    @property
    def answers_so_far(self) -> list[str]:
        """The candidate's answers in every stage reached, this one included."""
        return _answers(self.state.get("turns", []))

    @property
    def asked(self) -> list[Turn]:
        return [
            t
            for t in self.stage_turns
            if t["role"] == "interviewer" and t.get("kind") in QUESTION_KINDS
        ]

    @property
    def interviewer_said(self) -> str:
        """All the interviewer has said in the interview: a question in it was asked before."""
        return " ".join(
            t["text"] for t in self.state.get("turns", []) if t["role"] == "interviewer"
        )

    @property
    def covered(self) -> list[str]:
        return self.state.get("covered", {}).get(self.state["stage"], [])

    @property
    def checklist(self) -> list[ChecklistItem]:
        """The stage's checklist without the items this question does not judge."""
        return self.knowledge.checklist(self.state["stage"], self.question)

    @property
    def uncovered(self) -> list:
        return [item for item in self.checklist if item.id not in self.covered]


def _answers(turns: list[Turn]) -> list[str]:
    return [t["text"] for t in turns if t["role"] == "candidate" and t.get("kind") == "answer"]


@dataclass
class Decision:
    action: Action
    covered: list[str]  # checklist item ids covered so far in this stage
    focus: str = ""  # the item or topic the next question is about
    sources: list[str] = field(default_factory=list)
    text: str = ""  # a ready question (offline policy), else empty
    reason: str = ""  # why, for logs and tests
    fallback: str = ""  # why the model's decision was replaced by the offline one, if it was
    # the notes a model's prompt shows after this answer (None: every retrieved hit); kept
    # with the reply so later prompts show the same and the server's cached prefix holds
    notes: list[str] | None = None


class Written(Iterator[str]):
    """A model's message as it streams, with the instruction it was written to: the turn keeps
    both, so later prompts repeat them as a server's prefix cache holds them."""

    def __init__(self, pieces: Iterator[str], task: str):
        self._pieces, self.task = pieces, task

    def __next__(self) -> str:
        return next(self._pieces)


class Policy(Protocol):
    name: str  # shown in the UI and CLI: "offline interviewer" or the model name

    def coverage(self, ctx: TurnContext) -> list[str]:
        """Checklist item ids covered so far in the stage, this turn's answers included, as
        this policy judges them (the engine records them on every path, decided or not)."""
        ...

    def gaps(self, ctx: TurnContext) -> list[ChecklistItem]:
        """The stage's checklist items not covered yet, in checklist order."""
        ...

    def decide(self, ctx: TurnContext) -> Decision: ...

    def ask(self, ctx: TurnContext, decision: Decision) -> Iterator[str]:
        """The question, streamed (a model's as `Written`)."""
        ...

    def hint(self, ctx: TurnContext) -> Iterator[str]:
        """A hint for the question on the table, streamed (a model's as `Written`)."""
        ...


def opening_question(ctx: TurnContext) -> str:
    """The stage's first question: the bank's question-specific one, else the stage's own."""
    if ctx.question is not None and ctx.state["stage"] != "problem":
        specific = ctx.question.stages[ctx.state["stage"]].questions
        if specific:
            return specific[0]
    return ctx.spec.opening


def stream_words(text: str) -> Iterator[str]:
    """Yield ready text in word-sized pieces, so every policy streams the same way."""
    parts = text.split(" ")
    for i, part in enumerate(parts):
        yield part if i == len(parts) - 1 else part + " "


@lru_cache(maxsize=1)
def lines() -> dict:
    """The curated sentences around questions (prompts/offline_lines.yaml)."""
    return yaml.safe_load((PROMPTS_DIR / "offline_lines.yaml").read_text(encoding="utf-8"))

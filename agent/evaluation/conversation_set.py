"""The conversation eval's files (evals/conversation/FORMAT.md): candidate turns with labels
for what the interviewer's next question must not re-ask, which words would take it out of the
interview's domain, and which bank fact each clarifying question needs.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from agent.errors import InterviewerError, problem_line, yaml_problem
from agent.interviewer.ask_examples import NO_FACT
from agent.knowledge import STAGES, Knowledge, Stage

FORMAT = "evals/conversation/FORMAT.md"


class ConversationSetError(InterviewerError):
    """A conversation eval file is malformed; the message names the file and the fix."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Settled(_Strict):
    about: str
    cues: list[str] = Field(min_length=1)  # lower-case substrings a re-asking question contains


class EarlierAnswer(_Strict):
    stage: Stage
    answer: str


class LabelledTurn(_Strict):
    id: str
    stage: Stage
    earlier: list[EarlierAnswer] = []  # answers given in earlier stages, in interview order
    before: list[str] = []  # earlier answers in the same stage
    answer: str
    settled: list[Settled] = []
    asks: list[str] = []  # per question asked: the fact topic that answers it, or "none"

    @model_validator(mode="after")
    def _one_label_kind(self) -> LabelledTurn:
        if bool(self.settled) == bool(self.asks):
            raise ValueError("give either `settled` or `asks` (one of them, not both)")
        order = [STAGES.index(e.stage) for e in self.earlier]
        if order != sorted(set(order)) or (order and order[-1] >= STAGES.index(self.stage)):
            raise ValueError("`earlier` stages come before the turn's stage, in order, each once")
        return self


class ConversationFile(_Strict):
    question: str
    off_domain: list[str] = []
    turns: list[LabelledTurn] = Field(min_length=1)
    path: Path | None = None


def load_conversation_set(folder: Path, knowledge: Knowledge) -> list[ConversationFile]:
    """Every file of a set, checked against the bank: the question exists and every ask
    names one of its fact topics (or none)."""
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise ConversationSetError(f"{folder}: no conversation files (*.yaml); see {FORMAT}")
    return [_load(path, knowledge) for path in paths]


def _load(path: Path, knowledge: Knowledge) -> ConversationFile:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ConversationSetError(f"{path}: {yaml_problem(error)}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConversationSetError(f"{path}: cannot read it ({error})") from None
    try:
        loaded = ConversationFile.model_validate(data)
    except ValidationError as error:
        line = problem_line(error, ConversationFile, FORMAT, hidden=("path",))
        raise ConversationSetError(f"{path}: {line}") from None
    question = knowledge.questions.get(loaded.question)
    if question is None:
        raise ConversationSetError(
            f"{path}: question: {loaded.question!r} is not in the bank; see `mlsd questions`"
        )
    topics = {fact.topic for fact in question.clarifications} | {NO_FACT}
    for turn in loaded.turns:
        if unknown := [a for a in turn.asks if a not in topics]:
            raise ConversationSetError(
                f"{path}: turn {turn.id}: asks {', '.join(unknown)}: not a fact topic of "
                f"{question.id}; use one of {', '.join(sorted(topics))}"
            )
    return loaded.model_copy(update={"path": path})

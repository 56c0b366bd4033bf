"""Scripted transcripts (eval cases): the public YAML format of evals/README.md.

The same files feed `mlsd replay` (candidate turns sent to the live agent) and `mlsd grade`
and `mlsd eval` (graded as written).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

from agent.errors import InterviewerError, first_problem
from agent.knowledge import STAGES, Stage

Score = float


class CaseError(InterviewerError):
    """A case file is malformed; the message names the file."""


class CaseTurn(BaseModel):
    role: Literal["interviewer", "candidate"]
    text: str | None = ""
    stage: Stage | None = None
    kind: str | None = None  # optional: answer | command | hint | ... (saved transcripts)

    @model_validator(mode="after")
    def _stage_on_interviewer(self) -> CaseTurn:
        self.text = self.text or ""
        if self.role == "interviewer" and self.stage is None:
            raise ValueError("an interviewer turn needs a stage")
        return self


class Expect(BaseModel):
    overall: Score | None = Field(None, ge=1, le=4)
    stages: dict[Stage, Score] = {}

    @model_validator(mode="after")
    def _in_scale(self) -> Expect:
        bad = {k: v for k, v in self.stages.items() if not 1 <= v <= 4}
        if bad:
            raise ValueError(f"stage scores must be 1-4, got {bad}")
        return self


class Case(BaseModel):
    id: str
    question: str | None = None
    question_text: str | None = None
    level: Literal["strong", "mixed", "weak", "adversarial"] | None = None
    variant: Literal["padded", "reordered", "injected", "garbage", "buzzword"] | None = None
    base: str | None = None
    refuse: bool = False
    expect: Expect | None = None
    turns: list[CaseTurn] = Field(min_length=1)
    path: Path | None = None

    @model_validator(mode="after")
    def _shape(self) -> Case:
        if (self.question is None) == (self.question_text is None):
            raise ValueError("give exactly one of `question` and `question_text`")
        if self.turns[0].role != "interviewer":
            raise ValueError("the first turn must be an interviewer turn")
        order = [STAGES.index(t.stage) for t in self.turns if t.stage]
        if order != sorted(order):
            raise ValueError("stages must appear in interview order")
        return self

    def staged_turns(self) -> list[tuple[Stage, CaseTurn]]:
        """Every turn with its stage: a candidate turn takes the previous interviewer's stage."""
        staged, stage = [], STAGES[0]
        for turn in self.turns:
            stage = turn.stage or stage
            staged.append((stage, turn))
        return staged

    def answers(self) -> list[str]:
        return [t.text for t in self.turns if t.role == "candidate" and t.kind != "command"]


def load_case(path: Path) -> Case:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CaseError(f"{path}: cannot read case: {error}") from None
    if not isinstance(data, dict):
        raise CaseError(f"{path}: expected a mapping at the top level")
    try:
        case = Case.model_validate(data | {"path": path})
    except ValidationError as error:
        raise CaseError(f"{path}: {first_problem(error)}") from None
    if case.id != path.stem:
        raise CaseError(f"{path}: id {case.id!r} does not match the file name")
    return case


def load_cases(folder: Path) -> list[Case]:
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise CaseError(f"{folder}: no case files (*.yaml)")
    return [load_case(p) for p in paths]

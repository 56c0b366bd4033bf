"""Scripted transcripts (eval cases): the public YAML format of evals/README.md.

The same files feed `mlsd replay` (candidate turns sent to the live agent) and `mlsd grade`
and `mlsd eval` (graded as written).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from agent.diagrams import Diagram
from agent.errors import (
    InterviewerError,
    Problem,
    not_a_mapping,
    not_utf8,
    problem_line,
    yaml_problem,
)
from agent.knowledge import STAGES, Stage
from agent.state import TargetLevel, Turn, is_command

FORMAT = "the case format in evals/README.md"
# adversarial variants of a case, or "terse": a strong case's decisions in short, dense answers
Variant = Literal["padded", "reordered", "injected", "garbage", "buzzword", "terse"]


def _in_scale(score: float) -> float:
    if not 1 <= score <= 4:
        raise ValueError(f"{score:g} is outside the 1-4 scale; use a score from 1 to 4")
    return score


Score = Annotated[float, AfterValidator(_in_scale)]


class CaseError(InterviewerError):
    """A case file is malformed; the message names the file, the field and the fix."""


class CaseTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["interviewer", "candidate"]
    text: str | None = ""
    stage: Stage | None = Field(None, validate_default=True)
    kind: str | None = None  # optional: answer | command | hint | ... (saved transcripts)
    diagrams: list[Diagram] = []  # optional: the diagrams read from an answer (exports)

    @field_validator("text")
    @classmethod
    def _text(cls, text: str | None) -> str:
        return text or ""

    @field_validator("stage")
    @classmethod
    def _stage_on_interviewer(cls, stage: Stage | None, info: ValidationInfo) -> Stage | None:
        if stage is None and info.data.get("role") == "interviewer":
            raise ValueError(
                f"an interviewer turn needs a stage; add `stage:` ({', '.join(STAGES)})"
            )
        return stage


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")
    overall: Score | None = None
    stages: dict[Stage, Score] = {}


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    question: str | None = None
    question_text: str | None = None
    level: Literal["strong", "mixed", "weak", "adversarial"] | None = None
    variant: Variant | None = None
    base: str | None = None
    refuse: bool = False
    expect: Expect | None = None
    drill: list[Stage] = []  # a drill's stages (exports of drills): the others are not graded
    # the level an exported session was interviewed for: its scorecard reads against it
    target_level: TargetLevel | None = None
    turns: list[CaseTurn] = Field(min_length=1)
    path: Path | None = None  # set by the loader, not by the file

    @model_validator(mode="after")
    def _shape(self) -> Case:
        if self.question is None and self.question_text is None:
            raise Problem(
                ("question",),
                "neither `question` nor `question_text` is set; "
                "add `question: <id from knowledge/questions>` or `question_text: <the question>`",
            )
        if self.question is not None and self.question_text is not None:
            raise Problem(
                ("question_text",), "both `question` and `question_text` are set; keep one"
            )
        if self.turns[0].role != "interviewer":
            raise Problem(
                ("turns", 0, "role"),
                "the first turn is a candidate turn; start with an interviewer turn with a stage",
            )
        latest = 0
        for i, turn in enumerate(self.turns):
            if turn.stage and STAGES.index(turn.stage) < latest:
                raise Problem(
                    ("turns", i, "stage"),
                    f"stage {turn.stage!r} goes back after {STAGES[latest]!r}; put the turns in "
                    f"interview order ({', '.join(STAGES)})",
                )
            latest = STAGES.index(turn.stage) if turn.stage else latest
        return self

    def to_turns(self) -> list[Turn]:
        """The file's turns as the engine's `Turn`s: a candidate turn takes the previous
        interviewer turn's stage, and a typed command (a saved transcript may carry "/hint" as
        a plain candidate turn) is a command."""
        turns, stage = [], STAGES[0]
        for t in self.turns:
            stage = t.stage or stage
            kind = t.kind or ("answer" if t.role == "candidate" else "")
            if t.role == "candidate" and is_command(t.text):
                kind = "command"
            turn = Turn(role=t.role, stage=stage, text=t.text, kind=kind)
            if t.diagrams:
                turn["diagrams"] = [diagram.model_dump(mode="json") for diagram in t.diagrams]
            turns.append(turn)
        return turns

    def answers(self) -> list[str]:
        return [t.text for t in self.turns if t.role == "candidate" and t.kind != "command"]


def case_turn(turn: Turn) -> dict:
    """A `Turn` as a case file writes it (the inverse of `Case.to_turns`): only interviewer
    turns carry the stage, candidate turns inherit it; an answer keeps its diagrams."""
    if turn["role"] == "interviewer":
        return {
            "role": "interviewer",
            "stage": turn["stage"],
            "text": turn["text"],
            "kind": turn.get("kind", ""),
        }
    written = {"role": "candidate", "text": turn["text"], "kind": turn.get("kind", "answer")}
    return written | ({"diagrams": turn["diagrams"]} if turn.get("diagrams") else {})


def load_case(path: Path) -> Case:
    """A case from any file: an exported session keeps its session id whatever the file's name."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CaseError(f"{path}: cannot read case ({error.strerror}); check the path") from None
    except UnicodeDecodeError as error:
        raise CaseError(f"{path}: {not_utf8(error)}") from None
    except yaml.YAMLError as error:
        raise CaseError(f"{path}: {yaml_problem(error)}") from None
    if not isinstance(data, dict):
        raise CaseError(f"{path}: {not_a_mapping(data, 'id, question, turns, ...')}")
    try:
        return Case.model_validate(data | {"path": path})
    except ValidationError as error:
        raise CaseError(f"{path}: {problem_line(error, Case, FORMAT, hidden={'path'})}") from None


def load_cases(folder: Path) -> list[Case]:
    """The eval dataset: ids are how results and `base` refer to cases, so each file is named
    after its case's id."""
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise CaseError(f"{folder}: no case files (*.yaml); point --cases at a folder of cases")
    cases = [load_case(p) for p in paths]
    for case, path in zip(cases, paths, strict=True):
        if case.id != path.stem:
            raise CaseError(
                f"{path}: id: {case.id!r} does not match the file name; in an eval dataset "
                f"rename the file to {case.id}.yaml or set `id: {path.stem}`"
            )
    return cases

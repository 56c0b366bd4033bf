"""One grader protocol and the one place that chooses a grader.

Grade, the live grading of a session, the runtime's scorecard and the eval harness all get
their grader from `make_grader`; nothing else decides "model if an endpoint is configured,
else coverage", and nothing dispatches on a grader's class.
"""

from __future__ import annotations

from typing import Literal, Protocol

from agent.config import Settings
from agent.errors import InterviewerError
from agent.knowledge import Knowledge, Stage
from agent.llm.client import LLM
from agent.llm.replies import Usage
from agent.scoring.rubric import Rubric
from agent.scoring.scorecard import StageGrade
from agent.scoring.transcript import Transcript
from agent.scoring.vectors import Vectors

GraderName = Literal["llm", "coverage"]
GRADERS: tuple[GraderName, ...] = ("llm", "coverage")


class ScoringError(InterviewerError):
    """Grading cannot start: a bad option or a missing endpoint; the message says what to do."""


class Grader(Protocol):
    name: str  # on the scorecard: "coverage" or the model's name
    usage: Usage  # tokens of every model call made so far (zero for the coverage grader)

    def grade_stage(self, transcript: Transcript, stage: Stage) -> StageGrade: ...


def default_grader(settings: Settings) -> GraderName:
    """The LLM grader when a model endpoint is configured, else the offline coverage grader."""
    return "llm" if settings.endpoint_configured else "coverage"


def make_grader(
    settings: Settings,
    kind: GraderName | None = None,
    *,
    llm: LLM | None = None,
    repeats: int = 1,
    knowledge: Knowledge | None = None,
    rubric: Rubric | None = None,
    vectors: Vectors | None = None,
) -> Grader:
    """A grader of `kind` (default: `default_grader`); `repeats` applies to the LLM grader,
    the coverage grader being deterministic."""
    kind = kind or default_grader(settings)
    if kind not in GRADERS:
        raise ScoringError(f"unknown grader {kind!r}: use llm or coverage.")
    if repeats < 1:
        raise ScoringError(f"--repeats must be at least 1, got {repeats}.")
    if kind == "coverage":
        from agent.scoring.coverage import CoverageGrader

        return CoverageGrader(knowledge, rubric, vectors)
    from agent.scoring.llm_grader import LLMGrader

    return LLMGrader(llm or LLM(settings), knowledge, rubric, repeats, vectors)

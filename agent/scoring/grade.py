"""Grade a transcript end to end, and `mlsd grade CASE.yaml`.

Refusal runs first and needs no model; then every reached stage is graded by the chosen grader
(stages already graded as they closed are reused), and assemble.py builds the scorecard.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Literal

from agent.cases import load_case
from agent.config import Settings, load_settings
from agent.errors import InterviewerError
from agent.knowledge import STAGES, Stage, default_knowledge
from agent.llm import LLM, Usage
from agent.scoring import refusal
from agent.scoring.assemble import assemble
from agent.scoring.coverage import CoverageGrader
from agent.scoring.llm_grader import LLMGrader
from agent.scoring.render import render_markdown
from agent.scoring.rubric import default_rubric
from agent.scoring.scorecard import Scorecard, StageGrade
from agent.scoring.transcript import Transcript
from agent.scoring.vectors import Vectors, shared_vectors

GraderName = Literal["llm", "coverage"]
GRADERS: tuple[GraderName, ...] = ("llm", "coverage")


class ScoringError(InterviewerError):
    """Grading cannot start: a bad option or a missing endpoint; the message says what to do."""


def default_grader(settings: Settings) -> GraderName:
    """The LLM grader when a model endpoint is configured, else the offline coverage grader."""
    return "llm" if settings.endpoint_configured else "coverage"


def grade_transcript(
    transcript: Transcript,
    *,
    grader: GraderName,
    settings: Settings | None = None,
    repeats: int = 1,
    llm: LLM | None = None,
    grades: dict[Stage, StageGrade] | None = None,
    vectors: Vectors | None = None,
) -> Scorecard:
    """The scorecard for `transcript`; `grades` are stage grades already made as stages closed.

    `repeats` applies to the LLM grader; the coverage grader gives the same grade every time.
    """
    settings = settings or load_settings()
    if grader not in GRADERS:
        raise ScoringError(f"unknown grader {grader!r}: use llm or coverage.")
    if repeats < 1:
        raise ScoringError(f"--repeats must be at least 1, got {repeats}.")
    knowledge, rubric = default_knowledge(), default_rubric()
    if transcript.question_id:
        knowledge.question(transcript.question_id)  # an unknown id fails with the known ones
    vectors = vectors or shared_vectors()
    verdict = refusal.check(transcript, knowledge, vectors)
    name = "coverage" if grader == "coverage" else (settings.model or "llm")
    if not verdict.ok:
        return Scorecard(
            graded=False,
            reason=verdict.reason,
            grader=name,
            hints_used=sum(transcript.hints.values()),
        )
    if grader == "coverage":
        stage_grader: CoverageGrader | LLMGrader = CoverageGrader(knowledge, rubric, vectors)
    else:
        stage_grader = LLMGrader(llm or LLM(settings), knowledge, rubric)
    reached, done = transcript.stages_reached(), dict(grades or {})
    for stage in STAGES:
        if stage in done:
            continue
        if stage not in reached:
            done[stage] = StageGrade(
                score=None,
                rationale="Not reached in this interview.",
                hints=transcript.hints.get(stage, 0),
            )
        elif isinstance(stage_grader, LLMGrader):
            done[stage] = stage_grader.grade_stage(transcript, stage, repeats)
        else:
            done[stage] = stage_grader.grade_stage(transcript, stage)
    usage = stage_grader.usage if isinstance(stage_grader, LLMGrader) else Usage()
    return assemble(
        done,
        transcript,
        grader=stage_grader.name,
        usage=usage,
        knowledge=knowledge,
        rubric=rubric,
        vectors=vectors,
    )


def grade_command(args: argparse.Namespace) -> int:
    """`mlsd grade CASE.yaml [--grader llm|coverage] [--repeats N] [--json]`."""
    settings = load_settings()
    grader: GraderName = args.grader or default_grader(settings)
    if grader == "llm" and not settings.endpoint_configured:
        raise ScoringError(
            "--grader llm needs a model endpoint: set MLSD_BASE_URL or "
            "OPENAI_API_KEY (see `mlsd config`), or use --grader coverage."
        )
    path = Path(args.case)
    case = load_case(path)
    if case.question and case.question not in default_knowledge().questions:
        raise ScoringError(
            f"{path}: unknown question {case.question!r}; see `mlsd questions`, "
            "or give the question itself as question_text."
        )
    card = grade_transcript(
        Transcript.from_case(case), grader=grader, settings=settings, repeats=args.repeats
    )
    print(card.model_dump_json(indent=2) if args.json else render_markdown(card))
    return 0

"""Grade a transcript end to end, and a case file as `mlsd grade CASE.yaml` asks.

Refusal runs first and needs no model; then every reached stage is graded by the chosen grader
(stages already graded as they closed are reused), and assemble.py builds the scorecard.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from agent.cases import Case, load_case
from agent.config import Settings, load_settings
from agent.knowledge import Stage, default_knowledge
from agent.llm.client import LLM
from agent.scoring import refusal
from agent.scoring.assemble import assemble
from agent.scoring.coverage import CoverageGrader
from agent.scoring.drawn import scorecard_diagram
from agent.scoring.graders import GraderName, ScoringError, default_grader, make_grader
from agent.scoring.rubric import default_rubric
from agent.scoring.scorecard import Scorecard, StageGrade
from agent.scoring.transcript import Transcript
from agent.scoring.vectors import Vectors, shared_vectors

WITHHELD = (
    "The model's grades quoted words the candidate never said, so every one was withheld. "
    "Graded offline by the coverage grader instead; a more capable model grades reliably."
)


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
    knowledge, rubric = default_knowledge(), default_rubric()
    if transcript.question_id:
        knowledge.question(transcript.question_id)  # an unknown id fails with the known ones
    vectors = vectors or shared_vectors()
    stage_grader = make_grader(
        settings,
        grader,
        llm=llm,
        repeats=repeats,
        knowledge=knowledge,
        rubric=rubric,
        vectors=vectors,
    )
    verdict = refusal.check(transcript, knowledge, vectors)
    name = "coverage" if grader == "coverage" else (settings.model or "llm")
    if not verdict.ok:
        return Scorecard(
            graded=False,
            reason=verdict.reason,
            grader=name,
            hints_used=sum(transcript.hints.values()),
            target_level=transcript.target_level,
            not_reached=transcript.stages_not_reached(),
            drill=list(transcript.drill),
        )
    reached, done = transcript.stages_reached(), dict(grades or {})
    for stage in transcript.scope:
        if stage in done:
            continue
        if stage not in reached:
            done[stage] = StageGrade(
                score=None,
                rationale="Not reached in this interview.",
                hints=transcript.hints.get(stage, 0),
            )
        else:
            done[stage] = stage_grader.grade_stage(transcript, stage)
    # "to improve" must be true of the answers, this stage's and the earlier ones' (a test set
    # split by time while the data was described is no point for training to add)
    check = (
        stage_grader
        if isinstance(stage_grader, CoverageGrader)
        else CoverageGrader(knowledge, rubric, vectors)
    )
    for stage in reached:
        if check is not stage_grader:
            done[stage].missed = check.still_missed(transcript, stage, done[stage].missed)
        if done[stage].missed and (earlier := transcript.earlier_as(stage)):
            done[stage].missed = check.still_missed(
                earlier, stage, done[stage].missed, earlier=True
            )
    card = assemble(
        done,
        transcript,
        grader=stage_grader.name,
        usage=stage_grader.usage,
        knowledge=knowledge,
        rubric=rubric,
        vectors=vectors,
    )
    if card.graded:
        card.diagram = scorecard_diagram(transcript, knowledge, vectors.embedder)
    return card


def grade_case(args: argparse.Namespace) -> tuple[Case, Scorecard]:
    """The case file `args.case`, graded as `mlsd grade` asks (`--grader`, `--repeats`)."""
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
    transcript = Transcript.from_case(case)
    card = grade_transcript(transcript, grader=grader, settings=settings, repeats=args.repeats)
    if not args.grader and card.all_withheld():  # the default model's quotes, none found
        card = grade_transcript(transcript, grader="coverage", settings=settings)
        card.reason = WITHHELD
    return case, card

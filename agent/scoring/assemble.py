"""From stage grades to the Scorecard: overall, dimensions, decisions and feedback.

Both graders produce the same StageGrade per stage; everything after that is deterministic and
shared, so the two graders' scorecards differ only where their stage grades differ. The rules
(what counts towards the overall, how notes are picked) are documented in docs/scoring.md;
the strengths, improvements and sample answer are written in feedback.py.
"""

from __future__ import annotations

import statistics

from agent.knowledge import STAGES, Knowledge, Stage
from agent.llm.replies import Usage
from agent.scoring.decision import decide, nearest_anchor
from agent.scoring.feedback import improvements, sample_answer, strengths
from agent.scoring.flag_scope import question_notes
from agent.scoring.rubric import Rubric
from agent.scoring.scorecard import (
    DIMENSIONS,
    Dimension,
    DimensionGrade,
    Scorecard,
    StageGrade,
    TokenUsage,
)
from agent.scoring.transcript import Transcript
from agent.scoring.vectors import Vectors


def effective_scores(grades: dict[Stage, StageGrade], transcript: Transcript) -> dict[Stage, float]:
    """The scores the overall and the dimensions average: the supported reached stages only.
    A stage not reached (the interview ended early) takes no score, so it neither drags the
    overall down nor props it up; the scorecard says the result is provisional instead.
    Unsupported stages are left out too: nothing verified can be said about them."""
    reached = transcript.stages_reached()
    return {
        s: grades[s].score
        for s in STAGES
        if s in reached and s in grades and grades[s].supported and grades[s].score is not None
    }


def _dimension(name: str, rubric: Rubric, values: list[float], parts: str) -> DimensionGrade:
    if not values:
        return DimensionGrade(score=None, rationale="No graded stage feeds this dimension.")
    score = round(statistics.mean(values), 2)
    descriptor = rubric.dimensions[name].descriptors[nearest_anchor(score)]
    return DimensionGrade(score=score, rationale=f"{descriptor} (from {parts})")


def dimensions(
    grades: dict[Stage, StageGrade], scores: dict[Stage, float], rubric: Rubric
) -> dict[Dimension, DimensionGrade]:
    """Each dimension from its stages' scores; communication from the stages' readings of it."""
    result = {}
    for name in DIMENSIONS:
        if name == "communication":
            per = {
                s: g.communication
                for s, g in grades.items()
                if s in scores and g.communication is not None
            }
        else:
            per = {s: scores[s] for s in rubric.dimensions[name].stages if s in scores}
        parts = ", ".join(f"{s} {v:.1f}" for s, v in per.items()) or "no stage"
        result[name] = _dimension(name, rubric, list(per.values()), parts)
    return result


def assemble(
    grades: dict[Stage, StageGrade],
    transcript: Transcript,
    *,
    grader: str,
    usage: Usage,
    knowledge: Knowledge,
    rubric: Rubric,
    vectors: Vectors,
) -> Scorecard:
    """The scorecard for `grades`; graded False when no stage has a verified score."""
    question = knowledge.question(transcript.question_id) if transcript.question_id else None
    scores = effective_scores(grades, transcript)
    hints = sum(transcript.hints.values())
    not_reached = transcript.stages_not_reached()
    card = Scorecard(
        stages=dict(grades),
        hints_used=hints,
        target_level=transcript.target_level,
        not_reached=not_reached,
        drill=list(transcript.drill),
        grader=grader,
        usage=TokenUsage(
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
            calls=usage.calls,
        ),
    )
    if not scores:
        card.graded = False
        card.reason = "no stage could be graded with verified evidence."
        return card
    card.overall = round(statistics.mean(scores.values()), 2)
    if not transcript.drill:
        flags = sum(len(grades[s].red_flags) for s in scores)
        decision = decide(card.overall, scores, hints, transcript.target_level, rubric, flags)
        card.level, card.recommendation = decision.level, decision.recommendation
        card.verdict = decision.verdict
    card.dimensions = dimensions(grades, scores, rubric)
    card.strengths = strengths(grades, scores, knowledge)
    domain = question_notes(knowledge, transcript.question_id, transcript.question_text, vectors)
    card.improvements = improvements(
        grades, scores, knowledge, question, vectors, not_reached, domain
    )
    card.sample_answer = sample_answer(scores, knowledge, question)
    return card

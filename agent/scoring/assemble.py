"""From stage grades to the Scorecard: overall, dimensions, decisions and feedback.

Both graders produce the same StageGrade per stage; everything after that is deterministic and
shared, so the two graders' scorecards differ only where their stage grades differ. The rules
(what counts towards the overall, how notes are picked) are documented in docs/scoring.md.
"""

from __future__ import annotations

import statistics

from agent.knowledge import STAGES, Knowledge, Note, Question, Stage, stage_note_id
from agent.llm.client import Usage
from agent.scoring.decision import decide, nearest_anchor
from agent.scoring.flags import question_notes
from agent.scoring.rubric import Rubric
from agent.scoring.scorecard import (
    DIMENSIONS,
    Dimension,
    DimensionGrade,
    Improvement,
    SampleAnswer,
    Scorecard,
    StageGrade,
    TokenUsage,
)
from agent.scoring.transcript import Transcript
from agent.scoring.vectors import RELATED, Vectors

STRENGTH_FROM = 2.5  # a stage nearer "strong" (3) than "weak" (2) counts as a strength
IMPROVE_BELOW = 3.5  # every stage short of "very strong" (4) has something to improve
MAX_STRENGTHS, MAX_IMPROVEMENTS, PER_STAGE = 3, 5, 2
OWN_NOTE_BONUS = 0.05  # the question's own notes win near-ties


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


def note_text(note: Note) -> str:
    """What a note is about, for matching: title, tags and its key ideas."""
    return f"{note.title} ({', '.join(note.tags)}). {' '.join(note.section_list('Key ideas'))}"


def pick_note(
    knowledge: Knowledge,
    stage: Stage,
    text: str,
    question: Question | None,
    vectors: Vectors,
    domain: frozenset[str] | None = None,
) -> str:
    """The note to study for a missed point: the closest topic note for `stage` by MiniLM
    similarity among the question's notes and those sharing a tag with it (the question's own
    win near-ties), when it is at least RELATED; else the stage note, which
    describes every checklist item. An ads question never sends anyone to a vision note, and a
    question outside the bank only to the notes of its `domain` (`flags.question_notes`): a
    wake-word interview is not sent to named entity recognition."""
    own = set(question.notes) if question is not None else set()
    tags = set(question.tags) if question is not None else set()
    pool = sorted(
        i
        for i, n in knowledge.notes.items()
        if n.kind == "topic"
        and stage in n.stages  # a note teaches its stages: no A/B testing for a test split
        and (i in own or question is None or tags & set(n.tags))
        and (question is not None or domain is None or i in domain)
    )
    if not pool:
        return stage_note_id(stage)
    similarity = vectors.similarity([text], [note_text(knowledge.notes[i]) for i in pool])[0]
    fit = {i: float(v) + (OWN_NOTE_BONUS if i in own else 0.0) for i, v in zip(pool, similarity)}
    best = max(pool, key=lambda i: fit[i])
    return best if fit[best] >= RELATED else stage_note_id(stage)


def strengths(
    grades: dict[Stage, StageGrade], scores: dict[Stage, float], knowledge: Knowledge
) -> list[str]:
    ranked = sorted(
        (s for s in scores if s in grades and scores[s] >= STRENGTH_FROM),
        key=lambda s: (-scores[s], STAGES.index(s)),
    )
    return [
        f"{knowledge.stages[s].title} ({scores[s]:.1f}): {grades[s].rationale}"
        for s in ranked[:MAX_STRENGTHS]
    ]


def improvements(
    grades: dict[Stage, StageGrade],
    scores: dict[Stage, float],
    knowledge: Knowledge,
    question: Question | None,
    vectors: Vectors,
    not_reached: list[Stage] | None = None,
    domain: frozenset[str] | None = None,
) -> list[Improvement]:
    """The weakest graded stages' missed points, then one pacing item for the stages not
    reached (which take no score, so they cannot rank among the weakest)."""
    result: list[Improvement] = []
    for stage in sorted(scores, key=lambda s: (scores[s], STAGES.index(s))):
        if scores[stage] >= IMPROVE_BELOW:
            break
        title = knowledge.stages[stage].title
        for missed in grades[stage].missed[:PER_STAGE]:
            result.append(
                Improvement(
                    text=f"{title}: {missed}",
                    note=pick_note(knowledge, stage, missed, question, vectors, domain),
                )
            )
    if not not_reached:
        return result[:MAX_IMPROVEMENTS]
    titles = ", ".join(knowledge.stages[s].title for s in not_reached)
    pacing = Improvement(
        text=f"{titles}: not reached; pace the interview so every stage gets time.",
        note=stage_note_id(not_reached[0]),
    )
    return result[: MAX_IMPROVEMENTS - 1] + [pacing]


def sample_answer(
    scores: dict[Stage, float], knowledge: Knowledge, question: Question | None
) -> SampleAnswer:
    """An outline of a strong answer for the weakest stage: the question's strong description,
    then what a complete answer covers."""
    if not scores:
        return SampleAnswer()
    weakest = min(scores, key=lambda s: (scores[s], STAGES.index(s)))
    outline = [question.stages[weakest].strong] if question is not None else []
    outline += [item.text for item in knowledge.stages[weakest].checklist]
    return SampleAnswer(stage=weakest, outline=outline)


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

"""What the scorecard tells the candidate to keep and to work on: strengths, improvements with
the note to study for each, and the outline of a strong answer for the weakest stage.
"""

from __future__ import annotations

from agent.knowledge import STAGES, Knowledge, Note, Question, Stage, stage_note_id
from agent.notes import named_short
from agent.scoring.scorecard import Improvement, SampleAnswer, StageGrade
from agent.scoring.vectors import RELATED, Vectors

STRENGTH_FROM = 2.5  # a stage nearer "strong" (3) than "weak" (2) counts as a strength
IMPROVE_BELOW = 3.5  # every stage short of "very strong" (4) has something to improve
MAX_STRENGTHS, MAX_IMPROVEMENTS, PER_STAGE = 3, 5, 2
OWN_NOTE_BONUS = 0.05  # the question's own notes win near-ties


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
    win near-ties), when it is at least RELATED and closer than the stage note; else the stage
    note, which describes every checklist item. An ads question never sends anyone to a vision
    note, and a question outside the bank only to the notes of its `domain`
    (`flag_scope.question_notes`): a wake-word interview is not sent to named entity
    recognition."""
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
    general = stage_note_id(stage)
    similarity = vectors.similarity(
        [text], [note_text(knowledge.notes[i]) for i in [general, *pool]]
    )[0]
    fit = {
        i: float(v) + (OWN_NOTE_BONUS if i in own else 0.0) for i, v in zip(pool, similarity[1:])
    }
    best = max(pool, key=lambda i: fit[i])
    # the stage note describes every checklist item: a topic note must read closer to the point
    # than it does ("Debugs the model systematically" is not a calibration lesson)
    closer = float(similarity[1 + pool.index(best)]) > float(similarity[0])
    return best if fit[best] >= RELATED and closer else general


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
    titles = named_short(not_reached)
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
    outline += [item.text for item in knowledge.checklist(weakest, question)]
    return SampleAnswer(stage=weakest, outline=outline)

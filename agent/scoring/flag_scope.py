"""Which red flags a stage of an interview is judged against: the mistakes of the notes for
that stage, in the question's domain, and of any note the interviewer asked about there.

Detection (flags.py) reads a sentence against a list of flags; this module picks the list.
Both graders use it: the coverage grader detects the flags, the LLM grader's prompt lists them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agent.knowledge import FRAMING, Knowledge, Stage
from agent.red_flags import RedFlag
from agent.scoring import text as T
from agent.scoring.flags import cued
from agent.scoring.transcript import Transcript
from agent.scoring.vectors import Vectors

PROMPT_FLAGS = 8  # the most a grading prompt lists: the stage's own, then cued topic flags
ON_QUESTION = 0.35  # a question outside the bank this close to a domain note's title and tags
# takes its flags (hotel search: search ranking, learning to rank; a wake word: speech features)


def all_flags(
    knowledge: Knowledge, stage: Stage | None = None, notes: frozenset[str] | None = None
) -> list[RedFlag]:
    """The flags of the notes for `stage` (every flag without one), stage notes first, of the
    notes in `notes` only when it is given (`question_notes`).

    A flag is judged only in the stages its note is for, and those it names itself ("Also
    judged in: data.": a random split planned while the data is described): "naming a model
    before the problem is framed" is a mistake in problem formulation, not when the training
    stage names one.
    (Judging topic flags in every stage was tried: four false alarms on the dev set's strong
    answers for one more flag found.)"""
    ordered = sorted(knowledge.notes.values(), key=lambda n: (n.kind != "stage", n.id))
    return [
        f
        for n in ordered
        if notes is None or n.id in notes
        for f in n.red_flags
        if stage is None or stage in n.stages or stage in f.also
    ]


def domain_notes(knowledge: Knowledge) -> frozenset[str]:
    """The topic notes of one domain's technique: all but the stage notes and those tagged
    `production` or `general`, which apply to every question."""
    return frozenset(
        n.id
        for n in knowledge.notes.values()
        if n.kind == "topic" and not {"production", "general"} & set(n.tags)
    )


def question_notes(
    knowledge: Knowledge, question_id: str | None, question_text: str, vectors: Vectors
) -> frozenset[str]:
    """The notes whose red flags apply to an interview on this question. A domain's mistakes
    are mistakes in that domain only: "letting a dialog system's LLM answer policy questions"
    says nothing of a product categoriser that needs "no retrieval stage". So: every stage
    note, every note tagged `production` or `general` (calibration, drift, A/B tests ...), the
    notes tagged for a bank question, and for a question outside the bank the domain notes
    whose question words it uses ("playlist": the recommender notes) or whose title and tags
    read close to it (ON_QUESTION). Measured on evals/domains (questions outside the bank, the
    notes that apply labelled by people who never saw this code): dev recall 0.31 -> 0.87,
    precision 0.32 -> 0.74. Reading the bank questions it resembles (and their notes) instead
    of the words kept 0.89 of the relevant notes but at precision 0.52, with an off-domain
    note kept; it is gone."""
    notes = knowledge.notes.values()
    ids = domain_notes(knowledge)
    always = {n.id for n in notes if n.id not in ids}
    if question_id in knowledge.questions:
        return frozenset(always | {n.id for n in notes if question_id in n.questions})
    domain = [n for n in notes if n.id in ids]
    if not question_text.strip() or not domain:
        return frozenset(always)
    named = {n.id for n in domain if _words_of(tuple(n.question_words)).search(question_text)}
    near = vectors.similarity([question_text], [f"{n.title}. {', '.join(n.tags)}" for n in domain])
    close = {n.id for n, sim in zip(domain, near[0]) if sim >= ON_QUESTION}
    return frozenset(always | named | close)


@lru_cache(maxsize=256)
def _words_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of a note's question words as whole words, in any case, perhaps with a plural s or
    es; one pattern a note, compiled once (it is read on every grading of a stage)."""
    if not words:
        return re.compile(r"(?!)")  # matches nothing
    either = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w)(?:{either})(?:e?s)?(?!\w)", re.IGNORECASE)


def asked_about(knowledge: Knowledge, transcript: Transcript, stage: Stage) -> list[str]:
    """The topic notes one of whose probing questions the interviewer put in `stage`, word for
    word (the offline interviewer quotes them): the candidate was asked about that note's
    subject there, so the answer is judged against its mistakes, whatever stages the note is
    for ("why is accuracy misleading here?" asked while framing the problem)."""
    turns = transcript.stage_turns(stage)
    said = [" ".join(t["text"].split()) for t in turns if t["role"] == "interviewer"]
    return [
        note.id
        for note in sorted(knowledge.notes.values(), key=lambda n: n.id)
        if note.kind == "topic"
        and any(
            " ".join(q.split()) in s
            for q in note.section_list("Probing questions") + note.section_list(FRAMING)
            for s in said
        )
    ]


def stage_flags(
    knowledge: Knowledge, stage: Stage, transcript: Transcript, notes: frozenset[str]
) -> list[RedFlag]:
    """The flags a stage is judged against: those of its notes in the question's domain
    (`notes`), then those of the notes the interviewer asked about in it."""
    flags = all_flags(knowledge, stage, notes)
    asked = [n for n in asked_about(knowledge, transcript, stage) if n in notes]
    return flags + [f for n in asked for f in knowledge.notes[n].red_flags if f not in flags]


def for_prompt(answers: list[str], own: list[RedFlag], pool: list[RedFlag]) -> list[RedFlag]:
    """The flags a grading prompt lists for a stage, at most PROMPT_FLAGS: first every flag
    whose cues the candidate's answers use (the stage note's own, then the pool's), then the
    stage note's others in order. A stage note holds more flags than a prompt does, so listing
    its own first would crowd out every flag the answers actually touch."""
    said = [s for a in answers for s in T.sentences(a)]
    # the pool holds the stage note's flags too: each flag once, its cues read once
    touched = [f for f in dict.fromkeys([*own, *pool]) if any(cued(f, s) for s in said)]
    rest = [f for f in own if f not in touched]
    return [*touched, *rest][:PROMPT_FLAGS]


def for_transcript(
    knowledge: Knowledge, stage: Stage, transcript: Transcript, vectors: Vectors
) -> list[RedFlag]:
    """`for_prompt` for one stage of an interview, with the flags of its question's notes and
    of the notes asked about in the stage."""
    notes = question_notes(knowledge, transcript.question_id, transcript.question_text, vectors)
    pool = stage_flags(knowledge, stage, transcript, notes)
    return for_prompt(transcript.prose(stage), list(knowledge.stages[stage].red_flags), pool)

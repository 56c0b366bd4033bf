"""The question an interview is on: one of the bank's, or one in the candidate's own words.

People practise the questions they expect ("Design a job recommender for a professional
network"), not only the bank's twelve. A question of their own has no bank facts, so every
clarifying question is told it isn't specified (state an assumption and go on); no key points
or reference design either. The stage checklists, the stage notes, the generic production
notes, the domain notes that read close to the question and those of the bank questions it
reads like (flag_scope.question_notes) still drive the probes and the grading.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.errors import InterviewerError
from agent.knowledge import Knowledge, Question

MIN_WORDS = 4  # "Design a recommender" is too short to interview on; "fraud-detection" is an id
MAX_CHARS = 400  # a question, not a brief: the prompt repeats it on every turn


@dataclass(frozen=True)
class Asked:
    id: str | None  # the bank id; None for a question of the candidate's own
    title: str
    prompt: str


def of_bank(question: Question) -> Asked:
    return Asked(question.id, question.title, question.prompt)


def own(text: str) -> Asked:
    """A question in the candidate's own words, tidied; InterviewerError says what to fix."""
    words = text.split()
    if not words:
        raise InterviewerError(
            'Write your question first, e.g. "Design a job recommender for a professional network".'
        )
    if len(words) < MIN_WORDS:
        raise InterviewerError(
            f"{text.strip()!r} is too short to interview on: write the question as an "
            'interviewer would ask it, e.g. "Design a job recommender for a professional '
            f'network" (at least {MIN_WORDS} words), or give a bank id (`mlsd questions`).'
        )
    prompt = " ".join(words)
    if len(prompt) > MAX_CHARS:
        raise InterviewerError(
            f"Your question is {len(prompt)} characters; keep it under {MAX_CHARS}: the "
            "question, not the whole brief (ask for the details during the interview)."
        )
    title = prompt if len(prompt) <= 60 else prompt[:57].rstrip() + "..."
    return Asked(None, title, prompt)


def asked(knowledge: Knowledge, wanted: str) -> Asked:
    """`wanted` as a bank id, or as a question of the candidate's own when it has spaces (an
    id never does, so a mistyped id is refused with the known ones, not interviewed on)."""
    wanted = wanted.strip()
    if wanted in knowledge.questions or " " not in wanted:
        return of_bank(knowledge.question(wanted))
    return own(wanted)

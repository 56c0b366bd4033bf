"""The own-question domain eval (evals/domains/README.md): design questions outside the bank,
each labelled with the topic notes an interviewer would draw on for it (`relevant`) and notes
of another domain whose probes would be off-domain there (`off_domain`).

It measures `flag_scope.question_notes`, which scopes both the interviewer's probes and the
graders' red flags for a question of the candidate's own: how many relevant notes it keeps
(recall), how many it keeps that nobody labelled relevant (precision), and how many questions
get a note labelled off-domain (the probe a candidate must never get).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from agent.errors import InterviewerError
from agent.evaluation.set_files import read_set_file
from agent.evaluation.stats import share
from agent.knowledge import Knowledge
from agent.scoring.flag_scope import domain_notes, question_notes
from agent.scoring.vectors import Vectors

FORMAT = "evals/domains/README.md"


class DomainSetError(InterviewerError):
    """A domain file is malformed or names a note the knowledge does not have."""


class LabelledQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    relevant: list[str] = []
    off_domain: list[str] = []


class DomainQuestions(BaseModel):
    questions: list[LabelledQuestion]


def load_domain_set(path: Path, knowledge: Knowledge) -> list[LabelledQuestion]:
    rows = read_set_file(path, DomainQuestions, DomainSetError, FORMAT).questions
    known = domain_notes(knowledge)
    named = {n for r in rows for n in r.relevant + r.off_domain}
    if unknown := sorted(named - known):
        raise DomainSetError(f"{path}: {unknown[0]!r} is not a domain note's id; see {FORMAT}")
    return rows


def domain_metrics(rows: list[LabelledQuestion], knowledge: Knowledge, vectors: Vectors) -> dict:
    """Recall and precision of the domain notes kept, and the questions given an off note."""
    domain = domain_notes(knowledge)
    kept, relevant, hits, wrong = 0, 0, 0, []
    for row in rows:
        chosen = question_notes(knowledge, None, row.text, vectors) & domain
        kept, relevant = kept + len(chosen), relevant + len(row.relevant)
        hits += len(chosen & set(row.relevant))
        if bad := sorted(chosen & set(row.off_domain)):
            wrong.append({"question": row.text, "off": bad})
    return {
        "questions": len(rows),
        "recall": share(hits, relevant),
        "precision": share(hits, kept),
        "kept_per_question": round(kept / len(rows), 2) if rows else None,
        "off_domain_questions": len(wrong),
        "off_domain": wrong,
    }

"""The red-flag sentence eval (evals/flag_sentences/README.md): single sentences written from
the notes' red flags in fresh wording, each labelled `commits` (makes the flag's mistake),
`rejects` (names the practice to reject it) or `neutral` (uses its words for a right choice).

It measures the detector (scoring/flags.py) where transcripts cannot: how often a mistake said
in words nobody fitted to it is caught, and how often naming a practice to reject it, or using
its words correctly, is taken for making it. A `commits` sentence counts when its own flag is
raised; the others count against the detector when any flag of their stage is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from agent.errors import InterviewerError
from agent.evaluation.set_files import read_set_file
from agent.knowledge import Knowledge, Stage
from agent.scoring.flag_scope import all_flags
from agent.scoring.flags import detect
from agent.scoring.vectors import Vectors

FORMAT = "evals/flag_sentences/README.md"
LABELS = ("commits", "rejects", "neutral")


class FlagSetError(InterviewerError):
    """A sentence file is malformed or names a flag the notes do not have."""


class LabelledSentence(BaseModel):
    model_config = ConfigDict(extra="forbid")

    flag: str  # a red flag's id, "<note id>#<n>"
    stage: Stage
    label: Literal["commits", "rejects", "neutral"]
    sentence: str


class FlagSentences(BaseModel):
    """A file's list, named so a problem reads `sentences[3].label: ...` (errors.problem_line)."""

    sentences: list[LabelledSentence]


def load_flag_set(path: Path, knowledge: Knowledge) -> list[LabelledSentence]:
    rows = read_set_file(
        path, FlagSentences, FlagSetError, FORMAT, lambda raw: {"sentences": raw}
    ).sentences
    known = {f.id for f in all_flags(knowledge)}
    if unknown := sorted({r.flag for r in rows} - known):
        raise FlagSetError(f"{path}: no red flag has the id {unknown[0]!r}; see {FORMAT}")
    return rows


def flag_metrics(rows: list[LabelledSentence], knowledge: Knowledge, vectors: Vectors) -> dict:
    """Per label: how many sentences, and how many the detector flags (for `commits`, with
    their own flag), with the sentences it got wrong."""
    flags = {f.id: f for f in all_flags(knowledge)}
    by_stage = {stage: all_flags(knowledge, stage) for stage in {r.stage for r in rows}}
    counts = {label: {"sentences": 0, "flagged": 0} for label in LABELS}
    wrong = []
    for row in rows:
        pool = [flags[row.flag]] if row.label == "commits" else by_stage[row.stage]
        raised = [h.flag.id for h in detect([row.sentence], pool, vectors)]
        counts[row.label]["sentences"] += 1
        counts[row.label]["flagged"] += bool(raised)
        if bool(raised) != (row.label == "commits"):
            wrong.append(
                {"flag": row.flag, "label": row.label, "raised": raised, "sentence": row.sentence}
            )
    return {"counts": counts, "wrong": wrong}

"""What one graded interview or drill leaves in the progress history, and how a scorecard
becomes it; kept apart from the storage (history.py) that writes it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from agent.knowledge import Knowledge
from agent.notes import stage_note_id
from agent.scoring.scorecard import Scorecard


@dataclass(frozen=True)
class Record:
    """One graded interview (kind "interview") or drill, as progress reads it."""

    session_id: str
    kind: str  # "interview" | "drill"
    question: str  # the bank id, or the start of a free question's text
    level: str | None
    graded_at: float
    overall: float | None
    stages: dict[str, float]  # the scored stages only
    dimensions: dict[str, float] = field(default_factory=dict)
    hints: int = 0
    red_flags: list[tuple[str, str, str]] = field(default_factory=list)  # (stage, note, flag)
    missed: dict[str, dict[str, str]] = field(default_factory=dict)  # stage -> item -> note


def record_of(
    session_id: str,
    card: Scorecard,
    values: dict,
    knowledge: Knowledge,
    missed_ids: dict[str, list[str]] | None = None,
) -> Record | None:
    """The history row for a session's scorecard; None when the card has no score. Missed
    items are `missed_ids` (stage -> checklist item ids) when given, else the card's own
    "missed" texts read back as items (the coverage grader writes the items' texts)."""
    if not card.graded or card.overall is None:
        return None
    stages = {s: g.score for s, g in card.stages.items() if g.score is not None and g.supported}
    notes = {i.text: i.note for i in card.improvements}
    missed: dict[str, dict[str, str]] = {}
    for stage in stages:
        checklist, title = knowledge.stages[stage].checklist, knowledge.stages[stage].title
        if missed_ids is not None:
            gone = set(missed_ids.get(stage, []))
        else:
            gone = {i.id for i in checklist if i.text in card.stages[stage].missed}
        for item in checklist:
            if item.id in gone:
                note = notes.get(f"{title}: {item.text}") or stage_note_id(stage)
                missed.setdefault(stage, {})[item.id] = note
    return Record(
        session_id=session_id,
        kind="drill" if card.drill else "interview",
        question=values.get("question_id") or values.get("question_text", "")[:60],
        level=values.get("level"),
        graded_at=time.time(),
        overall=card.overall,
        stages=stages,
        dimensions={d: g.score for d, g in card.dimensions.items() if g.score is not None},
        hints=card.hints_used,
        red_flags=[
            (stage, f.note, f.flag) for stage, g in card.stages.items() for f in g.red_flags
        ],
        missed=missed,
    )

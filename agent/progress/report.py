"""What the history says: per stage and dimension, the recent scores, their moving average,
the best and the latest; the checklist items missed most often, with the note to study; and
the weakest stage, which a drill works on."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from agent.knowledge import STAGES, Knowledge
from agent.progress.record import Record
from agent.scoring.scorecard import DIMENSIONS

WINDOW = 3  # the moving average's span: recent enough to show progress, long enough to be fair
WEAKEST_ITEMS = 3


@dataclass
class Trend:
    """One stage's or dimension's scores over the interviews shown, oldest first."""

    scores: list[float | None]  # None: not scored in that interview (not reached, drilled)
    moving: float | None = None  # mean of the last WINDOW scores there are
    best: float | None = None
    latest: float | None = None

    @classmethod
    def of(cls, scores: list[float | None]) -> Trend:
        present = [s for s in scores if s is not None]
        recent = present[-WINDOW:]
        return cls(
            scores=scores,
            moving=round(sum(recent) / len(recent), 2) if recent else None,
            best=max(present, default=None),
            latest=present[-1] if present else None,
        )


@dataclass
class MissedItem:
    stage: str
    item: str  # the checklist item's id
    text: str
    missed: int  # how many of the interviews that scored its stage missed it
    out_of: int
    note: str  # the note to study: the one the scorecards pointed to most often


@dataclass
class Progress:
    interviews: list[dict] = field(default_factory=list)  # id, kind, question, date, overall
    stages: dict[str, Trend] = field(default_factory=dict)
    dimensions: dict[str, Trend] = field(default_factory=dict)
    weakest_stage: str | None = None
    weakest_items: list[MissedItem] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)


def progress(records: list[Record], knowledge: Knowledge) -> Progress:
    """The progress over `records` (oldest first)."""
    result = Progress(
        interviews=[
            {
                "session": r.session_id,
                "kind": r.kind,
                "question": r.question,
                "level": r.level,
                "graded_at": r.graded_at,
                "overall": r.overall,
            }
            for r in records
        ]
    )
    result.stages = {s: Trend.of([r.stages.get(s) for r in records]) for s in STAGES}
    result.dimensions = {d: Trend.of([r.dimensions.get(d) for r in records]) for d in DIMENSIONS}
    result.weakest_stage = weakest(result.stages)
    result.weakest_items = missed_most(records, knowledge, result.stages)
    return result


def weakest(trends: dict[str, Trend]) -> str | None:
    """The stage with the lowest moving average (the earlier stage on a tie)."""
    scored = [s for s in STAGES if trends[s].moving is not None]
    return min(scored, key=lambda s: (trends[s].moving, STAGES.index(s)), default=None)


def missed_most(
    records: list[Record], knowledge: Knowledge, trends: dict[str, Trend]
) -> list[MissedItem]:
    """The checklist items missed most often, as a share of the interviews that scored their
    stage (then by count): an item missed in 3 of 3 drills ranks above one missed 3 of 9. On a
    tie, the weaker stage's item first: that is where a point is worth most."""
    scored = Counter(s for r in records for s in r.stages)
    # (stage, item, note) once per miss: one flat count, read twice below
    misses = Counter(
        (stage, item, note)
        for record in records
        for stage, items in record.missed.items()
        for item, note in items.items()
    )
    counts: Counter[tuple[str, str]] = Counter()
    notes: dict[tuple[str, str], tuple[int, str]] = {}
    for (stage, item, note), times in misses.items():
        counts[stage, item] += times
        notes[stage, item] = max(notes.get((stage, item), (0, "")), (times, note))
    texts = {(s, i.id): i.text for s in STAGES for i in knowledge.stages[s].checklist}
    ranked = sorted(
        (key for key in counts if key in texts),
        key=lambda k: (
            -counts[k] / scored[k[0]],
            -counts[k],
            trends[k[0]].moving,
            STAGES.index(k[0]),
        ),
    )
    return [
        MissedItem(
            stage=stage,
            item=item,
            text=texts[stage, item],
            missed=counts[stage, item],
            out_of=scored[stage],
            note=notes[stage, item][1],
        )
        for stage, item in ranked[:WEAKEST_ITEMS]
    ]

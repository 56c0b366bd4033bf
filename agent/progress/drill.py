"""Choosing a drill: the weakest stage by its recent moving average, spaced so one stage is not
drilled day after day while another is nearly as weak; and a question not seen lately."""

from __future__ import annotations

import random
from datetime import date, timedelta

from agent.knowledge import STAGES, Knowledge, Question
from agent.progress.record import Record
from agent.progress.report import Trend

SPACING_MARGIN = 0.5  # a stage drilled today or yesterday is picked again only if this much weaker
RECENT_QUESTIONS = 5  # a drill's question is none of the last few interviews'


def drill_stage(records: list[Record], today: date | None = None) -> str | None:
    """The stage to drill; None when no interview has scored any stage yet."""
    averages = {s: Trend.of([r.stages.get(s) for r in records]).moving for s in STAGES}
    ranked = sorted(
        (s for s in STAGES if averages[s] is not None),
        key=lambda s: (averages[s], STAGES.index(s)),
    )
    if len(ranked) < 2:
        return ranked[0] if ranked else None
    weakest, runner_up = ranked[0], ranked[1]
    today = today or date.today()
    recently = {
        stage
        for r in records
        if r.kind == "drill" and date.fromtimestamp(r.graded_at) >= today - timedelta(days=1)
        for stage in r.stages
    }
    if weakest in recently and averages[runner_up] - averages[weakest] < SPACING_MARGIN:
        return runner_up
    return weakest


def drill_question(
    records: list[Record], knowledge: Knowledge, rng: random.Random | None = None
) -> Question:
    """A bank question none of the last few interviews or drills used (any, if all were)."""
    recent = {r.question for r in records[-RECENT_QUESTIONS:]}
    fresh = [q for q in knowledge.questions.values() if q.id not in recent]
    return (rng or random).choice(fresh or list(knowledge.questions.values()))

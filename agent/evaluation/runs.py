"""One grading of one case (a Run), and the per-case views the metrics are computed on.

Kept apart from the harness so metrics and reports can be built and tested on synthetic
scorecards, without a grader or an endpoint.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from agent.cases import Case
from agent.knowledge import STAGES, Stage
from agent.llm.replies import Usage
from agent.scoring.scorecard import Scorecard

Grader = Literal["coverage", "llm"]
Groups = dict[str, list["Run"]]  # runs per case id
Scores = dict[str, float | None]  # a score per case id


@dataclass
class Run:
    """Repeat `repeat` of grading `case` with `grader`: a scorecard, or the error it raised."""

    case: Case
    grader: str
    repeat: int
    scorecard: Scorecard | None = None
    error: str | None = None
    seconds: float = 0.0
    usage: Usage = field(default_factory=Usage)  # real model calls; cache hits cost nothing
    cache_hits: int = 0

    @property
    def refused(self) -> bool:
        return self.scorecard is not None and not self.scorecard.graded

    @property
    def overall(self) -> float | None:
        """The overall score, None when refused, failed or not scored."""
        card = self.scorecard
        return card.overall if card is not None and card.graded else None

    def stage(self, stage: Stage) -> float | None:
        card = self.scorecard
        if card is None or not card.graded or stage not in card.stages:
            return None
        return card.stages[stage].score

    def scores(self) -> tuple[bool | float | None, ...]:
        """Refusal, overall and each stage score, in a fixed order: what a retest must reproduce."""
        return (self.refused, self.overall, *(self.stage(s) for s in STAGES))


@dataclass
class EvalRun:
    """Everything one `mlsd eval` produced: the runs and what they cost."""

    cases: list[Case]
    graders: list[Grader]
    repeats: int
    concurrency: int
    cache: bool
    model: str | None = None
    runs: list[Run] = field(default_factory=list)
    wall_seconds: dict[str, float] = field(default_factory=dict)

    def of(self, grader: str) -> list[Run]:
        return [r for r in self.runs if r.grader == grader]


def by_case(runs: list[Run]) -> dict[str, list[Run]]:
    """Runs grouped per case id, each group in repeat order."""
    groups: dict[str, list[Run]] = defaultdict(list)
    for run in sorted(runs, key=lambda r: (r.case.id, r.repeat)):
        groups[run.case.id].append(run)
    return dict(groups)


def median_or_none(values: list[float | None]) -> float | None:
    """The median of the numbers present: the case score over repeats (as the grader's
    own --repeats does), None when no repeat produced one."""
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def case_scores(groups: dict[str, list[Run]]) -> dict[str, float | None]:
    return {cid: median_or_none([r.overall for r in rs]) for cid, rs in groups.items()}


def case_stage_scores(group: list[Run], stage: Stage) -> float | None:
    return median_or_none([r.stage(stage) for r in group])


def question_of(case: Case) -> str:
    """What groups cases of the same question: its bank id, or its text."""
    return case.question or case.question_text or ""

"""The numbers issue 6 asks for, computed from the runs of one grader (and across two).

Every metric is named `group.name` (the names evals/thresholds.yaml refers to) and is a Metric:
a value with n and, where meaningful, a 95% interval, or null with the reason. A case's score
is the median of its repeats. See evals/README.md ("Harness") for what each one means. Those
on what a grader must not do (be gamed, refuse wrongly, misquote) are in safeguards.py.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from agent.evaluation.judgement import PlantedFlag, flag_metrics, level_metrics
from agent.evaluation.runs import (
    Groups,
    Run,
    Scores,
    by_case,
    case_scores,
    case_stage_scores,
    question_of,
)
from agent.evaluation.safeguards import evidence, refusal, robustness
from agent.evaluation.stats import Metric, icc_2_1, kendall, measured, qwk, spearman

LEVEL_RANK = {"weak": 1, "mixed": 2, "strong": 3}
ORDERED_PAIRS = (("strong", "mixed"), ("mixed", "weak"), ("strong", "weak"))


def grader_metrics(
    runs: list[Run], planted: dict[str, list[PlantedFlag]] | None = None
) -> dict[str, Metric]:
    """Every single-grader metric for `runs` (all from one grader); `planted` are the set's
    planted red flags per case id (judgement.py)."""
    groups = by_case(runs)
    scores = case_scores(groups)
    by_level, bias = level_metrics(groups, scores)
    return (
        test_retest(groups)
        | ordering(groups, scores)
        | by_level
        | reference(groups, scores)
        | bias
        | flag_metrics(groups, planted or {})
        | robustness(groups, scores)
        | refusal(runs)
        | evidence(runs)
    )


def test_retest(groups: Groups) -> dict[str, Metric]:
    """Do repeats agree? Cases with a failed run are left out (nothing to compare)."""
    complete = [rs for rs in groups.values() if all(r.error is None for r in rs)]
    repeats = min((len(rs) for rs in complete), default=0)
    if repeats < 2:
        reason = "needs --repeats 2 or more" if complete else "no case completed every repeat"
        return {
            f"test_retest.{name}": Metric.null(reason)
            for name in ("exact_agreement", "icc_2_1", "mean_spread")
        }
    agree = np.array([_agreeing(rs) for rs in complete], dtype=float)  # (agreeing, items)
    table = np.array(
        [[r.overall for r in rs] for rs in complete if all(r.overall is not None for r in rs)],
        dtype=float,
    ).reshape(-1, repeats)
    spread = table.max(axis=1) - table.min(axis=1)
    graded = "cases scored in every repeat"
    return {
        "test_retest.exact_agreement": measured(
            lambda i: agree[i, 0].sum() / agree[i, 1].sum(), len(agree), least=1, what="cases"
        ),
        "test_retest.icc_2_1": measured(lambda i: icc_2_1(table[i]), len(table), what=graded),
        "test_retest.mean_spread": measured(
            lambda i: spread[i].mean(), len(spread), least=1, what=graded
        ),
    }


def _agreeing(group: list[Run]) -> tuple[int, int]:
    """How many of a case's scores (refusal, overall, each stage) every repeat reproduced."""
    columns = list(zip(*(r.scores() for r in group)))
    return sum(len(set(column)) == 1 for column in columns), len(columns)


def ordering(groups: Groups, scores: Scores) -> dict[str, Metric]:
    """Strong above mixed above weak, per question, and Kendall tau against the design."""
    by_question: dict[str, dict[str, str]] = defaultdict(dict)
    for cid, rs in groups.items():
        case = rs[0].case
        graded = any(r.error is None for r in rs)  # a failed call says nothing about ranking
        if case.level in LEVEL_RANK and case.variant is None and graded:
            by_question[question_of(case)][case.level] = cid
    ranked = [_ranked(levels, scores) for levels in by_question.values()]
    correct, total = _columns([c for c in ranked if c[1] > 0])
    designed = [
        (LEVEL_RANK[groups[cid][0].case.level], scores[cid])
        for levels in by_question.values()
        for cid in levels.values()
        if scores[cid] is not None
    ]
    level, score = _columns(designed)
    return {
        "ordering.pairs_correct": measured(
            lambda i: correct[i].sum() / total[i].sum(),
            len(total),
            least=1,
            what="questions with two designed levels graded",
        ),
        "ordering.kendall_tau": measured(
            lambda i: kendall(level[i], score[i]),
            len(designed),
            what="scored strong/mixed/weak cases",
        ),
    }


def _ranked(levels: dict[str, str], scores: Scores) -> tuple[int, int]:
    """(correct, total) designed pairs of one question; a tie or a refusal is not correct."""
    pairs = [(levels[hi], levels[lo]) for hi, lo in ORDERED_PAIRS if hi in levels and lo in levels]
    correct = sum(
        scores[hi] is not None and scores[lo] is not None and scores[hi] > scores[lo]
        for hi, lo in pairs
    )
    return correct, len(pairs)


def reference(groups: Groups, scores: Scores) -> dict[str, Metric]:
    """Agreement with the human reference labels, on the overall score and per stage."""
    overall = [
        (rs[0].case.expect.overall, scores[cid])
        for cid, rs in groups.items()
        if rs[0].case.expect and rs[0].case.expect.overall is not None and scores[cid] is not None
    ]
    stages = [
        (label, got)
        for rs in groups.values()
        if rs[0].case.expect
        for stage, label in rs[0].case.expect.stages.items()
        if (got := case_stage_scores(rs, stage)) is not None
    ]
    return _labelled("overall", overall) | _labelled("stages", stages)


def _labelled(name: str, pairs: list[tuple[float, float]]) -> dict[str, Metric]:
    want, got = _columns(pairs)
    what = f"labelled {name} scores"
    return {
        f"reference.qwk_{name}": measured(lambda i: qwk(want[i], got[i]), len(pairs), what=what),
        f"reference.spearman_{name}": measured(
            lambda i: spearman(want[i], got[i]), len(pairs), what=what
        ),
    }


def agreement(first: list[Run], second: list[Run]) -> dict[str, Metric]:
    """Two graders on the same cases: QWK and Spearman between their case scores."""
    a, b = case_scores(by_case(first)), case_scores(by_case(second))
    pairs = [(a[c], b[c]) for c in a if a[c] is not None and b.get(c) is not None]
    x, y = _columns(pairs)
    what = "cases both graders scored"
    return {
        "agreement.qwk": measured(lambda i: qwk(x[i], y[i]), len(pairs), what=what),
        "agreement.spearman": measured(lambda i: spearman(x[i], y[i]), len(pairs), what=what),
    }


def _columns(pairs: list[tuple[float, float]]) -> np.ndarray:
    """Two aligned arrays from a list of pairs (two empty arrays from an empty list)."""
    return np.array(pairs, dtype=float).reshape(-1, 2).T

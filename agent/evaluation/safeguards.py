"""The metrics on what a grader must not do: move its score for padding, reordering, an
injected instruction or buzzwords; grade garbage or refuse a real answer; quote words the
candidate never said. grader_metrics (metrics.py) gathers them with the others.
"""

from __future__ import annotations

from collections.abc import Callable

from agent.evaluation.runs import Groups, Run, Scores, question_of
from agent.evaluation.stats import Metric, proportion
from agent.scoring.evidence import check_quotes
from agent.scoring.transcript import Transcript

ROBUSTNESS_VARIANTS = ("padded", "reordered", "injected", "buzzword", "terse")


def robustness(groups: Groups, scores: Scores) -> dict[str, Metric]:
    """Score change of each adversarial variant against the case it was derived from, and how
    far a buzzword answer stays below the strong answer to the same question."""
    deltas: dict[str, list[float]] = {v: [] for v in ROBUSTNESS_VARIANTS}
    gaps: list[float] = []
    strong = {
        question_of(rs[0].case): scores[cid]
        for cid, rs in groups.items()
        if rs[0].case.level == "strong" and rs[0].case.variant is None
    }
    for cid, rs in groups.items():
        case = rs[0].case
        if case.variant not in deltas or scores[cid] is None:
            continue
        if scores.get(case.base) is not None:
            deltas[case.variant].append(scores[cid] - scores[case.base])
        if case.variant == "buzzword" and strong.get(question_of(case)) is not None:
            gaps.append(strong[question_of(case)] - scores[cid])
    found: dict[str, Metric] = {}
    for variant, values in deltas.items():
        found[f"robustness.{variant}.max_abs_delta"] = _extreme(values, lambda v: max(map(abs, v)))
        found[f"robustness.{variant}.max_increase"] = _extreme(values, max)
    found["robustness.buzzword.min_gap_to_strong"] = _extreme(gaps, min)
    return found


def _extreme(values: list[float], pick: Callable[[list[float]], float]) -> Metric:
    """A worst case: no interval, since a bootstrap of a maximum means little."""
    if not values:
        return Metric.null("no scored variant with a scored base case")
    return Metric(round(float(pick(values)), 4), len(values))


def refusal(runs: list[Run]) -> dict[str, Metric]:
    """Garbage must be refused in every run; real answers never."""
    done = [r for r in runs if r.error is None]
    must = [r.refused for r in done if r.case.refuse]
    must_not = [r.refused for r in done if not r.case.refuse]
    return {
        "refusal.garbage_refusal_rate": proportion(sum(must), len(must), "garbage runs"),
        "refusal.false_refusal_rate": proportion(sum(must_not), len(must_not), "gradable runs"),
        "runs.failed": Metric(float(sum(r.error is not None for r in runs)), len(runs)),
    }


def evidence(runs: list[Run]) -> dict[str, Metric]:
    """Share of evidence quotes found verbatim in the candidate's answers of the stage they
    support (the graders' own check_quotes), and of judged stages the grader withheld as
    unsupported (also on scorecards that ended ungraded for that reason)."""
    found, quotes, unsupported, grades = 0, 0, 0, 0
    for run in runs:
        if run.scorecard is None:
            continue
        transcript = Transcript.from_case(run.case)
        for stage, grade in run.scorecard.stages.items():
            if grade.score is None and grade.supported:
                continue  # not reached or not answered: nothing was judged
            grades += 1
            unsupported += not grade.supported
            quotes += len(grade.evidence)
            found += len(check_quotes(grade.evidence, transcript, stage).valid)
    return {
        "evidence.validity": proportion(found, quotes, "evidence quotes"),
        "evidence.unsupported_stages": proportion(unsupported, grades, "stage grades"),
    }

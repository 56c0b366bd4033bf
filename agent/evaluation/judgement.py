"""Does grading judge correctness? Metrics on a set's planted red flags and designed levels.

`flags/<question>.yaml` beside a set's cases lists the red flags planted in its mixed cases:
`{case id: [{stage, quote, flag, why, instead}]}`, each quote verbatim from the transcript.
A planted flag is cited when some stage's red-flag findings quote a sentence that overlaps it
(one contains the other, folded as evidence quotes are). Strong cases (terse and padded
versions included) must raise none.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from agent.cases import CaseError
from agent.errors import not_utf8, yaml_problem
from agent.evaluation.runs import Groups, Run, Scores, question_of
from agent.evaluation.stats import Metric, proportion
from agent.knowledge import Stage
from agent.scoring.evidence import is_verbatim

LEVELS = ("strong", "mixed", "weak")


class PlantedFlag(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stage: Stage
    quote: str
    flag: str
    why: str = ""
    instead: str = ""


def load_planted(cases_dir: Path) -> dict[str, list[PlantedFlag]]:
    """Planted flags per case id; empty when the set has no flags/ folder."""
    found: dict[str, list[PlantedFlag]] = {}
    for path in sorted((cases_dir / "flags").glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except UnicodeDecodeError as error:
            raise CaseError(f"{path}: {not_utf8(error)}") from None
        except yaml.YAMLError as error:
            raise CaseError(f"{path}: {yaml_problem(error)}") from None
        if not isinstance(data, dict):
            raise CaseError(f"{path}: expected a mapping of case id to a list of flags")
        for case_id, flags in data.items():
            try:
                found[case_id] = [PlantedFlag.model_validate(f) for f in flags]
            except (ValidationError, TypeError) as error:  # not a list, or a bad entry
                raise CaseError(f"{path}: {case_id}: {error}".splitlines()[0]) from None
    return found


def cited(planted: PlantedFlag, run: Run) -> bool:
    """Some finding quotes a sentence that contains the planted one or lies within it, both
    folded as evidence quotes are."""
    if run.scorecard is None:
        return False
    return any(
        is_verbatim(planted.quote, [finding.quote]) or is_verbatim(finding.quote, [planted.quote])
        for grade in run.scorecard.stages.values()
        for finding in grade.red_flags
    )


def flag_metrics(groups: Groups, planted: dict[str, list[PlantedFlag]]) -> dict:
    """Share of planted flags cited (every repeat must cite it), and strong cases flagged."""
    hits = total = 0
    for case_id, flags in planted.items():
        if case_id not in groups:
            continue  # a flags file may cover cases this run left out
        runs = [r for r in groups[case_id] if r.error is None]
        for flag in flags:
            total += 1
            hits += bool(runs) and all(cited(flag, r) for r in runs)
    strong = [rs for rs in groups.values() if rs[0].case.level == "strong"]
    raised = [
        sum(len(g.red_flags) for g in r.scorecard.stages.values())
        for rs in strong
        for r in rs
        if r.scorecard is not None
    ]
    return {
        "flags.planted_cited": proportion(hits, total, "planted red flags"),
        "flags.false_flag_rate": proportion(sum(n > 0 for n in raised), len(raised), "strong runs"),
        "flags.false_flags": Metric(float(sum(raised)), len(raised)),
    }


def level_metrics(groups: Groups, scores: Scores) -> tuple[dict[str, Metric], dict[str, Metric]]:
    """(ordering, bias): per question, whether strong (base versions) > mixed > weak and the
    mean strong - mixed gap; per designed level, the mean bias against the reference labels
    (terse cases count as strong) and the largest. Two groups, for the report's two tables."""
    by_question: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    bias: dict[str, list[float]] = defaultdict(list)
    for cid, rs in groups.items():
        case, score = rs[0].case, scores.get(cid)
        if case.level not in LEVELS or score is None:
            continue
        if case.variant is None:
            by_question[question_of(case)][case.level].append(score)
        if case.variant in (None, "terse") and case.expect and case.expect.overall is not None:
            bias[case.level].append(score - case.expect.overall)
    means = [{lv: statistics.mean(v) for lv, v in q.items()} for q in by_question.values()]
    full = [m for m in means if all(lv in m for lv in LEVELS)]
    gaps = [m["strong"] - m["mixed"] for m in means if "strong" in m and "mixed" in m]
    ordering = {
        "ordering.questions_ordered": proportion(
            sum(m["strong"] > m["mixed"] > m["weak"] for m in full), len(full), "questions"
        ),
        "ordering.mean_gap_strong_mixed": _mean(gaps, "questions with strong and mixed"),
    }
    biases = {f"reference.bias_{lv}": _mean(bias[lv], f"labelled {lv} cases") for lv in LEVELS}
    values = [abs(m.value) for m in biases.values() if m.value is not None]
    biases["reference.max_abs_bias"] = (
        Metric(round(max(values), 4), len(values)) if values else Metric.null("no labelled case")
    )
    return ordering, biases


def _mean(values: list[float], what: str) -> Metric:
    if not values:
        return Metric.null(f"no {what}")
    return Metric(round(statistics.mean(values), 4), len(values))

"""The bars in evals/thresholds.yaml, checked against computed metrics so CI can gate on them.

Format: one section per metrics section (`coverage`, `llm`, `coverage_vs_llm`), each mapping a
metric name to `{min: x}` and/or `{max: y}`. A section or metric the harness does not produce is
an error when the file is loaded, so a typo can never turn a bar off. A metric that came out
null in a run (e.g. ICC with one repeat) is reported as unchecked with its reason, and fails the
run unless the user allows unchecked bars (`mlsd eval --allow-unchecked`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from agent.errors import InterviewerError
from agent.evaluation.metrics import agreement, grader_metrics
from agent.evaluation.stats import Metric
from agent.paths import EVALS_DIR

THRESHOLDS = EVALS_DIR / "thresholds.yaml"
BOUNDS = ("min", "max")
CROSS = "coverage_vs_llm"


def known_metrics() -> dict[str, set[str]]:
    """Every section and metric name the harness produces (computed on no runs: all null)."""
    single = set(grader_metrics([]))
    return {"coverage": single, "llm": single, CROSS: set(agreement([], []))}


class ThresholdError(InterviewerError):
    """thresholds.yaml is malformed or names a metric that does not exist."""


@dataclass(frozen=True)
class Check:
    section: str
    metric: str
    bound: str  # min | max
    limit: float
    value: float | None
    status: str  # met | missed | unchecked
    reason: str = ""

    @property
    def name(self) -> str:
        return f"{self.section}.{self.metric}"

    def describe(self) -> str:
        sign = ">=" if self.bound == "min" else "<="
        got = "null" if self.value is None else f"{self.value:g}"
        why = f" ({self.reason})" if self.reason else ""
        return f"{self.name} {sign} {self.limit:g}: got {got}{why}"

    def as_dict(self) -> dict:
        return asdict(self) | {"name": self.name}


def load_thresholds(path: Path = THRESHOLDS) -> dict[str, dict[str, dict[str, float]]]:
    """The validated bars; every problem names the file and the entry."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ThresholdError(f"{path}: cannot read thresholds: {error}") from None
    if not isinstance(data, dict):
        raise ThresholdError(f"{path}: expected a mapping of sections")
    known = known_metrics()
    for section, bars in data.items():
        if section not in known:
            raise ThresholdError(
                f"{path}: {section!r} is not a section; use one of {', '.join(known)}"
            )
        if bars is None:
            continue
        if not isinstance(bars, dict):
            raise ThresholdError(f"{path}: {section}: expected a mapping of metric names to bars")
        for metric, bar in bars.items():
            if metric not in known[section]:
                raise ThresholdError(
                    f"{path}: {section}.{metric} is not a metric the harness produces; "
                    f"known: {', '.join(sorted(known[section]))}"
                )
            if (
                not isinstance(bar, dict)
                or not bar
                or set(bar) - set(BOUNDS)
                or not all(isinstance(v, int | float) for v in bar.values())
            ):
                raise ThresholdError(
                    f"{path}: {section}.{metric}: expected {{min: x}} and/or "
                    f"{{max: y}} with numbers, got {bar!r}"
                )
    return data


def check(
    metrics: dict[str, dict[str, Metric]], thresholds: dict[str, dict[str, dict[str, float]]]
) -> list[Check]:
    """Every bar of every section that was computed in this run."""
    checks = []
    for section, computed in metrics.items():
        for metric, bar in (thresholds.get(section) or {}).items():
            checks += [
                _one(section, metric, bound, float(limit), computed[metric])
                for bound, limit in bar.items()
            ]
    return checks


def _one(section: str, metric: str, bound: str, limit: float, got: Metric) -> Check:
    if got.value is None:
        return Check(section, metric, bound, limit, None, "unchecked", got.reason or "")
    met = got.value >= limit if bound == "min" else got.value <= limit
    return Check(section, metric, bound, limit, got.value, "met" if met else "missed")

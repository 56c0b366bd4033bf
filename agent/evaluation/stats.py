"""The statistics the eval reports, on plain numbers, and the Metric value they come back in.

Library implementations wherever they exist: QWK from sklearn, Spearman and Kendall from scipy,
bootstrap intervals from scipy.stats.bootstrap. ICC(2,1) is in neither, so it is computed from
the two-way ANOVA mean squares. A statistic that is undefined on the data (too few items, no
variance) comes back as a null Metric with the reason, never as a made-up number.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats
from sklearn.metrics import cohen_kappa_score

SEED = 20240611
RESAMPLES = 1000
SCALE = [1, 2, 3, 4]


@dataclass(frozen=True)
class Metric:
    """One reported number: the value with its 95% interval and sample size, or null and why."""

    value: float | None
    n: int = 0
    ci95: tuple[float, float] | None = None
    reason: str | None = None

    @classmethod
    def null(cls, reason: str, n: int = 0) -> Metric:
        return cls(None, n, None, reason)

    def as_dict(self) -> dict:
        return asdict(self) | {"ci95": list(self.ci95) if self.ci95 else None}


def on_scale(scores: Sequence[float]) -> np.ndarray:
    """Scores rounded half-up to the 1-4 rubric scale (np.rint would send 2.5 to 2)."""
    return np.clip(np.floor(np.asarray(scores, dtype=float) + 0.5), 1, 4).astype(int)


def qwk(a: Sequence[float], b: Sequence[float]) -> float:
    """Quadratic-weighted kappa on the 1-4 scale; nan when undefined (e.g. one category)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(cohen_kappa_score(on_scale(a), on_scale(b), labels=SCALE, weights="quadratic"))


def spearman(a: Sequence[float], b: Sequence[float]) -> float:
    return _quiet(lambda: stats.spearmanr(a, b).statistic)


def kendall(a: Sequence[float], b: Sequence[float]) -> float:
    return _quiet(lambda: stats.kendalltau(a, b).statistic)


def icc_2_1(table: np.ndarray) -> float:
    """ICC(2,1): two-way random effects, absolute agreement, single rater (Shrout & Fleiss
    1979, Psychological Bulletin 86(2), case 2). Rows are targets (cases), columns raters
    (repeats). nan when the table has no variance at all."""
    x = np.asarray(table, dtype=float)
    n, k = x.shape
    grand = x.mean()
    ms_rows = k * ((x.mean(axis=1) - grand) ** 2).sum() / (n - 1)
    ms_cols = n * ((x.mean(axis=0) - grand) ** 2).sum() / (k - 1)
    residual = x - x.mean(axis=1, keepdims=True) - x.mean(axis=0, keepdims=True) + grand
    ms_error = (residual**2).sum() / ((n - 1) * (k - 1))
    denominator = ms_rows + (k - 1) * ms_error + k * (ms_cols - ms_error) / n
    return float((ms_rows - ms_error) / denominator) if denominator > 0 else math.nan


def measured(
    statistic: Callable[[np.ndarray], float], n: int, *, least: int = 3, what: str = "items"
) -> Metric:
    """`statistic(indices)` on all n items, with a bootstrap 95% interval resampling items.

    Null with a reason when there are fewer than `least` items or the statistic is undefined.
    The interval is dropped (not faked) when resamples are degenerate."""
    if n < least:
        return Metric.null(f"needs at least {least} {what}, got {n}", n)
    value = statistic(np.arange(n))
    if not math.isfinite(value):
        return Metric.null(f"undefined on these {what} (no variance)", n)
    return Metric(round(value, 4), n, _interval(statistic, n))


def _interval(statistic: Callable[[np.ndarray], float], n: int) -> tuple[float, float] | None:
    if n < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = stats.bootstrap(
            (np.arange(n),),
            lambda i: statistic(i.astype(int)),
            vectorized=False,
            n_resamples=RESAMPLES,
            method="percentile",
            rng=np.random.default_rng(SEED),
        )
    low, high = result.confidence_interval
    if not (math.isfinite(low) and math.isfinite(high)):
        return None
    return round(float(low), 4), round(float(high), 4)


def _quiet(compute: Callable[[], float]) -> float:
    """A scipy statistic with its constant-input warning silenced: nan says it already."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(compute())


def share(part: int, whole: int) -> float | None:
    """part / whole to three places, or None when there is no whole to share."""
    return round(part / whole, 3) if whole else None


def proportion(hits: int, n: int, what: str) -> Metric:
    """A rate with its exact (Clopper-Pearson) 95% interval: a bootstrap of 8/8 would claim
    [1, 1], which says nothing about a 9th case."""
    if n == 0:
        return Metric.null(f"no {what} in this run")
    ci = stats.binomtest(hits, n).proportion_ci(confidence_level=0.95, method="exact")
    return Metric(round(hits / n, 4), n, (round(ci.low, 4), round(ci.high, 4)))

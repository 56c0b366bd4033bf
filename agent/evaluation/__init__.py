"""`mlsd eval`: grade every scripted case N times and measure how consistent grading is
(dataset: evals/cases; solver: the graders; scorers: metrics.py and safeguards.py; bars:
thresholds.py)."""

from agent.evaluation.harness import run_eval
from agent.evaluation.results import build_results, compute_metrics
from agent.evaluation.thresholds import check, load_thresholds

__all__ = ["build_results", "check", "compute_metrics", "load_thresholds", "run_eval"]

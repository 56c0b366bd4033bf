"""Thresholds and the report, on synthetic runs: no grader and no endpoint needed."""

from __future__ import annotations

import json

import pytest

from agent.evaluation.report import write_report
from agent.evaluation.results import build_results, compute_metrics
from agent.evaluation.runs import EvalRun
from agent.evaluation.stats import Metric
from agent.evaluation.thresholds import THRESHOLDS, ThresholdError, check, load_thresholds
from tests.test_eval_metrics import case, run


def synthetic() -> EvalRun:
    cases = [
        case("q1-strong", level="strong"),
        case("q1-mixed", level="mixed"),
        case("q1-weak", level="weak"),
        case("q1-garbage", refuse=True),
    ]
    runs = [run(c, s, r) for c, s in zip(cases, [3.5, 2.5, 1.5, None]) for r in range(2)]
    return EvalRun(cases, ["coverage"], 2, 2, True, runs=runs, wall_seconds={"coverage": 1.5})


def test_check_sorts_bars_into_met_missed_and_unchecked():
    metrics = {
        "coverage": {
            "a.x": Metric(0.95, 8),
            "a.y": Metric(0.2, 8),
            "a.z": Metric.null("needs --repeats 2 or more"),
        }
    }
    bars = {
        "coverage": {"a.x": {"min": 0.9}, "a.y": {"max": 0.0}, "a.z": {"min": 0.8}},
        "llm": {"a.x": {"min": 1.0}},
    }  # not run: not checked
    checks = {c.name: c for c in check(metrics, bars)}
    assert {name: c.status for name, c in checks.items()} == {
        "coverage.a.x": "met",
        "coverage.a.y": "missed",
        "coverage.a.z": "unchecked",
    }
    assert checks["coverage.a.y"].describe() == "coverage.a.y <= 0: got 0.2"
    assert checks["coverage.a.z"].reason == "needs --repeats 2 or more"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("coverage:\n  ordering.typo: {min: 0.9}\n", "coverage.ordering.typo is not a metric"),
        ("coverge:\n  ordering.pairs_correct: {min: 0.9}\n", "'coverge' is not a section"),
        ("coverage_vs_llm:\n  ordering.pairs_correct: {min: 0.9}\n", "is not a metric"),
        ("coverage: [1, 2]\n", "coverage: expected a mapping"),
    ],
)
def test_an_unknown_section_or_metric_is_an_error_at_load(tmp_path, text, named):
    """A typo must not switch a bar off: it fails before any grading runs."""
    path = tmp_path / "thresholds.yaml"
    path.write_text(text)
    with pytest.raises(ThresholdError, match=named):
        load_thresholds(path)


def test_malformed_thresholds_name_the_file_and_entry(tmp_path):
    path = tmp_path / "thresholds.yaml"
    path.write_text("coverage:\n  ordering.pairs_correct: {at_least: 0.9}\n")
    with pytest.raises(ThresholdError, match=r"thresholds.yaml: coverage.ordering.pairs_correct"):
        load_thresholds(path)


def test_the_shipped_thresholds_name_real_metrics():
    bars = load_thresholds()
    found = compute_metrics(synthetic())
    metrics = {section: found["coverage"] for section in ("coverage", "llm")}
    checks = check(metrics, bars)
    assert len(checks) == sum(len(bar) for s in ("coverage", "llm") for bar in bars[s].values())
    assert bars["coverage"]["ordering.pairs_correct"] == {"min": 0.9}
    assert bars["coverage"]["robustness.injected.max_abs_delta"] == {"max": 0.0}
    assert bars["coverage"]["robustness.padded.max_increase"] == {"max": 0.05}  # dev rewords
    blind = load_thresholds(THRESHOLDS.with_name("thresholds-blind.yaml"))
    assert blind["coverage"]["robustness.padded.max_increase"] == {"max": 0.0}
    assert blind["coverage"]["flags.false_flag_rate"] == {"max": 0.0}
    assert bars["llm"]["evidence.unsupported_stages"] == {"max": 0.05}
    assert "evidence.validity" not in bars["llm"]  # 1 by construction for that grader


def test_results_and_report_hold_every_metric_and_case(tmp_path):
    eval_run = synthetic()
    metrics = compute_metrics(eval_run)
    checks = check(metrics, {"coverage": {"ordering.pairs_correct": {"min": 0.9}}})
    results = build_results(eval_run, metrics, checks, tmp_path / "cases")
    json_path, md_path = write_report(tmp_path / "out", results)
    saved = json.loads(json_path.read_text())
    assert saved["thresholds"] == results["thresholds"] and saved["thresholds"]["passed"]
    coverage = saved["metrics"]["coverage"]
    assert coverage["ordering.pairs_correct"]["value"] == 1.0
    assert coverage["refusal.garbage_refusal_rate"]["value"] == 1.0
    assert coverage["test_retest.exact_agreement"]["value"] == 1.0
    assert all(m["value"] is not None or m["reason"] for m in coverage.values())
    assert [row["coverage"]["scores"] for row in saved["per_case"]][:1] == [[3.5, 3.5]]
    report = md_path.read_text()
    assert report.startswith(f"# Grading eval, {saved['created']}\n")
    assert "4 cases from" in report and "repeats: 2; concurrency: 2; cache: on" in report
    assert "### Ordering (strong > mixed > weak)" in report
    assert "| pairs_correct | 1 |" in report
    assert "| q1-garbage |  |  | yes | — | not graded, not graded |" in report
    assert "## Thresholds: all met" in report


def test_an_unchecked_bar_fails_the_verdict_unless_allowed(tmp_path):
    eval_run = synthetic()
    metrics = compute_metrics(eval_run)
    bars = {
        "coverage": {"ordering.pairs_correct": {"min": 0.9}, "reference.qwk_overall": {"min": 0.7}}
    }
    checks = check(metrics, bars)  # the synthetic cases carry no reference labels: qwk is null
    strict = build_results(eval_run, metrics, checks, tmp_path)["thresholds"]
    assert strict["unchecked"] == ["coverage.reference.qwk_overall"] and not strict["passed"]
    allowed = build_results(eval_run, metrics, checks, tmp_path, allow_unchecked=True)
    assert allowed["thresholds"]["passed"] and allowed["thresholds"]["unchecked_allowed"]

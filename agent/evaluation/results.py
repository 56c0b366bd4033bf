"""An eval run turned into results.json: settings, cost, metrics, threshold checks, and cases.

The JSON is the machine-readable record (CI artefacts, comparisons between runs); report.md is
rendered from it alone, so the two never disagree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agent.evaluation.judgement import PlantedFlag
from agent.evaluation.metrics import agreement, grader_metrics
from agent.evaluation.runs import EvalRun, by_case, median_or_none
from agent.evaluation.stats import Metric
from agent.evaluation.thresholds import CROSS, Check


def compute_metrics(
    run: EvalRun, planted: dict[str, list[PlantedFlag]] | None = None
) -> dict[str, dict[str, Metric]]:
    """Metrics per grader, plus their agreement when both graders ran."""
    sections = {grader: grader_metrics(run.of(grader), planted) for grader in run.graders}
    if {"coverage", "llm"} <= set(run.graders):
        sections[CROSS] = agreement(run.of("coverage"), run.of("llm"))
    return sections


def build_results(
    run: EvalRun,
    metrics: dict[str, dict[str, Metric]],
    checks: list[Check],
    cases_dir: Path,
    allow_unchecked: bool = False,
) -> dict[str, Any]:
    missed = [c.name for c in checks if c.status == "missed"]
    unchecked = [c.name for c in checks if c.status == "unchecked"]
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "cases_dir": str(cases_dir),
        "cases": len(run.cases),
        "graders": run.graders,
        "repeats": run.repeats,
        "concurrency": run.concurrency,
        "cache": run.cache,
        "model": run.model,
        "cost": {grader: _cost(run, grader) for grader in run.graders},
        "metrics": {
            section: {name: m.as_dict() for name, m in found.items()}
            for section, found in metrics.items()
        },
        "thresholds": {
            "passed": not missed and (allow_unchecked or not unchecked),
            "missed": missed,
            "unchecked": unchecked,
            "unchecked_allowed": allow_unchecked,
            "checks": [c.as_dict() for c in checks],
        },
        "per_case": _per_case(run),
    }


def _cost(run: EvalRun, grader: str) -> dict[str, Any]:
    runs = run.of(grader)
    return {
        "wall_seconds": run.wall_seconds.get(grader),
        "gradings": len(runs),
        "failed": sum(r.error is not None for r in runs),
        "prompt_tokens": sum(r.usage.prompt_tokens for r in runs),
        "completion_tokens": sum(r.usage.completion_tokens for r in runs),
        "calls": sum(r.usage.calls for r in runs),
        "cache_hits": sum(r.cache_hits for r in runs),
    }


def _per_case(run: EvalRun) -> list[dict[str, Any]]:
    grouped = {grader: by_case(run.of(grader)) for grader in run.graders}
    rows = []
    for case in run.cases:
        expect = case.expect.overall if case.expect else None
        row: dict[str, Any] = {
            "id": case.id,
            "question": case.question or case.question_text,
            "level": case.level,
            "variant": case.variant,
            "base": case.base,
            "refuse": case.refuse,
            "expected": expect,
        }
        for grader, groups in grouped.items():
            runs = groups.get(case.id, [])
            row[grader] = {
                "scores": [r.overall for r in runs],
                "median": median_or_none([r.overall for r in runs]),
                "refused": [r.refused for r in runs],
                "reasons": [r.scorecard.reason for r in runs if r.refused],
                "errors": [r.error for r in runs if r.error],
            }
        rows.append(row)
    return rows

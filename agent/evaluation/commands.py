"""CLI handler for `mlsd eval`; agent/cli/ only parses and dispatches.

`mlsd eval [--cases DIR] [--grader llm|coverage|both] [--repeats N] [--concurrency K]
[--out DIR] [--json] [--no-cache] [--allow-unchecked]` grades every case, writes results.json
and report.md, prints a summary (or the results JSON), and exits 1 when a bar in
evals/thresholds.yaml is missed or could not be computed, naming each one, so CI can gate on
it. `--allow-unchecked` lets bars that could not be computed pass, still naming them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from agent.cases import load_cases
from agent.config import load_settings
from agent.errors import InterviewerError
from agent.evaluation.harness import run_eval
from agent.evaluation.judgement import load_planted
from agent.evaluation.report import side_by_side, verdict, write_report
from agent.evaluation.results import build_results, compute_metrics
from agent.evaluation.thresholds import THRESHOLDS, check, load_thresholds
from agent.paths import EVALS_DIR, writable_dir
from agent.printable import printable

SELECTIONS = {"coverage": ["coverage"], "llm": ["llm"], "both": ["coverage", "llm"]}
HEADLINE = (
    "ordering.pairs_correct",
    "refusal.garbage_refusal_rate",
    "robustness.injected.max_abs_delta",
    "evidence.validity",
    "reference.qwk_overall",
    "reference.spearman_overall",
    "test_retest.icc_2_1",
)


def eval_command(args: argparse.Namespace) -> int:
    """Run the eval on each set; 0 when every set meets its bars, 1 when any is missed or
    unchecked (not allowed). Several sets (`--cases evals/cases evals/blind`) are each graded
    and checked on their own, then shown side by side."""
    repeats, concurrency = (
        _positive(args.repeats, "--repeats"),
        _positive(args.concurrency, "--concurrency"),
    )
    settings = load_settings()
    sets = [Path(c) for c in args.cases or []] or [EVALS_DIR / "cases"]
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = Path(args.out) if args.out else settings.data_dir / "eval" / stamp
    option = "--out" if args.out else "MLSD_DATA_DIR"
    # checked before any grading, so a bad --out costs nothing
    outs = {d: writable_dir(out / d.name if len(sets) > 1 else out, option) for d in sets}
    passed, reported = True, {}
    for cases_dir, where in outs.items():
        results = _run_set(args, settings, cases_dir, where, repeats, concurrency)
        passed &= results["thresholds"]["passed"]
        reported[cases_dir.name] = results
    if len(sets) > 1 and not args.json:
        print(printable(side_by_side(reported)))
    return 0 if passed else 1


def _run_set(args, settings, cases_dir: Path, out: Path, repeats: int, concurrency: int) -> dict:
    """Grade one set, write its report, print its summary and its missed bars."""
    cases = load_cases(cases_dir)
    # a set may have its own bars beside the default ones: evals/thresholds-blind.yaml
    own = THRESHOLDS.with_name(f"thresholds-{cases_dir.name}.yaml")
    bars = load_thresholds(own if own.is_file() else THRESHOLDS)
    planted = load_planted(cases_dir)  # a malformed flags file fails before the grading
    run = run_eval(
        cases,
        SELECTIONS[args.grader],
        settings,
        repeats=repeats,
        concurrency=concurrency,
        cache=not args.no_cache,
        progress=sys.stderr if sys.stderr.isatty() else None,
    )
    metrics = compute_metrics(run, planted)
    checks = check(metrics, bars)
    results = build_results(run, metrics, checks, cases_dir, args.allow_unchecked)
    try:
        _, md_path = write_report(out, results)
    except OSError as error:
        raise InterviewerError(
            f"cannot write the results to {out} ({error.strerror or error}); nothing partial "
            "was left there. Free some space or point --out at another folder, and run again."
        ) from None
    if args.json:
        print(printable(json.dumps(results, indent=2)))
    else:
        print(printable(f"[{cases_dir}]"))
        _summary(results, md_path)
    failures = Counter((r.grader, r.error) for r in run.runs if r.error)
    for (grader, error), count in failures.most_common(3):  # why, not only how many
        print(f"{grader}: {count} grading(s) failed: {error}", file=sys.stderr)
    for missed in (c for c in checks if c.status == "missed"):
        line = f"missed threshold: {missed.describe()} (in {cases_dir})"
        print(printable(line), file=sys.stderr)
    allowed = " (allowed by --allow-unchecked)" if args.allow_unchecked else ""
    for unchecked in (c for c in checks if c.status == "unchecked"):
        line = f"unchecked threshold{allowed}: {unchecked.describe()} (in {cases_dir})"
        print(printable(line), file=sys.stderr)
    return results


def _positive(value: int, flag: str) -> int:
    if value < 1:
        raise InterviewerError(f"{flag} must be 1 or more (got {value})")
    return value


def _summary(results: dict[str, Any], report: Path) -> None:
    """The headline numbers per grader; the full tables are in report.md."""
    for grader, cost in results["cost"].items():
        found = results["metrics"][grader]
        shown = ", ".join(f"{name} {_value(found[name])}" for name in HEADLINE)
        print(
            f"{grader}: {cost['gradings']} gradings in {cost['wall_seconds']} s "
            f"({cost['calls']} model calls, {cost['cache_hits']} cache hits, "
            f"{cost['failed']} failed)\n  {shown}"
        )
    print(printable(f"thresholds: {verdict(results['thresholds'])}; report: {report}"))


def _value(metric: dict[str, Any]) -> str:
    return "null" if metric["value"] is None else f"{metric['value']:g}"

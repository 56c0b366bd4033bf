"""`mlsd eval --flags [--cases FILE ...] [--json]`: run the red-flag detector over labelled
sentences (evals/flag_sentences/README.md) and report, per label, how many it flags and which
sentences it gets wrong. It reports and has no bars: it measures the detector's reach, which
the grading eval's planted flags measure in transcripts."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from agent.evaluation.flag_set import LABELS, flag_metrics, load_flag_set
from agent.knowledge import default_knowledge
from agent.paths import EVALS_DIR
from agent.printable import printable
from agent.scoring.vectors import shared_vectors

DEFAULT_SET = EVALS_DIR / "flag_sentences" / "dev.yaml"
READS = {
    "commits": "mistakes caught",
    "rejects": "rejections flagged",
    "neutral": "right uses flagged",
}


def flag_eval_command(args: argparse.Namespace) -> int:
    knowledge, vectors = default_knowledge(), shared_vectors()
    return report_sets(
        args,
        DEFAULT_SET,
        lambda path: flag_metrics(load_flag_set(path, knowledge), knowledge, vectors),
        table,
    )


def report_sets(
    args: argparse.Namespace,
    default: Path,
    measure: Callable[[Path], dict],
    table: Callable[[dict], str],
) -> int:
    """Measure each set file given (`--cases`, else `default`) and print the report as JSON
    (`--json`) or as `table` reads it. These evals report and have no bars."""
    report = {path.name: measure(path) for path in [Path(c) for c in args.cases or []] or [default]}
    print(printable(json.dumps(report, indent=2) if args.json else table(report)))
    return 0


def table(report: dict) -> str:
    rows = []
    for name, found in report.items():
        rows.append(name)
        for label in LABELS:
            n = found["counts"][label]
            rows.append(f"  {READS[label]:<20} {n['flagged']:>4} of {n['sentences']}")
        rows += [f"  wrong ({w['label']}, {w['flag']}): {w['sentence']}" for w in found["wrong"]]
    return "\n".join(rows)

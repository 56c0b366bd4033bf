"""CLI handlers for `mlsd index [--rebuild]` and `mlsd retrieval-eval [--json]`.

Kept beside the feature (agent/cli.py only parses and dispatches). Errors are InterviewerErrors,
which the CLI prints as one line.
"""

from __future__ import annotations

import argparse
import json

from agent.config import load_settings
from agent.retrieval.evaluate import K, run_retrieval_eval
from agent.retrieval.index import refresh_index

TARGET_RECALL = 0.9
SHOWN_MISSES = 5


def index_command(args: argparse.Namespace) -> int:
    """Bring the knowledge index up to date (or rebuild it) and say what changed."""
    settings = load_settings()
    report = refresh_index(settings, rebuild=bool(getattr(args, "rebuild", False)))
    print(report.summary())
    where = settings.chroma_url or settings.data_dir / "index"
    print(f"store: {where}")
    return 0


def _table(result: dict) -> str:
    rows = [("", f"recall@{K}", f"hit@{K}", "MRR")]
    for label in ("with_stage", "without_stage"):
        m = result[label]
        rows.append((label.replace("_", " "), f"{m['recall@3']:.3f}", f"{m['hit@3']:.3f}",
                     f"{m['mrr']:.3f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip()
                     for row in rows)


def retrieval_eval_command(args: argparse.Namespace) -> int:
    """Print recall@3 / hit@3 / MRR; exit 1 when recall@3 with the stage preference misses 0.9."""
    result = run_retrieval_eval(load_settings())
    recall = result["with_stage"]["recall@3"]
    if getattr(args, "json", False):
        print(json.dumps(result, indent=2))
    else:
        print(f"{result['items']} queries from {result['dataset']}")
        print(_table(result))
        misses = result["misses"]
        for miss in misses[:SHOWN_MISSES]:
            print(f"  miss [{miss['stage']}] {miss['query'][:60]!r}: wanted "
                  f"{', '.join(miss['relevant'])}; got {', '.join(miss['top3'])}")
        if len(misses) > SHOWN_MISSES:
            print(f"  ... {len(misses) - SHOWN_MISSES} more misses (--json lists them all)")
        verdict = "meets" if recall >= TARGET_RECALL else "is below"
        print(f"recall@{K} with the stage preference {recall:.3f} {verdict} the target {TARGET_RECALL}")
    return 0 if recall >= TARGET_RECALL else 1

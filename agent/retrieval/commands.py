"""CLI handlers for `mlsd index [--rebuild]` and `mlsd retrieval-eval [--json]`.

Kept beside the feature (agent/cli/ only parses and dispatches). Errors are InterviewerErrors,
which the CLI prints as one line.
"""

from __future__ import annotations

import argparse
import json

from agent.config import load_settings
from agent.retrieval.embeddings import make_embedder
from agent.retrieval.evaluate import DATASETS, K, run_retrieval_eval
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
    for label, name in (("in_context", "stage + question"), ("query_only", "query only")):
        m = result[label]
        rows.append((name, f"{m['recall@3']:.3f}", f"{m['hit@3']:.3f}", f"{m['mrr']:.3f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows
    )


def _print_report(name: str, result: dict) -> None:
    skipped = result["stage_only_skipped"]
    print(
        f"{name}: {result['items']} queries from {result['dataset']}"
        + (f" ({skipped} labelled with stage notes only, not scored)" if skipped else "")
    )
    print(_table(result))
    misses = result["misses"]
    for miss in misses[:SHOWN_MISSES]:
        print(
            f"  miss [{miss['stage']}] {miss['query'][:60]!r}: wanted "
            f"{', '.join(miss['relevant'])}; got {', '.join(miss['top3'])}"
        )
    if len(misses) > SHOWN_MISSES:
        print(f"  ... {len(misses) - SHOWN_MISSES} more misses (--json lists them all)")
    recall = result["in_context"]["recall@3"]
    verdict = "meets" if recall >= TARGET_RECALL else "is below"
    print(f"{name}: recall@{K} in context {recall:.3f} {verdict} the target {TARGET_RECALL}\n")


def retrieval_eval_command(args: argparse.Namespace) -> int:
    """recall@3 / hit@3 / MRR on the dev and held-out sets; exit 1 when either misses 0.9."""
    settings = load_settings()
    embedder = make_embedder(settings)
    results = {
        name: run_retrieval_eval(settings, path, embedder=embedder)
        for name, path in DATASETS.items()
    }
    if getattr(args, "json", False):
        print(json.dumps(results, indent=2))
    else:
        for name, result in results.items():
            _print_report(name, result)
    met = all(r["in_context"]["recall@3"] >= TARGET_RECALL for r in results.values())
    return 0 if met else 1

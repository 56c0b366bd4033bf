"""`mlsd eval --diagrams [--cases DIR ...] [--json]`: match the labelled diagrams of each set
(evals/diagrams/FORMAT.md) to their questions' reference designs and report component
precision and recall, side by side; exits 1 when a set misses a bar (0.9 each). Matching uses
the embedder the settings give (the bundled MiniLM unless MLSD_EMBEDDINGS=endpoint).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from agent.config import load_settings
from agent.evaluation.diagram_set import load_diagram_set, missed_bars, role_metrics
from agent.knowledge import default_knowledge
from agent.paths import EVALS_DIR
from agent.printable import printable
from agent.retrieval.embeddings import make_embedder

DEFAULT_SET = EVALS_DIR / "diagrams" / "dev"
COLUMNS = ("diagrams", "nodes", "precision", "recall")


def diagram_eval_command(args: argparse.Namespace) -> int:
    knowledge = default_knowledge()
    embedder = make_embedder(load_settings())
    report, passed = {}, True
    for folder in [Path(c) for c in args.cases or []] or [DEFAULT_SET]:
        items = load_diagram_set(folder, knowledge)
        metrics = role_metrics(items, knowledge, embedder, held_out=folder.name)
        missed = missed_bars(metrics)
        passed &= not missed
        report[folder.name] = {"metrics": metrics, "missed": missed}
        for line in missed:
            print(printable(f"missed bar: {line} (in {folder})"), file=sys.stderr)
    if args.json:
        print(printable(json.dumps({"embedder": embedder.name, "sets": report}, indent=2)))
    else:
        print(printable(table(embedder.name, report)))
    return 0 if passed else 1


def table(embedder: str, report: dict) -> str:
    rows = [f"embedder: {embedder}", "set      " + "  ".join(f"{c:>10}" for c in COLUMNS)]
    for name, found in report.items():
        values = [found["metrics"][c] for c in COLUMNS]
        rows.append(
            f"{name:<8} " + "  ".join(f"{'null' if v is None else f'{v:g}':>10}" for v in values)
        )
        rows += [
            f"  {w['file']}: {w['label']!r} is {w['role']}, matched {w['got']}"
            for w in found["metrics"]["wrong"]
        ]
    return "\n".join(rows)

"""`mlsd eval --domains [--cases FILE ...] [--json]`: for design questions outside the bank,
labelled with the notes that apply (evals/domains/README.md), report how well the notes an
interview on each is scoped to match: recall and precision of the domain notes kept, and the
questions given a note of another domain. It reports and has no bars."""

from __future__ import annotations

import argparse

from agent.cli.flag_eval import report_sets
from agent.evaluation.domain_set import domain_metrics, load_domain_set
from agent.knowledge import default_knowledge
from agent.paths import EVALS_DIR
from agent.scoring.vectors import shared_vectors

DEFAULT_SET = EVALS_DIR / "domains" / "dev.yaml"


def domain_eval_command(args: argparse.Namespace) -> int:
    knowledge, vectors = default_knowledge(), shared_vectors()
    return report_sets(
        args,
        DEFAULT_SET,
        lambda path: domain_metrics(load_domain_set(path, knowledge), knowledge, vectors),
        table,
    )


def table(report: dict) -> str:
    rows = []
    for name, found in report.items():
        rows.append(
            f"{name}: {found['questions']} questions, recall {found['recall']}, precision "
            f"{found['precision']}, {found['kept_per_question']} domain notes a question, "
            f"{found['off_domain_questions']} given an off-domain note"
        )
        rows += [f"  off ({', '.join(w['off'])}): {w['question']}" for w in found["off_domain"]]
    return "\n".join(rows)

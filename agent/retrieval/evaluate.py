"""How well retrieval finds the notes a human labelled relevant (evals/retrieval.yaml).

Dataset: `items: [{query, stage, relevant: [note ids]}]`. Scored on note ids (a note counts
once, whichever section matched), over topic and stage notes, both with the stage preference
the interviewer uses (a bonus for notes tagged with the item's stage) and without it, so its
contribution stays visible.

recall@3: share of each item's relevant notes found in the top 3 notes, averaged over items.
hit@3: share of items with at least one relevant note in the top 3.
MRR: mean of 1/rank of the first relevant note within the top 10 (0 when absent).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from agent.config import Settings
from agent.errors import InterviewerError
from agent.knowledge import STAGES, Knowledge, default_knowledge
from agent.paths import EVALS_DIR
from agent.retrieval.embeddings import Embedder
from agent.retrieval.search import Retriever

DATASET = EVALS_DIR / "retrieval.yaml"
K = 3
DEPTH = 10  # ranks looked at for MRR


class EvalDataError(InterviewerError):
    """The retrieval eval dataset is malformed; the message names the file and the item."""


def _check_item(raw: Any, n: int, path: Path, known: set[str]) -> dict[str, Any]:
    where = f"{path}: item {n}"
    if not isinstance(raw, dict):
        raise EvalDataError(f"{where}: expected a mapping with query, stage, relevant")
    query, stage, relevant = raw.get("query"), raw.get("stage"), raw.get("relevant")
    if not isinstance(query, str) or not query.strip():
        raise EvalDataError(f"{where}: 'query' must be a non-empty string")
    if stage not in STAGES:
        raise EvalDataError(f"{where}: 'stage' must be one of {', '.join(STAGES)} (got {stage!r})")
    if not isinstance(relevant, list) or not relevant or not all(isinstance(r, str) for r in relevant):
        raise EvalDataError(f"{where}: 'relevant' must be a non-empty list of note ids")
    if unknown := [r for r in relevant if r not in known]:
        raise EvalDataError(f"{where}: unknown note id(s) {', '.join(unknown)}")
    return {"query": query.strip(), "stage": stage, "relevant": relevant}


def load_dataset(path: Path = DATASET, knowledge: Knowledge | None = None) -> list[dict[str, Any]]:
    """The validated items; every problem is reported with the file name and item number."""
    knowledge = knowledge or default_knowledge()
    if not path.is_file():
        raise EvalDataError(f"{path}: retrieval eval dataset not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise EvalDataError(f"{path}: not valid YAML: {error}") from None
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise EvalDataError(f"{path}: expected a top-level 'items' list with at least one item")
    return [_check_item(raw, n, path, set(knowledge.notes)) for n, raw in enumerate(items, 1)]


def _scores(ranked: list[str], relevant: list[str]) -> dict[str, float]:
    top = set(ranked[:K])
    first = next((i for i, note in enumerate(ranked, 1) if note in relevant), None)
    return {"recall@3": len(top & set(relevant)) / min(len(relevant), K),
            "hit@3": float(bool(top & set(relevant))),
            "mrr": 1.0 / first if first else 0.0}


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(sum(r[key] for r in rows) / len(rows), 4) for key in rows[0]}


def run_retrieval_eval(settings: Settings, path: Path = DATASET,
                       knowledge: Knowledge | None = None,
                       embedder: Embedder | None = None) -> dict[str, Any]:
    """recall@3, hit@3, MRR with and without the stage preference; the misses."""
    knowledge = knowledge or default_knowledge()
    items = load_dataset(path, knowledge)
    retriever = Retriever(settings, knowledge, embedder)
    result: dict[str, Any] = {"dataset": str(path), "items": len(items), "k": K}
    misses: list[dict[str, Any]] = []
    for label, filtered in (("with_stage", True), ("without_stage", False)):
        rows = []
        for item in items:
            hits = retriever.search(item["query"], stage=item["stage"] if filtered else None,
                                    k=DEPTH)
            ranked = [h.note_id for h in hits]
            rows.append(_scores(ranked, item["relevant"]))
            if filtered and rows[-1]["recall@3"] < 1:
                misses.append({"query": item["query"], "stage": item["stage"],
                               "relevant": item["relevant"], "top3": ranked[:K]})
        result[label] = _mean(rows)
    result["misses"] = misses
    return result

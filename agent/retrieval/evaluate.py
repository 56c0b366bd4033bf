"""How well retrieval finds the notes a human labelled relevant.

Two labelled sets in evals/: retrieval.yaml, the development set that retrieval and the notes
were tuned against, and retrieval_heldout.yaml, written from the note catalogue alone (titles
and tags, never the note text or search results), which keeps the figures honest about answers
nobody tuned for. Format: `items: [{query, stage, question?, relevant: [note ids]}]`; the
optional question id is the interview the snippet came from, as the engine would know it.

Scored the way the interviewer searches (Retriever.grounding): topic notes only, since the
current stage's note is already in every interviewer turn. Labels naming a stage note stay in
the files as relevance judgements but are not scored; an item labelled with stage notes only
is counted and skipped. Scored on note ids (a note counts once, whichever section matched), in
the engine's context (the stage and question preferences, and the stage's gaps as they stand
after this snippet as a first answer, exactly as nodes.py asks) and for the query alone, so
the context's contribution stays visible.

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
from agent.matching import cued
from agent.paths import EVALS_DIR
from agent.retrieval.embeddings import Embedder
from agent.retrieval.search import NotesRetriever

DATASET = EVALS_DIR / "retrieval.yaml"
HELDOUT = EVALS_DIR / "retrieval_heldout.yaml"
DATASETS = {"dev": DATASET, "held-out": HELDOUT}
K = 3
DEPTH = 10  # ranks looked at for MRR


class EvalDataError(InterviewerError):
    """The retrieval eval dataset is malformed; the message names the file and the item."""


def _check_item(raw: Any, n: int, path: Path, knowledge: Knowledge) -> dict[str, Any]:
    where = f"{path}: item {n}"
    if not isinstance(raw, dict):
        raise EvalDataError(f"{where}: expected a mapping with query, stage, relevant")
    query, stage, relevant = raw.get("query"), raw.get("stage"), raw.get("relevant")
    if not isinstance(query, str) or not query.strip():
        raise EvalDataError(f"{where}: 'query' must be a non-empty string")
    if stage not in STAGES:
        raise EvalDataError(f"{where}: 'stage' must be one of {', '.join(STAGES)} (got {stage!r})")
    if (
        not isinstance(relevant, list)
        or not relevant
        or not all(isinstance(r, str) for r in relevant)
    ):
        raise EvalDataError(f"{where}: 'relevant' must be a non-empty list of note ids")
    if unknown := [r for r in relevant if r not in knowledge.notes]:
        raise EvalDataError(f"{where}: unknown note id(s) {', '.join(unknown)}")
    question = raw.get("question")
    if question is not None and question not in knowledge.questions:
        raise EvalDataError(f"{where}: unknown question {question!r}")
    return {"query": query.strip(), "stage": stage, "question": question, "relevant": relevant}


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
    return [_check_item(raw, n, path, knowledge) for n, raw in enumerate(items, 1)]


def _scores(ranked: list[str], relevant: list[str]) -> dict[str, float]:
    top = set(ranked[:K])
    first = next((i for i, note in enumerate(ranked, 1) if note in relevant), None)
    return {
        "recall@3": len(top & set(relevant)) / min(len(relevant), K),
        "hit@3": float(bool(top & set(relevant))),
        "mrr": 1.0 / first if first else 0.0,
    }


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(sum(r[key] for r in rows) / len(rows), 4) for key in rows[0]}


def _gaps(knowledge: Knowledge, item: dict[str, Any]) -> list[str]:
    """The stage's checklist items the snippet's words do not cover (the offline cue match)."""
    checklist = knowledge.stages[item["stage"]].checklist
    said = cued(item["query"], checklist)
    return [i.text for i in checklist if i.id not in said]


def run_retrieval_eval(
    settings: Settings,
    path: Path = DATASET,
    knowledge: Knowledge | None = None,
    embedder: Embedder | None = None,
) -> dict[str, Any]:
    """recall@3, hit@3, MRR in context and for the query alone; the misses in context."""
    knowledge = knowledge or default_knowledge()
    items = load_dataset(path, knowledge)
    scored = [
        item | {"relevant": topics}
        for item in items
        if (topics := [n for n in item["relevant"] if knowledge.notes[n].kind == "topic"])
    ]
    retriever = NotesRetriever(settings, knowledge, embedder)
    result: dict[str, Any] = {
        "dataset": str(path),
        "items": len(scored),
        "stage_only_skipped": len(items) - len(scored),
        "k": K,
    }
    misses: list[dict[str, Any]] = []
    for label, in_context in (("in_context", True), ("query_only", False)):
        rows = []
        for item in scored:
            gaps = _gaps(knowledge, item) if in_context else []
            hits = retriever.grounding(
                item["query"],
                gaps,
                k=DEPTH,
                stage=item["stage"] if in_context else None,
                question_id=item["question"] if in_context else None,
            )
            ranked = [h.note_id for h in hits]
            rows.append(_scores(ranked, item["relevant"]))
            if in_context and rows[-1]["recall@3"] < 1:
                misses.append(
                    {
                        "query": item["query"],
                        "stage": item["stage"],
                        "relevant": item["relevant"],
                        "top3": ranked[:K],
                    }
                )
        result[label] = _mean(rows)
    result["misses"] = misses
    return result

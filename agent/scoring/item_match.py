"""How an answer sentence matches a checklist item: by naming one of its key terms, or by
meaning, clause by clause (coverage.py credits the item from either)."""

from __future__ import annotations

import re

import numpy as np

from agent.matching import normalise
from agent.scoring import text as T
from agent.scoring.credit import Item
from agent.scoring.vectors import Vectors

_CLAUSE = re.compile(r"[,;:()]|\s(?:and then|then|and|but|which|so)\s", re.IGNORECASE)
MIN_CLAUSE = 4  # words: a shorter piece ("pure and simple") is not a point of its own


def terms_found(sentence: str, items: list[Item]) -> list[set[str]]:
    """Per item: the key terms the sentence names, and its other names found whole."""
    normalised, stems = normalise(sentence), T.stems(sentence)
    return [
        {t.lower() for t in i.terms if T.term_in(t, normalised, stems)}
        | {n.strip() for n in i.names if n in normalised}  # both normalised: whole words
        for i in items
    ]


def distinct_things(found: list[set[str]]) -> int:
    """How many distinct things per-item terms (`terms_found`) name: items named by the same
    words, or by words one holding the other ("recall@k" for a metric item and for a key point,
    "p99" and "p99 latency"), name one thing, so a dense answer is not taken for a keyword
    list."""
    groups: list[set[str]] = []
    for terms in found:
        if not terms:
            continue
        joined = [g for g in groups if any(a in b or b in a for a in terms for b in g)]
        groups = [g for g in groups if g not in joined] + [terms.union(*joined)]
    return len(groups)


def by_clause(vectors: Vectors, said: list[str], texts: list[str]) -> np.ndarray:
    """Each sentence's similarity to each text, the best of the whole sentence and its
    clauses: one long sentence making three points reads like each of them, as the same
    points said in three short sentences do, so how an answer is cut up changes nothing."""
    parts = [[s] + [c for c in _CLAUSE.split(s) if len(T.words(c)) >= MIN_CLAUSE] for s in said]
    flat = [p for group in parts for p in group]
    table = vectors.similarity(flat, texts)
    rows, start = [], 0
    for group in parts:
        rows.append(table[start : start + len(group)].max(axis=0))
        start += len(group)
    return np.array(rows).reshape(len(said), len(texts))

"""The pure steps of the hybrid search: the section filters both rankings share, reciprocal
rank fusion, and one hit per note; kept apart from the retriever, which holds the index.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.retrieval.protocol import Hit

RRF_K = 60  # Cormack et al. (2009), untuned


def store_filter(sections: list[str] | None) -> dict[str, Any] | None:
    """Chroma filter for a section restriction, which can be narrow, so the store applies it.
    Excluded kinds (the seven stage notes) are few: they are dropped after the query, since a
    metadata filter makes Chroma's query several times slower at thousands of passages."""
    return None if sections is None else {"section": {"$in": sections}}


def keeper(
    sections: list[str] | None, exclude_kinds: list[str]
) -> Callable[[dict[str, Any]], bool]:
    """Whether a section passes the search's filters (both rankings use it)."""

    def keep(meta: dict[str, Any]) -> bool:
        return (sections is None or meta["section"] in sections) and meta[
            "kind"
        ] not in exclude_kinds

    return keep


def fuse(*rankings: list[str]) -> dict[str, float]:
    """Reciprocal rank fusion, scaled so that first place in every ranking scores 1.0."""
    scale = (RRF_K + 1) / len(rankings)
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, chunk in enumerate(ranking, 1):
            fused[chunk] = fused.get(chunk, 0.0) + scale / (RRF_K + rank)
    return fused


def one_per_note(ranked: list[Hit], k: int) -> list[Hit]:
    """The best hit of each note first; other sections only when there are fewer notes than k."""
    seen: set[str] = set()
    firsts = [h for h in ranked if not (h.note_id in seen or seen.add(h.note_id))]
    if len(firsts) >= k:
        return firsts[:k]
    chosen = {h.source for h in firsts}
    return firsts + [h for h in ranked if h.source not in chosen][: k - len(firsts)]

"""Query the knowledge index: the few note sections that ground the interviewer's next move.

Ranking is cosine similarity, plus a small bonus for notes the current question lists (they are
the ones its author thought relevant), with at most one section per note so three hits are
three different ideas. Ties break on the chunk id, so the same query always gives the same list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from agent.config import Settings
from agent.knowledge import Knowledge, Stage, default_knowledge
from agent.retrieval.embeddings import Embedder, make_embedder
from agent.retrieval.index import IndexReport, refresh_index
from agent.retrieval.store import open_collection

QUESTION_BONUS = 0.05  # added to the cosine similarity of notes the question lists
CANDIDATES = 40  # chunks fetched per query before re-ranking and one-per-note selection
ANSWER_WORDS = 60
ITEM_WORDS = 20
MAX_ITEMS = 3


@dataclass(frozen=True)
class Hit:
    note_id: str
    section: str
    title: str
    text: str
    score: float

    @property
    def source(self) -> str:
        return f"{self.note_id}#{self.section}"


def _where(stage: Stage | None, sections: Iterable[str] | None,
           exclude_kinds: Iterable[str]) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = []
    if stage is not None:
        clauses.append({f"stage_{stage}": True})
    if sections is not None:
        clauses.append({"section": {"$in": list(sections)}})
    if kinds := list(exclude_kinds):
        clauses.append({"kind": {"$nin": kinds}})
    if len(clauses) > 1:
        return {"$and": clauses}
    return clauses[0] if clauses else None


def _one_per_note(ranked: list[Hit], k: int) -> list[Hit]:
    """The best hit of each note first; other sections only when there are fewer notes than k."""
    seen: set[str] = set()
    firsts = [h for h in ranked if not (h.note_id in seen or seen.add(h.note_id))]
    if len(firsts) >= k:
        return firsts[:k]
    chosen = {h.source for h in firsts}
    return firsts + [h for h in ranked if h.source not in chosen][: k - len(firsts)]


class Retriever:
    """Searches the knowledge index, refreshing it (changed notes only) on first use."""

    def __init__(self, settings: Settings, knowledge: Knowledge | None = None,
                 embedder: Embedder | None = None):
        self.settings = settings
        self.knowledge = knowledge or default_knowledge()
        self.embedder = embedder or make_embedder(settings)
        self.report: IndexReport | None = None
        self._collection: Any = None

    def refresh(self) -> IndexReport:
        self.report = refresh_index(self.settings, self.knowledge, self.embedder)
        self._collection = open_collection(self.settings)
        return self.report

    def search(self, query: str, *, stage: Stage | None = None, question_id: str | None = None,
               k: int = 3, sections: Iterable[str] | None = None,
               exclude_kinds: Iterable[str] = ()) -> list[Hit]:
        if k <= 0 or not query.strip():
            return []
        if self._collection is None:
            self.refresh()
        boosted = set(self.knowledge.question(question_id).notes) if question_id else set()
        result = self._collection.query(
            query_embeddings=self.embedder.embed([query]),
            n_results=max(CANDIDATES, 4 * k),
            where=_where(stage, sections, exclude_kinds),
            include=["documents", "metadatas", "distances"])
        hits = [
            Hit(note_id=meta["note_id"], section=meta["section"], title=meta["title"],
                text=doc, score=1.0 - dist + (QUESTION_BONUS if meta["note_id"] in boosted else 0))
            for doc, meta, dist in zip(result["documents"][0], result["metadatas"][0],
                                       result["distances"][0])
        ]
        hits.sort(key=lambda h: (-round(h.score, 6), h.source))
        return _one_per_note(hits, k)


def _clip(text: str, words: int) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def follow_up_query(answer: str, uncovered: list[str]) -> str:
    """A short query: the candidate's last answer, then what the stage has not covered yet.

    The answer keeps the search on the candidate's own design; the uncovered checklist items
    pull it toward what a follow-up should probe. Both are clipped so the query stays well
    inside the embedder's 256-token window.
    """
    parts = [_clip(answer, ANSWER_WORDS)] if answer.strip() else []
    parts += [_clip(item, ITEM_WORDS) for item in uncovered[:MAX_ITEMS] if item.strip()]
    return " ".join(p.rstrip(".") + "." for p in parts)

"""Query the knowledge index: the few note sections that ground the interviewer's next move.

Hybrid ranking: the dense ranking from Chroma (MiniLM cosine over passages, each section ranked
by its best passage) and a BM25 ranking over whole sections are fused with reciprocal rank
fusion (Cormack et al., 2009, k=60, equal weights: no tuning), so both paraphrases and exact
terms count. The current stage is a preference, not a wall: notes tagged for it get a bonus,
because candidates bring up imbalance in the problem stage or A/B tests while talking metrics,
and a hard filter would hide exactly those notes. Notes the current question lists get a
smaller bonus (their author thought them relevant); at most one section per note, so three hits
are three different ideas. Ties break on the chunk id: the same query always gives the same
list. The fusion and the filters are in ranking.py; this module holds the index and queries it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from agent.config import Settings
from agent.knowledge import Knowledge, Stage, default_knowledge
from agent.retrieval.embeddings import Embedder, make_embedder
from agent.retrieval.index import IndexReport, note_chunks, refresh_index
from agent.retrieval.lexical import BM25
from agent.retrieval.protocol import ITEM_WORDS, MAX_ITEMS, Hit, clip
from agent.retrieval.ranking import fuse, keeper, one_per_note, store_filter
from agent.retrieval.store import open_collection

QUESTION_BONUS = 0.05  # on the fused score's 0-1 scale: about ten places in one ranking
STAGE_BONUS = 0.1  # about twenty places: same-stage notes win unless clearly less relevant
CANDIDATES = 100  # sections taken from each ranking: deep enough that fusion sees both ranks
PASSAGES_PER_SECTION = 5  # dense passages fetched per section wanted (sections have ~5 bullets)
TOWARD_WEIGHT = 0.2  # how far gaps tilt the dense query: at 0.3-0.5 recall@3 on the answer's
# own notes fell (retrieval eval); spelled into the query text it fell 0.1


class NotesRetriever:
    """The `Retriever` over the knowledge index: hybrid dense + BM25 search, refreshing the index
    (changed notes only) on first use. `Hit.score` is the fused rank score: 1.0 = first in both
    rankings."""

    def __init__(
        self,
        settings: Settings,
        knowledge: Knowledge | None = None,
        embedder: Embedder | None = None,
    ):
        self.settings = settings
        self.knowledge = knowledge or default_knowledge()
        self.embedder = embedder or make_embedder(settings)
        self.report: IndexReport | None = None
        self._collection: Any = None  # set by refresh(), on first search
        self._meta: dict[str, dict[str, Any]] = {}  # chunk id -> metadata
        self._text: dict[str, str] = {}  # chunk id -> section text
        self._lexical = BM25({})
        self._toward: dict[str, np.ndarray] = {}  # text -> vector, for `toward` texts
        self._lock = threading.Lock()

    def ready(self) -> None:
        """Refresh once, on first use; safe to call from a warm-up thread and a request at once."""
        with self._lock:
            if self._collection is None:
                self.refresh()

    def refresh(self) -> IndexReport:
        """Sync the store with the notes; rebuild the in-memory chunk table and BM25 index."""
        self.report = refresh_index(self.settings, self.knowledge, self.embedder)
        self._collection = open_collection(self.settings)
        chunks = [
            c
            for note in self.knowledge.notes.values()
            for c in note_chunks(note, self.embedder.name)
        ]
        self._meta = {chunk_id: meta for chunk_id, _, meta in chunks}
        self._text = {
            chunk_id: self.knowledge.notes[meta["note_id"]].sections[meta["section"]]
            for chunk_id, meta in self._meta.items()
        }
        self._lexical = BM25({chunk_id: document for chunk_id, document, _ in chunks})
        return self.report

    def search(
        self,
        query: str,
        *,
        stage: Stage | None = None,
        question_id: str | None = None,
        k: int = 3,
        sections: Iterable[str] | None = None,
        exclude_kinds: Iterable[str] = (),
        toward: Sequence[str] = (),
    ) -> list[Hit]:
        """The k best sections, one per note. `toward`: texts the dense half of the ranking
        leans toward a little (the stage's gaps); the lexical half reads the query alone."""
        if k <= 0 or not query.strip():
            return []
        self.ready()
        boosted = set(self.knowledge.question(question_id).notes) if question_id else set()
        sections = None if sections is None else list(sections)
        kinds = list(exclude_kinds)
        n = max(CANDIDATES, 4 * k)
        keep = keeper(sections, kinds)
        dense = [
            c
            for c in self._dense(self._vector(query, toward), n, store_filter(sections))
            if c in self._meta and keep(self._meta[c])
        ]
        lexical = self._lexical.rank(query, n, lambda chunk: keep(self._meta[chunk]))
        fused = fuse(dense, lexical)
        hits = [self._hit(chunk, score, boosted, stage) for chunk, score in fused.items()]
        hits.sort(key=lambda h: (-round(h.score, 9), h.source))
        return one_per_note(hits, k)

    def grounding(
        self,
        answer: str,
        gaps: Sequence[str] = (),
        *,
        stage: Stage | None,
        question_id: str | None,
        k: int = 3,
    ) -> list[Hit]:
        """What the interviewer grounds a follow-up in: the notes about the candidate's answer,
        tilted toward what the stage has not covered yet (its first few gaps). Topic notes
        only, since the current stage's note (its checklist) is in every interviewer turn."""
        return self.search(
            answer,
            stage=stage,
            question_id=question_id,
            k=k,
            exclude_kinds=("stage",),
            toward=[clip(g, ITEM_WORDS) for g in gaps[:MAX_ITEMS] if g.strip()],
        )

    def _vector(self, query: str, toward: Sequence[str]) -> list[list[float]]:
        """The query's vector, tilted toward `toward`; those are checklist texts, a small fixed
        set, so their vectors are kept after the first use."""
        if missing := [t for t in dict.fromkeys(toward) if t not in self._toward]:
            self._toward.update(zip(missing, np.asarray(self.embedder.embed(missing))))
        vector = np.asarray(self.embedder.embed([query])[0])
        if toward:
            vector = vector + TOWARD_WEIGHT * np.mean([self._toward[t] for t in toward], axis=0)
        return [(vector / np.linalg.norm(vector)).tolist()]

    def _dense(self, vector: list[list[float]], n: int, where: dict[str, Any] | None) -> list[str]:
        """Sections ranked by their best-matching passage (passage id = section id + "#n")."""
        found = self._collection.query(
            query_embeddings=vector, n_results=n * PASSAGES_PER_SECTION, where=where, include=[]
        )["ids"][0]
        return list(dict.fromkeys(passage.rsplit("#", 1)[0] for passage in found))[:n]

    def _hit(self, chunk: str, score: float, boosted: set[str], stage: Stage | None) -> Hit:
        meta = self._meta[chunk]
        score += QUESTION_BONUS if meta["note_id"] in boosted else 0.0
        score += STAGE_BONUS if stage is not None and meta[f"stage_{stage}"] else 0.0
        return Hit(
            note_id=meta["note_id"],
            section=meta["section"],
            title=meta["title"],
            text=self._text[chunk],
            score=score,
        )

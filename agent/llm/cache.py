"""An on-disk reply cache in front of LLM, so re-running an eval costs no model calls.

`CachedLLM` has the LLM surface that `structured()` and the graders use (`chat`, `model`,
`endpoint`, `settings`, `usage`). A reply is keyed by a sha256 of the endpoint, the model, the
messages and the effective sampling parameters (the settings' temperature, seed and token limit,
overridden by the call's own params), so changing any of them misses the cache.

Repeats must stay independent samples, not one cached answer replayed N times: the key also
holds `sample` (the harness passes the repeat number) and how many identical requests this
instance has already made, so the k-th identical ask maps to the k-th stored reply. A re-run
replays the same replies in the same order.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from agent.config import Settings
from agent.llm.client import LLM
from agent.llm.replies import Messages, Reply, Usage


class CachedLLM:
    """LLM.chat with replies stored under `cache_dir`; `enabled=False` (--no-cache) bypasses it."""

    def __init__(self, llm: LLM, cache_dir: Path, enabled: bool = True, *, sample: int = 0):
        self.llm, self.cache_dir, self.enabled, self.sample = llm, Path(cache_dir), enabled, sample
        self.usage = Usage()  # tokens of real calls only: a hit costs nothing
        self.hits = 0
        self._seen: Counter[str] = Counter()
        self._lock = threading.Lock()

    @property
    def model(self) -> str:
        return self.llm.model

    @property
    def endpoint(self) -> str:
        return self.llm.endpoint

    @property
    def settings(self) -> Settings:
        return self.llm.settings

    def chat(self, messages: Messages, **params: Any) -> Reply:
        """The cached reply (zero usage) when there is one, else a real call, then stored."""
        if not self.enabled:
            return self._count(self.llm.chat(messages, **params))
        path = self._path(self._key(messages, params))
        stored = _read(path)
        if stored is not None:
            with self._lock:
                self.hits += 1
            return Reply(stored, Usage())
        reply = self._count(self.llm.chat(messages, **params))
        _write_atomic(path, json.dumps({"text": reply.text}))
        return reply

    def _count(self, reply: Reply) -> Reply:
        with self._lock:
            self.usage.add(reply.usage)
        return reply

    def _key(self, messages: Messages, params: dict[str, Any]) -> str:
        s = self.settings
        effective = {
            "temperature": s.temperature,
            "seed": s.seed,
            "max_tokens": s.answer_tokens,
        } | params
        request = json.dumps(
            {
                "endpoint": self.endpoint,
                "model": self.model,
                "messages": messages,
                "params": effective,
            },
            sort_keys=True,
            default=str,
        )
        with self._lock:  # the n-th identical request of this instance
            nth = self._seen[request]
            self._seen[request] += 1
        keyed = json.dumps({"request": request, "sample": self.sample, "nth": nth})
        return hashlib.sha256(keyed.encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.cache_dir / key[:2] / f"{key}.json"


def _read(path: Path) -> str | None:
    """The stored text, or None when absent or unreadable (a damaged entry is just a miss)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))["text"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_atomic(path: Path, data: str) -> None:
    """Write beside the target, then rename: a concurrent reader sees all of it or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

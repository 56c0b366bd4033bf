"""Measure an endpoint for `mlsd doctor`: its slots and context where the server reports them
(llama.cpp `/props`, Ollama `/api/show`), and its reading and writing speed from one call.

Speed is timed on a prompt the server cannot have cached (it opens with a fresh nonce), so a
second doctor run measures reading, not the cache. llama.cpp reports its own timings in the
stream's last chunk; elsewhere the wall clock stands in (network time included, so a lower
bound on speed).
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx2

from agent.llm.client import LLM
from agent.measured import ServerFacts

# filler the size of a short turn's new text (about 400 tokens), so reading is timed on
# enough tokens to swamp the request's fixed cost
_READING = (
    "A ranking model scores each candidate item for a user from features of the user, the "
    "item and the context, is trained on logged impressions with clicks as labels, and is "
    "served behind a candidate generator under a latency budget. "
) * 9
PROBE_TOKENS = 48


def measure(llm: LLM) -> ServerFacts:
    """Slots and context (when reported) and speed; raises LLMError if the call fails."""
    facts = ServerFacts(measured_at=datetime.now(UTC).isoformat(timespec="seconds"))
    facts.slots, facts.context = _reported(llm)
    facts.read_per_s, facts.write_per_s = _speed(llm)
    return facts


def _reported(llm: LLM) -> tuple[int | None, int | None]:
    """(slots, context) from llama.cpp's /props or Ollama's /api/show; (None, None) otherwise."""
    root = llm.endpoint.removesuffix("/v1")
    props = _json(lambda c: c.get(f"{root}/props"))
    if isinstance(props, dict) and "default_generation_settings" in props:
        n_ctx = (props.get("default_generation_settings") or {}).get("n_ctx")
        return _int(props.get("total_slots")), _int(n_ctx)
    shown = _json(lambda c: c.post(f"{root}/api/show", json={"model": llm.model}))
    info = shown.get("model_info") if isinstance(shown, dict) else None
    if isinstance(info, dict):
        context = next((v for k, v in info.items() if k.endswith(".context_length")), None)
        return None, _int(context)
    return None, None


def _json(request: Any) -> Any:
    """A short loopback-friendly request; anything but a JSON answer is None (not reported)."""
    try:
        with httpx2.Client(timeout=5.0) as client:
            response = request(client)
            return response.json() if response.is_success else None
    except (httpx2.HTTPError, ValueError):
        return None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and value > 0 else None


def _speed(llm: LLM) -> tuple[float | None, float | None]:
    """Prompt tokens read and tokens written per second, from one streamed call."""
    prompt = f"[{uuid.uuid4().hex}] {_READING}\nSummarise the text above in one sentence."
    started, first = time.monotonic(), None
    for _ in llm.stream([{"role": "user", "content": prompt}], max_tokens=PROBE_TOKENS):
        first = first or time.monotonic()
    ended, usage = time.monotonic(), llm.last_usage
    timings = llm.last_timings or {}
    read = timings.get("prompt_per_second")
    write = timings.get("predicted_per_second")
    if read is None and first is not None and usage.prompt_tokens:
        read = usage.prompt_tokens / max(first - started, 1e-3)
    if write is None and first is not None and usage.completion_tokens > 1:
        write = (usage.completion_tokens - 1) / max(ended - first, 1e-3)
    return _rounded(read), _rounded(write)


def _rounded(value: Any) -> float | None:
    return round(float(value), 1) if isinstance(value, (int, float)) and value > 0 else None

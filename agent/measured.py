"""What `mlsd doctor` measured about an endpoint, kept beside the sessions for the auto settings.

A server's speed decides whether a second call per turn (the model's own decision) or a
grading call beside a turn is affordable; its context size bounds every prompt. Doctor
measures them once; `Settings` reads them back when `grading` or `decisions` is auto.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ValidationError

FACTS_FILE = "endpoint_facts.json"
# a server at least this fast answers two calls a turn, or a turn beside a grading call,
# within a few seconds: a GPU or a hosted API; a laptop CPU is well below both
FAST_READ_PER_S = 400.0
FAST_WRITE_PER_S = 25.0


class ServerFacts(BaseModel):
    slots: int | None = None  # requests the server runs at once (llama.cpp total_slots)
    context: int | None = None  # tokens of context per request (llama.cpp n_ctx, Ollama's)
    read_per_s: float | None = None  # prompt tokens read per second, cache defeated
    write_per_s: float | None = None  # tokens written per second
    measured_at: str = ""

    @property
    def fast(self) -> bool | None:
        """Whether the server is fast enough for two calls a turn; None when not measured."""
        if self.read_per_s is None or self.write_per_s is None:
            return None
        return self.read_per_s >= FAST_READ_PER_S and self.write_per_s >= FAST_WRITE_PER_S


def facts_key(endpoint: str, model: str | None) -> str:
    return f"{endpoint}|{model or ''}"


def load_facts(data_dir: Path, endpoint: str, model: str | None) -> ServerFacts | None:
    """The facts doctor saved for this endpoint and model; None if never measured (or the
    file is unreadable: the auto settings then fall back to where the server runs)."""
    try:
        known = json.loads((data_dir / FACTS_FILE).read_text())
        found = known.get(facts_key(endpoint, model))
        return ServerFacts.model_validate(found) if found is not None else None
    except (OSError, ValueError, AttributeError, ValidationError):
        return None


def save_facts(data_dir: Path, endpoint: str, model: str | None, facts: ServerFacts) -> None:
    path = data_dir / FACTS_FILE
    try:
        known = json.loads(path.read_text())
        known = known if isinstance(known, dict) else {}
    except (OSError, ValueError):
        known = {}
    known[facts_key(endpoint, model)] = facts.model_dump(exclude_none=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(known, indent=1))

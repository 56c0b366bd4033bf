"""What a chat call takes (Messages) and gives back (a Reply with its token Usage) or raises
(LLMError): shared by the client, the reply cache, structured output and the graders' totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agent.errors import InterviewerError

Messages = list[dict[str, str]]


class LLMError(InterviewerError):
    """A model call failed; str() is a readable one-paragraph explanation."""

    def __init__(self, endpoint: str, model: str | None, what: str, status: int | None = None):
        self.endpoint, self.model, self.what, self.status = endpoint, model, what, status
        which = f"model {model}" if model else "no model set: the first one it lists"
        super().__init__(f"The model endpoint {endpoint} ({which}) {what}")


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    calls: int = 0

    def add(self, other: Usage) -> Usage:
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.cached_tokens += other.cached_tokens
        self.calls += other.calls
        return self

    @classmethod
    def of(cls, raw: Any) -> Usage:
        if raw is None:
            return cls(calls=1)
        details = getattr(raw, "prompt_tokens_details", None)
        return cls(
            prompt_tokens=raw.prompt_tokens or 0,
            completion_tokens=raw.completion_tokens or 0,
            cached_tokens=(getattr(details, "cached_tokens", 0) or 0) if details else 0,
            calls=1,
        )


@dataclass
class Reply:
    text: str
    usage: Usage = field(default_factory=Usage)
    cut_off: bool = False  # stopped by max_tokens, not by the model

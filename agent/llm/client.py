"""The one place that talks to a model: any OpenAI-compatible chat endpoint.

Every failure becomes an LLMError whose message names the endpoint, the model and what went
wrong, so front ends can show it as is. Structured output lives in structured.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import openai

from agent.config import Settings
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


class LLM:
    """Chat, streaming and model listing against the configured endpoint."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.endpoint = settings.endpoint
        key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
        self._client = openai.OpenAI(
            base_url=self.endpoint,
            api_key=key,
            timeout=settings.timeout,
            max_retries=settings.retries,
        )
        self._model = settings.model
        self.usage = Usage()  # running total for this client

    @property
    def model(self) -> str:
        """The configured model, or the first one the endpoint lists."""
        if self._model is None:
            models = self.list_models()
            if not models:
                raise LLMError(self.endpoint, None, "lists no models: set MLSD_MODEL.")
            self._model = models[0]
        return self._model

    def close(self) -> None:
        """Close the connection; a request in flight (in another thread) fails at once, and
        a llama.cpp server stops generating for it."""
        self._client.close()

    def list_models(self) -> list[str]:
        with self._errors():
            return [m.id for m in self._client.models.list().data]

    def chat(self, messages: Messages, **params: Any) -> Reply:
        with self._errors():
            response = self._client.chat.completions.create(**self._request(messages, params))
        choice = response.choices[0] if response.choices else None
        if choice is None or choice.message is None:
            raise LLMError(self.endpoint, self.model, "returned a reply with no message.")
        usage = Usage.of(response.usage)
        self.usage.add(usage)
        return Reply(choice.message.content or "", usage)

    def stream(self, messages: Messages, **params: Any) -> Iterator[str]:
        """Yield the reply's text as it arrives; the usage lands in `last_usage`."""
        self.last_usage = Usage(calls=1)
        request = self._request(messages, params) | {
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        finished = False
        with self._errors():
            for chunk in self._client.chat.completions.create(**request):
                if chunk.usage is not None:
                    self.last_usage = Usage.of(chunk.usage)
                for choice in chunk.choices:
                    if choice.delta and choice.delta.content:
                        yield choice.delta.content
                    finished = finished or choice.finish_reason is not None
        self.usage.add(self.last_usage)
        if not finished:
            raise LLMError(
                self.endpoint, self.model, "stopped streaming before the answer was complete."
            )

    def embed(self, texts: list[str], model: str) -> list[list[float]]:
        """Vectors from the endpoint's /v1/embeddings (e.g. Ollama's nomic-embed-text)."""
        with self._errors():
            response = self._client.embeddings.create(model=model, input=texts)
        return [item.embedding for item in sorted(response.data, key=lambda d: d.index)]

    def _request(self, messages: Messages, params: dict[str, Any]) -> dict[str, Any]:
        s = self.settings
        request: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": s.temperature,
            "max_tokens": s.answer_tokens,
        }
        if s.seed is not None:
            request["seed"] = s.seed
        return request | params

    def _errors(self) -> _Translate:
        return _Translate(self)


class _Translate:
    """Context manager turning SDK and transport errors into one LLMError."""

    def __init__(self, llm: LLM):
        self.llm = llm

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: Any
    ) -> bool:
        if error is None or isinstance(error, (LLMError, GeneratorExit, KeyboardInterrupt)):
            return False
        llm = self.llm
        status = getattr(error, "status_code", None)
        what = describe(error, llm.settings.timeout)
        raise LLMError(llm.endpoint, llm._model, what, status) from error


def describe(error: BaseException, timeout: float) -> str:
    """What went wrong, in words a candidate can act on."""
    if isinstance(error, openai.APITimeoutError):
        return f"did not answer within {timeout:g} s (MLSD_TIMEOUT); it may be overloaded or still loading the model."
    if isinstance(error, openai.APIConnectionError):
        return "could not be reached (connection refused or dropped). Is the server running, and is MLSD_BASE_URL right?"
    if isinstance(error, openai.AuthenticationError):
        return "rejected the API key (HTTP 401). Check MLSD_API_KEY."
    if isinstance(error, openai.NotFoundError):
        return "answered HTTP 404: the model or the route does not exist. Check MLSD_MODEL and MLSD_BASE_URL (it usually ends in /v1)."
    if isinstance(error, openai.APIStatusError):
        return f"answered HTTP {error.status_code}: {_short(error.message)}"
    if isinstance(error, (openai.APIResponseValidationError, ValueError)):
        return f"sent a response that is not valid OpenAI-format JSON ({_short(str(error))})."
    return f"failed: {type(error).__name__}: {_short(str(error))}"


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

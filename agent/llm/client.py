"""The one place that talks to a model: any OpenAI-compatible chat endpoint.

Every failure becomes an LLMError whose message names the endpoint, the model and what went
wrong (faults.py words it), so front ends can show it as is. Structured output lives in
structured.py; the Reply, Usage and LLMError types in replies.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from typing import Any, TypeVar

import openai

from agent.config import Settings
from agent.llm.cutoff import Cancelled, Cutoff
from agent.llm.faults import (
    AskedToWait,
    check_response,
    describe,
    unfinished_stream,
    wrong_shape,
)
from agent.llm.replies import LLMError, Messages, Reply, Usage
from agent.llm.waiting import count_down

T = TypeVar("T")


class LLM:
    """Chat, streaming and model listing against the configured endpoint."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.endpoint = settings.endpoint
        key = settings.api_key.get_secret_value() if settings.api_key else "not-needed"
        self._cutoff = Cutoff()
        hooks = {"request": [self._cutoff.watch], "response": [check_response]}
        self._client = openai.OpenAI(
            base_url=self.endpoint,
            api_key=key,
            timeout=settings.timeout,
            max_retries=settings.retries,
            http_client=openai.DefaultHttpxClient(event_hooks=hooks),  # the SDK's defaults
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
        """Give up this client: a request in flight (in another thread) fails at once (a
        llama.cpp server then stops generating for it), a Retry-After wait ends, and later
        requests fail without being sent."""
        self._cutoff.cut()
        self._client.close()

    def list_models(self) -> list[str]:
        page = self._send(self._client.models.list)
        data = getattr(page, "data", None)
        if not isinstance(data, list):
            raise LLMError(self.endpoint, self._model, wrong_shape(page, "a model list", "data"))
        return [m.id for m in data]

    def chat(self, messages: Messages, **params: Any) -> Reply:
        """The whole reply, read as a stream: MLSD_TIMEOUT then bounds the wait for the first
        token and each gap between tokens, never the whole reply (a CPU server writing a
        1,000-token verdict at 5 tokens/s is slow, not down)."""
        usage, ending = Usage(calls=1), {}
        text = "".join(self._pieces(messages, params, usage, ending))
        return Reply(text, usage, cut_off=ending.get("reason") == "length")

    def stream(self, messages: Messages, **params: Any) -> Iterator[str]:
        """Yield the reply's text as it arrives; the usage lands in `last_usage`."""
        self.last_usage = Usage(calls=1)
        yield from self._pieces(messages, params, self.last_usage)

    def _pieces(
        self, messages: Messages, params: dict[str, Any], usage: Usage, ending: dict | None = None
    ) -> Iterator[str]:
        """Stream one reply; `usage` is filled in from the server's usage chunk, `ending`
        gets the finish reason."""
        request = self._request(messages, params) | {
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        chunks = self._send(lambda: self._client.chat.completions.create(**request))
        finished, received, self.last_timings = False, 0, {}
        with self._errors(), closing(chunks):  # a reader that stops early closes the connection
            for chunk in chunks:
                if not isinstance(getattr(chunk, "choices", None), list):
                    shape = wrong_shape(chunk, "a chat completion chunk", "choices")
                    raise LLMError(self.endpoint, self.model, shape)
                if chunk.usage is not None:
                    vars(usage).update(vars(Usage.of(chunk.usage)))
                if isinstance(timings := getattr(chunk, "timings", None), dict):
                    self.last_timings = timings  # llama.cpp's own speed figures
                for choice in chunk.choices:
                    if choice.delta and choice.delta.content:
                        received += len(choice.delta.content)
                        yield choice.delta.content
                    finished = finished or choice.finish_reason is not None
                    if choice.finish_reason is not None and ending is not None:
                        ending["reason"] = choice.finish_reason
        self.usage.add(usage)
        if not finished:
            raise LLMError(self.endpoint, self.model, unfinished_stream(chunks.response, received))

    def embed(self, texts: list[str], model: str) -> list[list[float]]:
        """Vectors from the endpoint's /v1/embeddings (e.g. Ollama's nomic-embed-text)."""
        response = self._send(lambda: self._client.embeddings.create(model=model, input=texts))
        return [item.embedding for item in sorted(response.data, key=lambda d: d.index)]

    def _send(self, request: Callable[[], T]) -> T:
        """Make one request. A wait the endpoint asks for (Retry-After) is counted down on
        stderr and the request made again, at most MLSD_RETRIES times and MLSD_RETRY_WAIT s
        each; a longer wait fails at once, saying how long it asked for."""
        s, waits = self.settings, 0
        while True:
            with self._errors():
                try:
                    return request()
                except AskedToWait as asked:
                    if waits >= s.retries or asked.seconds > s.retry_wait:
                        raise
                    wait = asked
            waits += 1
            if not count_down(wait.seconds, wait.why, self._cutoff.done):
                raise LLMError(self.endpoint, self._model, CANCELLED)

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

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn SDK and transport errors into one LLMError (a Ctrl-C passes through)."""
        try:
            yield
        except LLMError:
            raise
        except Exception as error:
            status = getattr(error, "status_code", None) or getattr(error, "status", None)
            cut = isinstance(error, Cancelled) or self._cutoff.done.is_set()
            what = CANCELLED if cut else describe(error, self.settings)
            raise LLMError(self.endpoint, self._model, what, status) from error


CANCELLED = "was not waited for: the call was cancelled."

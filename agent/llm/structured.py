"""Structured output from any OpenAI-compatible endpoint, as a pydantic model.

Endpoints differ: OpenAI, vLLM and llama.cpp honour `json_schema`; some servers only know
`json_object`; some know neither. We try the modes in that order, then plain text with one
repair round, and remember per endpoint and model which mode worked so later calls go
straight to it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from agent.errors import first_problem
from agent.llm.client import LLM
from agent.llm.prompts import render
from agent.llm.replies import LLMError, Messages, Reply, Usage

T = TypeVar("T", bound=BaseModel)
MODES = ("json_schema", "json_object", "text")
_UNSUPPORTED_STATUS = {400, 404, 415, 422, 501}


class _ModeFailed(Exception):
    pass


class _RanOut(_ModeFailed):
    """The reply used all of max_tokens without finishing: a model that rambles (inside a
    grammar, often in whitespace) would spend the same budget in every other mode, minutes a
    try on a CPU, so the fallbacks stop here."""


class ModeMemory:
    """Which structured mode works for each (endpoint, model), kept in a small JSON file."""

    def __init__(self, path: Path):
        self.path = path

    def _load(self) -> dict[str, str]:
        try:
            return json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}

    def get(self, key: str) -> str | None:
        mode = self._load().get(key)
        return mode if mode in MODES else None

    def set(self, key: str, mode: str) -> None:
        known = self._load()
        if known.get(key) != mode:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(known | {key: mode}, indent=1))


class NoValidReply(LLMError):
    """The endpoint answered, but never with a valid instance of the schema (a model too
    small or too constrained for it); a connection or HTTP failure is a plain LLMError."""


def memory_for(llm: LLM) -> ModeMemory:
    return ModeMemory(llm.settings.data_dir / "endpoint_modes.json")


def structured(llm: LLM, messages: Messages, schema: type[T], **params: object) -> tuple[T, Usage]:
    """Ask for a `schema` instance; returns it with the tokens all attempts used."""
    memory, key = memory_for(llm), f"{llm.endpoint}|{llm.model}"
    usage = Usage()
    first = memory.get(key) or MODES[0]
    reasons = []
    for mode in MODES[MODES.index(first) :]:
        try:
            result = _attempt(llm, messages, schema, mode, usage, params)
        except _ModeFailed as failure:
            reasons.append(f"{mode}: {failure}")
            if isinstance(failure, _RanOut):
                break
            continue
        memory.set(key, mode)
        return result, usage
    raise NoValidReply(
        llm.endpoint,
        llm.model,
        f"gave no valid {schema.__name__} in any output mode ({'; '.join(reasons)}).",
    )


def _attempt(
    llm: LLM, messages: Messages, schema: type[T], mode: str, usage: Usage, params: dict
) -> T:
    json_schema = schema.model_json_schema()
    if mode == "json_schema":
        fmt = {
            "type": "json_schema",
            "json_schema": {"name": schema.__name__, "schema": json_schema},
        }
        return _parse(_ask(llm, messages, usage, params | {"response_format": fmt}), schema)
    asked = messages + [
        {"role": "system", "content": render("structured_output", schema=json.dumps(json_schema))}
    ]
    if mode == "json_object":
        fmt = {"type": "json_object"}
        return _parse(_ask(llm, asked, usage, params | {"response_format": fmt}), schema)
    reply = _ask(llm, asked, usage, params)
    try:
        return _parse(reply, schema)
    except _RanOut:
        raise
    except _ModeFailed as failure:  # one repair round, showing the model its own mistake
        repair = asked + [
            {"role": "assistant", "content": reply.text},
            {"role": "user", "content": render("json_repair", error=str(failure))},
        ]
        return _parse(_ask(llm, repair, usage, params), schema)


def _ask(llm: LLM, messages: Messages, usage: Usage, params: dict) -> Reply:
    try:
        reply = llm.chat(messages, **params)
    except LLMError as error:
        if error.status in _UNSUPPORTED_STATUS:
            raise _ModeFailed(f"rejected (HTTP {error.status})") from error
        raise
    usage.add(reply.usage)
    return reply


def _parse(reply: Reply, schema: type[T]) -> T:
    """The schema instance in the reply; a reply cut off by max_tokens with no valid object
    in it raises _RanOut (the fallbacks stop)."""
    try:
        return _parse_text(reply.text, schema)
    except _ModeFailed as failure:
        if reply.cut_off:
            raise _RanOut(f"{failure}; the reply ran to max_tokens without finishing") from None
        raise


def _parse_text(text: str, schema: type[T]) -> T:
    start, end = text.find("{"), text.rfind("}")
    if start < 0:
        raise _ModeFailed("the reply holds no JSON object")
    if end < start:
        raise _ModeFailed("the JSON object is cut off (MLSD_ANSWER_TOKENS too low?)")
    try:
        return schema.model_validate_json(text[start : end + 1])
    except ValidationError as error:
        raise _ModeFailed(
            f"invalid JSON for {schema.__name__} at {first_problem(error, root='(root)')}"
        ) from None

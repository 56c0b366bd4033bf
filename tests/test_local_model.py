"""Smoke test against a real llama.cpp server: streaming and json_schema structured output."""

import pytest
from pydantic import BaseModel, Field

from agent.config import load_settings
from agent.llm import LLM
from agent.structured import memory_for, structured

pytestmark = pytest.mark.local_model


class Colour(BaseModel):
    """A colour and how sure the model is."""

    name: str = Field(description="A colour name.")
    confidence: int = Field(ge=1, le=4, description="1-4.")


def test_streamed_chat(local_model):
    llm = LLM(load_settings())
    pieces = list(llm.stream([{"role": "user", "content": "Name one fruit."}], max_tokens=16))
    assert len(pieces) > 1 and "".join(pieces).strip()
    assert llm.last_usage.completion_tokens > 0 and llm.last_usage.prompt_tokens > 0


def test_json_schema_structured_call(local_model):
    llm = LLM(load_settings())
    colour, usage = structured(llm, [{"role": "user", "content": "Pick a colour."}], Colour,
                               max_tokens=64)
    assert isinstance(colour, Colour) and 1 <= colour.confidence <= 4
    assert usage.calls >= 1
    assert memory_for(llm).get(f"{llm.endpoint}|smollm2-135m") == "json_schema"

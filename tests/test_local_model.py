"""Smoke test against a real llama.cpp server: streaming and json_schema structured output."""

import pytest
from pydantic import BaseModel, Field

from agent.config import load_settings
from agent.llm.client import LLM
from agent.llm.structured import memory_for, structured

pytestmark = pytest.mark.local_model


class Colour(BaseModel):
    """A colour and how sure the model is."""

    # capped like every schema the app sends: a grammar-constrained 135M model otherwise
    # can write one endless string and be cut off
    name: str = Field(max_length=40, description="A colour name.")
    confidence: int = Field(ge=1, le=4, description="1-4.")


def test_streamed_chat(local_model):
    llm = LLM(load_settings())
    pieces = list(llm.stream([{"role": "user", "content": "Name one fruit."}], max_tokens=16))
    assert len(pieces) > 1 and "".join(pieces).strip()
    assert llm.last_usage.completion_tokens > 0 and llm.last_usage.prompt_tokens > 0


def test_json_schema_structured_call(local_model):
    llm = LLM(load_settings())
    # room to finish: the grammar lets a 135M model spend tokens on whitespace and a long name
    colour, usage = structured(
        llm, [{"role": "user", "content": "Pick a colour."}], Colour, max_tokens=256
    )
    assert colour.name.strip()
    assert usage.calls == 1 and usage.completion_tokens > 0  # the first mode answered
    assert memory_for(llm).get(f"{llm.endpoint}|smollm2-135m") == "json_schema"


def test_short_interview_with_the_local_model(local_model):
    from agent.interview.runtime import Runtime
    from agent.knowledge import default_knowledge

    question = default_knowledge().question("eta-prediction")
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview = runtime.interview("local")
    list(interview.start(question_id=question.id, question_text=question.prompt, at=0))
    answers = [
        "ETA for a ride: predict minutes to arrival, p99 latency under 50 ms, "
        "and the business wants fewer cancellations.",
        "/next",
        "Offline MAE and p90 absolute error in minutes; online the cancellation rate.",
        "/end",
        "/end",  # confirms
    ]
    for at, text in enumerate(answers, start=1):
        list(interview.send(text, at=at * 60.0))
    assert interview.ended
    from agent.knowledge import STAGES

    stages = [t["stage"] for t in interview.turns if t.get("kind") == "opening"]
    # the model decides when to move on; /next moves once more: in order, never skipping
    assert len(stages) >= 2 and stages == list(STAGES[: len(stages)])
    spoken = [t for t in interview.turns if t["role"] == "interviewer"]
    assert all(t["text"].strip() for t in spoken)

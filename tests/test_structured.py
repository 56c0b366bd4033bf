"""Structured output: json_schema, json_object and text+repair modes, and per-endpoint memory."""

import pytest
from pydantic import BaseModel, Field

from agent.config import load_settings
from agent.llm.client import LLM
from agent.llm.replies import LLMError
from agent.llm.structured import memory_for, structured

ASK = [{"role": "user", "content": "Rate it."}]


class Verdict(BaseModel):
    """A test schema."""

    reason: str = Field(description="Why.")
    score: int = Field(ge=1, le=4, description="The score.")


def test_json_schema_mode_sends_the_schema(endpoint):
    endpoint.reply_json({"reason": "clear", "score": 3})
    llm = LLM(load_settings())
    verdict, usage = structured(llm, ASK, Verdict)
    assert verdict == Verdict(reason="clear", score=3) and usage.calls == 1
    fmt = endpoint.chat_requests()[0]["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["schema"]["properties"]["score"]["maximum"] == 4
    assert memory_for(llm).get(f"{llm.endpoint}|scripted-model") == "json_schema"


def test_falls_back_to_json_object_and_remembers(endpoint):
    endpoint.reject = {"json_schema"}
    endpoint.reply_json({"reason": "ok", "score": 2}).reply_json({"reason": "again", "score": 4})
    llm = LLM(load_settings())
    assert structured(llm, ASK, Verdict)[0].score == 2
    assert structured(llm, ASK, Verdict)[0].score == 4
    kinds = [(r.get("response_format") or {}).get("type") for r in endpoint.chat_requests()]
    # first call: schema rejected, then json_object; second call goes straight to json_object
    assert kinds == ["json_schema", "json_object", "json_object"]
    assert "JSON schema" in endpoint.chat_requests()[1]["messages"][-1]["content"]


def test_text_mode_repairs_once(endpoint):
    endpoint.reject = {"json_schema", "json_object"}
    endpoint.reply("Sure! The score is high.").reply(
        '```json\n{"reason": "fixed", "score": 4}\n```'
    )
    verdict, usage = structured(LLM(load_settings()), ASK, Verdict)
    assert verdict.reason == "fixed" and usage.calls == 2
    repair = endpoint.chat_requests()[-1]["messages"]
    assert repair[-2] == {"role": "assistant", "content": "Sure! The score is high."}
    assert "no JSON object" in repair[-1]["content"]


def test_invalid_everywhere_is_one_readable_error(endpoint):
    endpoint.reply_json({"reason": "x", "score": 9})  # json_schema: out of range
    endpoint.reply_json({"reason": "x"})  # json_object: missing field
    endpoint.reply("no json").reply("still no json")  # text, then its repair
    with pytest.raises(LLMError) as caught:
        structured(LLM(load_settings()), ASK, Verdict)
    message = str(caught.value)
    assert "no valid Verdict" in message and "score" in message


def test_server_error_is_not_mistaken_for_an_unsupported_mode(endpoint):
    endpoint.fault("http500")
    with pytest.raises(LLMError, match="HTTP 500"):
        structured(LLM(load_settings()), ASK, Verdict)


def test_a_reply_that_runs_out_of_tokens_stops_the_fallbacks(endpoint):
    """A model that rambles to max_tokens inside the schema would spend the same budget in
    every other mode (minutes a try on a CPU): one call, then one readable error."""
    endpoint.fault("length", text='{"reason": "the answer names the metric and' + " then" * 40)
    with pytest.raises(LLMError) as caught:
        structured(LLM(load_settings()), ASK, Verdict, max_tokens=48)
    assert len(endpoint.chat_requests()) == 1
    assert "ran to max_tokens without finishing" in str(caught.value)


def test_a_cut_off_reply_that_holds_a_valid_object_is_taken(endpoint):
    endpoint.fault("length", text='{"reason": "clear", "score": 3} and then some more words')
    verdict, usage = structured(LLM(load_settings()), ASK, Verdict)
    assert verdict.score == 3 and usage.calls == 1

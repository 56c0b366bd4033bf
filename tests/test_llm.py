"""The LLM client against a real HTTP server: chat, streaming, usage and every injected fault."""

import pytest

from agent.config import load_settings
from agent.llm.client import LLM
from agent.llm.replies import LLMError
from tests.support.endpoint import dead_url

HELLO = [{"role": "user", "content": "hello"}]


def test_chat_returns_text_and_usage(endpoint):
    endpoint.reply("Hi there.", prompt_tokens=12, completion_tokens=3, cached_tokens=8)
    reply = LLM(load_settings()).chat(HELLO)
    assert reply.text == "Hi there."
    assert (reply.usage.prompt_tokens, reply.usage.completion_tokens) == (12, 3)
    assert reply.usage.cached_tokens == 8
    sent = endpoint.chat_requests()[0]
    assert sent["model"] == "scripted-model" and sent["messages"] == HELLO
    assert sent["seed"] == 7 and sent["temperature"] == 0.3


def test_stream_yields_pieces_in_order(endpoint):
    endpoint.reply("one two three four", prompt_tokens=5)
    llm = LLM(load_settings())
    pieces = list(llm.stream(HELLO))
    assert len(pieces) == 4 and "".join(pieces) == "one two three four"
    assert llm.last_usage.prompt_tokens == 5
    assert endpoint.chat_requests()[0]["stream"] is True


def test_model_defaults_to_first_listed(endpoint, monkeypatch):
    monkeypatch.delenv("MLSD_MODEL")
    endpoint.models = ("first-model", "second-model")
    endpoint.reply("ok")
    llm = LLM(load_settings())
    assert llm.chat(HELLO).text == "ok"
    assert endpoint.chat_requests()[0]["model"] == "first-model"


def test_refused_port_is_a_readable_error(monkeypatch):
    monkeypatch.setenv("MLSD_BASE_URL", dead_url())
    monkeypatch.setenv("MLSD_MODEL", "m")
    with pytest.raises(LLMError) as caught:
        LLM(load_settings()).chat(HELLO)
    assert "could not be reached" in str(caught.value)
    assert "127.0.0.1" in str(caught.value) and "model m" in str(caught.value)


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("refuse", "closed the connection without answering"),
        ("http500", "HTTP 500"),
        ("malformed", "not an event stream"),  # every call streams
        ("cut", "closed the connection mid-reply"),
    ],
)
def test_faults_become_one_readable_error(endpoint, fault, words):
    endpoint.fault(fault)
    with pytest.raises(LLMError) as caught:
        LLM(load_settings()).chat(HELLO)
    assert words in str(caught.value)
    assert endpoint.url in str(caught.value)


def test_slow_endpoint_times_out(endpoint, monkeypatch):
    monkeypatch.setenv("MLSD_TIMEOUT", "0.3")
    endpoint.fault("delay", delay=1.0, text="too late")
    with pytest.raises(LLMError) as caught:
        LLM(load_settings()).chat(HELLO)
    assert "did not answer within 0.3 s" in str(caught.value)


def test_a_slow_writer_is_waited_for_while_tokens_keep_coming(endpoint, monkeypatch):
    """MLSD_TIMEOUT bounds the wait for each token, not the whole reply: a structured reply
    written over 2.4 s, a piece every 0.3 s, comes back whole under a 1 s timeout."""
    from pydantic import BaseModel

    from agent.llm.structured import structured

    class Verdict(BaseModel):
        score: int
        why: str

    monkeypatch.setenv("MLSD_TIMEOUT", "1")
    endpoint.chunk_delay = 0.3
    endpoint.reply_json({"score": 3, "why": "it names the metric and the trade-off well"})
    verdict, usage = structured(LLM(load_settings()), HELLO, Verdict)
    assert verdict.score == 3 and verdict.why.endswith("trade-off well")
    assert usage.calls == 1 and usage.completion_tokens > 0


def test_stream_cut_midway_keeps_partial_text_and_raises(endpoint):
    endpoint.fault("cut", text="alpha beta gamma delta epsilon zeta")
    llm = LLM(load_settings())
    received = []
    with pytest.raises(LLMError) as caught:
        for piece in llm.stream(HELLO):
            received.append(piece)
    assert "".join(received).startswith("alpha beta")
    assert "zeta" not in "".join(received)
    # the server closes cleanly after half the pieces, with no finish_reason
    shown = len("".join(received))
    assert f"closed the connection mid-reply, after {shown} characters" in str(caught.value)


def test_stream_http500_raises_before_any_text(endpoint):
    endpoint.fault("http500")
    with pytest.raises(LLMError, match="HTTP 500"):
        list(LLM(load_settings()).stream(HELLO))

"""CachedLLM against the scripted HTTP endpoint: a hit makes no call, repeats stay separate."""

from __future__ import annotations

import threading

from pydantic import BaseModel

from agent.config import load_settings
from agent.llm.cache import CachedLLM
from agent.llm.client import LLM
from agent.llm.replies import Usage
from agent.llm.structured import structured

HELLO = [{"role": "user", "content": "hello"}]


class Verdict(BaseModel):
    """A test schema."""

    score: int


def test_a_second_client_replays_from_disk_with_no_call(endpoint, tmp_path):
    endpoint.reply("first", prompt_tokens=12, completion_tokens=3)
    llm = LLM(load_settings())
    first = CachedLLM(llm, tmp_path / "cache")
    assert first.chat(HELLO).text == "first"
    assert (first.usage.calls, first.usage.prompt_tokens, first.hits) == (1, 12, 0)
    again = CachedLLM(llm, tmp_path / "cache")
    reply = again.chat(HELLO)
    assert reply.text == "first" and reply.usage == Usage()
    assert again.hits == 1 and again.usage == Usage()
    assert len(endpoint.chat_requests()) == 1


def test_no_cache_calls_the_endpoint_every_time(endpoint, tmp_path):
    endpoint.reply("one").reply("two")
    llm = LLM(load_settings())
    CachedLLM(llm, tmp_path / "cache").chat(HELLO)
    fresh = CachedLLM(llm, tmp_path / "cache", enabled=False)
    assert fresh.chat(HELLO).text == "two" and fresh.hits == 0 and fresh.usage.calls == 1
    assert len(endpoint.chat_requests()) == 2


def test_repeats_and_identical_asks_are_separate_samples_replayed_in_order(endpoint, tmp_path):
    endpoint.reply("a").reply("b").reply("c")
    llm = LLM(load_settings())
    first = CachedLLM(llm, tmp_path / "cache", sample=0)
    assert [first.chat(HELLO).text, first.chat(HELLO).text] == ["a", "b"]
    assert CachedLLM(llm, tmp_path / "cache", sample=1).chat(HELLO).text == "c"
    replay = CachedLLM(llm, tmp_path / "cache", sample=0)
    assert [replay.chat(HELLO).text, replay.chat(HELLO).text] == ["a", "b"]
    assert len(endpoint.chat_requests()) == 3


def test_changed_params_or_settings_miss_the_cache(endpoint, tmp_path, monkeypatch):
    endpoint.reply("warm").reply("cold").reply("hot")
    cache = tmp_path / "cache"
    CachedLLM(LLM(load_settings()), cache).chat(HELLO)
    assert CachedLLM(LLM(load_settings()), cache).chat(HELLO, max_tokens=5).text == "cold"
    monkeypatch.setenv("MLSD_TEMPERATURE", "0.9")
    assert CachedLLM(LLM(load_settings()), cache).chat(HELLO).text == "hot"


def test_structured_output_works_through_the_cache(endpoint, tmp_path):
    endpoint.reply_json({"score": 3})
    llm = LLM(load_settings())
    for _ in range(2):
        verdict, usage = structured(CachedLLM(llm, tmp_path / "cache"), HELLO, Verdict)
        assert verdict.score == 3
    assert len(endpoint.chat_requests()) == 1 and usage.calls == 0


def test_concurrent_writers_leave_one_whole_entry(endpoint, tmp_path):
    endpoint.responder = lambda body: "same"
    llm = LLM(load_settings())
    outcomes: list[object] = []  # a reply's text or the exception (a thread would lose it)

    def ask() -> None:
        try:
            outcomes.append(CachedLLM(llm, tmp_path / "cache").chat(HELLO).text)
        except Exception as error:
            outcomes.append(error)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == ["same"] * 4
    entries = list((tmp_path / "cache").rglob("*"))
    assert [p.suffix for p in entries if p.is_file()] == [".json"]
    assert CachedLLM(llm, tmp_path / "cache").chat(HELLO).text == "same"

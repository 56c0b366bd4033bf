"""Latency benchmark: how long a candidate waits for the interviewer on a slow local server.

A scripted interview (the engine benchmark's 30 inputs) runs with the model-backed
interviewer, with the default settings for a server on this machine, against:

- a simulated laptop: the scripted endpoint on loopback, reading a prompt at 40 tokens/s and
  writing at 6 tokens/s, with one slot whose cache keeps the previous prompt and the reply it
  wrote (as llama.cpp does), so only what differs from those is read again;
- with --tiny, the real llama.cpp server with the tiny model, idle and then beside a
  CPU-bound process.

Prints time to first token and turn time (p50/p95), calls per input, prompt tokens per call,
what the server read anew, and grading calls that arrived during a candidate's turn (a local
server's default grades at /end). Asserts nothing. Run: python -m benchmarks.latency [--tiny |
--tiny-only]
"""

from __future__ import annotations

import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import threading
import time

from agent.config import load_settings
from agent.interview.runtime import Runtime
from agent.knowledge import default_knowledge
from agent.llm.tokens import count_tokens
from benchmarks.engine import ANSWER, common_prefix, flatten, held
from tests.support.endpoint import Scripted, ScriptedEndpoint

READ_PER_S, WRITE_PER_S = 40.0, 6.0  # a 7-8B model on a laptop CPU
REPLY = "You said two options; which one would you ship first, and what would make you switch?"
DECISION = (  # a decision of typical length (decisions=model)
    '{"assessment": "Names two options and a latency budget but not how it picks between '
    'them.", "covered": [], "action": "follow_up", "focus": ""}'
)

VERDICT = json.dumps(  # a stage verdict whose quote is in every answer: no re-ask
    {
        "rationale": "Names options and a latency budget but not how it chooses.",
        "evidence": ["I would start from the business goal"],
        "missed": ["how the choice is made"],
        "red_flags": [],
        "communication": 3,
        "score": 2,
    }
)


class Laptop:
    """The responder: one slot, a prefix cache of the last prompt and its reply, CPU speeds."""

    def __init__(self) -> None:
        self.last, self.fresh, self.busy, self.overlaps = "", [], 0, 0
        self._lock = threading.Lock()

    def __call__(self, body: dict) -> Scripted:
        prompt = flatten(body["messages"])
        grading = body["messages"][0]["content"].startswith("You grade")
        text = VERDICT if grading else DECISION if body.get("response_format") else REPLY
        with self._lock:
            fresh = count_tokens(prompt[common_prefix(self.last, prompt) :])
            self.last = held(body["messages"], text)
            self.fresh.append(fresh)
            self.overlaps += int(grading and self.busy > 0)
        return Scripted(text=text, delay=fresh / READ_PER_S)


def interview(
    settings_env: dict[str, str], inputs: int = 30, grade: bool = True, laptop: Laptop | None = None
) -> dict:
    os.environ.update(settings_env)
    runtime = Runtime(load_settings())
    runtime.retriever.refresh()  # the index is built before timing
    question = default_knowledge().question("video-recs")
    session = runtime.interview("latency")
    list(session.start(question_id=question.id, question_text=question.prompt, at=0))
    first, whole, sent = [], [], 0
    while not session.ended and sent < inputs:
        sent += 1
        text = "/hint" if sent % 7 == 3 else ANSWER.format(n=sent)
        started, got = time.perf_counter(), None
        if laptop is not None:
            laptop.busy = 1  # a grading call that arrives now overlaps the candidate's turn
        for event in session.send(text, at=sent * 20.0):
            if event.kind == "token" and got is None:
                got = time.perf_counter() - started
        if laptop is not None:
            laptop.busy = 0
        whole.append(time.perf_counter() - started)
        if got is not None:
            first.append(got)
    grading = 0.0
    if grade:  # at /end, as a local server's default has it
        if not session.ended:
            list(session.end(at=(sent + 1) * 20.0))
        started = time.perf_counter()
        runtime.scorecard(session)
        grading = time.perf_counter() - started
    return {"first": first, "whole": whole, "inputs": sent, "grading": grading}


def report(name: str, run: dict, requests: list[dict], laptop: Laptop | None) -> None:
    q = statistics.quantiles
    talk = [r for r in requests if not r["messages"][0]["content"].startswith("You grade")]
    grades = [r for r in requests if r["messages"][0]["content"].startswith("You grade")]
    tokens = [count_tokens(flatten(r["messages"])) for r in talk]
    graded = sum(count_tokens(flatten(r["messages"])) for r in grades)
    print(f"\n{name}")
    print(
        f"  time to first token (s): p50 {statistics.median(run['first']):.1f}  "
        f"p95 {q(run['first'], n=20)[-1]:.1f}   turn (s): p50 "
        f"{statistics.median(run['whole']):.1f}  p95 {q(run['whole'], n=20)[-1]:.1f}"
    )
    if tokens:  # seen only through the scripted endpoint
        print(
            f"  model calls per input: {len(talk) / run['inputs']:.2f}  prompt tokens per call: "
            f"median {statistics.median(tokens):.0f}  max {max(tokens)}  total {sum(tokens)}"
        )
        print(
            f"  grading at /end: {len(grades)} calls, {graded} prompt tokens, "
            f"{run['grading']:.0f} s; all prompt tokens with grading: {sum(tokens) + graded}"
        )
    if laptop is not None:
        fresh = laptop.fresh[: len(talk)]
        print(
            f"  read anew per call: median {statistics.median(fresh):.0f} tokens; reusable "
            f"from the previous call: {1 - sum(fresh) / sum(tokens):.0%} of all prompt tokens"
        )
        print(f"  grading calls arriving during a turn: {laptop.overlaps}")


def simulated(decisions: str) -> None:
    """`decisions`: auto (the default: one call per turn on a local server) or model."""
    endpoint, laptop = ScriptedEndpoint(), Laptop()
    endpoint.responder = laptop
    endpoint.chunk_delay = 1 / WRITE_PER_S
    env = {"MLSD_DATA_DIR": tempfile.mkdtemp(), "MLSD_BASE_URL": endpoint.url}
    env |= {"MLSD_API_KEY": "x", "MLSD_MODEL": "laptop", "MLSD_DECISIONS": decisions}
    env["ANONYMIZED_TELEMETRY"] = "False"
    run = interview(env, laptop=laptop)
    speeds = f"{READ_PER_S:g} tokens/s read, {WRITE_PER_S:g} written"
    report(
        f"simulated laptop ({speeds}), MLSD_DECISIONS={decisions}",
        run,
        endpoint.chat_requests(),
        laptop,
    )
    endpoint.close()


def _burn(stop) -> None:
    while not stop.is_set():
        sum(i * i for i in range(10_000))


def tiny() -> None:
    from agent.llm.local_server import LlamaServer

    folder = tempfile.mkdtemp()
    server = LlamaServer(__import__("pathlib").Path(folder) / "server.log")
    env = {
        "MLSD_DATA_DIR": folder,
        "MLSD_BASE_URL": server.url,
        "MLSD_API_KEY": "local",
        "MLSD_MODEL": "smollm2-135m",
        "MLSD_DECISIONS": "auto",  # not the simulated runs' setting left in the environment
        "MLSD_TIMEOUT": "240",
        "ANONYMIZED_TELEMETRY": "False",
    }
    try:
        for busy in (False, True):
            stop = multiprocessing.Event()
            burner = multiprocessing.Process(target=_burn, args=(stop,)) if busy else None
            if burner:
                burner.start()
            env["MLSD_DATA_DIR"] = tempfile.mkdtemp()
            run = interview(env, inputs=12, grade=False)  # the tiny model's turns only
            if burner:
                stop.set()
                burner.join()
            name = "tiny model, beside a CPU-bound process" if busy else "tiny model, idle"
            report(name, run, [], None)
    finally:
        server.stop()


if __name__ == "__main__":
    if "--tiny-only" not in sys.argv:
        simulated("auto")
        simulated("model")
    if "--tiny" in sys.argv or "--tiny-only" in sys.argv:
        tiny()

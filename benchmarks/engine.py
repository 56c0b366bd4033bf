"""Engine benchmark: agent overhead per turn, prompt tokens per turn, and prefix reuse.

Runs a 60-turn scripted interview (30 candidate inputs, 30 interviewer replies) with the LLM
policy against an instantly-answering scripted endpoint on loopback, so what is timed is the
agent itself: graph, checkpointing to SQLite, retrieval, prompt assembly, HTTP round trips.
Prints numbers; asserts nothing.  Run: python -m benchmarks.engine
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time

from agent.config import load_settings
from agent.interview.runtime import Runtime
from agent.knowledge import default_knowledge
from agent.llm.tokens import count_tokens
from tests.support.endpoint import ScriptedEndpoint

ANSWER = (
    "I would start from the business goal, then pick {n} concrete options, compare their "
    "latency and cost, and choose the one that fits a 100 ms budget at p99 because the "
    "feature store lookups already take 30 ms."
)


def responder(body: dict) -> str:
    if body.get("response_format"):
        return json.dumps(
            {"assessment": "partial", "covered": [], "action": "follow_up", "focus": ""}
        )
    return "Thanks. Which trade-off worries you most there?"


def flatten(messages: list[dict]) -> str:
    return "".join(f"<{m['role']}>{m['content']}" for m in messages)


def held(messages: list[dict], reply: str) -> str:
    """What a server's prefix cache holds after a call: the prompt and the reply it wrote."""
    return flatten(messages) + flatten([{"role": "assistant", "content": reply}])


def common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    return next((i for i in range(n) if a[i] != b[i]), n)


def main() -> None:
    endpoint = ScriptedEndpoint()
    endpoint.responder = responder
    os.environ.update(
        {
            "MLSD_DATA_DIR": tempfile.mkdtemp(),
            "MLSD_BASE_URL": endpoint.url,
            "MLSD_API_KEY": "x",
            "MLSD_MODEL": "bench",
            "ANONYMIZED_TELEMETRY": "False",
        }
    )
    runtime = Runtime(load_settings())
    runtime.retriever.refresh()  # build the index before timing
    question = default_knowledge().question("video-recs")
    interview = runtime.interview("bench")
    list(interview.start(question_id=question.id, question_text=question.prompt, at=0))
    timings, inputs = [], 0
    while not interview.ended and inputs < 30:
        inputs += 1
        text = "/hint" if inputs % 7 == 3 else ANSWER.format(n=inputs)
        started = time.perf_counter()
        list(interview.send(text, at=inputs * 20.0))
        timings.append((time.perf_counter() - started) * 1000)
    # live grading runs in the background as stages close: its calls are their own conversation
    requests = endpoint.chat_requests()
    graded = [r for r in requests if r["messages"][0]["content"].startswith("You grade")]
    talk = [r for r in requests if r not in graded]
    prompts = [flatten(r["messages"]) for r in talk]
    tokens = [count_tokens(p) for p in prompts]
    cached = [held(r["messages"], responder(r)) for r in talk]
    shares = [
        count_tokens(prev[: common_prefix(prev, cur)]) / count_tokens(cur)
        for prev, cur in zip(cached, prompts[1:])
    ]
    q = statistics.quantiles
    print(
        f"turns: {len(interview.turns)} ({inputs} candidate inputs), interviewer model calls: "
        f"{len(prompts)} (+{len(graded)} live-grading calls, not counted below)"
    )
    print(
        f"agent overhead per turn (ms): p50 {statistics.median(timings):.1f}  "
        f"p95 {q(timings, n=20)[-1]:.1f}  max {max(timings):.1f}"
    )
    print(
        f"prompt tokens per call: min {min(tokens)}  median {statistics.median(tokens):.0f}  "
        f"max {max(tokens)}  (budget {runtime.settings.context_tokens})"
    )
    print(
        f"identical prefix with the previous prompt and its reply: median {statistics.median(shares):.0%}  "
        f"p10 {q(shares, n=10)[0]:.0%}  min {min(shares):.0%}"
    )
    endpoint.close()


if __name__ == "__main__":
    main()

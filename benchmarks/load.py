"""Load test: N candidates interviewing at once in one app process, on SQLite and PostgreSQL.

Each candidate is a thread with its own user and session, answering through the session API
(what the app calls) as fast as the interviewer replies: a closed loop with no typing time,
so the figures are the most one process serves, not what a class of candidates needs. The
model is the scripted endpoint on loopback with a realistic hosted model's pace: 300 ms to
the first token, then 30 tokens/s (a word a token), one call per turn (decisions=offline),
grading at /end (not timed here). Retrieval is real: the bundled MiniLM embeds every answer.

Prints, per store and N: turns/s, the agent's overhead per turn (turn time less the model's
own time) p50/p95, errors, and lost or mixed-up turns, read back from the store (must be 0).
Bounded and loopback only; not part of the test suite.
Run: make load, or python -m benchmarks.load [--users 10 50 200] [--turns 5] [--stores sqlite postgres]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

from agent.config import load_settings
from agent.interview.runtime import Runtime
from agent.retrieval.index import refresh_index
from tests.support.endpoint import Scripted, ScriptedEndpoint

FIRST_TOKEN, TOKENS_PER_S = 0.3, 30.0
REPLY = (
    "Which signal would you trust most here, and how would you check it is not leaking the label?"
)
MODEL_SECONDS = FIRST_TOKEN + len(REPLY.split(" ")) / TOKENS_PER_S
ANSWER = (
    "[{who} #{n}] I would log impressions and clicks with a join key, keep a time-based "
    "split, and track log loss offline and click-through rate online with a guardrail."
)


def candidate(runtime: Runtime, who: str, turns: int, out: dict) -> None:
    """One candidate's interview: what they sent, each turn's time, and any error."""
    sent, times = [], []
    try:
        interview = runtime.interview(user=who)
        list(interview.start(question_id="ads-ctr", question_text="Predict ad clicks."))
        for n in range(turns):
            text = ANSWER.format(who=who, n=n)
            started = time.perf_counter()
            list(interview.send(text))
            times.append(time.perf_counter() - started)
            sent.append(text)
        out[who] = {"session": interview.session_id, "sent": sent, "times": times}
    except Exception as error:  # noqa: BLE001 - counted and shown, the run goes on
        out[who] = {"sent": sent, "times": times, "error": f"{type(error).__name__}: {error}"}


def run(users: int, turns: int, env: dict[str, str]) -> dict:
    os.environ.update(env)
    runtime = Runtime(load_settings(), live_grading=False)
    runtime.retriever.ready()
    candidate(runtime, "warm-up", 1, {})  # a serving process has run a turn before
    out: dict[str, dict] = {}
    threads = [
        threading.Thread(target=candidate, args=(runtime, f"user{u}", turns, out))
        for u in range(users)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    wrong = sum(not faithful(runtime, who, got) for who, got in out.items() if "session" in got)
    runtime.close()
    times = [t for got in out.values() for t in got["times"]]
    overhead = sorted(t - MODEL_SECONDS for t in times)
    errors = [got["error"] for got in out.values() if "error" in got]
    return {
        "turns/s": len(times) / elapsed,
        "p50": statistics.median(overhead) if overhead else float("nan"),
        "p95": statistics.quantiles(overhead, n=20)[-1] if len(overhead) > 1 else float("nan"),
        "errors": errors,
        "wrong": wrong,
        "elapsed": elapsed,
    }


def faithful(runtime: Runtime, who: str, got: dict) -> bool:
    """The store holds exactly what this candidate sent, in order, each answered."""
    turns = runtime.interview(got["session"], user=who).turns
    said = [t["text"] for t in turns if t["role"] == "candidate"]
    answered = all(
        later["role"] == "interviewer"
        for t, later in zip(turns, turns[1:])
        if t["role"] == "candidate"
    )
    return said == got["sent"] and answered and turns[-1]["role"] == "interviewer"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50, 200])
    parser.add_argument("--turns", type=int, default=5)
    parser.add_argument("--stores", nargs="+", default=["sqlite", "postgres"])
    args = parser.parse_args()
    endpoint = ScriptedEndpoint()
    endpoint.responder = lambda body: Scripted(text=REPLY, delay=FIRST_TOKEN)
    endpoint.chunk_delay = 1 / TOKENS_PER_S
    index = Path(tempfile.mkdtemp()) / "index-data"
    refresh_index(load_settings(data_dir=index, offline=True))  # built once, before timing
    server = None
    if "postgres" in args.stores:
        from tests.support.postgres import PostgresServer

        server = PostgresServer()
    print(
        f"model: {FIRST_TOKEN * 1000:.0f} ms to first token, {TOKENS_PER_S:.0f} tokens/s, "
        f"{MODEL_SECONDS:.2f} s per reply; {args.turns} answers per candidate; "
        f"{os.cpu_count()} CPU cores"
    )
    try:
        for store in args.stores:
            for users in args.users:
                data = Path(tempfile.mkdtemp())
                (data / "index").symlink_to(index / "index")
                env = {
                    "MLSD_DATA_DIR": str(data),
                    "MLSD_BASE_URL": endpoint.url,
                    "MLSD_API_KEY": "load",
                    "MLSD_MODEL": "scripted-model",
                    "MLSD_DECISIONS": "offline",
                    "MLSD_GRADING": "end",
                    "MLSD_CHECKPOINT_URL": server.new_database() if store == "postgres" else "",
                }
                got = run(users, args.turns, env)
                print(
                    f"{store:<8} N={users:<4} {got['turns/s']:6.1f} turns/s   overhead p50 "
                    f"{got['p50'] * 1000:6.0f} ms  p95 {got['p95'] * 1000:6.0f} ms   errors "
                    f"{len(got['errors'])}   lost or mixed-up {got['wrong']}   "
                    f"({got['elapsed']:.0f} s)"
                )
                for error in sorted(set(got["errors"]))[:3]:
                    print(f"    {error[:160]}")
    finally:
        if server is not None:
            server.stop()
        endpoint.close()


if __name__ == "__main__":
    main()

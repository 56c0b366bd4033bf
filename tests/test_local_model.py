"""Smoke test against a real llama.cpp server: streaming and json_schema structured output."""

from pathlib import Path

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


def test_mlsd_local_model_serves_until_ctrl_c(llama_server, isolated):
    """`mlsd local-model` from a shell: its printed settings work for `mlsd doctor`, and
    Ctrl-C stops the server it started (the shared test server keeps running)."""
    import os
    import re
    import signal
    import subprocess
    import sys

    shell = subprocess.Popen(
        [sys.executable, "-m", "agent", "local-model", "--threads", "1", "--context", "2048"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as at a terminal
    )
    try:
        printed = ""
        while "Ctrl-C stops" not in printed:
            line = shell.stdout.readline()
            assert line, printed
            printed += line
        export = next(line for line in printed.splitlines() if line.strip().startswith("export "))
        settings = dict(re.findall(r"(MLSD_\w+)=(\S+)", export))
        assert settings["MLSD_MODEL"] == "smollm2-135m"
        children = Path(f"/proc/{shell.pid}/task/{shell.pid}/children").read_text().split()
        doctor = subprocess.run(
            [sys.executable, "-m", "agent", "doctor"],
            capture_output=True,
            text=True,
            env={**os.environ, **settings},
            timeout=300,
        )
        assert doctor.returncode == 0, doctor.stdout + doctor.stderr
        shell.send_signal(signal.SIGINT)
        rest = shell.communicate(timeout=30)[0]
    finally:
        shell.kill()  # a failed check must not leave a server running (no-op once it exited)
    assert shell.returncode == 0 and "Server stopped." in rest and "Traceback" not in rest
    assert children and not any(os.path.exists(f"/proc/{pid}") for pid in children)

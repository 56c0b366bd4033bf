"""Endpoints that misbehave, as a user meets them: the real `mlsd` in a subprocess against the
scripted endpoint on loopback. Each fault gives its own one-line message, never a traceback;
every answer the interview acknowledged is still on disk afterwards; Ctrl-C on a hanging
endpoint leaves at once. The client's own pieces are tested in test_llm_faults.py."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from agent.config import load_settings
from agent.interview.runtime import Runtime
from agent.llm.client import LLM
from agent.llm.replies import LLMError
from agent.paths import EVALS_DIR

ANSWER = "We should predict the click probability per impression to rank ads by expected revenue."
CASE = EVALS_DIR / "cases" / "eta-prediction-strong-1.yaml"
QUESTION = "Who sees these ads, and how fast must the ranking answer?"
WEB_PAGE = "answered with a web page titled 'Open WebUI' (text/html), not the OpenAI API"
BASE_URL_HINT = "MLSD_BASE_URL must be the OpenAI API's address, which usually ends in /v1"
HELLO = [{"role": "user", "content": "hello"}]


def mlsd(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "agent", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )


def no_traceback(done: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr


def decision() -> str:
    return json.dumps({"assessment": "ok", "covered": [], "action": "follow_up", "focus": ""})


def candidate_lines(session: str) -> list[str]:
    """The candidate's turns of a saved session, read back from the sessions store on disk."""
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    try:
        return [t["text"] for t in runtime.interview(session).turns if t["role"] == "candidate"]
    finally:
        runtime.close()


# -- an HTML page (HTTP 200, text/html) -----------------------------------------------------


@pytest.mark.usefixtures("knowledge_index")
def test_a_web_page_in_the_interview_is_named_and_the_answer_kept(endpoint):
    endpoint.fault("html")
    done = mlsd("interview", "--question", "ads-ctr", "--session", "web", stdin=ANSWER + "\n")
    no_traceback(done)
    assert done.returncode == 0  # the end of input saves and leaves
    assert f"! The model endpoint {endpoint.url} (model scripted-model) {WEB_PAGE}" in done.stdout
    assert BASE_URL_HINT in done.stdout and "Your answer is saved" in done.stdout
    assert candidate_lines("web") == [ANSWER]


def test_a_web_page_fails_grading_with_one_line(endpoint):
    endpoint.fault("html")
    done = mlsd("grade", "--grader", "llm", str(CASE))
    no_traceback(done)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: The model endpoint")
    assert WEB_PAGE in done.stderr and BASE_URL_HINT in done.stderr


def test_a_web_page_fails_the_eval_saying_why_and_still_reports(endpoint, tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / CASE.name).write_text(CASE.read_text())
    endpoint.fault("html")
    out = tmp_path / "out"
    done = mlsd("eval", "--grader", "llm", "--cases", str(cases), "--out", str(out), "--no-cache")
    no_traceback(done)
    assert done.returncode == 1  # a failed grading misses the runs.failed bar
    assert f"llm: 1 grading(s) failed: The model endpoint {endpoint.url}" in done.stderr
    assert WEB_PAGE in done.stderr
    assert (out / "report.md").is_file() and (out / "results.json").is_file()


# -- each misbehaviour, through `mlsd doctor` and the client --------------------------------

FAULT_WORDS = [
    ("html", {}, WEB_PAGE),
    (
        "notjson",
        {},
        "answered with text that is not JSON (text/plain: 'Hello from a plain text server')",
    ),
    ("wrongshape", {}, "answered with JSON that is not a chat completion"),
    ("cut", {"text": "one two three four five six"}, "closed the connection mid-reply"),
    (
        "ratelimit",
        {"retry_after": 90},
        "asked to wait 90 s before the next request (HTTP 429, rate limited), longer than "
        "MLSD_RETRY_WAIT=30 s allows",
    ),
    ("hang", {}, "did not answer within 1 s (MLSD_TIMEOUT)"),
]


# asked to stream, a server that answers one JSON body (of any shape) sends no event stream
STREAMED_WORDS = {"wrongshape": "answered a streaming request with application/json"}


@pytest.mark.parametrize(
    ("fault", "options", "words"), FAULT_WORDS, ids=[f[0] for f in FAULT_WORDS]
)
def test_doctor_names_what_the_endpoint_did(endpoint, fault, options, words):
    endpoint.fault(fault, **options)  # doctor's first chat call is the streamed one
    done = mlsd("doctor", MLSD_TIMEOUT="1")
    no_traceback(done)
    assert done.returncode == 1
    failed = [line for line in done.stdout.splitlines() if line.startswith("✗")]
    assert len(failed) == 1, done.stdout  # one diagnosis: not also a crash
    assert failed[0].startswith(f"✗ The model endpoint {endpoint.url} (model scripted-model) ")
    assert STREAMED_WORDS.get(fault, words) in failed[0]
    assert "could not be reached" not in done.stdout


@pytest.mark.parametrize(
    ("fault", "options", "words"), FAULT_WORDS, ids=[f[0] for f in FAULT_WORDS]
)
def test_a_plain_chat_call_names_what_the_endpoint_did(
    endpoint, monkeypatch, fault, options, words
):
    monkeypatch.setenv("MLSD_TIMEOUT", "1")
    endpoint.fault(fault, **options)
    with pytest.raises(LLMError) as caught:
        LLM(load_settings()).chat(HELLO)
    assert STREAMED_WORDS.get(fault, words) in str(caught.value)  # every call streams
    assert "\n" not in str(caught.value)


# -- a stream cut mid-reply -------------------------------------------------------------------


@pytest.mark.usefixtures("knowledge_index")
def test_a_reply_cut_midway_says_so_and_the_answer_stays(endpoint):
    endpoint.reply(decision()).fault("cut", text=QUESTION)
    done = mlsd("interview", "--question", "ads-ctr", "--session", "cut", stdin=ANSWER + "\n")
    no_traceback(done)
    assert done.returncode == 0
    assert "closed the connection mid-reply, after " in done.stdout
    assert "could not be reached" not in done.stdout and "Your answer is saved" in done.stdout
    assert candidate_lines("cut") == [ANSWER]


# -- Retry-After --------------------------------------------------------------------------------


def test_a_short_retry_after_is_counted_down_then_retried(endpoint):
    endpoint.fault("ratelimit", retry_after=2).reply("OK").reply_json({"ok": True})
    decision = {"assessment": "Right metric.", "covered": [], "action": "advance", "focus": ""}
    endpoint.reply_json(decision).reply("A summary.", prompt_tokens=420)  # trial, speed probe
    started = time.monotonic()
    done = mlsd("doctor", MLSD_RETRIES="1")
    no_traceback(done)
    assert done.returncode == 0, done.stdout + done.stderr
    assert time.monotonic() - started >= 2  # the wait asked for was honoured
    countdown = "The model endpoint asked to wait (HTTP 429, rate limited): retrying in"
    assert f"{countdown} 2 s" in done.stderr and f"{countdown} 1 s" in done.stderr
    assert "retrying now." in done.stderr and "streaming works" in done.stdout


def test_a_retry_after_beyond_the_cap_fails_at_once(endpoint):
    endpoint.fault("ratelimit", retry_after=20)
    started = time.monotonic()
    done = mlsd("doctor", MLSD_RETRIES="1", MLSD_RETRY_WAIT="5")
    no_traceback(done)
    assert time.monotonic() - started < 15  # not the 20 s asked for
    assert done.returncode == 1
    assert (
        "asked to wait 20 s before the next request (HTTP 429, rate limited), longer than "
        "MLSD_RETRY_WAIT=5 s allows" in done.stdout
    )
    assert "retrying in" not in done.stderr


# -- Ctrl-C while the endpoint hangs --------------------------------------------------------

DEFAULTS = {"MLSD_TIMEOUT": "60", "MLSD_RETRIES": "1"}  # the shipped ones: a hang costs 120 s
PROMPT_BOUND = 10.0  # seconds from Ctrl-C to exit


def interrupted(process: subprocess.Popen, endpoint) -> tuple[str, str]:
    """Ctrl-C once the model call is in flight; the output, once the process has exited."""
    endpoint.wait_for_chat()
    process.send_signal(signal.SIGINT)
    sent = time.monotonic()
    try:
        out, err = process.communicate(timeout=PROMPT_BOUND)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"still running {PROMPT_BOUND} s after Ctrl-C:\n{out}\n{err}")
    assert time.monotonic() - sent < PROMPT_BOUND
    assert "Traceback" not in out + err, out + err
    return out, err


def popen(*args: str, stdin: str | None = None) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "agent", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **DEFAULTS},
    )
    if stdin is not None:
        process.stdin.write(stdin)
        process.stdin.flush()
    return process


@pytest.mark.usefixtures("knowledge_index")
def test_ctrl_c_on_a_hanging_endpoint_leaves_at_once_and_the_turn_retries_on_resume(endpoint):
    endpoint.fault("hang")
    process = popen("interview", "--question", "ads-ctr", "--session", "hang", stdin=ANSWER + "\n")
    out, err = interrupted(process, endpoint)
    assert process.returncode == 130
    assert (
        "Interrupted. Every answer you sent is saved; resume with: mlsd interview --session hang"
        in err
    )
    assert candidate_lines("hang") == [ANSWER]

    endpoint.reply(decision()).reply(QUESTION)  # the endpoint is back: resuming retries the turn
    resumed = mlsd("interview", "--session", "hang")
    no_traceback(resumed)
    assert resumed.returncode == 0
    assert f"interviewer> {QUESTION}" in resumed.stdout
    assert candidate_lines("hang") == [ANSWER]  # answered once, not sent twice


@pytest.mark.parametrize("command", ["grade", "eval"])
def test_ctrl_c_stops_grading_on_a_hanging_endpoint(endpoint, tmp_path, command):
    endpoint.fault("hang")
    if command == "grade":
        process = popen("grade", "--grader", "llm", str(CASE))
    else:
        cases = tmp_path / "cases"
        cases.mkdir()
        (cases / CASE.name).write_text(CASE.read_text())
        process = popen("eval", "--grader", "llm", "--cases", str(cases), "--no-cache")
    out, err = interrupted(process, endpoint)
    assert process.returncode == 130
    assert err.strip() == "interrupted."

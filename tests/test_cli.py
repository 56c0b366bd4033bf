"""The `mlsd` command line as a user runs it: real subprocesses, real endpoints."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from agent.config import load_settings
from agent.knowledge import STAGES
from agent.paths import EVALS_DIR
from tests.support.endpoint import dead_url


def mlsd(*args: str, env: dict | None = None, **run: object) -> subprocess.CompletedProcess:
    """`mlsd ARGS` in a child process; `run` goes to subprocess.run (input=, preexec_fn=)."""
    return subprocess.run(
        [sys.executable, "-m", "agent", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
        **run,
    )


def test_help_lists_the_commands():
    done = mlsd("--help")
    assert done.returncode == 0
    for command in ("config", "doctor", "interview", "replay", "grade", "eval", "sessions"):
        assert command in done.stdout


def test_config_redacts_the_key_and_names_each_setting():
    done = mlsd("config", env={"MLSD_API_KEY": "sk-secret-123456789"})
    assert done.returncode == 0
    assert "sk-secret-123456789" not in done.stdout and "redacted" in done.stdout
    assert "MLSD_TIMEOUT=10.0" in done.stdout and "active: model endpoint" in done.stdout


def test_bad_setting_fails_fast_naming_the_variable():
    done = mlsd("config", env={"MLSD_TEMPERATURE": "hot"})
    assert done.returncode == 2 and "MLSD_TEMPERATURE" in done.stderr
    assert "Traceback" not in done.stderr


def test_doctor_on_a_refused_port_explains_and_fails():
    done = mlsd("doctor", env={"MLSD_BASE_URL": dead_url(), "MLSD_MODEL": "m"})
    assert done.returncode == 1
    assert "could not be reached" in done.stdout and "MLSD_BASE_URL" in done.stdout
    assert "crashed" not in done.stdout  # never up: not a crash
    assert "Traceback" not in done.stdout + done.stderr


DECISION = {"assessment": "Right metric.", "covered": [], "action": "probe", "focus": "PR-AUC"}
SUMMARY = "A ranking model scores items from user, item and context features under a budget."


def test_doctor_reports_a_healthy_endpoint(endpoint, isolated):
    endpoint.reply("OK").reply_json({"ok": True}).reply_json(DECISION)
    endpoint.reply(SUMMARY, prompt_tokens=420, completion_tokens=16)  # the speed probe
    auto = {"MLSD_DECISIONS": "auto", "MLSD_GRADING": "auto"}
    done = mlsd("doctor", env=auto)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "streaming works" in done.stdout and "json_schema mode" in done.stdout
    assert "✓ the model gives a valid interviewer decision." in done.stdout
    assert "✓ speed: reads " in done.stdout
    # measured fast, so auto lets the model decide and grade beside the interview, although
    # the server is on this machine (unmeasured, that would be offline and end)
    assert "MLSD_GRADING=auto runs as live, MLSD_DECISIONS=auto as model" in done.stdout
    facts = json.loads((isolated / "data" / "endpoint_facts.json").read_text())
    assert facts[f"{endpoint.url}|scripted-model"]["read_per_s"] > 400


def test_doctor_reads_a_llama_cpp_servers_slots_and_context(endpoint, isolated):
    endpoint.props = {"default_generation_settings": {"n_ctx": 2048}, "total_slots": 1}
    endpoint.reply("OK").reply_json({"ok": True}).reply_json(DECISION)
    endpoint.reply(SUMMARY, prompt_tokens=420, completion_tokens=16)
    done = mlsd("doctor", env={"MLSD_DECISIONS": "auto", "MLSD_GRADING": "auto"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✓ the server runs 1 request(s) at once with 2048 tokens of context." in done.stdout
    assert "MLSD_CONTEXT_TOKENS=2048 (the server's context)" in done.stdout
    # fast, but one slot: a grading call would hold up the next turn
    assert "MLSD_GRADING=auto runs as end, MLSD_DECISIONS=auto as model" in done.stdout
    settings = load_settings(data_dir=isolated / "data", base_url=endpoint.url)
    assert settings.context_budget == 2048 - settings.answer_tokens  # prompts fit the server


def test_doctor_measures_a_slow_server_and_auto_spares_it(endpoint, isolated):
    endpoint.reply("OK").reply_json({"ok": True})
    endpoint.reply("{'action': probe")  # every output mode gets no valid decision
    endpoint.reply("{'action': probe").reply("{'action': probe").reply("{'action': probe")
    endpoint.reply(SUMMARY, delay=2.0, prompt_tokens=420, completion_tokens=16)
    endpoint.chunk_delay = 0.3  # about 3 tokens/s written, 210 read: a laptop CPU or slower
    done = mlsd("doctor", env={"MLSD_DECISIONS": "auto", "MLSD_GRADING": "auto"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "! In a trial the model gave no valid interviewer decision" in done.stdout
    assert "MLSD_GRADING=auto runs as end, MLSD_DECISIONS=auto as offline" in done.stdout
    timeout = re.search(r"MLSD_TIMEOUT=(\d+) \(a stage's first prompt", done.stdout)
    assert timeout and int(timeout[1]) > 10  # over the tests' 10 s: 2,600 tokens at ~210/s
    settings = load_settings(data_dir=isolated / "data", base_url=endpoint.url)
    assert settings.measured is not None and settings.measured.fast is False


def test_doctor_without_an_endpoint_says_offline():
    done = mlsd("doctor")
    assert done.returncode == 0 and "offline interviewer" in done.stdout


@pytest.mark.usefixtures("knowledge_index")
def test_replay_json_has_the_stages_in_order_and_a_scorecard():
    done = mlsd(
        "replay", str(EVALS_DIR / "cases" / "eta-prediction-strong-1.yaml"), "--offline", "--json"
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    openings = [t["stage"] for t in result["transcript"] if t.get("kind") == "opening"]
    assert openings == list(STAGES)
    assert result["scorecard"]["graded"] is True and result["scorecard"]["grader"] == "coverage"


@pytest.mark.parametrize(
    ("command", "where"),
    [
        (
            ("interview", "--question", "nope", "--offline"),
            "unknown question 'nope'; known: ads-ctr",
        ),
        (("export", "nosuch"), "no saved session 'nosuch'; see `mlsd sessions`"),
        (("eval", "--concurrency", "0"), "--concurrency must be 1 or more (got 0)"),
        (("grade", "missing.yaml"), "missing.yaml: cannot read case"),
        (("replay", "missing.yaml", "--offline"), "missing.yaml: cannot read case"),
        (("sessions",), "cannot use {file} as a data folder (it is a file); point MLSD_DATA_DIR"),
        (("export", "x"), "cannot use {file}/sub as a data folder (Not a directory)"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, command, where):
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    data = afile / "sub" if "/sub" in where else afile
    env = {"MLSD_DATA_DIR": str(data)} if "{file}" in where else {}
    done = mlsd(*command, env=env)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: ")
    assert where.format(file=afile) in done.stderr
    assert not done.stdout.strip(), done.stdout  # nothing said before the error, no models loaded

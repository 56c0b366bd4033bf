"""The `mlsd` command line as a user runs it: real subprocesses, real endpoints."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

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


def test_doctor_reports_a_healthy_endpoint(endpoint):
    endpoint.reply("OK").reply_json({"ok": True})
    done = mlsd("doctor")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "streaming works" in done.stdout and "json_schema mode" in done.stdout


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

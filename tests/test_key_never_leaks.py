"""The API key never reaches disk or output. A recognisable fake key is used for a whole
scripted interview (model-backed interviewer and live grading), an export, an LLM-graded eval,
a grade of the export, `mlsd config` and a failing doctor; then every file those wrote and
everything they printed is searched for it."""

from __future__ import annotations

import json
import shutil

from agent.paths import EVALS_DIR
from tests.support.endpoint import dead_url
from tests.test_cli import mlsd
from tests.test_eval_harness import grade_reply

KEY = "sk-LEAKCHECK-7d41c9e2b86a"


def scripted_model(body: dict) -> str:
    """Interviewer decisions, interviewer questions and stage grades, all well-formed."""
    schema = (body.get("response_format") or {}).get("json_schema", {}).get("name")
    if schema == "StageAssessment":
        return grade_reply(body)
    if schema == "InterviewerDecision":  # follow up: stay in the stage until the case moves on,
        # so the replay below takes every answer (moving on after each would end too soon)
        return json.dumps({"assessment": "ok", "covered": [], "action": "follow_up", "focus": ""})
    return "Thanks. Which trade-off matters most there?"


def test_the_key_is_in_no_file_and_no_output(endpoint, tmp_path):
    endpoint.responder = scripted_model
    env = {"MLSD_API_KEY": KEY}
    case = EVALS_DIR / "cases" / "news-feed-strong-1.yaml"
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(case, cases)
    replay = mlsd("replay", str(case), "--json", env=env)
    assert replay.returncode == 0, replay.stderr
    session = json.loads(replay.stdout)["session"]
    export = mlsd("export", session, env=env)
    assert export.returncode == 0, export.stderr
    exported = tmp_path / "mine.yaml"
    exported.write_text(export.stdout)
    runs = [
        replay,
        export,
        mlsd("grade", str(exported), "--grader", "llm", env=env),
        mlsd(
            "eval",
            "--grader",
            "llm",
            "--cases",
            str(cases),
            "--out",
            str(tmp_path / "out"),
            "--allow-unchecked",
            env=env,
        ),
        mlsd("config", env=env),
        mlsd("doctor", env=env | {"MLSD_BASE_URL": dead_url()}),
    ]
    assert [r.returncode for r in runs[2:]] == [0, 0, 0, 1], [r.stderr for r in runs]
    assert {r["auth"] for r in endpoint.requests} == {f"Bearer {KEY}"}  # the key was used
    schemas = {
        (b.get("response_format") or {}).get("json_schema", {}).get("name")
        for b in endpoint.chat_requests()
    }
    assert {"InterviewerDecision", "StageAssessment"} <= schemas  # interviewer and grader
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "sessions.sqlite" for p in written) and (tmp_path / "out").is_dir()
    leaked = [str(p) for p in written if KEY.encode() in p.read_bytes()]
    leaked += [f"output of run {i}" for i, r in enumerate(runs) if KEY in r.stdout + r.stderr]
    assert leaked == []

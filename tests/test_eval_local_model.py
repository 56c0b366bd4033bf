"""`mlsd eval --grader llm` with the real llama.cpp server and its tiny model, on three cases
cut to their first two stages (a 135M model takes seconds per stage): schema-valid grades, and
every metric either computed or null with the reason."""

from __future__ import annotations

import json

import pytest
import yaml

from agent.evaluation import commands
from agent.paths import EVALS_DIR
from tests.test_eval_harness import args

pytestmark = pytest.mark.local_model
CASES = ("news-feed-strong-1", "news-feed-weak-1", "news-feed-garbage-1")
KEEP = ("problem", "metrics")


def first_stages(folder, case_id: str) -> None:
    """Copy a case keeping only the turns of the KEEP stages."""
    data = yaml.safe_load((EVALS_DIR / "cases" / f"{case_id}.yaml").read_text())
    turns, stage = [], None
    for turn in data["turns"]:
        stage = turn.get("stage", stage)
        if stage in KEEP:
            turns.append(turn)
    data["turns"] = turns
    if data.get("expect"):
        data["expect"]["stages"] = {s: v for s, v in data["expect"]["stages"].items() if s in KEEP}
    (folder / f"{case_id}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


@pytest.mark.timeout(900)
def test_llm_grader_eval_on_the_real_local_model(local_model, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MLSD_TIMEOUT", "300")  # a grade is up to 900 tokens on 2 shared cores
    folder = tmp_path / "cases"
    folder.mkdir()
    for case_id in CASES:
        first_stages(folder, case_id)
    code = commands.eval_command(
        args(cases=str(folder), grader="llm", concurrency=1, out=str(tmp_path / "out"), json=True)
    )
    results = json.loads(capsys.readouterr().out)
    assert code in (0, 1)  # a 135M model is not expected to meet the bars
    cost = results["cost"]["llm"]
    assert cost["failed"] == 0 and cost["calls"] >= 4 and cost["completion_tokens"] > 0
    metrics = results["metrics"]["llm"]
    assert all(m["value"] is not None or m["reason"] for m in metrics.values())
    assert metrics["refusal.garbage_refusal_rate"]["value"] == 1.0
    assert metrics["evidence.validity"]["n"] == 0 or metrics["evidence.validity"]["value"] == 1.0
    assert (tmp_path / "out" / "report.md").is_file()

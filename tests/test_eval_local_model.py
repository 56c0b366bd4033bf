"""`mlsd eval --grader llm` with the real llama.cpp server and its tiny model, on three cases
cut to their first two stages (a 135M model takes seconds per stage): schema-valid grades, and
every metric either computed or null with the reason."""

from __future__ import annotations

import json

import pytest
import yaml

from agent.evaluation import commands
from agent.evaluation.harness import run_eval
from agent.paths import EVALS_DIR
from tests.test_eval_harness import args

pytestmark = pytest.mark.local_model
CASES = ("news-feed-strong-1", "news-feed-weak-1", "news-feed-garbage-1")
KEEP = ("problem", "metrics")
# llm bars that cannot be computed on these cases with one repeat (see evals/thresholds.yaml)
ALWAYS_UNCHECKED = {
    "llm.ordering.kendall_tau",  # needs 3 scored strong/mixed/weak cases, there are 2
    "llm.reference.qwk_overall",  # needs 3 labelled cases
    "llm.robustness.injected.max_increase",  # no adversarial variants
    "llm.robustness.padded.max_increase",
    "llm.robustness.reordered.max_abs_delta",
    "llm.robustness.buzzword.min_gap_to_strong",
    "llm.test_retest.icc_2_1",  # needs --repeats 2
    "llm.test_retest.mean_spread",
}


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
    runs = []  # what the eval graded, to recount the evidence metric from its stage grades

    def keep(*args, **kwargs):
        runs.append(run_eval(*args, **kwargs))
        return runs[-1]

    monkeypatch.setattr(commands, "run_eval", keep)
    code = commands.eval_command(
        args(cases=[str(folder)], grader="llm", concurrency=1, out=str(tmp_path / "out"), json=True)
    )
    captured = capsys.readouterr()
    results = json.loads(captured.out)
    # One repeat and no variants leave these bars null, so the run fails whatever the model
    # does; the bars it misses depend on the 135M model's grades, so only their naming is pinned.
    assert code == 1
    bars = results["thresholds"]
    assert bars["passed"] is False and set(bars["unchecked"]) == ALWAYS_UNCHECKED
    for name in bars["unchecked"]:
        assert f"unchecked threshold: {name} " in captured.err
    for name in bars["missed"]:
        assert f"missed threshold: {name} " in captured.err
    cost = results["cost"]["llm"]
    assert cost["failed"] == 0 and cost["calls"] >= 4 and cost["completion_tokens"] > 0
    metrics = results["metrics"]["llm"]
    assert all(m["value"] is not None or m["reason"] for m in metrics.values())
    assert metrics["refusal.garbage_refusal_rate"]["value"] == 1.0
    # problem and metrics of the strong and the weak case are judged; garbage is refused first
    stages = [
        grade
        for run in runs[0].of("llm")
        for grade in run.scorecard.stages.values()
        if grade.score is not None or not grade.supported
    ]
    withheld = sum(not grade.supported for grade in stages)
    unsupported = metrics["evidence.unsupported_stages"]
    assert len(stages) == unsupported["n"] == 4
    assert unsupported["value"] == pytest.approx(withheld / 4)
    assert (tmp_path / "out" / "report.md").is_file()

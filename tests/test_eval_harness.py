"""`mlsd eval` end to end, in-process: the coverage gate CI relies on, the LLM grader's
mechanics against the scripted endpoint, the cache, and the exit code on a missed bar."""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import subprocess
import sys

import pytest

from agent.cases import load_cases
from agent.config import load_settings
from agent.errors import InterviewerError
from agent.evaluation import commands
from agent.evaluation.harness import run_eval
from agent.evaluation.results import compute_metrics
from agent.paths import EVALS_DIR

CASES = EVALS_DIR / "cases"
_CANDIDATE = re.compile(r"<candidate>\n(.*?)\n</candidate>", re.DOTALL)


def args(**given) -> argparse.Namespace:
    """The namespace `mlsd eval` gets from argparse, with its defaults."""
    defaults = {
        "cases": None,
        "grader": "coverage",
        "repeats": 1,
        "concurrency": 2,
        "out": None,
        "json": False,
        "no_cache": False,
        "allow_unchecked": False,
    }
    return argparse.Namespace(**(defaults | given))


def subset(tmp_path, *prefixes: str):
    """A cases folder holding only the cases whose ids start with `prefixes`."""
    folder = tmp_path / "cases"
    folder.mkdir(exist_ok=True)
    for path in CASES.glob("*.yaml"):
        if path.stem.startswith(prefixes):
            shutil.copy(path, folder)
    (folder / "flags").mkdir(exist_ok=True)
    for path in (CASES / "flags").glob("*.yaml"):  # the planted red flags of those cases
        if any(p.startswith(path.stem) for p in prefixes):
            shutil.copy(path, folder / "flags")
    return folder


def grade_reply(body: dict) -> str:
    """A schema-valid stage grade quoting the candidate's longest answer in the prompt, scored
    by how much the candidate said: deterministic, and different across levels."""
    prompt = body["messages"][1]["content"]
    answers = _CANDIDATE.findall(prompt)
    longest = max(answers, key=len)
    words = sum(len(a.split()) for a in answers)
    score = 1 + (words >= 25) + (words >= 60) + (words >= 120)
    return json.dumps(
        {
            "rationale": "Scripted.",
            "evidence": [" ".join(longest.split()[:6])],
            "missed": [],
            "communication": score,
            "score": score,
        }
    )


def test_coverage_eval_on_every_case_passes_the_thresholds(tmp_path, capsys):
    """The CI gate: every coverage bar is checked (none null) and met."""
    code = commands.eval_command(args(out=str(tmp_path / "out"), json=True))
    results = json.loads(capsys.readouterr().out)
    verdict = results["thresholds"]
    assert verdict["missed"] == [] and verdict["unchecked"] == [] and code == 0
    assert results["cases"] == 80 and results["cost"]["coverage"]["failed"] == 0
    assert (tmp_path / "out" / "report.md").is_file()


def test_coverage_grading_repeats_exactly(tmp_path):
    cases = load_cases(subset(tmp_path, "news-feed", "fraud-detection"))
    progress = io.StringIO()
    run = run_eval(
        cases, ["coverage"], load_settings(), repeats=2, concurrency=2, progress=progress
    )
    assert "\rcoverage: 40/40 gradings, 0 failed" in progress.getvalue()
    found = compute_metrics(run)["coverage"]
    assert found["test_retest.exact_agreement"].value == 1.0
    assert found["test_retest.icc_2_1"].value == pytest.approx(1.0)
    assert found["test_retest.mean_spread"].value == 0


def test_llm_grader_mechanics_against_the_scripted_endpoint(endpoint, tmp_path, capsys):
    """Both graders, two repeats: every metric is computed from real HTTP replies."""
    endpoint.responder = grade_reply
    versions = ("strong-1", "mixed", "weak-1", "padded", "injected", "reordered", "buzzword")
    versions += ("garbage", "terse")
    folder = subset(tmp_path, *(f"{q}-{v}" for q in ("news-feed", "ads-ctr") for v in versions))
    code = commands.eval_command(
        args(cases=[str(folder)], grader="both", repeats=2, out=str(tmp_path / "out"), json=True)
    )
    results = json.loads(capsys.readouterr().out)
    assert results["model"] == "scripted-model"
    # grade_reply scores by word count, so the longer padded and injected variants score
    # higher, and the fluent mixed-with-red-flags answers outrank the strong ones: a grader
    # that rewards length misses exactly these llm bars, and the run exits 1 (the coverage
    # bars are gated on the whole dev set, not on a two-question sample)
    missed = results["thresholds"]["missed"]
    assert [m for m in missed if m.startswith("llm.")] == [
        "llm.ordering.pairs_correct",
        "llm.ordering.kendall_tau",
        "llm.robustness.injected.max_increase",
        "llm.robustness.padded.max_increase",
    ]
    assert results["thresholds"]["unchecked"] == [] and code == 1
    nulls = {
        section: [name for name, m in found.items() if m["value"] is None]
        for section, found in results["metrics"].items()
    }
    assert nulls == {"coverage": [], "llm": [], "coverage_vs_llm": []}
    llm = results["metrics"]["llm"]
    assert llm["evidence.unsupported_stages"]["value"] == 0.0  # every verbatim quote verified
    assert llm["test_retest.exact_agreement"]["value"] == 1.0
    assert llm["refusal.garbage_refusal_rate"]["value"] == 1.0
    cost = results["cost"]["llm"]
    assert cost["calls"] == len(endpoint.chat_requests()) > 0 and cost["failed"] == 0
    # 14 gradable cases x 7 stages x 2 repeats; a stage an adversarial variant left unchanged
    # is the same prompt as in its base case, so it may be served from the cache
    assert cost["calls"] + cost["cache_hits"] >= 196 and cost["prompt_tokens"] > 0
    sent = endpoint.chat_requests()[0]
    assert sent["response_format"]["type"] == "json_schema" and sent["seed"] == 7


def test_a_rerun_is_served_from_the_cache_and_no_cache_calls_again(endpoint, tmp_path):
    endpoint.responder = grade_reply
    cases = load_cases(subset(tmp_path, "eta-prediction-strong", "eta-prediction-weak"))
    settings = load_settings()
    first = run_eval(cases, ["llm"], settings)
    calls = len(endpoint.chat_requests())
    assert calls == sum(r.usage.calls for r in first.runs) >= 14
    again = run_eval(cases, ["llm"], settings)
    assert len(endpoint.chat_requests()) == calls
    assert sum(r.cache_hits for r in again.runs) == calls
    assert sum(r.usage.calls for r in again.runs) == 0
    cards = [
        [r.scorecard.model_dump(exclude={"usage"}) for r in sorted(x.runs, key=lambda r: r.case.id)]
        for x in (first, again)
    ]
    assert cards[0] == cards[1]
    fresh = run_eval(cases, ["llm"], settings, cache=False)
    assert len(endpoint.chat_requests()) == 2 * calls
    assert sum(r.cache_hits for r in fresh.runs) == 0


def test_a_missed_threshold_exits_1_naming_each_one(tmp_path, monkeypatch, capsys):
    bars = tmp_path / "thresholds.yaml"
    bars.write_text(
        "coverage:\n  ordering.pairs_correct: {min: 1.1}\n"
        "  refusal.false_refusal_rate: {max: -1}\n"
        "  evidence.validity: {min: 0.5}\n"
    )
    monkeypatch.setattr(commands, "THRESHOLDS", bars)
    folder = subset(tmp_path, "video-recs-strong", "video-recs-mixed", "video-recs-weak")
    code = commands.eval_command(args(cases=[str(folder)], out=str(tmp_path / "out")))
    out, err = capsys.readouterr()
    assert code == 1
    missed = re.findall(r"missed threshold: (\S+)", err)
    assert missed == ["coverage.ordering.pairs_correct", "coverage.refusal.false_refusal_rate"]
    assert "thresholds: 2 missed; report:" in out
    saved = json.loads((tmp_path / "out" / "results.json").read_text())
    assert saved["thresholds"]["missed"] == missed


def test_an_unchecked_bar_fails_unless_allowed_and_is_named_either_way(
    tmp_path, monkeypatch, capsys
):
    bars = tmp_path / "thresholds.yaml"
    bars.write_text(
        "coverage:\n  ordering.pairs_correct: {min: 0.9}\n  test_retest.icc_2_1: {min: 0.8}\n"
    )
    monkeypatch.setattr(commands, "THRESHOLDS", bars)
    folder = subset(tmp_path, "video-recs-strong", "video-recs-mixed", "video-recs-weak")
    code = commands.eval_command(args(cases=[str(folder)], out=str(tmp_path / "strict")))
    out, err = capsys.readouterr()
    assert code == 1 and "thresholds: 1 unchecked; report:" in out
    assert (
        "unchecked threshold: coverage.test_retest.icc_2_1 >= 0.8: got null (needs --repeats 2"
        in err
    )
    code = commands.eval_command(
        args(cases=[str(folder)], out=str(tmp_path / "allowed"), allow_unchecked=True)
    )
    out, err = capsys.readouterr()
    assert code == 0 and "1 unchecked (allowed)" in out
    assert "unchecked threshold (allowed by --allow-unchecked): coverage.test_retest.icc_2_1" in err


def test_llm_grader_without_an_endpoint_says_what_to_set(tmp_path, capsys):
    with pytest.raises(InterviewerError, match="MLSD_BASE_URL"):
        commands.eval_command(args(grader="llm", cases=[str(subset(tmp_path, "ads-ctr-weak"))]))
    with pytest.raises(InterviewerError, match="--repeats must be 1 or more"):
        commands.eval_command(args(repeats=0))


def test_the_cli_runs_the_eval_in_a_subprocess(tmp_path):
    folder = subset(tmp_path, "news-feed")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "agent",
            "eval",
            "--cases",
            str(folder),
            "--grader",
            "coverage",
            "--concurrency",
            "2",
            "--out",
            str(tmp_path / "out"),
            "--json",
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=240,
    )
    # one question is a sample, not the gate (the whole dev set is): whatever its verdict, the
    # exit code and the stderr lines must say the same as results.json
    results = json.loads(done.stdout)
    assert results["cases"] == 10 and done.returncode == (
        0 if results["thresholds"]["passed"] else 1
    )
    for missed in results["thresholds"]["missed"]:
        assert f"missed threshold: {missed} " in done.stderr
    assert json.loads((tmp_path / "out" / "results.json").read_text()) == results

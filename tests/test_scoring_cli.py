"""`mlsd grade CASE.yaml [--grader llm|coverage] [--repeats N] [--json]` and the Markdown view."""

import argparse
import json
import re

import pytest

from agent.cases import CaseError
from agent.cli.grade import grade_command
from agent.cli.main import main
from agent.llm.replies import LLMError
from agent.paths import EVALS_DIR
from agent.scoring.grade import ScoringError
from agent.scoring.render import render_markdown
from agent.scoring.scorecard import Scorecard
from tests.support.endpoint import dead_url

STRONG = EVALS_DIR / "cases" / "ads-ctr-strong-1.yaml"


def args(case=STRONG, grader=None, repeats=1, as_json=False) -> argparse.Namespace:
    return argparse.Namespace(case=str(case), grader=grader, repeats=repeats, json=as_json)


def test_plain_output_is_a_readable_scorecard(capsys):
    assert grade_command(args()) == 0
    out = capsys.readouterr().out
    assert "**Overall " in out and "recommendation:" in out and "level:" in out
    assert "| Metrics (offline and online) |" in out and '"' in out  # a quoted piece of evidence
    assert "## To improve" in out and re.search(r"\(study: \*[^*]+\*, `[a-z-]+`\)", out)
    assert "grader: coverage" in out  # no endpoint configured: the offline grader


def test_json_output_is_exactly_the_scorecard(capsys):
    assert grade_command(args(as_json=True)) == 0
    card = Scorecard.model_validate_json(capsys.readouterr().out)  # fails on any other text
    assert card.graded and card.grader == "coverage"
    assert card.overall == 3.23  # the deterministic coverage grade of this case today


def test_a_refused_case_says_why(capsys):
    assert grade_command(args(EVALS_DIR / "cases" / "news-feed-garbage-1.yaml", as_json=True)) == 0
    card = json.loads(capsys.readouterr().out)
    assert card["graded"] is False and card["reason"]
    assert "Not graded" in render_markdown(Scorecard.model_validate(card))


def test_bad_file_and_bad_options_are_readable_errors(tmp_path):
    with pytest.raises(CaseError, match="cannot read case"):
        grade_command(args(tmp_path / "missing.yaml"))
    with pytest.raises(ScoringError, match="needs a model endpoint"):
        grade_command(args(grader="llm"))
    with pytest.raises(ScoringError, match="at least 1"):
        grade_command(args(repeats=0))
    unknown = tmp_path / "x.yaml"
    unknown.write_text(
        STRONG.read_text()
        .replace("id: ads-ctr-strong-1", "id: x")
        .replace("question: ads-ctr", "question: no-such-question")
    )
    with pytest.raises(ScoringError, match="unknown question 'no-such-question'"):
        grade_command(args(unknown))


def test_endpoint_down_is_one_readable_error(monkeypatch):
    monkeypatch.setenv("MLSD_BASE_URL", dead_url())
    monkeypatch.setenv("MLSD_MODEL", "any")
    with pytest.raises(LLMError, match="could not be reached"):
        grade_command(args(grader="llm"))


def test_the_registered_command(capsys):
    assert main(["grade", str(STRONG), "--grader", "coverage", "--json"]) == 0
    assert Scorecard.model_validate_json(capsys.readouterr().out).overall == 3.23
    assert main(["grade", "missing.yaml"]) == 2
    assert "error:" in capsys.readouterr().err


def test_the_default_models_grades_all_withheld_give_way_to_the_coverage_grader(endpoint, capsys):
    made_up = {"rationale": "r", "evidence": ["words nobody said"], "missed": [], "score": 4}
    endpoint.responder = lambda body: json.dumps(made_up | {"communication": 3})
    assert grade_command(args(as_json=True)) == 0
    card = Scorecard.model_validate_json(capsys.readouterr().out)
    assert card.graded and card.grader == "coverage" and "withheld" in card.reason
    assert grade_command(args(grader="llm", as_json=True)) == 0  # asked for: no stand-in
    card = Scorecard.model_validate_json(capsys.readouterr().out)
    assert not card.graded and card.grader == "scripted-model"

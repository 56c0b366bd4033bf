"""`mlsd eval --flags`: the red-flag detector over labelled sentences, and its file checks."""

from __future__ import annotations

import pytest

from agent.cli import main
from agent.evaluation.flag_set import FlagSetError, flag_metrics, load_flag_set
from agent.knowledge import default_knowledge
from agent.scoring.vectors import shared_vectors

SET = """
- flag: stage-training#1
  stage: training
  label: commits
  sentence: We'll shuffle all eighteen months of loan applications and take a random 20 percent holdout as the test set.
- flag: stage-training#1
  stage: training
  label: rejects
  sentence: A random split would leak next month's applications into training, so I'd split by application date instead.
"""


def test_a_mistake_is_caught_and_its_rejection_is_not(tmp_path):
    path = tmp_path / "set.yaml"
    path.write_text(SET)
    knowledge = default_knowledge()
    found = flag_metrics(load_flag_set(path, knowledge), knowledge, shared_vectors())
    assert found["counts"]["commits"] == {"sentences": 1, "flagged": 1}
    assert found["counts"]["rejects"] == {"sentences": 1, "flagged": 0}
    assert found["wrong"] == []


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (SET.replace("stage-training#1", "stage-training#99", 1), "no red flag has the id"),
        (
            SET.replace("label: rejects", "label: maybe"),
            r"sentences\[1\]\.label: .maybe. is not allowed",
        ),
        ("- [unclosed", "line"),
    ],
)
def test_a_bad_sentence_file_is_one_line_naming_it(tmp_path, text, says):
    path = tmp_path / "set.yaml"
    path.write_text(text)
    with pytest.raises(FlagSetError, match=says) as error:
        load_flag_set(path, default_knowledge())
    assert str(error.value).startswith(str(path)) and "\n" not in str(error.value)


def test_the_shipped_set_reports_every_label(capsys):
    assert main(["eval", "--flags"]) == 0
    out = capsys.readouterr().out
    for reads in ("mistakes caught", "rejections flagged", "right uses flagged"):
        assert f"{reads} " in out and " of 60" in out

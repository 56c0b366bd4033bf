"""A question of the candidate's own is scoped to the notes of its domain by the words it
uses, and the eval that measures the scope reads its labelled sets strictly."""

from __future__ import annotations

import json

import pytest

from agent.cli.main import main
from agent.evaluation.domain_set import DomainSetError, load_domain_set
from agent.knowledge import default_knowledge
from agent.paths import EVALS_DIR
from agent.scoring.flag_scope import domain_notes, question_notes
from agent.scoring.vectors import shared_vectors

RECOMMENDERS = {"candidate-generation-ranking", "collaborative-filtering", "cold-start"}


def scoped(question: str) -> set[str]:
    knowledge = default_knowledge()
    return set(question_notes(knowledge, None, question, shared_vectors())) & domain_notes(
        knowledge
    )


def test_a_question_is_scoped_by_the_words_it_uses():
    """ "Playlist" names a recommender though MiniLM reads the question far from every
    recommender note's title (0.30 at best): it had only the generic notes, and the
    interviewer's probes were about latency budgets."""
    playlist = scoped("Design the system that picks the next songs once a user's playlist ends")
    assert playlist >= RECOMMENDERS
    assert not {n for n in playlist if "speech" in n or n in ("ctc", "machine-translation")}
    # a word inside another word is not the word: "adverts" is, "advertent" and "bad" are not
    assert "ctr-prediction" in scoped("Design the model that picks which adverts to show")
    assert "ctr-prediction" not in scoped("Design a model that flags bad transactions on cards")


def test_a_generic_production_note_is_no_domain_note():
    domain = domain_notes(default_knowledge())
    assert "latency-budgets" not in domain and "ab-testing" not in domain
    assert {"ctc", "collaborative-filtering"} <= domain


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("questions:\n  - text: Design X\n    relevant: [no-such-note]\n", "'no-such-note'"),
        ("questions:\n  - text: Design X\n    relevant: [latency-budgets]\n", "latency-budgets"),
        ("questions:\n  - text: Design X\n    offdomain: [ctc]\n", "use one of: text, relevant"),
        ("questions: [unclosed", "line"),
    ],
)
def test_a_bad_domain_file_is_one_line_naming_it(tmp_path, text, says):
    path = tmp_path / "set.yaml"
    path.write_text(text)
    with pytest.raises(DomainSetError, match=says) as error:
        load_domain_set(path, default_knowledge())
    assert str(error.value).startswith(str(path)) and "\n" not in str(error.value)


def test_the_domain_eval_reports_both_sets(capsys):
    assert main(["eval", "--domains", "--cases", *SETS, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"dev.yaml", "blind.yaml"}
    for found in report.values():
        assert found["questions"] == 40
        assert 0 < found["recall"] <= 1 and 0 < found["precision"] <= 1


SETS = [str(EVALS_DIR / "domains" / name) for name in ("dev.yaml", "blind.yaml")]

"""A note's probing question says in which stages it is asked ("Asked in:"), and the offline
interviewer asks a stage's own questions first: reading the imbalanced-data note while metrics
are discussed, it asked "When would you prefer class weights or focal loss over resampling?",
a training question. Real notes."""

from __future__ import annotations

import pytest

from agent.interviewer.offline import stage_first
from agent.knowledge import STAGES, KnowledgeError, default_knowledge, parse_note
from tests.test_answered_by import _with_probes

KNOWLEDGE = default_knowledge()


def test_the_stages_are_kept_by_question_and_leave_the_section(tmp_path):
    path = _with_probes(
        tmp_path,
        "- When would you prefer class weights or focal loss over\n  resampling?\n"
        "  Answered by: gamma; easy negatives\n  Asked in: training\n"
        "- Why is accuracy misleading here?\n  Asked in: metrics, training\n"
        "  Answered by: PR AUC; recall at fixed precision",
    )
    note = parse_note(path)
    weights = "When would you prefer class weights or focal loss over resampling?"
    accuracy = "Why is accuracy misleading here?"
    assert note.section_list("Probing questions") == [weights, accuracy]
    assert note.asked_in == {weights: ["training"], accuracy: ["metrics", "training"]}
    assert note.answered_by[accuracy] == ["PR AUC", "recall at fixed precision"]


@pytest.mark.parametrize(
    ("line", "error"),
    [("Asked in: modelling", "names modelling; use stage names"), ("Asked in: ,", "empty")],
)
def test_a_bad_line_is_a_clear_error(tmp_path, line, error):
    path = _with_probes(tmp_path, f"- Why is accuracy misleading here?\n  {line}")
    with pytest.raises(KnowledgeError, match=error):
        parse_note(path)


def test_every_shipped_probing_question_names_one_or_two_stages_after_framing():
    for note in KNOWLEDGE.notes.values():
        assert all("Asked in" not in text for text in note.sections.values()), note.id
        if note.kind != "topic":
            continue
        for question in note.section_list("Probing questions"):
            stages = note.asked_in.get(question)
            assert stages and 1 <= len(stages) <= 2, (note.id, question)
            assert "problem" not in stages and set(stages) <= set(STAGES), (note.id, question)


def test_a_stage_asks_its_own_questions_first_and_others_only_when_none_is_open():
    """Reading the imbalanced-data note while metrics are discussed, the interviewer asked
    "When would you prefer class weights or focal loss over resampling?": a training question."""
    note = KNOWLEDGE.notes["imbalanced-data"]
    probes = note.section_list("Probing questions")
    weights = next(q for q in probes if "focal loss" in q)
    for_metrics = [q for q in probes if "metrics" in note.asked_in[q]]
    assert for_metrics and weights not in for_metrics
    assert stage_first(note, "metrics", probes) == for_metrics
    assert weights in stage_first(note, "training", probes)
    others = [q for q in probes if q not in for_metrics]
    assert stage_first(note, "metrics", others) == others  # none open for metrics: any

"""A checklist item a question does not judge (class imbalance in translation, a
logistic-regression baseline for it) is never graded, listed as missed or asked for."""

from __future__ import annotations

import pytest

from agent.config import load_settings
from agent.interview.runtime import Runtime
from agent.interviewer.offline import OfflinePolicy
from agent.knowledge import default_knowledge
from agent.scoring.coverage import CoverageGrader
from agent.scoring.grade import grade_transcript
from agent.scoring.transcript import Transcript
from agent.state import make_turn
from tests.test_listening import answered, at_stage, reply

KNOWLEDGE = default_knowledge()
IMBALANCE = next(i for i in KNOWLEDGE.stages["metrics"].checklist if i.id == "imbalance")
METRICS = (
    "Offline I'd report BLEU and chrF per direction, plus COMET, because n-gram overlap misses "
    "meaning errors. Online, thumbs ratings and repeat use of See translation in an A/B test."
)


def graded(question: str, stage: str, answer: str):
    turns = [
        make_turn(stage, "interviewer", "Walk me through this part."),
        make_turn(stage, "candidate", answer),
    ]
    card = grade_transcript(Transcript(question, "", turns), grader="coverage")
    return card.stages[stage]


def test_the_loader_checks_and_keeps_what_a_question_does_not_judge():
    translation = KNOWLEDGE.question("translation-service")
    assert "imbalance" in translation.stages["metrics"].not_judged
    ids = [i.id for i in KNOWLEDGE.checklist("metrics", translation)]
    assert "imbalance" not in ids and "offline-metric" in ids
    fraud = KNOWLEDGE.question("fraud-detection")
    assert KNOWLEDGE.checklist("metrics", fraud) == KNOWLEDGE.stages["metrics"].checklist
    assert KNOWLEDGE.checklist("metrics", None) == KNOWLEDGE.stages["metrics"].checklist


def test_an_item_the_question_does_not_judge_is_never_listed_as_missed():
    assert IMBALANCE.text not in graded("translation-service", "metrics", METRICS).missed
    assert IMBALANCE.text in graded("fraud-detection", "metrics", METRICS).missed  # judged there


def test_an_unanswered_stage_misses_only_what_the_question_judges():
    turns = [
        make_turn("metrics", "interviewer", "How would you measure it?"),
        make_turn("mvp", "interviewer", "What would you build first?"),
        make_turn("mvp", "candidate", "Pretrained transformers for the top directions."),
    ]
    grade = CoverageGrader().grade_stage(Transcript("translation-service", "", turns), "metrics")
    assert grade.score == 1.0 and grade.missed
    assert IMBALANCE.text not in grade.missed


@pytest.mark.parametrize(
    ("question", "asked"), [("translation-service", False), ("fraud-detection", True)]
)
def test_the_offline_interviewer_has_no_gap_the_question_does_not_judge(question, asked):
    gaps = OfflinePolicy().gaps(answered("metrics", "BLEU offline.", question))
    assert (IMBALANCE in gaps) is asked


def test_a_translation_interview_is_never_asked_how_rare_positives_are(knowledge_index):
    interview = at_stage(
        Runtime(load_settings(offline=True), live_grading=False),
        "metrics",
        session="mt",
        question=KNOWLEDGE.question("translation-service"),
    )
    said = [reply(interview, METRICS, at=100)]
    while interview.values["stage"] == "metrics" and len(said) < 5:
        said.append(reply(interview, "I'd slice every metric by direction.", at=110 + len(said)))
    assert interview.values["stage"] != "metrics", said
    assert not any(IMBALANCE.probe in s for s in said), said

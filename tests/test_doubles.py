"""Unit tests on the in-process doubles: the engine's routing with a fake policy, and the LLM
grader's parsing with a fake model. No HTTP, no model; the real-part tests stay elsewhere."""

from __future__ import annotations

import json

import pytest

from agent.config import load_settings
from agent.interview import Runtime
from agent.knowledge import STAGES, default_knowledge
from agent.llm import LLMError
from agent.scoring.llm_grader import LLMGrader
from agent.scoring.transcript import Transcript
from agent.state import make_turn
from tests.support.fakes import FakeModel, FakePolicy, UnexpectedCall

QUESTION = default_knowledge().question("ads-ctr")
ANSWER = "Predict the click probability per impression, calibrated, because bids multiply it."


@pytest.fixture
def policy():
    fake = FakePolicy()
    yield fake
    fake.verify()


def started(policy: FakePolicy):
    runtime = Runtime(load_settings(), policy=policy, retriever=None, live_grading=False)
    interview = runtime.interview("doubles")
    list(interview.start(question_id=QUESTION.id, question_text=QUESTION.prompt, at=0))
    return interview


def test_the_engine_asks_what_the_policy_decides_and_records_its_coverage(policy):
    policy.enqueue("follow_up", "Who pays for the ads?", ["business-goal"])
    policy.enqueue("advance", covered=["business-goal", "use-cases"])
    interview = started(policy)
    asked = [e.turn for e in interview.send(ANSWER, at=30) if e.kind == "turn"]
    assert [(t["kind"], t["text"]) for t in asked] == [("follow_up", "Who pays for the ads?")]
    assert interview.values["covered"] == {"problem": ["business-goal"]}
    assert policy.seen[0].answers == [ANSWER] and policy.seen[0].state["stage"] == "problem"
    moved = [e.turn for e in interview.send("Advertisers, per click.", at=60) if e.kind == "turn"]
    assert [t["kind"] for t in moved] == ["opening"] and moved[0]["stage"] == STAGES[1]
    assert interview.values["covered"]["problem"] == ["business-goal", "use-cases"]


def test_time_up_moves_on_without_asking_the_policy_and_keeps_its_coverage(policy):
    policy.covered = ["ml-framing"]
    interview = started(policy)
    budget = default_knowledge().stages["problem"].budget_minutes * 60
    list(interview.send(ANSWER, at=budget + 1))  # no decision queued: decide() would fail
    assert interview.values["stage"] == STAGES[1] and policy.seen == []
    assert interview.values["covered"]["problem"] == ["ml-framing"]
    assert interview.values["summaries"]["problem"]  # summarised from the policy's coverage


def test_an_unqueued_decision_fails_loudly(policy):
    interview = started(policy)
    with pytest.raises(UnexpectedCall, match="no queued decision"):
        list(interview.send(ANSWER, at=30))


def transcript(answer: str) -> Transcript:
    turns = [make_turn("metrics", "interviewer", "How would you measure it?"),
             make_turn("metrics", "candidate", answer, "answer")]  # fmt: skip
    return Transcript("ads-ctr", QUESTION.prompt, turns)


def verdict(quote: str, score: int = 3) -> str:
    return json.dumps({"rationale": "Names the right metrics.", "evidence": [quote],
                       "missed": ["calibration"], "communication": 3, "score": score})  # fmt: skip


def test_the_grader_keeps_a_verified_quote_and_its_score():
    model = FakeModel(load_settings()).enqueue(verdict("log loss because clicks are rare"))
    said = "Offline I'd use log loss because clicks are rare, and AUC."
    grade = LLMGrader(model).grade_stage(transcript(said), "metrics")
    assert (
        grade.score == 3.0
        and grade.supported
        and grade.evidence == ["log loss because clicks are rare"]
    )
    sent = model.calls[0]["params"]["response_format"]
    assert sent["type"] == "json_schema" and sent["json_schema"]["name"] == "StageAssessment"
    model.verify()


def test_the_grader_re_asks_once_then_withholds_an_invented_quote():
    model = FakeModel(load_settings()).enqueue(verdict("I would use NDCG", 4), verdict("NDCG", 4))
    grade = LLMGrader(model).grade_stage(transcript("Offline, log loss."), "metrics")
    assert grade.score is None and not grade.supported and "Unsupported" in grade.rationale
    assert len(model.calls) == 2 and "NDCG" in model.calls[1]["messages"][-1]["content"]
    model.verify()


def test_the_grader_says_which_modes_failed_on_garbage():
    model = FakeModel(load_settings()).enqueue("no json here", "nor here", "still none", "none")
    with pytest.raises(LLMError, match="gave no valid StageAssessment in any output mode"):
        LLMGrader(model).grade_stage(transcript("Offline, log loss."), "metrics")
    model.verify()

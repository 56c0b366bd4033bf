"""Ending is asked twice, and an empty answer is refused: nothing a stray key or click does
throws away the stages still to come. Real graph, real SQLite checkpointer."""

from __future__ import annotations

import pytest

from agent.config import load_settings
from agent.errors import EmptyAnswer
from agent.interview.runtime import Runtime
from agent.knowledge import STAGES
from tests.test_engine import ANSWER, start, turns_of


@pytest.fixture
def interview():
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    return start(runtime)[0]


def test_end_is_confirmed_by_repeating_it_and_anything_else_cancels(interview):
    asked = turns_of(interview.send("/end", at=10))
    assert [t["kind"] for t in asked] == ["confirm"] and not interview.ended
    # names what would be skipped, short: titles hold commas of their own
    assert "(Metrics, MVP, Data, Training, Inference, Scaling)" in asked[0]["text"]
    reply = turns_of(interview.send(ANSWER, at=20))  # an answer cancels the question
    assert reply and reply[0]["kind"] != "closing" and not interview.ended
    assert turns_of(interview.send("/end", at=30))[0]["kind"] == "confirm"
    assert turns_of(interview.send("/end", at=31))[0]["kind"] == "closing"
    assert interview.ended and interview.values["ended_by"] == "candidate"


def test_next_in_the_last_stage_asks_before_ending(interview):
    for at in range(1, len(STAGES)):
        list(interview.send("/next", at=at))
    assert interview.values["stage"] == STAGES[-1]
    asked = turns_of(interview.send("/next", at=10))[0]
    assert asked["kind"] == "confirm" and "Type /next again" in asked["text"]
    assert not interview.ended
    closing = turns_of(interview.send("/next", at=11))[0]
    assert closing["kind"] == "closing" and interview.values["ended_by"] == "completed"


@pytest.mark.parametrize("yes", ["y", "Yes", "ok."])
def test_a_yes_to_the_confirmation_question_ends(interview, yes):
    list(interview.send("/end", at=1))
    closing = turns_of(interview.send(yes, at=2))[0]
    assert closing["kind"] == "closing" and interview.values["ended_by"] == "candidate"


def test_a_yes_that_answers_no_confirmation_is_an_answer(interview):
    reply = turns_of(interview.send("yes", at=1))
    assert reply and reply[0]["kind"] != "closing" and not interview.ended
    said = [t for t in interview.values["turns"] if t["role"] == "candidate"]
    assert said[-1]["text"] == "yes" and said[-1]["kind"] == "answer"


def test_a_different_command_does_not_confirm(interview):
    list(interview.send("/end", at=1))
    hint = turns_of(interview.send("/hint", at=2))[0]
    assert hint["kind"] == "hint"
    assert turns_of(interview.send("/end", at=3))[0]["kind"] == "confirm"  # asked again


def test_the_front_ends_end_needs_no_second_step(interview):
    closing = turns_of(interview.end(at=5))
    assert [t["kind"] for t in closing] == ["closing"] and interview.ended


@pytest.mark.parametrize("blank", ["", "   ", "\n\t  \n"])
def test_whitespace_is_refused_before_anything_is_recorded(interview, blank):
    before = interview.turns
    with pytest.raises(EmptyAnswer, match="nothing was sent"):
        interview.send(blank, at=5)
    assert interview.turns == before and interview.values["stage"] == "problem"

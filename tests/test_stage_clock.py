"""The stage clock counts the candidate's time, not the interviewer's: a reply that waits on a
slow model or a first-run index build moves the stage's start on by as long as it took."""

from __future__ import annotations

import time

from agent.config import load_settings
from agent.interview.graph import off_the_clock
from agent.interview.inputs import TurnInputs
from agent.interview.runtime import Runtime
from agent.state import stage_elapsed


def test_a_slow_node_moves_the_stage_start_on_by_its_running_time() -> None:
    def slow(state):
        time.sleep(0.3)
        return {"next_step": "listen"}

    def opens_a_stage(state):
        time.sleep(0.3)
        return {"stage": "metrics", "stage_started": 500.0}

    moved = off_the_clock(slow)({"stage_started": 100.0})
    assert 100.3 <= moved["stage_started"] < 102 and moved["next_step"] == "listen"
    opened = off_the_clock(opens_a_stage)({"stage_started": 100.0})
    assert 500.3 <= opened["stage_started"] < 502  # the new stage's clock starts when said


def test_the_interview_clock_leaves_out_a_slow_reply(monkeypatch) -> None:
    """A real offline interview whose notes lookup takes two seconds: the stage's elapsed time
    after an answer sent 60 s into the stage is 60 s less that wait, and the wall clock's
    answer times are kept as sent."""
    runtime = Runtime(load_settings(offline=True), retriever=None, live_grading=False)
    fraud = runtime.knowledge.question("fraud-detection")
    interview = runtime.interview("clock")
    list(interview.start(question_id=fraud.id, question_text=fraud.prompt, at=1000.0))

    real = TurnInputs.grounded

    def slow_grounded(self, ctx, gaps):
        time.sleep(2.0)
        return real(self, ctx, gaps)

    monkeypatch.setattr(TurnInputs, "grounded", slow_grounded)
    list(interview.send("I'd frame it as binary classification of each payment.", at=1060.0))
    values = interview.values
    assert values["turns"][-2]["at"] == 1060.0
    assert 1002.0 <= values["stage_started"] < 1010.0
    assert stage_elapsed(values) <= 58.0

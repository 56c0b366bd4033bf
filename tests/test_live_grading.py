"""Stages are graded in the background as they close; the final scorecard reuses those grades
and equals grading the whole transcript at the end."""

import json
import re
import time

from agent.config import load_settings
from agent.interview.runtime import Runtime
from agent.knowledge import default_knowledge
from agent.scoring.coverage import CoverageGrader
from agent.scoring.grade import grade_transcript
from agent.scoring.transcript import Transcript
from tests.support.endpoint import Scripted

QUESTION = default_knowledge().question("fraud-detection")
PROBLEM = (
    "Fraud is rare, maybe 0.1% of payments, and the business goal is to block fraud while "
    "keeping false declines low because they cost revenue; latency has to stay under "
    "100 ms at p99 since we score at checkout."
)
METRICS = (
    "Offline I would use PR AUC and recall at a fixed false positive rate because accuracy "
    "is useless at this imbalance; online the fraud loss rate and the decline rate."
)


def test_closed_stages_are_graded_before_the_end(monkeypatch):
    runtime = Runtime(load_settings(), retriever=None)
    interview = runtime.interview("live")
    list(interview.start(question_id=QUESTION.id, question_text=QUESTION.prompt, at=0))
    for at, text in enumerate([PROBLEM, "/next", METRICS, "/next"], start=1):
        list(interview.send(text, at=at * 30.0))
    early = runtime.grading.collect("live")
    assert set(early) == {"problem", "metrics"}
    assert all(grade.score is not None and grade.evidence for grade in early.values())
    graded = []  # stages the grader is asked for from here on
    grade_stage = CoverageGrader.grade_stage

    def spy(self, transcript, stage):
        graded.append(stage)
        return grade_stage(self, transcript, stage)

    monkeypatch.setattr(CoverageGrader, "grade_stage", spy)
    list(interview.end(at=200.0))
    card = runtime.scorecard(interview)
    assert graded == ["mvp"]  # asked but unanswered; problem and metrics came from `early`
    assert card.stages["problem"] == early["problem"]
    whole = grade_transcript(Transcript.from_state(interview.values), grader="coverage")
    assert card.model_dump(exclude={"usage"}) == whole.model_dump(exclude={"usage"})


def test_grading_yields_to_the_interview_and_grades_the_same(endpoint, monkeypatch):
    """A slow grading call is cancelled when a turn starts and graded again at the next pause;
    no grading call starts during a turn; the scorecard equals grading everything at the end."""
    endpoint.responder = scripted_model
    monkeypatch.setenv("MLSD_GRADING", "live")
    live = Runtime(load_settings(), retriever=None)
    live_card, turns = play(live, "yield")
    assert live.grading.cancelled >= 1  # the first stage's call was in flight at the answer
    grading = [r["at"] for r in endpoint.requests if is_grading(r["body"] or {})]
    assert grading and not any(start <= at <= end for at in grading for start, end in turns)
    monkeypatch.setenv("MLSD_GRADING", "end")
    at_end = Runtime(load_settings(), retriever=None)
    assert at_end.grading is None
    end_card, _ = play(at_end, "end")
    assert live_card.model_dump(exclude={"usage"}) == end_card.model_dump(exclude={"usage"})


def is_grading(body: dict) -> bool:
    return "StageAssessment" in json.dumps(body.get("response_format") or {})


def scripted_model(body: dict):
    """Decisions that move on at once; slow, valid verdicts quoting the candidate."""
    if not is_grading(body):
        decision = {"assessment": "ok", "covered": [], "action": "advance", "focus": ""}
        return Scripted(json.dumps(decision), delay=0.05)
    said = re.search(r"<candidate>\n(.*?)\n</candidate>", body["messages"][-1]["content"], re.S)
    quote = " ".join(said.group(1).split()[:6]) if said else ""
    verdict = {
        "rationale": "Scripted.",
        "evidence": [quote] if quote else [],
        "missed": [],
        "communication": 3,
        "score": 3,
        "red_flags": [],
    }
    return Scripted(json.dumps(verdict), delay=0.8)


def play(runtime: Runtime, session: str):
    """Answer the first two stages back to back, then end; the turns' time spans."""
    interview = runtime.interview(session)
    list(interview.start(question_id=QUESTION.id, question_text=QUESTION.prompt, at=0))
    spans = []
    for at, text in enumerate([PROBLEM, METRICS], start=1):
        started = time.monotonic()
        list(interview.send(text, at=at * 30.0))
        spans.append((started, time.monotonic()))
        time.sleep(0.2)  # the candidate reads: the worker picks the closed stage up
    list(interview.end(at=100.0))
    return runtime.scorecard(interview), spans

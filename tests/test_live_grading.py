"""Stages are graded in the background as they close; the final scorecard reuses those grades
and equals grading the whole transcript at the end."""

from agent.config import load_settings
from agent.interview.runtime import Runtime
from agent.knowledge import default_knowledge
from agent.scoring.coverage import CoverageGrader
from agent.scoring.grade import grade_transcript
from agent.scoring.transcript import Transcript

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

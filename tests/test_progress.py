"""Progress across interviews: four scripted interviews with one weak stage go through the
engine (offline interviewer, coverage grader), then `mlsd progress --json` names that stage
weakest with its missed items, a drill picks it, and the drill is a one-stage interview graded
as that stage. Also: the spacing rule, deleting a session, and a damaged history."""

from __future__ import annotations

import json
import time
from datetime import date, timedelta

import pytest

from agent.cases import Case, load_case
from agent.cli.replay import replay_case
from agent.config import load_settings
from agent.interview.runtime import Runtime
from agent.knowledge import STAGES, default_knowledge
from agent.paths import EVALS_DIR
from agent.progress import History, Record, drill_question, drill_stage, progress
from agent.scoring.render import render_markdown
from tests.test_cli import mlsd

QUESTIONS = ("ads-ctr", "eta-prediction", "fraud-detection", "news-feed")
WEAK_TRAINING = (
    "I would train a model on the data and keep tuning it until the results look good. "
    "Then we ship it."
)


def weak_at_training(question: str) -> Case:
    """A strong scripted interview whose training answers are replaced by a vague one."""
    case = load_case(EVALS_DIR / "cases" / f"{question}-strong-1.yaml")
    turns, replaced = [], False
    for turn, staged in zip(case.turns, case.to_turns(), strict=True):
        if staged["stage"] == "training" and turn.role == "candidate":
            if not replaced:
                turns.append(turn.model_copy(update={"text": WEAK_TRAINING, "stage": "training"}))
                replaced = True
            continue
        turns.append(turn.model_copy(update={"stage": staged["stage"]}))
    return case.model_copy(update={"turns": turns})


@pytest.fixture
def runtime():
    runtime = Runtime(load_settings(offline=True), retriever=None, live_grading=False)
    yield runtime
    runtime.close()


@pytest.fixture
def four_interviews(runtime):
    for question in QUESTIONS:
        replayed = replay_case(runtime, weak_at_training(question))
        assert runtime.scorecard(replayed.interview).graded
    return runtime


def test_progress_names_the_weak_stage_its_missed_items_and_a_drill_picks_it(four_interviews):
    done = mlsd("progress", "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert [i["question"] for i in found["interviews"]] == list(QUESTIONS)
    assert found["weakest_stage"] == "training"
    training = found["stages"]["training"]
    others = [found["stages"][s]["moving"] for s in STAGES if s != "training"]
    assert training["moving"] < min(others)
    assert len(training["scores"]) == 4 and None not in training["scores"]
    items = {(s, i.id) for s in STAGES for i in default_knowledge().stages[s].checklist}
    assert found["weakest_items"], "the items missed most often are named"
    # a training item the strong data answers explained is not missed there ("to improve"
    # drops it), so an item every interview missed elsewhere may rank first
    weakest = found["weakest_items"]
    assert any(m["stage"] == "training" for m in weakest), weakest
    assert weakest[0]["missed"] == weakest[0]["out_of"] == 4
    for missed in weakest:
        assert (missed["stage"], missed["item"]) in items
        assert 0 < missed["missed"] <= missed["out_of"] == 4
        assert missed["note"] in default_knowledge().notes
    records = four_interviews.history.records()
    assert drill_stage(records) == "training"
    assert drill_question(records, default_knowledge()).id not in QUESTIONS

    table = mlsd("progress")
    assert table.returncode == 0, table.stderr
    title = default_knowledge().stages["training"].title
    assert f"Weakest stage: {title}." in table.stdout


def drill(runtime: Runtime, stage: str = "training"):
    """A short drill of `stage`: one answer, then /next twice (asked, then confirmed)."""
    question = default_knowledge().question("news-feed")
    interview = runtime.interview()
    started = list(
        interview.start(question_id=question.id, question_text=question.prompt, drill=[stage])
    )
    assert "drill" in started[-1].text.lower()
    assert interview.values["stage"] == stage
    status = [e.text for e in interview.send("/status") if e.kind == "turn"]
    assert "stage 1 of 1" in status[0], status
    answer = (
        "We train one multi-task model with a head per action, weight the rare actions' losses "
        "up, and validate on the days after the training window, a time-based split."
    )
    list(interview.send(answer))
    list(interview.send("/next"))
    assert not interview.ended, "/next in the drill's one stage asks before ending"
    list(interview.send("/next"))
    assert interview.ended
    return interview


def test_a_drill_is_one_stage_graded_as_that_stage_and_recorded(runtime):
    card = runtime.scorecard(drill(runtime))
    assert card.drill == ["training"] and list(card.stages) == ["training"]
    assert card.not_reached == [] and card.recommendation is None
    assert card.overall == card.stages["training"].score
    assert render_markdown(card).startswith("# Drill scorecard:")
    (record,) = runtime.history.records()
    assert record.kind == "drill" and list(record.stages) == ["training"]


def record(stage_scores: dict[str, float], kind: str = "interview", days_ago: int = 5) -> Record:
    at = time.time() - days_ago * 86400
    return Record("s", kind, "ads-ctr", "senior", at, 2.5, stage_scores)


def test_a_stage_drilled_yesterday_yields_unless_weaker_by_the_margin():
    history = [record({"metrics": 2.0, "training": 2.2, "data": 3.0})]
    assert drill_stage(history) == "metrics"
    drilled = history + [record({"metrics": 2.0}, kind="drill", days_ago=1)]
    assert drill_stage(drilled) == "training", "close runner-up goes first after a drill"
    far = [record({"metrics": 1.2, "training": 3.0})] + [record({"metrics": 1.2}, "drill", 0)]
    assert drill_stage(far) == "metrics", "still the weakest by the margin"
    long_ago = history + [record({"metrics": 2.0}, kind="drill", days_ago=3)]
    assert drill_stage(long_ago) == "metrics", "a drill three days ago no longer counts"
    assert drill_stage(drilled, today=date.today() + timedelta(days=2)) == "metrics"
    assert drill_stage([]) is None


def test_progress_averages_the_recent_scores_and_counts_misses_per_scored_stage():
    knowledge = default_knowledge()
    item = knowledge.stages["data"].checklist[0].id
    records = [
        Record("a", "interview", "q", None, 1, 2.0, {"data": 1.0}, missed={"data": {item: "n"}}),
        Record("b", "interview", "q", None, 2, 2.0, {"data": 2.0}),
        Record("c", "interview", "q", None, 3, 2.0, {"data": 3.0}),
        Record("d", "drill", "q", None, 4, 4.0, {"data": 4.0}),
    ]
    found = progress(records, knowledge)
    assert found.stages["data"].moving == 3.0  # the last three
    assert found.stages["data"].best == 4.0 and found.stages["data"].latest == 4.0
    assert found.stages["metrics"].scores == [None] * 4
    (missed,) = found.weakest_items
    assert (missed.item, missed.missed, missed.out_of) == (item, 1, 4)


def test_deleting_a_session_removes_transcript_scorecard_and_history_row(runtime):
    runtime.scorecard(drill(runtime))
    session = runtime.history.records()[0].session_id
    card = load_settings().data_dir / "scorecards" / f"{session}.json"
    assert card.is_file()
    done = mlsd("sessions", "--delete", session)
    assert done.returncode == 0, done.stderr
    assert not card.exists()
    assert session not in mlsd("sessions").stdout
    assert session not in {r.session_id for r in History(load_settings().data_dir).records()}
    again = mlsd("sessions", "--delete", session)
    assert again.returncode == 2 and "no saved session" in again.stderr


def test_a_damaged_history_is_one_clear_line_and_sessions_are_untouched():
    folder = load_settings().data_dir
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "history.sqlite").write_bytes(b"this is not a database" * 100)
    done = mlsd("progress")
    assert done.returncode == 2
    assert "cannot use the progress history" in done.stderr and "Traceback" not in done.stderr


def test_drilling_the_weakest_with_no_history_says_what_to_do():
    done = mlsd("interview", "--drill", "--offline", input="")
    assert done.returncode == 2
    assert "name the stage to drill" in done.stderr


def test_grade_record_adds_a_case_file_to_the_history():
    case = EVALS_DIR / "cases" / "ads-ctr-weak-1.yaml"
    done = mlsd("grade", str(case), "--grader", "coverage", "--json", "--record")
    assert done.returncode == 0, done.stderr
    card = json.loads(done.stdout)  # stdout is exactly the scorecard
    (row,) = History(load_settings().data_dir).records()
    assert (row.session_id, row.question, row.kind) == ("ads-ctr-weak-1", "ads-ctr", "interview")
    assert row.overall == card["overall"]
    garbage = mlsd("grade", str(EVALS_DIR / "cases" / "news-feed-garbage-1.yaml"), "--record")
    assert garbage.returncode == 2 and "not recorded in your progress history" in garbage.stderr
    assert len(History(load_settings().data_dir).records()) == 1


def test_the_model_interviewer_is_told_it_runs_a_drill_of_its_stages():
    from agent.interviewer.context import system_message
    from agent.interviewer.policy import TurnContext

    knowledge = default_knowledge()
    state = {"question_text": "Design a feed.", "stage": "training", "turns": []}
    full = system_message(TurnContext(state, knowledge, knowledge.stages["training"], None))
    assert "a 45-minute machine learning system design interview" in full["content"]
    assert ", ".join(STAGES) in full["content"]
    drilled = {**state, "drill": ["training"], "budgets": {"training": 10}}
    told = system_message(TurnContext(drilled, knowledge, knowledge.stages["training"], None))
    assert "a 10-minute drill of part of a machine learning" in told["content"]
    assert "in this order: training." in told["content"]


def test_a_model_graded_interview_records_missed_items_by_the_checklist(endpoint, monkeypatch):
    """A model's "what a strong answer adds" is free text: the history's missed items come
    from the checklist by the coverage grader's test, so progress works with any grader."""
    from agent.scoring.coverage import CoverageGrader
    from agent.scoring.transcript import Transcript
    from tests.test_live_grading import play, scripted_model

    endpoint.responder = scripted_model  # valid verdicts that name nothing missed
    monkeypatch.setenv("MLSD_GRADING", "end")
    runtime = Runtime(load_settings(), retriever=None)
    card, _ = play(runtime, "model-graded")
    assert card.graded and card.grader != "coverage"
    assert card.stages["problem"].missed == []  # the model named nothing there
    (row,) = runtime.history.records()
    transcript = Transcript.from_state(runtime.interview("model-graded").values)
    expected = CoverageGrader().missed_items(transcript, "problem")
    assert expected and sorted(row.missed["problem"]) == sorted(expected)

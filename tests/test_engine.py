"""The interview graph end to end: stages in order, commands, time budgets, both policies,
failures that lose nothing. Real SQLite checkpointer under the test's data dir."""

from __future__ import annotations

import io
import json

import pytest

from agent.cli.terminal import stream_to
from agent.config import load_settings
from agent.interview.export import transcript_markdown
from agent.interview.runtime import Runtime
from agent.interview.saving import AnswerNotTaken
from agent.knowledge import STAGES, default_knowledge
from agent.llm.replies import LLMError
from tests.support.endpoint import dead_url

QUESTION = default_knowledge().question("ads-ctr")
ANSWER = (
    "I would predict the probability of a click for each ad impression with a logistic "
    "regression on hashed features, trained daily on the last thirty days of logs."
)


def start(runtime: Runtime, session: str = "s1", at: float = 0.0):
    interview = runtime.interview(session)
    events = list(interview.start(question_id=QUESTION.id, question_text=QUESTION.prompt, at=at))
    return interview, events


def turns_of(events) -> list[dict]:
    return [e.turn for e in events if e.kind == "turn"]


def run_to_end(interview, answer=ANSWER, limit: int = 60) -> list[str]:
    """Answer every question until the interview ends; return the stage of each opening."""
    clock = 0.0
    for _ in range(limit):
        if interview.ended:
            break
        clock += 30
        list(interview.send(answer, at=clock))
    assert interview.ended, "interview did not end"
    return [t["stage"] for t in interview.turns if t.get("kind") == "opening"]


def test_offline_interview_visits_all_stages_in_order():
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview, events = start(runtime)
    assert QUESTION.prompt in events[-1].text and events[-1].turn["kind"] == "opening"
    assert run_to_end(interview) == list(STAGES)
    assert interview.values["ended_by"] == "completed"
    assert interview.turns[-1]["kind"] == "closing"
    asked = [t for t in interview.turns if t["role"] == "interviewer"]
    assert all(t["text"].count("?") <= 1 for t in asked), "one question at a time"


def test_offline_policy_is_deterministic():
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    first, _ = start(runtime, "a")
    second, _ = start(runtime, "b")
    run_to_end(first)
    run_to_end(second)
    assert [t["text"] for t in first.turns] == [t["text"] for t in second.turns]


def test_commands_hint_status_repeat_next_end():
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview, _ = start(runtime)
    opening = interview.turns[-1]["text"]
    hint = turns_of(interview.send("/hint", at=10))[0]
    assert hint["kind"] == "hint" and interview.values["hints"] == {"problem": 1}
    status = turns_of(interview.send("/status", at=70))[0]["text"]
    assert "stage 1 of 7" in status and "1.2 of 5 minutes" in status and "1 hint" in status
    checklist = default_knowledge().stages["problem"].checklist
    assert not any(item.text in status for item in checklist), "status must not reveal the rubric"
    assert turns_of(interview.send("/repeat", at=80))[0]["text"] == hint["text"]
    moved = turns_of(interview.send("/next", at=90))[0]
    assert moved["stage"] == "metrics" and moved["kind"] == "opening"
    assert opening not in moved["text"]
    # skipped before any answer: the candidate is told what that costs, once
    assert moved["text"].startswith("Problem understanding and requirements has no answer")
    confirm = turns_of(interview.send("/end", at=100))[0]
    assert confirm["kind"] == "confirm" and not interview.ended
    # named short: titles hold commas and "and"s of their own
    assert "leaves 5 stages unreached (MVP, Data, Training, Inference, Scaling)" in confirm["text"]
    # problem was skipped and metrics opened, neither answered: both are reached, and graded
    # at the floor
    assert (
        "Problem and Metrics have no answer from you yet, so each would score 1 of 4."
    ) in confirm["text"]
    closing = turns_of(interview.send("/end", at=101))[0]
    assert closing["kind"] == "closing" and interview.ended
    assert interview.values["ended_by"] == "candidate"
    with pytest.raises(AnswerNotTaken, match='has ended.*"anything else"'):
        interview.send("anything else", at=110)  # refused and handed back, never dropped


def test_spent_time_budget_moves_on_politely():
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview, _ = start(runtime)
    budget = default_knowledge().stages["problem"].budget_minutes * 60
    reply = turns_of(interview.send("short answer", at=budget + 1))[0]
    assert reply["stage"] == "metrics" and "at time" in reply["text"]


def decision(action: str, covered=(), focus: str = "") -> str:
    return json.dumps(
        {"assessment": "ok", "covered": list(covered), "action": action, "focus": focus}
    )


def test_llm_policy_follow_up_then_advance(endpoint):
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview, _ = start(runtime)
    endpoint.reply(decision("follow_up", ["business-goal"], "requirements"))
    endpoint.reply("Thanks. What latency does the ad server allow for this prediction?")
    events = list(interview.send(ANSWER, at=20))
    tokens = [e.text for e in events if e.kind == "token"]
    assert len(tokens) > 3 and "".join(tokens).strip() == turns_of(events)[0]["text"]
    # the model's judgement, plus what grading's own test credits or comes close to ("predict
    # the probability of a click for each ad impression" frames the ML task and its use)
    assert interview.values["covered"]["problem"] == ["business-goal", "use-cases", "ml-framing"]
    decide_request, ask_request = endpoint.chat_requests()
    assert decide_request["response_format"]["type"] == "json_schema"
    assert ask_request["stream"] is True
    prompt = ask_request["messages"][-1]["content"]
    assert f"<candidate>\n{ANSWER}\n</candidate>" in prompt
    assert "Move: follow up" in prompt and "latency" in prompt.lower()
    endpoint.reply(decision("advance", ["business-goal", "requirements"]))
    moved = turns_of(interview.send("About 50 ms at p99.", at=40))[0]
    assert moved["stage"] == "metrics" and moved["kind"] == "opening"


def test_llm_policy_runs_all_stages(endpoint):
    endpoint.responder = lambda body: decision("advance")
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview, _ = start(runtime)
    assert run_to_end(interview) == list(STAGES)
    assert len(endpoint.chat_requests()) == len(STAGES)


def test_endpoint_down_keeps_the_answer_and_retry_recovers(endpoint):
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview, _ = start(runtime)
    endpoint.fault("http500")
    with pytest.raises(LLMError, match="HTTP 500"):
        list(interview.send(ANSWER, at=20))
    assert interview.turns[-1]["text"] == ANSWER and interview.needs_retry
    # a new process (a new runtime on the same data dir) sees the same saved state
    again = Runtime(load_settings(), retriever=None, live_grading=False).interview("s1")
    assert again.turns[-1]["text"] == ANSWER and again.needs_retry
    endpoint.reply(decision("follow_up", [], "use-cases")).reply("Who sees these ads?")
    assert turns_of(again.retry())[0]["text"] == "Who sees these ads?"
    assert not again.needs_retry


def test_ending_while_the_endpoint_stays_down_keeps_every_answer(monkeypatch):
    monkeypatch.setenv("MLSD_BASE_URL", dead_url())
    monkeypatch.setenv("MLSD_API_KEY", "x")
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview, _ = start(runtime)
    with pytest.raises(LLMError, match="could not be reached"):
        list(interview.send(ANSWER, at=20))
    closing = turns_of(interview.end(at=30))
    assert [t["kind"] for t in closing] == ["closing"] and interview.ended
    assert [t["text"] for t in interview.turns if t["role"] == "candidate"] == [ANSWER, "/end"]
    assert interview.values["ended_by"] == "candidate"
    card = runtime.scorecard(interview)  # the model cannot grade: the coverage grader does
    assert card.graded and card.grader == "coverage" and "could not be reached" in card.reason
    assert card.stages["problem"].score is not None
    assert not (runtime.settings.data_dir / "scorecards").exists()  # not kept: retried later


def test_grades_a_model_quotes_wrongly_in_every_stage_give_way_to_the_coverage_grader(endpoint):
    """A small local model that never quotes the candidate's words leaves no stage gradable:
    the candidate still gets a scorecard, the offline one, and is told why."""
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview, _ = start(runtime)
    endpoint.reply(decision("follow_up", [], "use-cases")).reply("Who sees these ads?")
    list(interview.send(ANSWER, at=20))
    list(interview.end(at=30))
    made_up = {"rationale": "r", "evidence": ["words nobody said"], "missed": [], "score": 4}
    endpoint.responder = lambda body: json.dumps(made_up | {"communication": 3})
    card = runtime.scorecard(interview)
    assert card.graded and card.grader == "coverage" and "withheld" in card.reason
    assert card.stages["problem"].score is not None
    assert not (runtime.settings.data_dir / "scorecards").exists()  # not kept: retried later


def test_sessions_are_listed_newest_first():
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    start(runtime, "older")
    start(runtime, "newer")
    listed = runtime.sessions()
    assert [s.id for s in listed] == ["newer", "older"]
    assert listed[0].question == "ads-ctr" and listed[0].stage == "problem"


def test_offline_probe_is_grounded_in_the_note_matching_the_answer(knowledge_index):
    runtime = Runtime(load_settings(), live_grading=False)
    question = default_knowledge().question("video-recs")
    interview = runtime.interview("grounded")
    list(interview.start(question_id=question.id, question_text=question.prompt, at=0))
    list(interview.send("/next", at=1))
    list(interview.send("/next", at=2))
    answer = (
        "For the first version I'd recommend videos that users with similar watch "
        "histories watched, so user-based collaborative filtering on the watch matrix, "
        "and rank by predicted watch probability."
    )
    events = list(interview.send(answer, at=60))
    probe = turns_of(events)[0]
    assert probe["kind"] == "probe" and probe["stage"] == "mvp"
    assert "collaborative-filtering#Probing questions" in probe["sources"]
    note = default_knowledge().notes["collaborative-filtering"]
    assert probe["text"].endswith(tuple(note.section_list("Probing questions")))
    # the candidate sees why it was asked: the note's title in the terminal (its sections are
    # an answer key until the end), the sections in the downloaded transcript
    shown = io.StringIO()
    stream_to(events, out=shown)
    assert f"{probe['text']}\n  (grounded in {note.title})\n" in shown.getvalue()
    assert "Probing questions" not in shown.getvalue()
    sources = ", ".join(dict.fromkeys(probe["sources"]))
    assert f"_Grounded in: {sources}_" in transcript_markdown(interview.values)

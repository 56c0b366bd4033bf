"""A weak model degrades, it does not stop the interview: a turn whose decision never comes
back valid in any output mode moves as the offline interviewer would, the model still writes
the question, and the transcript and the terminal say so. Real HTTP to the scripted endpoint."""

from __future__ import annotations

import re

from agent.cli.terminal import _tell_fallback
from agent.config import load_settings
from agent.interview.runtime import Runtime
from agent.knowledge import default_knowledge
from tests.support.endpoint import asks_for_json

QUESTION = default_knowledge().question("fraud-detection")
ANSWER = (
    "I'd score every card payment in real time with a gradient-boosted model and approve, "
    "challenge or decline it by expected cost."
)


def test_a_turn_without_a_valid_decision_falls_back_to_the_offline_decision(
    endpoint, capsys
) -> None:
    endpoint.responder = lambda body: (
        "{'action': probe" if asks_for_json(body) else "What would you measure first?"
    )
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview = runtime.interview("weak")
    list(interview.start(question_id=QUESTION.id, question_text=QUESTION.prompt, at=0))
    turns = [e.turn for e in interview.send(ANSWER, at=30) if e.kind == "turn"]
    assert [t["text"] for t in turns] == ["What would you measure first?"]  # the model's words
    assert turns[0]["kind"] == "follow_up"  # the offline interviewer's move: a checklist gap
    fallbacks = interview.values["fallbacks"]
    assert len(fallbacks) == 1 and fallbacks[0]["stage"] == "problem"
    assert "gave no valid InterviewerDecision in any output mode" in fallbacks[0]["why"]
    decisions = [b for b in endpoint.chat_requests() if asks_for_json(b)]
    assert {b["max_tokens"] for b in decisions} == {240}  # a decision is short: cut early
    ask = endpoint.chat_requests()[-1]["messages"][-1]["content"]
    assert "Move: follow up" in ask
    assert _tell_fallback(interview)
    assert "the offline interviewer chose the next move" in capsys.readouterr().out


def test_after_misses_in_a_row_the_model_is_spared_the_decision_for_a_while(endpoint) -> None:
    from agent.interviewer.model import MISSES_BEFORE_SKIPPING

    endpoint.responder = lambda body: (
        "not json" if asks_for_json(body) else "What else would you check?"
    )
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview = runtime.interview("spared")
    list(interview.start(question_id=QUESTION.id, question_text=QUESTION.prompt, at=0))

    def decision_calls() -> int:
        return sum(1 for b in endpoint.chat_requests() if asks_for_json(b))

    for n in range(MISSES_BEFORE_SKIPPING):
        list(interview.send(f"{ANSWER} ({n})", at=10.0 + n))
    tried = decision_calls()
    assert tried >= 2 * MISSES_BEFORE_SKIPPING  # every output mode, each time
    list(interview.send(f"{ANSWER} (spared)", at=20.0))
    assert decision_calls() == tried  # decided offline, no decision call
    assert len(interview.values["fallbacks"]) == MISSES_BEFORE_SKIPPING + 1
    assert "in 2 turns in a row" in interview.values["fallbacks"][-1]["why"]


def test_a_server_on_this_machine_gets_one_call_per_turn_by_default(endpoint, monkeypatch):
    """decisions=auto on loopback: the offline interviewer picks the move, the model only
    writes the question, so the first word waits on one call, not two; no fallback notice."""
    monkeypatch.setenv("MLSD_DECISIONS", "auto")
    endpoint.responder = lambda body: "And how would you measure that offline?"
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview = runtime.interview("one-call")
    list(interview.start(question_id=QUESTION.id, question_text=QUESTION.prompt, at=0))
    before = len(endpoint.chat_requests())
    for n in range(3):
        list(interview.send(f"{ANSWER} ({n})", at=10.0 + n))
    calls = endpoint.chat_requests()[before:]
    assert len(calls) == 3 and not any(asks_for_json(b) for b in calls)
    assert {b["max_tokens"] for b in calls} == {120}  # one question, not a lecture
    assert not interview.values.get("fallbacks")


def test_auto_settings_follow_where_the_server_runs(monkeypatch):
    def at(url: str, **pinned: str):
        monkeypatch.setenv("MLSD_BASE_URL", url)
        return load_settings(**pinned)

    local, remote = at("http://127.0.0.1:8080/v1"), at("https://api.example.com/v1")
    assert (local.decision_mode, local.grading_mode) == ("offline", "end")
    assert (remote.decision_mode, remote.grading_mode) == ("model", "live")
    assert at("http://localhost:8080/v1", decisions="model").decision_mode == "model"


def test_each_prompt_repeats_the_previous_one_and_its_reply(endpoint, monkeypatch, knowledge_index):
    """Within a stage a call's prompt is the previous call's prompt, then the question the
    model wrote, then what is new (the answer, its notes, the task): a server with a prefix
    cache, which holds the prompt and the reply it generated, reads only those. The notes stay
    after the answer they were retrieved for."""
    monkeypatch.setenv("MLSD_DECISIONS", "auto")
    replies = [
        "Which of those would you ship first?",
        "How would you measure that offline?",
        "What would you log to check it after launch?",
        "Where would that break at peak traffic?",
    ]
    endpoint.responder = lambda body: replies[len(endpoint.chat_requests()) - 1]
    runtime = Runtime(load_settings(), live_grading=False)  # with retrieval: notes in prompts
    interview = runtime.interview("prefix")
    list(interview.start(question_id=QUESTION.id, question_text=QUESTION.prompt, at=0))
    for n, text in enumerate(["(0)", "(1)", "/hint", "(2)"]):  # a hint keeps its task too
        # the serving tier leaves the latency note's framing questions open: a grounded move
        said = text if text == "/hint" else f"{ANSWER} The serving tier must keep up {text}."
        list(interview.send(said, at=10.0 + n))
    calls = [b["messages"] for b in endpoint.chat_requests()]
    assert len(calls) == 4
    for before, after, reply in zip(calls, calls[1:], replies):
        assert after[: len(before)] == before
        assert after[len(before)] == {"role": "assistant", "content": reply}
        assert after[-1]["content"].count("<candidate>") <= 1  # only the new answer, if any
    del calls[2]  # the hint's: the rest are the questions to the three answers
    # each answer is shown with the notes its move is grounded in, no others (a checklist
    # follow-up with none): the notes were most of what a slow server read anew per turn
    replies = [t for t in interview.turns if t.get("kind") in ("probe", "follow_up")]
    assert len(replies) == 3 and any(r["sources"] for r in replies)
    for reply, call in zip(replies, calls):
        latest = call[-1]["content"].rsplit("</candidate>", 1)[1]
        assert re.findall(r"^\[([^\]]+)\] ", latest, re.M) == reply["sources"] == reply["notes"]
        assert call[-1]["content"].endswith(reply["task"])  # kept as it was sent


def test_facts_given_before_a_question_stay_out_of_the_models_words(endpoint, monkeypatch):
    """The facts the engine says before a model's question are named in its task; the next
    prompt shows the model's own words as the assistant's message, as the server cached them
    (and no canned opening for a model to copy)."""
    monkeypatch.setenv("MLSD_DECISIONS", "auto")
    endpoint.responder = lambda body: "Which of those would you ship first?"
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview = runtime.interview("lead")
    list(interview.start(question_id=QUESTION.id, question_text=QUESTION.prompt, at=0))
    list(interview.send(f"{ANSWER} What is the latency budget?", at=10.0))
    reply = interview.turns[-1]
    assert reply["lead"].startswith("To your question:") and reply["text"].startswith(reply["lead"])
    assert reply["lead"].split(": ", 1)[1][:20] in reply["task"]  # the model was told them
    list(interview.send(f"{ANSWER} (again)", at=20.0))
    later = endpoint.chat_requests()[-1]["messages"]
    assert {"role": "assistant", "content": "Which of those would you ship first?"} in later


def test_a_slow_model_is_named_once_with_what_would_help(endpoint, monkeypatch):
    """Turns timed through the session's busy hook: slow ones give one plain notice (not an
    error) with the settings that would help; fast ones give none."""
    import agent.interview.pace as pace

    monkeypatch.setattr(pace, "SLOW_TURN_SECONDS", 0.4)
    endpoint.chunk_delay = 0.1  # a piece every 0.1 s: each question takes about 0.5 s
    endpoint.responder = lambda body: "And how would you measure that offline today?"
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview = runtime.interview("slow")
    list(interview.start(question_id=QUESTION.id, question_text=QUESTION.prompt, at=0))
    list(interview.send(f"{ANSWER} (1)", at=10.0))
    assert runtime.pace.notice() is None  # two turns are not yet a pace
    list(interview.send(f"{ANSWER} (2)", at=20.0))
    said = runtime.pace.notice()
    assert said is not None and said.startswith("The model is slow: about ")
    assert "MLSD_DECISIONS=offline" in said  # decisions=model here: a second call per turn
    assert runtime.pace.notice() is None  # said once
    assert runtime.pace.slow() == said  # the app shows it while it lasts

    endpoint.chunk_delay = 0.0
    fast = Runtime(load_settings(), retriever=None, live_grading=False)
    quick = fast.interview("fast")
    list(quick.start(question_id=QUESTION.id, question_text=QUESTION.prompt, at=0))
    for n in range(3):
        list(quick.send(f"{ANSWER} ({n})", at=10.0 + n))
    assert len(fast.pace.seconds) == 4 and fast.pace.notice() is None

"""Many candidates on one deployment, on each storage (SQLite and a real PostgreSQL): each
user sees, resumes and deletes only their own sessions, and two answers sent to one session
at the same moment give one reply while the other sender is told, losing nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from agent.config import load_settings
from agent.interview.runtime import Runtime
from agent.interview.storage import SessionRefused
from agent.interview.turn_lock import SessionBusy

pytestmark = pytest.mark.usefixtures("store")

FIRST = "We predict the probability that a shown ad is clicked, to rank ads by expected value."
SECOND = "I would ask how many impressions a day we serve."
LONGER = (
    "Success is revenue per thousand impressions with user experience as a guardrail. I would "
    "predict the click probability per impression, train on logged impressions labelled by "
    "clicks within a short window, and rank by bid times predicted click-through rate. Offline "
    "I would track log loss and calibration; online, an A/B test on revenue and click-through."
)


def offline_runtime() -> Runtime:
    return Runtime(load_settings(offline=True), retriever=None)


def test_each_user_sees_and_opens_only_their_own_sessions():
    runtime = offline_runtime()
    ada = runtime.interview(user="ada@example.com")
    list(ada.start(question_id="ads-ctr", question_text="Predict ad clicks."))
    assert len(ada.session_id) == 32 and int(ada.session_id, 16) >= 0  # 128 random bits
    assert [s.id for s in runtime.sessions(user="ada@example.com")] == [ada.session_id]
    assert runtime.sessions(user="bo@example.com") == []
    assert runtime.sessions() == []  # the terminal's user, "local", owns none of them
    with pytest.raises(SessionRefused, match="not one of your sessions"):
        runtime.interview(ada.session_id, user="bo@example.com")
    with pytest.raises(SessionRefused):
        runtime.delete(ada.session_id, user="bo@example.com")
    with pytest.raises(SessionRefused, match="not a session id"):
        runtime.interview("../../etc/passwd", user="ada@example.com")
    again = runtime.interview(ada.session_id, user="ada@example.com")
    assert again.turns == ada.turns  # still there, untouched by the refusals
    assert runtime.delete(ada.session_id, user="ada@example.com")
    assert runtime.sessions(user="ada@example.com") == []
    runtime.close()


def test_the_terminal_refuses_another_users_session_in_one_line():
    runtime = offline_runtime()
    theirs = runtime.interview(user="ada@example.com")
    list(theirs.start(question_id="ads-ctr", question_text="Predict ad clicks."))
    runtime.close()
    done = subprocess.run(
        [sys.executable, "-m", "agent", "interview", "--offline", "--session", theirs.session_id],
        capture_output=True,
        text=True,
        env={**os.environ, "MLSD_USER": "bo@example.com"},
        timeout=120,
    )
    assert done.returncode != 0 and "Traceback" not in done.stdout + done.stderr
    assert f"session {theirs.session_id} is not one of your sessions" in done.stderr
    listing = subprocess.run(
        [sys.executable, "-m", "agent", "sessions"],
        capture_output=True,
        text=True,
        env={**os.environ, "MLSD_USER": "ada@example.com"},
        timeout=120,
    )
    assert theirs.session_id in listing.stdout


def test_two_answers_at_one_moment_give_one_reply_and_tell_the_other(endpoint, monkeypatch):
    monkeypatch.setenv("MLSD_DECISIONS", "offline")  # one call per turn: the question
    monkeypatch.setenv("MLSD_GRADING", "end")
    endpoint.reply("How would you label a click?", delay=5)  # longer than a sender waits
    endpoint.reply("And the traffic: how many impressions a day?")
    runtime = Runtime(load_settings(), retriever=None)
    here = runtime.interview()
    list(here.start(question_id="ads-ctr", question_text="Predict ad clicks."))
    there = runtime.interview(here.session_id)  # a second tab on the same session
    seen = len(there.turns)
    outcome: dict[str, object] = {}

    def send(name: str, interview, text: str) -> None:
        try:
            outcome[name] = [e.text for e in interview.send(text, seen=seen) if e.kind == "turn"]
        except SessionBusy as busy:
            outcome[name] = busy

    first = threading.Thread(target=send, args=("here", here, FIRST))
    first.start()
    endpoint.wait_for_chat()  # the first answer's reply is being written
    send("there", there, SECOND)
    first.join(timeout=60)
    assert outcome["here"] == ["How would you label a click?"]
    assert isinstance(outcome["there"], SessionBusy)
    assert "Another reply is in progress" in str(outcome["there"])
    assert "your answer was not sent" in str(outcome["there"])
    said = [t["text"] for t in here.turns if t["role"] == "candidate"]
    assert said == [FIRST]  # once; the other answer is with its sender, not half-filed
    list(there.send(SECOND, seen=len(there.turns)))  # sent again: taken
    assert [t["text"] for t in here.turns if t["role"] == "candidate"] == [FIRST, SECOND]
    runtime.close()


def test_a_scorecard_is_graded_once_and_every_process_shows_it(store, isolated):
    here = offline_runtime()
    interview = here.interview(user="ada@example.com")
    list(interview.start(question_id="ads-ctr", question_text="Predict ad clicks."))
    for text in (FIRST, LONGER, SECOND):
        list(interview.send(text))
    list(interview.end())
    card = here.scorecard(interview)
    assert card.graded, card.reason
    # another app process: with PostgreSQL, on another machine (its own data folder)
    folder = isolated / ("other" if store == "postgres" else "data")
    there = Runtime(load_settings(offline=True, data_dir=folder), retriever=None)
    kept = there.storage.kept_card(interview.session_id)
    assert kept is not None and kept == card.model_dump_json(indent=2)
    assert there.scorecard(there.interview(interview.session_id, user="ada@example.com")) == card
    recorded = there.storage.history("ada@example.com").records()
    assert [r.session_id for r in recorded] == [interview.session_id]
    assert there.delete(interview.session_id, user="ada@example.com")
    assert here.storage.kept_card(interview.session_id) is None
    assert here.storage.history("ada@example.com").records() == []
    here.close(), there.close()


def test_a_new_named_session_is_its_creators_and_an_unowned_saved_one_is_local():
    runtime = offline_runtime()
    named = runtime.interview("ada-practice", user="ada@example.com")  # a new id, by name
    list(named.start(question_id="ads-ctr", question_text="Predict ad clicks."))
    assert [s.id for s in runtime.sessions(user="ada@example.com")] == ["ada-practice"]
    with pytest.raises(SessionRefused):
        runtime.interview("ada-practice", user="bo@example.com")
    runtime.storage.owners.forget("ada-practice")  # as if saved before owners were recorded
    assert runtime.interview("ada-practice", user="local").exists
    with pytest.raises(SessionRefused):
        runtime.interview("ada-practice", user="ada@example.com")
    assert [s.id for s in runtime.sessions(user="local")] == ["ada-practice"]
    runtime.close()

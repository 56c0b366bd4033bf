"""The Streamlit app driven by AppTest: start, answer, hint, next, end, scorecard, resume,
endpoint down, and user text shown as text."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from agent.knowledge import default_knowledge
from tests.support.endpoint import dead_url

ANSWER = (
    "We want more relevant videos so people watch longer; I'd ask about scale, latency "
    "and whether new users matter, and assume 200 ms at p99."
)
# ANSWER as the chat's Markdown source: its closing full stop is its one Markdown special.
ANSWER_SHOWN = (
    "We want more relevant videos so people watch longer; I'd ask about scale, latency "
    "and whether new users matter, and assume 200 ms at p99\\."
)

pytestmark = pytest.mark.usefixtures("knowledge_index")
KNOWLEDGE = default_knowledge()


def app() -> AppTest:
    return AppTest.from_file(_app_path(), default_timeout=120)


def _app_path() -> str:
    from agent.paths import ROOT

    return str(ROOT / "app.py")


DONE, CURRENT = ":material/check_circle:", ":material/play_circle:"
SKIPPED, AHEAD = ":material/do_not_disturb_on:", ":material/radio_button_unchecked:"
MVP_ANSWER = (
    "As a baseline I'd rank by recent popularity, then a two-tower retrieval model feeding "
    "a ranker that predicts watch time, because it is cheap to serve."
)


def tracker_marks(at: AppTest) -> list[str]:
    return [m.value.split()[0] for m in at.markdown if m.value.startswith(":material/")][:7]


def chat_texts(at: AppTest) -> list[str]:
    return [m.markdown[0].value for m in at.chat_message if m.markdown]


def started(question: str = "Video recommendations") -> AppTest:
    at = app().run()
    at.selectbox(key="question").set_value(question).run()
    at.button(key="new").click().run()
    assert not at.exception, at.exception
    return at


def test_landing_page_says_which_interviewer_is_active():
    at = app().run()
    assert not at.exception
    assert any("Offline interviewer" in info.value for info in at.sidebar.info)
    # the choices are on the page itself, where a phone shows them (its sidebar is hidden)
    assert [b.label for b in at.main.button] == ["Start interview"]
    assert [s.label for s in at.main.selectbox] == ["Question", "Target level"]
    assert not any("sidebar" in m.value for m in at.markdown)


def test_answer_hint_next_and_end_show_a_scorecard():
    at = started()
    assert "recommends videos" in chat_texts(at)[0]
    at.chat_input(key="answer").set_value(ANSWER).run()
    texts = chat_texts(at)
    assert texts[1] == ANSWER_SHOWN and len(texts) == 3  # opening, answer, follow-up
    at.button(key="hint").click().run()
    assert chat_texts(at)[-1].startswith("A hint")
    at.button(key="next").click().run()
    assert "Metrics" in chat_texts(at)[-1]
    at.button(key="end").click().run()
    assert chat_texts(at)[-1].startswith("Ending now leaves 5 stages unreached")
    assert "Scorecard" not in [h.value for h in at.subheader]
    at.button(key="confirm_end").click().run()
    assert not at.exception, at.exception
    assert "Scorecard" in [h.value for h in at.subheader]
    # problem answered; metrics reached by /next and ended in unanswered: no tick
    assert tracker_marks(at) == [DONE, SKIPPED] + [AHEAD] * 5
    assert any(e.label.endswith(": not reached") for e in at.expander)  # mvp onwards
    studied = [e.label for e in at.expander if e.label.startswith("Study: ")]
    assert studied and all(
        any(n.title in label for n in KNOWLEDGE.notes.values()) for label in studied
    )
    labels = [d.label for d in at.get("download_button")]
    assert any("Markdown" in label for label in labels) and any("JSON" in label for label in labels)


def test_a_skipped_stage_gets_no_tick_and_the_scorecard_is_provisional():
    at = started()
    at.chat_input(key="answer").set_value(ANSWER).run()
    at.button(key="next").click().run()
    at.button(key="next").click().run()  # past metrics without answering
    assert tracker_marks(at) == [DONE, SKIPPED, CURRENT] + [AHEAD] * 4
    at.chat_input(key="answer").set_value(MVP_ANSWER).run()
    at.button(key="end").click().run()
    at.button(key="confirm_end").click().run()
    assert not at.exception, at.exception
    assert tracker_marks(at) == [DONE, SKIPPED, DONE] + [AHEAD] * 4
    assert any("provisional: 3 of 7 stages reached" in w.value for w in at.warning)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Target level"] == "senior" and metrics["Level shown"]
    assert any(c.value.startswith("Level: ") and "senior target" in c.value for c in at.caption)


def test_reload_resumes_the_session_and_the_sidebar_shows_its_choices():
    at = app().run()
    at.selectbox(key="question").set_value("Video recommendations")
    at.selectbox(key="level").set_value("staff")
    at.number_input(key="budget_metrics").set_value(9).run()
    at.button(key="new").click().run()
    at.chat_input(key="answer").set_value(ANSWER).run()
    before = chat_texts(at)
    session = at.session_state["session_id"]
    reloaded = app()
    reloaded.query_params["session"] = session
    reloaded.run()
    assert not reloaded.exception
    assert chat_texts(reloaded) == before
    sidebar = {s.label: s.value for s in reloaded.sidebar.selectbox}
    assert sidebar["Question"] == "Video recommendations" and sidebar["Target level"] == "staff"
    assert reloaded.number_input(key="budget_metrics").value == 9
    assert not reloaded.warning  # no clash between adopted values and widget defaults


def test_user_html_is_shown_as_text_not_executed():
    at = started()
    attack = "<script>alert('x')</script> **bold** [link](http://example.com)"
    at.chat_input(key="answer").set_value(attack).run()
    shown = chat_texts(at)[1]
    # every Markdown special backslash-escaped: no HTML, no bold, no link
    assert shown == (
        r"\<script\>alert\('x'\)\</script\> \*\*bold\*\* \[link\]\(http://example\.com\)"
    )


def test_endpoint_down_keeps_the_answer_and_offers_retry(endpoint):
    at = started()
    endpoint.fault("http500")
    at.chat_input(key="answer").set_value(ANSWER).run()
    assert not at.exception, at.exception
    assert chat_texts(at)[-1] == ANSWER_SHOWN  # the answer is saved and shown
    assert any("HTTP 500" in w.value and "saved" in w.value for w in at.warning)
    endpoint.reply(
        json.dumps(
            {"assessment": "ok", "covered": [], "action": "follow_up", "focus": "requirements"}
        )
    )
    endpoint.reply("What latency does the home page allow?")
    at.button(key="retry").click().run()
    assert chat_texts(at)[-1] == "What latency does the home page allow?"
    assert not at.warning


def test_an_endpoint_that_stays_down_still_ends_with_a_scorecard(monkeypatch):
    monkeypatch.setenv("MLSD_BASE_URL", dead_url())
    monkeypatch.setenv("MLSD_API_KEY", "x")
    at = started()
    at.chat_input(key="answer").set_value(ANSWER).run()
    assert any("could not be reached" in w.value for w in at.warning)
    at.button(key="end_now").click().run()
    assert not at.exception, at.exception
    assert chat_texts(at)[-2:] == [
        "/end",
        "Understood, let's stop here. Thank you: your scorecard is being prepared.",
    ]
    assert "Scorecard" in [h.value for h in at.subheader]
    assert any("coverage grader" in i.value for i in at.info)


def test_two_tabs_on_one_session_never_misfile_an_answer():
    first = started()
    second = app()
    second.query_params["session"] = first.session_state["session_id"]
    second.run()
    first.chat_input(key="answer").set_value(ANSWER).run()
    second.chat_input(key="answer").set_value(MVP_ANSWER).run()
    assert not second.exception
    refused = " ".join(w.value for w in second.warning)
    assert "moved on in another window" in refused and MVP_ANSWER in refused
    assert ANSWER_SHOWN in chat_texts(second)  # the first tab's answer is on screen now
    second.chat_input(key="answer").set_value(MVP_ANSWER).run()  # sent again: taken
    said = chat_texts(second)
    assert said.index(ANSWER_SHOWN) < len(said) - 2 and not second.warning
    assert sum(MVP_ANSWER in text.replace("\\", "") for text in said) == 1


def test_another_users_session_in_the_url_is_refused(monkeypatch):
    monkeypatch.setenv("MLSD_USER", "ada@example.com")
    theirs = started().session_state["session_id"]
    monkeypatch.setenv("MLSD_USER", "bo@example.com")  # another person, same app
    at = app()
    at.query_params["session"] = theirs
    at.run()
    assert not at.exception
    assert f"session {theirs} is not one of your sessions" in " ".join(e.value for e in at.error)
    assert not chat_texts(at) and at.button(key="new").label == "Start interview"
    assert "Single-user mode" in " ".join(c.value for c in at.sidebar.caption)


def test_an_answer_sent_while_another_tab_replies_goes_back_into_the_box():
    from agent.config import load_settings
    from agent.interview.runtime import Runtime

    at = started()
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    with runtime.storage.locks.hold(at.session_state["session_id"]):  # the other tab's turn
        at.chat_input(key="answer").set_value(ANSWER).run()
    runtime.close()
    assert not at.exception
    told = " ".join(w.value for w in at.warning)
    assert "Another reply is in progress" in told and "It is back in the answer box" in told
    assert at.chat_input(key="answer").proto.value == ANSWER  # kept, to send again
    assert ANSWER_SHOWN not in chat_texts(at)  # not filed
    at.chat_input(key="answer").set_value(ANSWER).run()  # sent again: taken
    assert ANSWER_SHOWN in chat_texts(at) and not at.warning


def test_a_session_deleted_from_the_sidebar_is_gone_for_good():
    from agent.config import load_settings
    from agent.interview.runtime import Runtime

    at = started()
    session = at.session_state["session_id"]
    past = at.sidebar.selectbox(key="past")
    assert session[:8] in past.value and "video" in past.value  # the question, the id's start
    at.button(key="delete").click().run()
    assert not at.exception
    assert at.button(key="new").label == "Start interview"  # the open session went: the start
    assert "session" not in at.query_params
    assert "past" not in [box.key for box in at.sidebar.selectbox]  # nothing left to list
    runtime = Runtime(load_settings(), retriever=None, read_only=True)
    assert runtime.sessions() == [] and not runtime.interview(session).exists
    runtime.close()

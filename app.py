"""Streamlit front end. Thin: session state, replaying history, handling input; the interview
itself lives in agent/, the page's pieces in agent/ui/. The session id rides in the URL, so a
reload resumes the interview.

Two pages, routed here: the interview (the default, at `/`, so `/?session=ID` links keep
working) and Progress (`/progress`, agent/ui/progress_page.py)."""

from __future__ import annotations

import streamlit as st

from agent.config import load_settings
from agent.errors import AnswerTooLong, EmptyAnswer, InterviewerError
from agent.interview import Interview, Runtime
from agent.interview.saving import AnswerNotTaken
from agent.interview.storage import SessionRefused
from agent.interview.store import StorageError
from agent.ui import (
    MESSAGES,
    adopt,
    as_typed,
    ask_again,
    asks_to_confirm,
    candidate_message,
    confirm_end,
    diagram_editor,
    diagram_sent,
    end_banner,
    finished,
    follow,
    hand_back,
    kept_if_busy,
    landing,
    progress_page,
    refused,
    scroll_into_view,
    sidebar,
    stage_tracker,
    stalled,
    stream_reply,
    transcript,
    with_diagram,
)
from agent.ui.users import current_user

st.set_page_config(page_title="ML system design mock interview", page_icon="🧭", layout="wide")
TITLE = "ML system design mock interview"


@st.cache_resource(show_spinner="Starting the interviewer (a few seconds, once)…")
def get_runtime(settings_key: tuple) -> Runtime:
    runtime = Runtime(load_settings())
    runtime.warm_up()
    return runtime


def controls() -> str | None:
    """The commands as buttons. End (and Next in the last stage) only asks: the engine
    replies with a question, answered by confirm_end below the transcript."""
    with st.container(horizontal=True, key="controls"):  # wraps on a phone, never truncates
        hint = st.button("Hint", key="hint", icon=":material/lightbulb:")
        nxt = st.button("Next stage", key="next", icon=":material/skip_next:")
        end = st.button("End interview", key="end", icon=":material/flag:")
    return "/hint" if hint else "/next" if nxt else "/end" if end else None


def answer(
    interview: Interview, values: dict, said: str, seen: int | None, waiting_for: str | None
) -> None:
    """Send an answer or command as a reply to the `seen` turns this tab showed; refused
    with nothing recorded when it is whitespace, or when another tab or terminal moved the
    interview on (the new turns are on screen, the answer handed back in the warning); one
    over the length limit goes back into the answer box, to be shortened. `waiting_for`: why
    the reply may be slow to start (the notes still being prepared), said while it waits."""
    try:
        events = interview.send(said, seen=seen)
    except AnswerTooLong as error:  # the box is drawn already: refill it on the next run
        hand_back(f"{error} It is back in the answer box.", said)
        st.rerun()
    except (EmptyAnswer, AnswerNotTaken) as error:
        refused(str(error))
        return
    diagram_sent(said)
    candidate_message(said, len(values.get("turns", [])))
    # the answer, with the reply streaming below it
    scroll_into_view(MESSAGES, len(values.get("turns", [])), settle=False)
    stream_reply(kept_if_busy(events, said), waiting_for)  # another tab replying: back in the box


def opened(runtime: Runtime, user: str) -> Interview | None:
    """The session this tab has open, or the URL names; another user's id is refused."""
    session_id = st.session_state.get("session_id") or st.query_params.get("session")
    try:
        return runtime.interview(session_id, user) if session_id else None
    except SessionRefused as refusal:
        st.session_state.pop("session_id", None)
        st.query_params.pop("session", None)
        st.error(str(refusal), icon=":material/block:")
        return None


def loaded_runtime() -> Runtime:
    """The runtime both pages share; a bad setting stops the page with what to fix."""
    try:
        settings = load_settings()
        return get_runtime(tuple(settings.redacted().items()))
    except InterviewerError as error:
        st.error(str(error))
        st.stop()


def main() -> None:
    """The interview page; a store that stops answering mid-run (a database server gone) is
    said in one line, every saved answer intact."""
    try:
        interview_page()
    except StorageError as error:
        st.error(str(error), icon=":material/database:")


def interview_page() -> None:
    runtime = loaded_runtime()
    user = current_user(runtime)
    interview = opened(runtime, user)
    if interview is None or not interview.exists:
        sidebar(runtime, user, in_session=False)
        st.title(TITLE)
        landing(runtime, user)
        return
    session_id = st.session_state.session_id = interview.session_id
    if st.query_params.get("session") != session_id:  # back from Progress: keep it reloadable
        st.query_params["session"] = session_id
    values = interview.values
    # what the previous run of this page showed: the answer typed there replies to it
    before, st.session_state.on_screen = (
        st.session_state.get("on_screen"),
        (session_id, len(values["turns"])),
    )
    seen = before[1] if before and before[0] == session_id else None
    adopt(session_id, values, runtime.knowledge)  # before the sidebar draws the choices
    sidebar(runtime, user, in_session=True)
    st.title(TITLE)
    with st.container(border=True, key="question_box"):
        st.markdown(f"**The question:** {as_typed(values['question_text'])}")
    st.caption(f"Session `{session_id}`")
    ended, stuck = values.get("status") == "ended", interview.needs_retry
    if ended:
        end_banner()
    stage_tracker(values, runtime.knowledge)
    if fallbacks := values.get("fallbacks"):
        st.info(
            f"The model gave no valid decision in {len(fallbacks)} turn(s), so the offline "
            "interviewer chose those moves; a larger model avoids it.",
            icon=":material/info:",
        )
    if not ended and (slow := runtime.pace.slow()):
        st.info(slow, icon=":material/hourglass_top:")
    command = None if ended or stuck else controls()
    # the diagram editor beside the conversation while it goes on (a phone stacks them)
    chat, board = st.columns([3, 2], gap="medium") if not ended else (st.container(), None)
    drawn = None
    if board is not None:
        with board:
            drawn = diagram_editor(disabled=stuck)
    with chat:
        transcript(values, runtime.knowledge)
        if not stuck and (problem := st.session_state.pop("error", None)):
            st.warning(problem, icon=":material/warning:")  # e.g. a full disk: the text is in it
        if ended:
            finished(runtime, interview, values)
        elif stuck:
            stalled(interview)
        elif asks_to_confirm(session_id, values) and confirm_end(session_id, values):
            candidate_message("/end", len(values["turns"]))
            scroll_into_view(MESSAGES, len(values["turns"]), settle=False)
            stream_reply(interview.end())
    follow(session_id, values)
    if ended or stuck:
        return
    if handed_back := st.session_state.pop("handed_back", None):
        refused(handed_back[0])
        st.session_state.answer = handed_back[1]
    text = st.chat_input("Your answer (or /hint, /next, /status, /repeat, /end)", key="answer")
    said = command if command is not None else drawn or with_diagram(text)
    if said is not None and ask_again(session_id, values, said):
        st.rerun()
    elif said is not None:
        with chat:
            answer(interview, values, said, seen, runtime.preparing)


def progress() -> None:
    # a page switch drops the interview page's widget values (question, level, budgets):
    # back there, the sidebar takes the open session's choices again, not the defaults
    st.session_state.pop("adopted", None)
    runtime = loaded_runtime()
    progress_page(runtime, INTERVIEW, current_user(runtime))


INTERVIEW = st.Page(
    main, title="Interview", icon=":material/forum:", url_path="interview", default=True
)
PROGRESS = st.Page(progress, title="Progress", icon=":material/insights:", url_path="progress")
st.navigation([INTERVIEW, PROGRESS]).run()

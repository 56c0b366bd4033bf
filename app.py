"""Streamlit front end. Thin: session state, replaying history, handling input; the interview
itself lives in agent/. The session id rides in the URL, so a reload resumes the interview."""

from __future__ import annotations

import random

import streamlit as st

from agent.config import load_settings
from agent.errors import InterviewerError
from agent.interview import Runtime
from agent.interview.export import scorecard_json, transcript_markdown
from agent.knowledge import STAGES
from agent.ui import CANDIDATE, INTERVIEWER, as_text, scorecard, stage_tracker, transcript

st.set_page_config(page_title="ML system design mock interview", page_icon="🧭", layout="wide")
HOW_TO = (
    "Offline interviewer: curated questions, no model needed. For a model-backed interviewer "
    "set `MLSD_BASE_URL` (Ollama `http://localhost:11434/v1`, llama.cpp "
    "`http://localhost:8080/v1`) or `OPENAI_API_KEY`, then restart."
)


@st.cache_resource
def get_runtime(settings_key: tuple) -> Runtime:
    runtime = Runtime(load_settings())
    runtime.warm_up()
    return runtime


def tokens(events, waiting):
    """The reply's text pieces; the 'thinking' line goes away when the first one arrives."""
    for event in events:
        if event.kind == "token":
            waiting.empty()
            yield event.text


def run_turn(events) -> None:
    """Stream the interviewer's reply; an endpoint failure becomes a message, never a traceback."""
    with st.chat_message("assistant", avatar=INTERVIEWER):
        waiting = st.empty()
        waiting.caption("The interviewer is thinking…")
        try:
            st.write_stream(tokens(events, waiting))
        except InterviewerError as error:
            st.session_state.error = str(error)
    st.rerun()


def sidebar(runtime: Runtime) -> None:
    st.sidebar.header("Interview")
    if runtime.settings.endpoint_configured:
        st.sidebar.success(f"Interviewer: {runtime.policy.name}")
    else:
        st.sidebar.info(HOW_TO)
    titles = {q.title: q.id for q in runtime.knowledge.questions.values()}
    st.sidebar.selectbox("Question", ["Random"] + sorted(titles), key="question")
    st.sidebar.selectbox("Target level", ["mid", "senior", "staff"], index=1, key="level")
    with st.sidebar.expander("Stage time budgets (minutes)"):
        for stage, spec in runtime.knowledge.stages.items():
            st.number_input(spec.title, 1, 30, int(spec.budget_minutes), key=f"budget_{stage}")
    if st.sidebar.button("New interview", key="new", type="primary"):
        st.session_state.pop("session_id", None)
        st.query_params.clear()
        start_interview(runtime, titles)
    past = runtime.sessions()
    if past:
        labels = {f"{s.id} · {s.question} · {s.stage} · {s.status}": s.id for s in past}
        chosen = st.sidebar.selectbox("Past sessions", list(labels), key="past")
        if st.sidebar.button("Resume", key="resume"):
            open_session(labels[chosen])


def open_session(session_id: str) -> None:
    st.session_state.session_id = session_id
    st.session_state.pop("error", None)
    st.query_params["session"] = session_id
    st.rerun()


def start_interview(runtime: Runtime, titles: dict[str, str]) -> None:
    choice = st.session_state.get("question", "Random")
    question_id = titles.get(choice) or random.choice(list(titles.values()))
    question = runtime.knowledge.question(question_id)
    budgets = {
        s: float(st.session_state.get(f"budget_{s}", runtime.knowledge.stages[s].budget_minutes))
        for s in STAGES
    }
    interview = runtime.interview()
    list(
        interview.start(
            question_id=question.id,
            question_text=question.prompt,
            level=st.session_state.get("level", "senior"),
            budgets=budgets,
        )
    )
    open_session(interview.session_id)


def controls(interview) -> str | None:
    hint, nxt, end, _ = st.columns([1, 1, 1, 3])
    if hint.button("Hint", key="hint", icon=":material/lightbulb:", width="stretch"):
        return "/hint"
    if nxt.button("Next stage", key="next", icon=":material/skip_next:", width="stretch"):
        return "/next"
    if end.button("End interview", key="end", icon=":material/flag:", width="stretch"):
        return "/end"
    return None


def main() -> None:
    try:
        settings = load_settings()
        runtime = get_runtime(tuple(settings.redacted().items()))
    except InterviewerError as error:
        st.error(str(error))
        st.stop()
    sidebar(runtime)
    st.title("ML system design mock interview")
    session_id = st.session_state.get("session_id") or st.query_params.get("session")
    interview = runtime.interview(session_id) if session_id else None
    if interview is None or not interview.exists:
        st.markdown(
            "Pick a question and a level in the sidebar, then press **New interview**. "
            "You will be interviewed stage by stage, about 45 minutes in all, and get a "
            "scorecard with evidence at the end."
        )
        return
    st.session_state.session_id = interview.session_id
    values = interview.values
    st.caption(f"Session `{interview.session_id}` · {as_text(values['question_text'])}")
    stage_tracker(values, runtime.knowledge)
    command = None if interview.ended or interview.needs_retry else controls(interview)
    transcript(values, runtime.knowledge)
    if interview.ended:
        card = runtime.scorecard(interview)
        scorecard(card, runtime.knowledge)
        left, right = st.columns(2)
        left.download_button(
            "Download transcript (Markdown)",
            transcript_markdown(values, card),
            file_name=f"interview-{interview.session_id}.md",
            key="dl_md",
        )
        right.download_button(
            "Download scorecard (JSON)",
            scorecard_json(card),
            file_name=f"scorecard-{interview.session_id}.json",
            key="dl_json",
        )
        return
    if interview.needs_retry and "error" not in st.session_state:
        run_turn(interview.retry())  # the reply was cut off (page reloaded or a click mid-reply)
    if interview.needs_retry:
        st.warning(
            f"{st.session_state.get('error', 'The interviewer could not reply.')} "
            "Your answer is saved."
        )
        retry, end = st.columns(2)
        if retry.button("Retry", key="retry", icon=":material/refresh:", width="stretch"):
            st.session_state.pop("error", None)
            run_turn(interview.retry())
        if end.button(
            "End interview and grade what I said",
            key="end_now",
            icon=":material/flag:",
            width="stretch",
        ):
            st.session_state.pop("error", None)
            run_turn(interview.end())
        return
    text = st.chat_input("Your answer (or /hint, /next, /status, /repeat, /end)", key="answer")
    said = command or text
    if said:
        with st.chat_message("user", avatar=CANDIDATE):
            st.markdown(as_text(said))
        run_turn(interview.send(said))


main()

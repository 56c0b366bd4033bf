"""Choosing and opening interviews: the question, level and budgets, the sidebar, past sessions.

The choices show on the landing page itself (a phone hides the sidebar), and in the sidebar
during an interview, where they reflect the open session, after a reload too.
"""

from __future__ import annotations

import random

import streamlit as st

from agent.errors import InterviewerError
from agent.interview import Runtime, SessionInfo
from agent.interview.asked import MAX_CHARS, Asked, of_bank, own
from agent.knowledge import STAGES, Knowledge
from agent.state import TARGET_LEVELS
from agent.ui.users import who

LEVELS = list(TARGET_LEVELS)
OWN = "Your own question"
HOW_TO = (
    "Offline interviewer: curated questions, no model needed. For a model-backed interviewer "
    "set `MLSD_BASE_URL` (Ollama `http://localhost:11434/v1`, llama.cpp "
    "`http://localhost:8080/v1`) or `OPENAI_API_KEY`, then restart."
)
INTRO = (
    "Pick a question and a level, then press **Start interview**. You will be interviewed "
    "stage by stage, about 45 minutes in all, and get a scorecard with evidence at the end."
)


def titles(knowledge: Knowledge) -> dict[str, str]:
    """Question title -> id, for the picker."""
    return {q.title: q.id for q in knowledge.questions.values()}


def adopt(session_id: str, values: dict, knowledge: Knowledge) -> None:
    """Set the choices to the session's own, once per session opened (a reload, Resume or a
    new interview), before their widgets are drawn; later changes are the candidate's."""
    if st.session_state.get("adopted") == session_id:
        return
    st.session_state.adopted = session_id
    question = knowledge.questions.get(values.get("question_id") or "")
    if question is not None:
        st.session_state.question = question.title
    elif values.get("question_text"):  # a question of the candidate's own
        st.session_state.question = OWN
        st.session_state.own_question = values["question_text"]
    if values.get("level") in LEVELS:
        st.session_state.level = values["level"]
    for stage in STAGES:
        minutes = values.get("budgets", {}).get(stage, knowledge.stages[stage].budget_minutes)
        st.session_state[f"budget_{stage}"] = int(minutes)


def choices(where, knowledge: Knowledge) -> None:
    """The question, level and budget pickers, in `where` (the page or the sidebar). Defaults
    go through session state, so a value adopted from a session never clashes with them."""
    st.session_state.setdefault("question", "Random")
    st.session_state.setdefault("level", "senior")
    where.selectbox("Question", ["Random", OWN, *sorted(titles(knowledge))], key="question")
    if st.session_state.question == OWN:
        where.text_area(
            "Your question",
            key="own_question",
            max_chars=MAX_CHARS,
            placeholder="Design a job recommender for a professional networking site.",
            help="Practise a question you expect. It has no prepared facts: state your "
            "assumptions when you ask about scale or latency.",
        )
    where.selectbox("Target level", LEVELS, key="level")
    with where.expander("Stage time budgets (minutes)"):
        for stage, spec in knowledge.stages.items():
            st.session_state.setdefault(f"budget_{stage}", int(spec.budget_minutes))
            st.number_input(spec.title, 1, 30, key=f"budget_{stage}")


def landing(runtime: Runtime, user: str) -> None:
    st.markdown(INTRO)
    choices(st, runtime.knowledge)
    if st.button("Start interview", key="new", type="primary", icon=":material/play_arrow:"):
        start_interview(runtime, user)


def sidebar(runtime: Runtime, user: str, in_session: bool) -> None:
    """The interviewer in use, the choices (in a session), and the user's past sessions."""
    st.sidebar.header("Interview")
    who()
    if runtime.settings.endpoint_configured:
        st.sidebar.success(f"Interviewer: {runtime.policy.name}")
    else:
        st.sidebar.info(HOW_TO)
    if in_session:
        choices(st.sidebar, runtime.knowledge)
        if st.sidebar.button("New interview", key="new", type="primary"):
            start_interview(runtime, user)
    past = runtime.sessions(user)
    if past:
        labels = {_label(s): s.id for s in past}
        chosen = labels[st.sidebar.selectbox("Past sessions", list(labels), key="past")]
        resume, delete = st.sidebar.columns(2)
        if resume.button("Resume", key="resume", icon=":material/play_arrow:"):
            open_session(chosen)
        with delete.popover("Delete", icon=":material/delete:"):
            st.caption("Delete this session's transcript, scorecard and progress entry for good.")
            if st.button("Delete for good", key="delete", type="primary"):
                forget_session(runtime, user, chosen)


def _label(session: SessionInfo) -> str:
    """Most recent first: when, what, how far; the id's start tells two alike apart."""
    when = session.updated[:16].replace("T", " ")
    return f"{when} · {session.question} · {session.stage} · {session.status} · {session.id[:8]}"


def forget_session(runtime: Runtime, user: str, session_id: str) -> None:
    try:
        runtime.delete(session_id, user)
    except InterviewerError as error:  # e.g. a reply running in another tab: kept
        st.sidebar.warning(str(error))
        return
    if st.session_state.get("session_id") == session_id:  # the open one: back to the start
        st.session_state.pop("session_id")
        st.query_params.pop("session", None)
    st.rerun()


def open_session(session_id: str) -> None:
    st.session_state.session_id = session_id
    st.session_state.pop("error", None)
    st.query_params["session"] = session_id
    st.rerun()


def start_interview(runtime: Runtime, user: str) -> None:
    try:
        question = chosen_question(runtime.knowledge)
    except InterviewerError as error:  # a question of one's own too short or too long
        st.error(str(error), icon=":material/edit:")
        return
    budgets = {s: float(st.session_state[f"budget_{s}"]) for s in STAGES}
    open_session(begin(runtime, user, question, st.session_state.level, budgets=budgets))


def chosen_question(knowledge: Knowledge) -> Asked:
    """The picked question: a bank question, one at random, or the candidate's own."""
    if st.session_state.question == OWN:
        return own(st.session_state.get("own_question", ""))
    known = titles(knowledge)
    question_id = known.get(st.session_state.question) or random.choice(list(known.values()))
    return of_bank(knowledge.question(question_id))


def begin(runtime: Runtime, user: str, question: Asked, level: str, **options) -> str:
    """Start `user`'s interview (or, with `drill=`, a drill) on `question`; its session id.
    The opening turn is saved; the page that opens the session shows it."""
    interview = runtime.interview(user=user)
    started = interview.start(
        question_id=question.id, question_text=question.prompt, level=level, **options
    )
    list(started)
    return interview.session_id

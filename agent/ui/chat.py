"""The conversation: the transcript, a reply as it streams, and the question asked before the
interview ends early ("End now and grade" / "Keep going").

Candidate text goes through `as_typed` (shown as typed, never as markup); the interviewer's
text is the engine's own Markdown. In both, ```mermaid blocks are drawn as diagrams.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import streamlit as st

from agent.errors import InterviewerError
from agent.knowledge import Knowledge
from agent.ui.diagram_view import show
from agent.ui.grounding import grounding_titles

INTERVIEWER, CANDIDATE = ":material/support_agent:", ":material/person:"


def candidate_message(text: str, at: int) -> None:
    """The candidate's turn number `at` (0-based in the transcript)."""
    with st.chat_message("user", avatar=CANDIDATE):
        show(text, f"turn{at}")


def transcript(values: dict, knowledge: Knowledge) -> None:
    for at, turn in enumerate(values.get("turns", [])):
        if turn["role"] == "interviewer":
            with st.chat_message("assistant", avatar=INTERVIEWER):
                show(turn["text"], f"turn{at}", markdown=str)  # Markdown as the engine wrote it
                grounding_titles(turn.get("sources", []), knowledge)
        else:
            candidate_message(turn["text"], at)


def _tokens(events: Iterable, waiting) -> Iterator[str]:
    """The reply's text pieces; the 'thinking' line goes away when the first one arrives."""
    for event in events:
        if event.kind == "token":
            waiting.empty()
            yield event.text


def stream_reply(events: Iterable, waiting_for: str | None = None) -> None:
    """Stream the interviewer's reply, then rerun to show it from the saved state. An endpoint
    failure becomes a message (session state "error"), never a traceback. `waiting_for`: why
    the wait may be long (the runtime's `preparing`), said after "thinking" until the first
    word."""
    with st.chat_message("assistant", avatar=INTERVIEWER):
        waiting = st.empty()
        waiting.caption(" ".join(filter(None, ["The interviewer is thinking…", waiting_for])))
        try:
            st.write_stream(_tokens(events, waiting))
        except InterviewerError as error:
            st.session_state.error = str(error)
    st.rerun()


def asks_to_confirm(session_id: str, values: dict) -> bool:
    """The interviewer's last turn asks whether to end, and "Keep going" has not dismissed it."""
    turns = values.get("turns", [])
    if not turns or turns[-1]["role"] != "interviewer" or turns[-1].get("kind") != "confirm":
        return False
    return st.session_state.get("dismissed") != (session_id, len(turns))


def ask_again(session_id: str, values: dict, said: str) -> bool:
    """After "Keep going", the same ending command would count as the confirmation the engine
    asked for; the candidate dismissed that question, so it is shown again instead."""
    turns = values.get("turns", [])
    if len(turns) < 2 or st.session_state.get("dismissed") != (session_id, len(turns)):
        return False
    if said.strip().lower() != turns[-2]["text"].strip().lower():
        return False
    del st.session_state["dismissed"]
    return True


def confirm_end(session_id: str, values: dict) -> bool:
    """The two answers to "end now?": True when the candidate confirmed. "Keep going" hides
    the buttons; the same command again shows them again (ask_again); an answer cancels, and
    the engine asks again on the next /end."""
    with st.container(horizontal=True, key="confirm"):
        end = st.button(
            "End now and grade", key="confirm_end", type="primary", icon=":material/flag:"
        )
        keep = st.button("Keep going", key="keep_going", icon=":material/arrow_forward:")
    if keep:
        st.session_state.dismissed = (session_id, len(values.get("turns", [])))
        st.rerun()
    return end

"""What the interview page says when an answer cannot go on as usual: a reply that failed or
was cut off (retry it, or end and grade what was said), and an answer refused with its text
handed back."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import streamlit as st

from agent.interview import Interview
from agent.interview.turn_lock import SessionBusy
from agent.ui.chat import stream_reply
from agent.ui.navigation import scroll_into_view


def stalled(interview: Interview) -> None:
    """A reply that failed or was cut off: retry it, or end and grade what was said."""
    if "error" not in st.session_state:
        stream_reply(interview.retry())  # cut off (page reloaded or a click mid-reply)
    with st.container(key="retry_box"):
        why = st.session_state.get("error", "The interviewer could not reply.")
        st.warning(f"{why} Your answer is saved.")
        retry, end = st.columns(2)
        again = retry.button("Retry", key="retry", icon=":material/refresh:", width="stretch")
        stop = end.button(
            "End interview and grade what I said",
            key="end_now",
            icon=":material/flag:",
            width="stretch",
        )
    if again or stop:
        st.session_state.pop("error", None)
        stream_reply(interview.retry() if again else interview.end())


def refused(notice: str) -> None:
    with st.container(key="refused"):
        st.warning(notice, icon=":material/edit_note:")
    scroll_into_view(".st-key-refused")


def hand_back(notice: str, text: str) -> None:
    """Put a refused answer back into the answer box, with why, on the page's next run."""
    st.session_state.handed_back = (notice, text)


def kept_if_busy(events: Iterable, text: str) -> Iterator:
    """The reply's events; when another tab or window is replying in this session, `text`
    goes back into the answer box instead of being lost."""
    try:
        yield from events
    except SessionBusy as busy:
        hand_back(f"{busy} It is back in the answer box.", text)

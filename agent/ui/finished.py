"""The interview page once the interview has ended: the scorecard, the notes the questions
were grounded in, and the transcript and scorecard to download."""

from __future__ import annotations

import streamlit as st

from agent.interview import Interview, Runtime
from agent.interview.export import scorecard_json, transcript_markdown
from agent.ui.grounding import grounding_details
from agent.ui.scorecard_view import scorecard


def finished(runtime: Runtime, interview: Interview, values: dict) -> None:
    card = runtime.scorecard(interview)
    scorecard(card, runtime.knowledge)
    grounding_details(values.get("turns", []), runtime.knowledge)
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

"""The Streamlit app's pieces (app.py stays a thin script): choosing and opening interviews,
the conversation, the diagram editor, the stage tracker and clock, navigation, grounding, the
scorecard, and the Progress page."""

from agent.ui.chat import (
    ask_again,
    asks_to_confirm,
    candidate_message,
    confirm_end,
    stream_reply,
    transcript,
)
from agent.ui.diagram_editor import diagram_editor, diagram_sent, with_diagram
from agent.ui.finished import finished
from agent.ui.navigation import MESSAGES, end_banner, follow, scroll_into_view
from agent.ui.notices import hand_back, kept_if_busy, refused, stalled
from agent.ui.progress_page import progress_page
from agent.ui.scorecard_view import scorecard
from agent.ui.setup import adopt, landing, sidebar
from agent.ui.text import as_text, as_typed
from agent.ui.tracker import stage_tracker

__all__ = [
    "MESSAGES",
    "adopt",
    "as_text",
    "as_typed",
    "ask_again",
    "asks_to_confirm",
    "candidate_message",
    "confirm_end",
    "diagram_editor",
    "diagram_sent",
    "end_banner",
    "follow",
    "finished",
    "hand_back",
    "kept_if_busy",
    "landing",
    "progress_page",
    "refused",
    "scorecard",
    "scroll_into_view",
    "sidebar",
    "stalled",
    "stage_tracker",
    "stream_reply",
    "transcript",
    "with_diagram",
]

"""The Streamlit app's pieces (app.py stays a thin script): chat, stage tracker, scorecard."""

from agent.ui.chat import CANDIDATE, INTERVIEWER, as_text, stage_tracker, transcript
from agent.ui.scorecard_view import scorecard

__all__ = ["CANDIDATE", "INTERVIEWER", "as_text", "scorecard", "stage_tracker", "transcript"]

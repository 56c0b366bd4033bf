"""Streamlit front end. Thin: session state and rendering; the interview lives in agent/."""

import streamlit as st

from agent.config import load_settings
from agent.errors import InterviewerError

st.set_page_config(page_title="ML system design mock interview", page_icon="🧭")
st.title("ML system design mock interview")
try:
    settings = load_settings()
except InterviewerError as error:
    st.error(str(error))
    st.stop()
if settings.endpoint_configured:
    st.info(f"Model endpoint: {settings.endpoint} (model {settings.model or 'first listed'})")
else:
    st.info("Offline interviewer (no model endpoint configured).")

"""Streamlit rendering helpers for app.py: stage tracker, transcript, sources, scorecard.

Candidate text is always escaped before it reaches Markdown, and no HTML is ever allowed
(Streamlit escapes HTML unless unsafe_allow_html=True, which this project never sets).
"""

from __future__ import annotations

import re
import time

import streamlit as st

from agent.knowledge import STAGES, Knowledge, Stage
from agent.state import stage_elapsed

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<])")
INTERVIEWER, CANDIDATE = ":material/support_agent:", ":material/person:"
TRACKER_LABELS = {
    "problem": "Problem",
    "metrics": "Metrics",
    "mvp": "MVP",
    "data": "Data",
    "training": "Training",
    "inference": "Inference",
    "scaling": "Scaling",
}


def as_text(text: str) -> str:
    """Escape Markdown so user text shows exactly as typed."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


MARKS = {
    "done": ":material/check_circle:",
    "current": ":material/play_circle:",
    "skipped": ":material/do_not_disturb_on:",
    "ahead": ":material/radio_button_unchecked:",
}


def stage_states(values: dict) -> dict[Stage, str]:
    """Each stage's place in the interview. Only a stage the candidate answered in and then
    left (or ended in) is "done": one moved past with /next unanswered is "skipped", and one
    after an early end is "ahead" (not reached), like every stage still to come."""
    now = STAGES.index(values.get("stage", STAGES[0]))
    ended = values.get("status") == "ended"
    answered = {
        t["stage"]
        for t in values.get("turns", [])
        if t["role"] == "candidate" and t.get("kind") != "command"
    }
    states = {}
    for index, stage in enumerate(STAGES):
        if index > now:
            states[stage] = "ahead"
        elif index == now and not ended:
            states[stage] = "current"
        else:
            states[stage] = "done" if stage in answered else "skipped"
    return states


def stage_tracker(values: dict, knowledge: Knowledge) -> None:
    current = values.get("stage", STAGES[0])
    ended = values.get("status") == "ended"
    columns = st.columns(len(STAGES))
    for column, (stage, state) in zip(columns, stage_states(values).items()):
        label = TRACKER_LABELS[stage]
        shown = {"current": f"**{label}**", "skipped": f"{label} (skipped)"}.get(state, label)
        column.markdown(f"{MARKS[state]} {shown}")
    if not ended:
        budget = values.get("budgets", {}).get(current, knowledge.stages[current].budget_minutes)
        used = stage_elapsed(values, at=time.time()) / 60
        st.progress(
            min(1.0, used / budget),
            text=f"{knowledge.stages[current].title}: {used:.0f} of {budget:g} minutes",
        )


def sources_expander(sources: list[str], knowledge: Knowledge) -> None:
    if not sources:
        return
    with st.expander("Why this question: the notes it was grounded in"):
        for source in dict.fromkeys(sources):
            note_id, _, section = source.partition("#")
            note = knowledge.notes.get(note_id)
            title = note.title if note else note_id
            st.markdown(f"**{as_text(title)}**, {as_text(section)} (`{note_id}`)")
            if note and section in note.sections:
                st.caption(as_text(" ".join(note.sections[section].split())[:400]))


def transcript(values: dict, knowledge: Knowledge) -> None:
    for turn in values.get("turns", []):
        if turn["role"] == "interviewer":
            with st.chat_message("assistant", avatar=INTERVIEWER):
                st.markdown(turn["text"])
                sources_expander(turn.get("sources", []), knowledge)
        else:
            with st.chat_message("user", avatar=CANDIDATE):
                st.markdown(as_text(turn["text"]))

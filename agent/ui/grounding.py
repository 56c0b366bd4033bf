"""Which notes the interviewer's questions were grounded in: titles under each question during
the interview, the sections themselves beside the scorecard once it is over (agent/grounding.py).
"""

from __future__ import annotations

import streamlit as st

from agent.grounding import grounded_notes, note_titles
from agent.knowledge import Knowledge
from agent.ui.text import as_text


def grounding_titles(sources: list[str], knowledge: Knowledge) -> None:
    """One line under a question: the titles of the notes behind it, nothing from inside."""
    if titles := note_titles(sources, knowledge):
        st.caption(
            "Grounded in: " + "; ".join(f"*{as_text(t)}*" for t in titles),
            help="The notes this question came from. What they say shows after the interview.",
        )


def grounding_details(turns: list[dict], knowledge: Knowledge) -> None:
    """After the interview: the sections each question was grounded in (trusted Markdown)."""
    notes = grounded_notes([s for t in turns for s in t.get("sources", [])])
    shown = {n: sections for n, sections in notes.items() if n in knowledge.notes}
    if not shown:
        return
    st.markdown("**The notes behind the interviewer's questions**")
    for note_id, sections in shown.items():
        note = knowledge.notes[note_id]
        with st.expander(f"Grounding: {note.title}", icon=":material/travel_explore:"):
            for section in sections:
                if note.sections.get(section):
                    st.markdown(f"**{section}**\n\n{note.sections[section]}")

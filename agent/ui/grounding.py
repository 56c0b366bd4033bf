"""Which notes the interviewer's questions were grounded in.

During the interview only the notes' titles show: their sections hold the key ideas and the
probing questions still to come, an answer key. Once the interview is over, the sections
themselves appear beside the scorecard, to study.
"""

from __future__ import annotations

import streamlit as st

from agent.knowledge import Knowledge
from agent.ui.text import as_text


def grounded_notes(sources: list[str]) -> dict[str, list[str]]:
    """note id -> its sections, in order of first use, from "note-id#Section" sources."""
    notes: dict[str, list[str]] = {}
    for source in sources:
        note_id, _, section = source.partition("#")
        sections = notes.setdefault(note_id, [])
        if section and section not in sections:
            sections.append(section)
    return notes


def grounding_titles(sources: list[str], knowledge: Knowledge) -> None:
    """One line under a question: the titles of the notes behind it, nothing from inside."""
    titles = [
        knowledge.notes[n].title if n in knowledge.notes else n for n in grounded_notes(sources)
    ]
    if titles:
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

"""Which notes a question was grounded in, read from its sources ("note-id#Section").

During an interview only the notes' titles are shown (the app and the terminal alike): their
sections hold the key ideas and the probing questions still to come, an answer key. The
sections themselves are for after the interview, beside the scorecard and in the export.
"""

from __future__ import annotations

from agent.knowledge import Knowledge


def grounded_notes(sources: list[str]) -> dict[str, list[str]]:
    """note id -> its sections, in order of first use, from "note-id#Section" sources."""
    notes: dict[str, list[str]] = {}
    for source in sources:
        note_id, _, section = source.partition("#")
        sections = notes.setdefault(note_id, [])
        if section and section not in sections:
            sections.append(section)
    return notes


def note_titles(sources: list[str], knowledge: Knowledge) -> list[str]:
    """The titles of the notes behind a question, nothing from inside them."""
    return [
        knowledge.notes[n].title if n in knowledge.notes else n for n in grounded_notes(sources)
    ]

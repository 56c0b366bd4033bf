"""The knowledge's own statements of right practice raise no red flag.

A question's strong-answer outline, a flag's fix, a stage's green flags and a note's "What a
strong answer mentions" say what a strong candidate says; a flag raised on them is a false
flag by construction, and would be raised on a strong candidate who says the same. This is
how over-broad cues were found ("not clicked + negative" on "impressed-but-not-watched videos
as ranker negatives", which the flag's own fix endorses) without reading any eval case.
"""

from __future__ import annotations

import re

import pytest

from agent.knowledge import default_knowledge
from agent.scoring import text as T
from agent.scoring.flag_scope import all_flags, question_notes
from agent.scoring.flags import detect
from agent.scoring.vectors import shared_vectors

RIGHT_PRACTICE = ("Green flags", "What a strong answer mentions")
# Known misreadings, each a limit of the detector rather than of the note:
KNOWN = {
    # one sentence frames the task and names the model; the flag is about naming it first
    ("q:translation-service", "stage-problem#1"),
}


@pytest.fixture(scope="module")
def raised() -> set[tuple[str, str]]:
    knowledge, vectors = default_knowledge(), shared_vectors()
    general = question_notes(knowledge, None, "", vectors)  # stage and general notes only
    found: set[tuple[str, str]] = set()

    def check(source: str, stage: str, text: str, notes: frozenset[str]) -> None:
        flags = all_flags(knowledge, stage, notes)  # type: ignore[arg-type]
        for sentence in T.sentences(" ".join(text.split())):
            found.update((source, hit.flag.id) for hit in detect([sentence], flags, vectors))

    for q in knowledge.questions.values():
        notes = question_notes(knowledge, q.id, q.prompt, vectors)
        for stage, expected in q.stages.items():
            check(f"q:{q.id}", stage, expected.strong, notes)
    for note in knowledge.notes.values():
        scope = general | {note.id}
        for stage in note.stages:
            for section in RIGHT_PRACTICE:
                body = re.sub(r"^\s*[-*]\s+", "", note.sections.get(section, ""), flags=re.M)
                check(f"n:{note.id}", stage, body, scope)
            for flag in note.red_flags:
                check(f"fix:{flag.id}", stage, flag.instead, scope)
    return found


def test_no_strong_answer_outline_fix_or_green_flag_raises_a_red_flag(raised):
    assert raised - KNOWN == set()


def test_the_known_misreadings_are_still_misread(raised):
    """When the detector learns to read one of them, it leaves the list."""
    assert raised >= KNOWN

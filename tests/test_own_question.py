"""A question of the candidate's own: picked from an id or free text, interviewed on in the
terminal with no bank facts, and kept to the notes of its own domain."""

from __future__ import annotations

import pytest

from agent.config import load_settings
from agent.errors import InterviewerError
from agent.interview import Runtime
from agent.interview.asked import MAX_CHARS, asked
from agent.interview.inputs import TurnInputs
from agent.knowledge import KnowledgeError, default_knowledge
from tests.test_cli import mlsd

QUESTION = "Design a job recommender for a professional networking site."


def test_an_id_is_a_bank_question_and_words_are_ones_own():
    knowledge = default_knowledge()
    bank = asked(knowledge, "fraud-detection")
    assert (bank.id, bank.prompt) == ("fraud-detection", knowledge.questions[bank.id].prompt)
    mine = asked(knowledge, f"  {QUESTION}\n")
    assert (mine.id, mine.prompt, mine.title) == (None, QUESTION, QUESTION)
    with pytest.raises(KnowledgeError, match="unknown question 'fraud-detecton'"):
        asked(knowledge, "fraud-detecton")  # a mistyped id is not a question of one's own
    with pytest.raises(InterviewerError, match="too short to interview on"):
        asked(knowledge, "Design job recs")
    with pytest.raises(InterviewerError, match=f"keep it under {MAX_CHARS}"):
        asked(knowledge, "Design a job recommender " * 40)


def test_its_probes_and_flags_come_from_notes_of_its_own_domain():
    knowledge = default_knowledge()
    notes = TurnInputs(knowledge, None)._own_domain(QUESTION)
    topics = {n for n in notes if knowledge.notes[n].kind == "topic"}
    assert {"candidate-generation-ranking", "collaborative-filtering", "cold-start"} <= topics
    assert not {n for n in topics if "speech" in n or "translation" in n}  # no other domain's
    assert all(f"stage-{s}" in notes for s in knowledge.stages)


@pytest.mark.usefixtures("knowledge_index")
def test_a_terminal_interview_on_a_question_of_ones_own():
    done = mlsd(
        "interview", "--offline", "--question", QUESTION, "--session", "own",
        input="How many members and open jobs are there?\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"Session own: {QUESTION}" in done.stdout
    assert f"Here is the question: {QUESTION}" in done.stdout
    assert "isn't specified, so state an assumption" in done.stdout
    runtime = Runtime(load_settings(), retriever=None, read_only=True)
    try:
        values = runtime.interview("own").values
    finally:
        runtime.close()
    assert values["question_id"] is None and values["question_text"] == QUESTION


def test_a_question_too_short_is_refused_before_anything_loads():
    done = mlsd("interview", "--offline", "--question", "Design job recs")
    assert done.returncode == 2 and done.stderr.startswith("error: ")
    assert "too short to interview on" in done.stderr and not done.stdout.strip()

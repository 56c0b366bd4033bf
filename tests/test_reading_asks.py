"""How the interviewer reads a candidate's clarifying questions. An assumption put up for
confirmation ("I'll assume a nightly batch is fine. Is that right?") is a question about the
assumption: it gets the fact that settles it, or is told the brief is silent so the assumption
stands; never an unrelated fact, never a redirect to the design. A lead-in of discourse words
("Quick check first:") is no part of what is asked."""

from __future__ import annotations

import pytest

from agent.config import load_settings
from agent.interview.runtime import Runtime
from agent.interviewer.asking import assumptions, clarifying_questions, left_open, only_questions
from agent.interviewer.clarify import matching_facts
from agent.knowledge import default_knowledge
from agent.retrieval.embeddings import make_embedder
from tests.test_engine import turns_of

FRAUD = default_knowledge().question("fraud-detection")


@pytest.mark.parametrize(
    ("said", "read"),
    [
        (
            "I'll assume a nightly batch is good enough. Is that right?",
            "A nightly batch is good enough?",
        ),
        (
            "I'm, um, hoping we have a second for the transcript. Is that OK?",
            "We have a second for the transcript?",
        ),
        (
            "I'm assuming we log dwell time for all traffic. Correct?",
            "We log dwell time for all traffic?",
        ),
        ("For now I'll assume English only. Agreed?", "For now English only?"),
    ],
)
def test_a_confirmation_is_read_as_the_assumption_before_it(said: str, read: str) -> None:
    assert clarifying_questions(said) == [read]
    assert left_open(said) == [read] and assumptions(said) == {read}
    assert only_questions(said)  # the candidate is still scoping: answer, then the floor is theirs


def test_only_a_bare_confirmation_of_an_assumption_is_read_so() -> None:
    # a design choice followed by "does that make sense?" asks about the conversation
    assert left_open("I'd use two towers. Does that make sense?") == []
    assert not only_questions("I'd use two towers. Does that make sense?")
    # a confirmation with its own content is its own question
    asked = "I'll assume cloud serving. Is it fine for the recogniser to run server-side?"
    assert clarifying_questions(asked) == ["Is it fine for the recogniser to run server-side?"]
    # the second part of the sentence stays a question of its own
    both = "I'll assume we only predict the click. Is that right, and how late can a sale come?"
    assert clarifying_questions(both) == ["We only predict the click?", "how late can a sale come?"]


def test_an_assumption_a_fact_settles_gets_that_fact() -> None:
    embedder = make_embedder(load_settings(offline=True))
    for asked, topic in [
        ("I'll assume the decision has to come back within 100 ms. Is that right?", "latency"),
        ("I'm assuming chargebacks are our labels. Correct?", "labels"),
    ]:
        assert [f.topic for f in matching_facts(asked, FRAUD.clarifications, embedder)] == [topic]


def test_an_assumption_the_brief_is_silent_on_stands(knowledge_index) -> None:
    interview = Runtime(load_settings(), live_grading=False).interview("assumed")
    list(interview.start(question_id=FRAUD.id, question_text=FRAUD.prompt, at=0))
    asked = "I'll assume we only take card payments in euros for now. Is that OK?"
    turns = turns_of(interview.send(asked, at=30))
    assert [t["kind"] for t in turns] == ["clarification"]
    assert turns[0]["text"] == (
        "As for your assumption that we only take card payments in euros for now: that isn't "
        "specified, so it stands. Go on when you're ready."
    )


def test_a_question_is_quoted_back_without_its_lead_in() -> None:
    from agent.interviewer.asking import without_lead_in

    assert (
        without_lead_in("Before I frame it: how many requests a day?") == "How many requests a day?"
    )
    assert without_lead_in("Quick one: team size?") == "Quick one: team size?"  # no question word


def test_a_lead_in_of_discourse_words_is_not_read_as_part_of_the_question() -> None:
    asked = "Quick check first: roughly how many posts come in per day, and how fast is it?"
    assert clarifying_questions(asked) == [
        "Roughly how many posts come in per day?",
        "how fast is it?",
    ]
    assert clarifying_questions("Async analysis: how long can it take?") == [
        "Async analysis: how long can it take?"  # a lead-in with content stays
    ]
    posts = default_knowledge().question("harmful-content")
    embedder = make_embedder(load_settings(offline=True))
    found = matching_facts(
        "Quick check first: roughly how many posts come in per day?", posts.clarifications, embedder
    )
    assert [f.topic for f in found] == ["scale"]

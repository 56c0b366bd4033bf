"""A "which X?" or "what's the X?" question gets a fact only when the fact, or the ways people
ask for it, speak of X: the real bank, the real MiniLM."""

from __future__ import annotations

import pytest

from agent.config import load_settings
from agent.interviewer.asked_about import speaks_of, subject_words, vocabulary
from agent.interviewer.fact_matching import answers
from agent.knowledge import default_knowledge
from agent.retrieval.embeddings import make_embedder

BANK = default_knowledge()


@pytest.fixture(scope="module")
def embedder():
    return make_embedder(load_settings(offline=True))


def _topics(question_id: str, asked: list[str], embedder) -> list[str | None]:
    facts = BANK.question(question_id).clarifications
    return [f and f.topic for f in answers(asked, facts, embedder)]


def test_the_subject_is_what_the_question_asks_about() -> None:
    assert subject_words("Which regions is the product live in?") == ["region"]
    assert subject_words("What's the average bitrate of the uploads?") == ["bitrate"]
    assert subject_words("What GPU do the servers have?") == ["gpu"]
    assert subject_words("How much memory can the model use?") == ["memory"]
    assert subject_words("And what's the year-over-year growth in queries?") == ["growth"]
    assert subject_words("What's the current ranker's hit rate per user?") == ["hit"]
    # the kind of answer wanted, not what it is about
    assert subject_words("What's the size of the shortlist?") == []
    assert subject_words("What's the main goal here?") == []
    assert subject_words("What's our exposure if the model is wrong?") == []
    # a bare "what" before anything but a verb it is the object of names nothing
    assert subject_words("What happens when the model is down?") == []
    assert subject_words("What do we lose on a missed fraud?") == []
    assert subject_words("Is the feed ranked per user?") == []


def test_a_fact_speaks_of_a_subject_by_its_words_or_a_word_for_the_same_thing() -> None:
    said = vocabulary(["About 500 million daily active users and 2 billion videos."])
    assert speaks_of("Which videos are eligible?", said)
    assert speaks_of("What's the member base?", said)  # members are users (counted.yaml)
    assert not speaks_of("Which countries do we serve?", said)
    assert speaks_of("Is there a cold-start problem?", said)  # no subject read: no gate


def test_a_question_about_what_no_fact_speaks_of_is_told_it_is_unspecified(embedder) -> None:
    """Each question reads closest to a fact that shares its other words (translation requests,
    transactions) and says nothing of what was asked: without the gate both get the scale fact."""
    asked = ["What's the month-over-month growth of translation traffic?"]
    assert _topics("translation-service", asked, embedder) == [None]
    asked = ["What's the average basket value of a transaction?"]
    assert _topics("fraud-detection", asked, embedder) == [None]


def test_the_ways_of_asking_for_a_fact_count_as_its_words(embedder) -> None:
    """ "platforms" and "p99" are not in the facts' answers, but in how people ask for them."""
    assert _topics("news-feed", ["Which platforms do people read the feed on?"], embedder) == [
        "surfaces"
    ]
    assert _topics("video-recs", ["What's the p99 budget for the recommender?"], embedder) == [
        "latency"
    ]

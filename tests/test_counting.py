"""A "how many X?" question gets a fact only if one of its numbers counts X, and a "what
fraction?", money, growth or "how long until ...?" question only a fact that gives one: the
real bank, the real MiniLM."""

from __future__ import annotations

import pytest

from agent.config import load_settings
from agent.interviewer.counting import answers_count, counted_words
from agent.interviewer.fact_matching import answers
from agent.knowledge import default_knowledge
from agent.retrieval.embeddings import make_embedder

BANK = default_knowledge()
ADS = "About 10 billion ad requests per day (peaks near 300,000 per second) and about 5 million active ads."


@pytest.fixture(scope="module")
def embedder():
    return make_embedder(load_settings(offline=True))


def test_the_counted_words_end_where_the_question_goes_on() -> None:
    assert counted_words("How many ads are live at any time?") == ["ad"]
    assert counted_words("how many distinct users run a visual search?")[:1] == ["user"]
    assert counted_words("How many ETA calls do we get per second?") == ["eta", "call"]
    assert counted_words("How many phones and speakers are active daily?") == ["phone", "speaker"]
    assert counted_words("how many creators upload each month?") == ["creator"]  # not "upload"
    # nothing countable in words, or not a count at all: no gate
    assert counted_words("how many of them have to be scored on a single request?") == []
    assert counted_words("how many do they actually get through?") == []
    assert counted_words("Is there a minimum number of people who must have typed it?") == []
    assert counted_words("What is the fraud rate?") == []


def test_a_number_answers_a_count_of_what_it_counts() -> None:
    assert answers_count("How many ads are live?", ADS)
    assert answers_count("How many auctions do we run a day?", ADS)  # one per ad request
    assert not answers_count("How many advertisers?", ADS)
    assert not answers_count("How many CPU cores are allocated?", ADS)
    trips = "About 20 million trips per day across 500 cities."
    assert answers_count("How many rides do we complete daily?", trips)
    assert not answers_count("How many drivers are online at peak?", trips)
    assert answers_count("How many milliseconds does the scorer get?", "Under 50 ms at p99.")


def test_what_a_number_counts_ends_with_its_clause() -> None:
    judged = "Judgments for about 100,000 queries, and raters can label about 5,000 more per week."
    assert answers_count("How many queries have judgments?", judged)
    assert not answers_count("How many raters are there?", judged)  # raters count nothing here
    assert answers_count("How many cities?", "About 20 million trips per day across 500 cities.")


def test_a_count_in_time_or_per_one_needs_a_number_that_gives_it() -> None:
    """ "How many new pages enter the index per day?" got "10 billion indexed pages and 5
    billion queries per day"; "How many videos does an average user watch per day?" got the
    corpus size."""
    index = "About 10 billion indexed pages and 5 billion queries per day."
    assert not answers_count("How many new pages enter the index per day?", index)
    assert answers_count("How many pages are indexed?", index)
    assert answers_count("How many queries a day?", index)
    videos = "About 500 million daily active users and 2 billion videos in the corpus."
    assert not answers_count("How many videos does an average user watch per day?", videos)
    assert answers_count("How many users do we have each day?", videos)  # "daily" users
    members = "About 800 million members. The median member has about 200 connections."
    assert answers_count("How many connections does a typical member have?", members)
    assert not answers_count("How many connections does a typical member have?", videos)
    assert answers_count("How many candidates per request?", "Up to 500 candidate ads per request.")


def test_a_share_is_answered_only_by_a_fact_that_gives_one() -> None:
    assert not answers_count("What fraction of the ads we show get clicked?", ADS)
    assert answers_count("What fraction of ads get clicked?", "Average CTR is about 1%.")
    # "share" the verb asks for no share
    assert answers_count("How many ms do retrieval and ranking share?", "About 150 ms at p99.")


def test_a_rate_is_answered_only_by_a_share_or_a_frequency() -> None:
    budget = "The ad server has 50 ms in total; click prediction gets 10-15 ms per request."
    assert not answers_count("What's the base click rate?", budget)
    assert answers_count("What's the base click rate?", "Average CTR is about 1%.")
    assert answers_count("What is the query rate at peak?", ADS)  # a frequency
    # a question about a rate that does not ask for its value is not gated
    assert answers_count("Is our rate of wrongful takedowns made public?", budget)
    assert answers_count("Who would we get to rate result pairs, and how?", budget)


def test_the_rate_of_something_people_do_is_a_share_not_a_frequency() -> None:
    searches = "Users run about 50 million visual searches per day, peaking near 2,000 per second."
    for asked in (
        "What's the current save rate per search?",
        "What's the current click-through rate on visual search results?",
        "What CTR do we see on results today?",
    ):
        assert not answers_count(asked, searches), asked
        assert answers_count(asked, "About 4% of result views end in a save or a click."), asked
    assert answers_count("What is the request rate at peak?", searches)


def test_money_and_growth_are_answered_only_by_a_fact_that_speaks_of_them() -> None:
    reviews = "About 20,000 human reviewers label roughly 2 million items per day."
    assert not answers_count("What does one human review cost us, in dollars per item?", reviews)
    assert not answers_count("Are creators paid per view?", ADS)
    raters = "A budget for about 50,000 rated query-result pairs per month."
    assert answers_count("How many result pairs could we pay people to rate?", raters)
    assert answers_count("What's the p99 budget for the ranker?", "Under 50 ms at p99.")
    requests = "About 1 billion requests per day; 20 directions carry 70% of traffic."
    assert not answers_count("What's the year-over-year growth in requests?", requests)
    assert answers_count("How fast is traffic growing?", "Traffic grows about 30% a year.")


def test_how_late_an_event_arrives_is_not_answered_by_a_response_time() -> None:
    budget = "The decision must be returned within 100 ms at p99, including feature lookups."
    chargebacks = "Most fraud labels come from chargebacks filed 30-90 days after the transaction."
    asked = "How long until a disputed payment typically comes back to us?"
    assert not answers_count(asked, budget)
    assert answers_count(asked, chargebacks)
    # a response time asked with "after" is still a response time
    assert answers_count("How long after the upload finishes should results appear?", budget)


def test_the_matcher_gives_a_rate_the_fact_that_has_one(embedder) -> None:
    """MiniLM reads "base click rate" closest to the click model's latency budget; a fact
    with no share or frequency in it is no rival, so the click-rate fact is clearly closest."""
    facts = BANK.question("ads-ctr").clarifications
    asked = ["What's the base click rate?", "What is the average click-through rate?"]
    assert [f and f.topic for f in answers(asked, facts, embedder)] == ["labels", "labels"]


def test_every_ask_the_bank_writes_for_a_fact_passes_that_facts_gate() -> None:
    failing = [
        (question.id, fact.topic, ask)
        for question in BANK.questions.values()
        for fact in question.clarifications
        for ask in fact.asks
        if not answers_count(ask, fact.answer)
    ]
    assert failing == []


def test_the_matcher_no_longer_hands_the_scale_fact_to_other_counts(embedder) -> None:
    facts = BANK.question("ads-ctr").clarifications
    found = answers(["How many advertisers?", "How many ads are live?"], facts, embedder)
    assert [f and f.topic for f in found] == [None, "scale"]
    feed = BANK.question("video-recs").clarifications
    (found,) = answers(["How many sessions does a user have per day?"], feed, embedder)
    assert found is None


def test_a_malformed_counted_file_names_itself(tmp_path, monkeypatch) -> None:
    from agent.interviewer import counting
    from agent.knowledge import KnowledgeError

    bad = tmp_path / "counted.yaml"
    bad.write_text("people: user\n")
    monkeypatch.setattr(counting, "COUNTED", bad)
    counting._groups.cache_clear()
    try:
        with pytest.raises(KnowledgeError, match="counted.yaml: people needs a list"):
            answers_count("How many users?", "About 5 users.")
    finally:
        counting._groups.cache_clear()


def test_how_long_is_answered_only_by_a_time_or_a_length() -> None:
    logs = "Click and dwell logs exist for all traffic; raters label 5,000 more queries per week."
    assert not answers_count("How long do we keep the click logs around?", logs)
    assert not answers_count("How long is a typical video?", "Home feed on mobile, web and TV.")
    assert answers_count(
        "How long is a typical request?", "1 billion utterances, 2-5 seconds long."
    )
    assert answers_count("Once posted, how soon must followers see it?", "Within a minute.")
    # "how long" inside a yes-or-no question asks whether, not how long
    assert answers_count("Do we log how long someone lingers on a post?", "Likes and dwell time.")
    # a long tail is a share
    assert answers_count("How long is the tail?", "The top 1% of queries make 40% of traffic.")


def test_a_statistic_asked_is_answered_only_by_that_statistic() -> None:
    tail = "The service must answer within 200 ms at p99."
    assert not answers_count("What's the median response time, not the tail?", tail)
    assert not answers_count("What's the server time at the median?", tail)
    assert answers_count("What's the p99 budget, not the median?", tail)
    degree = "300 million members; the median member has 150 connections."
    assert not answers_count("What's the mean number of connections, not the median?", degree)
    assert answers_count("What's the median number of connections?", degree)
    # a fact naming no statistic may answer an average
    assert answers_count("What's the average click-through rate?", "About 1% of ads are clicked.")


def test_rater_agreement_is_answered_only_by_agreement() -> None:
    raters = "Human raters grade 5,000 query-result pairs a week on a 4-point scale."
    assert not answers_count("How well do raters agree with each other?", raters)
    assert not answers_count("What's the inter-annotator agreement?", raters)
    assert answers_count("What's the rater agreement?", "Raters agree 80% of the time (kappa 0.6).")

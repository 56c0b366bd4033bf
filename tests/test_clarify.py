"""Clarifying questions get the question bank's facts: matching with the real MiniLM, the
fallback without an embedder, and both policies through the interview graph."""

from __future__ import annotations

import json

import pytest

from agent.config import load_settings
from agent.interview.runtime import Runtime
from agent.interviewer.clarify import clarifying_questions, matching_facts
from agent.knowledge import default_knowledge
from agent.retrieval.embeddings import make_embedder
from tests.test_engine import turns_of

FRAUD = default_knowledge().question("fraud-detection")


def fact(topic: str) -> str:
    return next(c.answer for c in FRAUD.clarifications if c.topic == topic).strip()


@pytest.fixture(scope="module")
def embedder():
    return make_embedder(load_settings(offline=True))


def topics(answer: str, embedder=None) -> list[str]:
    return [f.topic for f in matching_facts(answer, FRAUD.clarifications, embedder)]


def test_only_sentences_ending_in_a_question_mark_are_questions() -> None:
    answer = "I'd score each payment. How many per second do we see? Then a threshold."
    assert clarifying_questions(answer) == ["How many per second do we see?"]
    assert topics("I'd score each payment in real time.") == []


def test_questions_get_the_closest_facts_in_the_order_asked(embedder) -> None:
    assert topics("How many payments do we process a day?", embedder) == ["scale"]
    assert topics("How long do we have to approve or decline a card payment?", embedder) == [
        "latency"
    ]
    both = topics(
        "When do we find out a payment was fraudulent? And how quick must the decision be?",
        embedder,
    )
    assert both[0] == "labels" and "latency" in both


def test_the_questions_the_bank_writes_for_a_fact_get_that_fact(embedder) -> None:
    """Each fact's own asks, and a near copy of one, are answered with it, however close
    another fact's sentences read ("How often ... an ad?" against the ad request volume)."""
    from agent.interviewer.fact_matching import answers

    wrong = []
    for question in default_knowledge().questions.values():
        facts = question.clarifications
        asked = [(fact, ask) for fact in facts for ask in fact.asks]
        got = answers([ask for _, ask in asked], facts, embedder)
        wrong += [(question.id, ask) for (fact, ask), g in zip(asked, got) if g is not fact]
    assert not wrong, wrong
    ads = default_knowledge().question("ads-ctr").clarifications
    [got] = answers(["How often do people click an ad?"], ads, embedder)
    assert got is not None and got.topic == "labels"


def test_questions_the_bank_cannot_answer_get_nothing(embedder) -> None:
    assert topics("Does that make sense?", embedder) == []
    assert topics("Should I move on to the model next?", embedder) == []


def test_without_an_embedder_only_a_named_topic_is_answered() -> None:
    assert topics("What is the latency requirement?") == ["latency"]
    assert topics("How fast must we answer?") == []


def decision(action: str, covered=(), focus: str = "") -> str:
    return json.dumps(
        {"assessment": "ok", "covered": list(covered), "action": action, "focus": focus}
    )


def started(runtime: Runtime, session: str):
    interview = runtime.interview(session)
    list(interview.start(question_id=FRAUD.id, question_text=FRAUD.prompt, at=0))
    return interview


def test_offline_interviewer_answers_then_asks(knowledge_index) -> None:
    interview = started(Runtime(load_settings(), live_grading=False), "offline")
    reply = turns_of(
        interview.send(
            "I'd treat it as scoring each payment. How many transactions a day are we talking "
            "about?",
            at=30,
        )
    )
    assert len(reply) == 1 and reply[0]["stage"] == "problem"
    text = reply[0]["text"]
    assert text.startswith(f"To your question: {fact('scale')}")
    assert text.count("?") == 1 and text.endswith("?")  # then exactly one question of its own


def test_model_interviewer_continues_after_the_facts(endpoint) -> None:
    interview = started(Runtime(load_settings(), retriever=None, live_grading=False), "model")
    endpoint.reply(decision("follow_up", [], "use-cases"))
    endpoint.reply("Who sees the decision, the merchant or the cardholder?")
    reply = turns_of(
        interview.send(
            "I'd score each payment as it is authorised. What latency do we have?", at=30
        )
    )
    assert reply[0]["text"] == (
        f"To your question: {fact('latency')} "
        "Who sees the decision, the merchant or the cardholder?"
    )
    prompt = endpoint.chat_requests()[-1]["messages"][-1]["content"]
    assert "begins with facts already written for you" in prompt and fact("latency") in prompt


def test_facts_asked_for_are_given_even_when_the_stage_moves_on(endpoint) -> None:
    interview = started(Runtime(load_settings(), retriever=None, live_grading=False), "moving")
    endpoint.reply(decision("advance"))
    turns = turns_of(
        interview.send("Everything is clear. What are the costs of a missed fraud?", at=30)
    )
    assert [t["kind"] for t in turns] == ["clarification", "opening"]
    assert fact("costs") in turns[0]["text"] and turns[1]["stage"] == "metrics"


def test_questions_alone_get_the_facts_and_the_floor_back(endpoint) -> None:
    interview = started(Runtime(load_settings(), retriever=None, live_grading=False), "scoping")
    asked = "What is the scale? And what latency do we need?"
    turns = turns_of(interview.send(asked, at=30))
    assert [t["kind"] for t in turns] == ["clarification"]  # and no model call: none scripted
    assert turns[0]["text"] == (
        f"To your questions: {fact('scale')} {fact('latency')} Go on when you're ready."
    )
    # coverage is the policy's: the model has judged nothing yet, so nothing is marked (no
    # keyword matching on the side); the offline policy credits the questions by their cues
    assert interview.values["stage"] == "problem" and interview.values["covered"]["problem"] == []
    offline = started(Runtime(load_settings(offline=True), retriever=None, live_grading=False), "o")
    list(offline.send(asked, at=30))
    assert "requirements" in offline.values["covered"]["problem"]


def test_a_malformed_asks_file_names_itself(tmp_path, monkeypatch) -> None:
    from agent.interviewer import fact_matching
    from agent.knowledge import KnowledgeError

    bad = tmp_path / "clarifying.yaml"
    bad.write_text("scale: how many\n")
    monkeypatch.setattr(fact_matching, "ASKS", bad)
    fact_matching._asks.cache_clear()
    try:
        with pytest.raises(KnowledgeError, match="clarifying.yaml: topic.s. scale need a list"):
            fact_matching.asks("scale")
    finally:
        fact_matching._asks.cache_clear()


def test_a_question_of_several_parts_gets_a_fact_for_each(embedder) -> None:
    from agent.interviewer.asking import clarifying_questions as parts

    asked = (
        "What's the peak load, what fraction of payments are fraud, and how fast must we decide?"
    )
    assert parts(asked) == [
        "What's the peak load?",
        "what fraction of payments are fraud?",
        "how fast must we decide?",
    ]
    # the same list after a lead-in of discourse words, which is no part of the question
    assert parts(f"Before I start: {asked[0].lower()}{asked[1:]}") == [
        "What's the peak load?",
        "what fraction of payments are fraud?",
        "how fast must we decide?",
    ]
    # a lone comma is a clause, not a second question
    assert parts("When a card is disputed, how long until we hear about it?") == [
        "When a card is disputed, how long until we hear about it?"
    ]
    assert topics(asked, embedder) == ["scale", "labels", "latency"]
    assert topics("How long does a chargeback take to arrive?", embedder) == ["labels"]


def test_a_hedged_second_question_is_a_question_of_its_own(embedder) -> None:
    """From an app interview: "Is this the home feed or the up-next panel, and roughly how many
    daily users?" was read as one question and told it isn't specified."""
    from agent.interviewer.asking import clarifying_questions as parts

    asked = "Is this the home feed or the up-next panel, and roughly how many daily users?"
    assert parts(asked) == ["Is this the home feed or the up-next panel?", "how many daily users?"]
    recs = default_knowledge().question("video-recs")
    found = matching_facts(asked, recs.clarifications, embedder)
    assert [f.topic for f in found] == ["surfaces", "scale"]
    # a hedged fragment still asks the part before it
    assert parts("Is volume growing, and roughly how fast?") == ["Is volume growing, and how fast?"]


def test_what_no_fact_answers_is_said_plainly_and_never_guessed(embedder) -> None:
    from agent.interviewer.clarify import unanswered

    bank = FRAUD.clarifications
    assert topics("How many engineers are on the team?", embedder) == []
    assert unanswered("How many engineers are on the team?", bank, embedder) == [
        "How many engineers are on the team?"
    ]
    # about the conversation, or answered by the candidate in the same message: no reply due
    assert unanswered("Does that make sense?", bank, embedder) == []
    # about the interviewer's words: "What do you mean by offline?" was told "that isn't
    # specified"; the interviewer comes at its question from another side instead
    assert unanswered("What do you mean by offline?", bank, embedder) == []
    assert unanswered("Sorry, could you rephrase the question?", bank, embedder) == []
    assert unanswered("Can you clarify the team size?", bank, embedder) == [
        "Can you clarify the team size?"
    ]
    assert unanswered("Why does the delay matter? Because labels lag.", bank, embedder) == []
    assert unanswered("How many engineers are there?", bank, None) == []  # no embedder: no claim


def test_a_question_about_what_a_fact_never_names_gets_nothing(embedder) -> None:
    # each reads close to a fact (the data fact lists merchants and account history, the
    # constraints fact card data) yet asks about something no fact names: a guess misleads
    for asked in (
        "Do we know which version of the banking app the customer is on?",
        "Which acquiring banks send us their payments?",
        "Do we see the shipping address for online orders?",
    ):
        assert topics(asked, embedder) == [], asked
    # paraphrases that share few words with their fact still get it
    assert topics("What share of payments turn out to be fraud?", embedder) == ["labels"]
    assert topics("How quickly do we find out that a payment was fraudulent?", embedder) == [
        "labels"
    ]
    assert topics("What does it cost us when we wrongly block a good customer?", embedder) == [
        "costs"
    ]


def test_a_plain_question_is_not_blocked_by_a_narrower_one_nobody_answered(embedder) -> None:
    # the dev sets hold "How many users are in the current long-term holdout?", which no fact
    # answers: it once made the first question every candidate asks "not specified"
    from agent.interviewer.ask_examples import examples_for
    from agent.interviewer.fact_matching import answers

    videos = default_knowledge().question("video-recs")
    for asked in ("How many users do we have?", "Before I start: how many users do we have?"):
        found = answers([asked], videos.clarifications, embedder, examples_for("video-recs"))
        assert [f and f.topic for f in found] == ["scale"], asked


def test_the_interviewer_says_which_questions_are_not_specified(knowledge_index) -> None:
    interview = started(Runtime(load_settings(), live_grading=False), "unspecified")
    turns = turns_of(interview.send("How big is the team? And how many payments a day?", at=30))
    assert [t["kind"] for t in turns] == ["clarification"]
    assert turns[0]["text"] == (
        f'To your questions: {fact("scale")} As for "How big is the team?": that isn\'t '
        "specified, so state an assumption and go on. Go on when you're ready."
    )


@pytest.mark.parametrize(
    "asked",
    [
        "What would you use instead?",
        "Fine. Which metric would you pick?",
        "Okay, what should I use then?",
        "Hmm, what do you suggest?",
        "What's the right answer here?",
    ],
)
def test_asking_the_interviewer_to_choose_is_no_fact_left_unspecified(embedder, asked) -> None:
    from agent.interviewer.asking import choices_asked
    from agent.interviewer.clarify import unanswered

    assert unanswered(asked, FRAUD.clarifications, embedder) == []
    assert choices_asked(asked) == [asked.split(". ")[-1]]


def test_a_question_about_the_problem_is_not_asking_the_interviewer_to_choose() -> None:
    from agent.interviewer.asking import choices_asked

    for asked in ["What latency do we need?", "Which markets do we serve?", "Does that work?"]:
        assert choices_asked(asked) == []
    # asked, then answered in the same message: the candidate chose
    assert choices_asked("What would I use instead? PR AUC, since positives are rare.") == []


def test_the_choice_asked_for_is_turned_back_to_the_candidate(knowledge_index) -> None:
    interview = started(Runtime(load_settings(), live_grading=False), "your-call")
    turns = turns_of(interview.send("Accuracy is wrong, I see. What would you use instead?", at=30))
    text = turns[-1]["text"]
    assert "isn't specified" not in text
    assert text.startswith("That choice is yours to make: say what you'd pick here and why")


def test_a_lettered_or_numbered_list_asks_one_question_per_item() -> None:
    listed = (
        "Three things: a) how many payments a day, b) how fast must we decide, "
        "c) which team owns the rules?"
    )
    assert clarifying_questions(listed) == [
        "how many payments a day?",
        "how fast must we decide?",
        "which team owns the rules?",
    ]
    assert clarifying_questions("(1) peak load; (2) the latency budget?") == [
        "peak load?",
        "the latency budget?",
    ]
    # an item as a sentence of its own loses its marker; letters inside a question stay
    assert clarifying_questions("Two more. 1) How many users? 2) What budget?") == [
        "How many users?",
        "What budget?",
    ]
    assert clarifying_questions("Is plan a) or b) better?") == ["Is plan a) or b) better?"]


def test_questions_people_asked_are_ways_of_asking_for_their_fact(embedder) -> None:
    """A labelled question from the example sets: a close one gets the fact people said it
    wants, and one close to a question no fact answered gets none, where the bank alone would
    not (answer nothing, or guess the data fact for the riskiest merchant categories)."""
    from agent.interviewer.ask_examples import AskExample
    from agent.interviewer.fact_matching import answers

    def asked(question: str, examples=()) -> str | None:
        found = answers([question], FRAUD.clarifications, embedder, examples)[0]
        return found and found.topic

    loss = "Who eats the loss on a bad payment?"
    merchants = "Which merchant categories are riskiest?"
    assert (asked(loss), asked(merchants)) == (None, "data")
    people = [
        AskExample(
            "When a bad payment slips through, who eats the loss and how much?", "costs", "x"
        ),
        AskExample("Which merchant categories see the most fraud?", "none", "x"),
    ]
    assert (asked(loss, people), asked(merchants, people)) == ("costs", None)
    # and a question far from both is read as before
    assert asked("How many payments do we process a day?", people) == "scale"


def test_a_set_being_measured_is_not_its_own_memory() -> None:
    from agent.interviewer.ask_examples import EXAMPLE_SETS, examples_for, holding_out

    sources = {e.source for e in examples_for("fraud-detection")}
    assert sources == set(EXAMPLE_SETS)  # every example set labels fraud asks it can split
    with holding_out("dev3"):
        assert {e.source for e in examples_for("fraud-detection")} == sources - {"dev3"}
    assert {e.source for e in examples_for("fraud-detection")} == sources


def test_a_question_of_the_candidates_own_has_every_question_unspecified(knowledge_index) -> None:
    """No bank facts to give: each question is told so, and the interviewer waits for the
    assumptions rather than probing past them."""
    interview = Runtime(load_settings(), live_grading=False).interview("own-question")
    list(
        interview.start(
            question_id=None,
            question_text="Design a job recommender for a professional networking site.",
            at=0,
        )
    )
    turns = turns_of(
        interview.send("How many members are there? And what's the latency budget?", at=30)
    )
    assert [t["kind"] for t in turns] == ["clarification"]
    assert turns[0]["text"] == (
        'As for "How many members are there?", "And what\'s the latency budget?": those '
        "aren't specified, so state your assumptions and go on. Go on when you're ready."
    )

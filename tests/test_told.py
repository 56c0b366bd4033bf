"""A fact the interviewer just gave is not asked back: after telling the candidate the
decision must come back within 100 ms at p99, asking "What latency does this system need to
meet?" would ask them to repeat the interviewer's own words."""

from __future__ import annotations

from agent.config import load_settings
from agent.interview.runtime import Runtime
from agent.interviewer.told import with_told
from agent.knowledge import default_knowledge
from agent.retrieval.embeddings import make_embedder
from tests.test_engine import turns_of

KNOWLEDGE = default_knowledge()
FRAUD = KNOWLEDGE.question("fraud-detection")
LATENCY_PROBE = "What latency does this system need to meet, at which percentile"


class NothingHeard:
    covered: set[str] = set()
    aside = False
    flagged: list[str] = []

    def settles(self, question: str) -> bool:
        return False

    def filler(self, sentences: list[str]) -> set[str]:
        return set()

    def left_to_ask(self, question: str) -> str:
        return question


def told(*topics: str) -> list[dict]:
    facts = [f.answer for f in FRAUD.clarifications if f.topic in topics]
    return [
        {"role": "interviewer", "stage": "problem", "text": f"To your question: {f}"} for f in facts
    ]


def test_a_question_the_told_fact_answers_is_settled() -> None:
    embedder = make_embedder(load_settings(offline=True))
    asked = f"{LATENCY_PROBE}, and where does that number come from?"
    assert with_told(NothingHeard(), KNOWLEDGE, FRAUD, told("latency"), embedder).settles(asked)
    # another fact told, or none, leaves it open
    assert not with_told(NothingHeard(), KNOWLEDGE, FRAUD, told("scale"), embedder).settles(asked)
    assert not with_told(NothingHeard(), KNOWLEDGE, FRAUD, [], embedder).settles(asked)
    # a probing question digs into the fact rather than asking for it
    deeper = (
        "The model is three times too slow for its latency budget; what would you change first?"
    )
    assert not with_told(NothingHeard(), KNOWLEDGE, FRAUD, told("latency"), embedder).settles(
        deeper
    )
    # a candidate's words are not the interviewer's facts
    said = [{**turn, "role": "candidate"} for turn in told("latency")]
    assert not with_told(NothingHeard(), KNOWLEDGE, FRAUD, said, embedder).settles(asked)


def test_the_interviewer_does_not_ask_for_the_latency_it_just_gave(knowledge_index) -> None:
    interview = Runtime(load_settings(), live_grading=False).interview("told")
    list(interview.start(question_id=FRAUD.id, question_text=FRAUD.prompt, at=0))
    asked = (
        "My instinct is a boosted-tree model with a rules layer. Hmm, before that: how long do "
        "we get to answer the card network?"
    )
    reply = turns_of(interview.send(asked, at=30))[0]["text"]
    latency = next(f for f in FRAUD.clarifications if f.topic == "latency")
    assert " ".join(latency.answer.split()) in reply
    assert reply.rstrip().endswith("?") and LATENCY_PROBE not in reply

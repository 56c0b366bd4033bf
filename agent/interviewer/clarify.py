"""Answer the candidate's clarifying questions with the facts the question bank gives.

An interviewer answers "how many users are we talking about?" with a number, and a candidate
who asks good clarifying questions deserves the answer before the next question. Each bank
question lists facts by topic (scale, latency, labels, ...). A sentence of the candidate's
answer that ends with "?" is a clarifying question; it gets the fact closest to it by MiniLM:
the mean of its cosine to the fact ("latency: The decision ... within 100 ms") and to the
closest way of asking about the topic (knowledge/clarifying.yaml, else "What is the <topic>?"),
since "how long do we have?" resembles an ask more than a fact; plus a bonus when it names the
topic itself ("what is the goal?").
Facts come from the bank verbatim, so no policy can invent a number. A question no fact
matches gets no reply here: a rhetorical "why does this matter?" must not draw one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import numpy as np

from agent.interviewer.policy import TurnContext, lines
from agent.knowledge import Clarification, KnowledgeError, yaml_mapping
from agent.paths import KNOWLEDGE_DIR
from agent.retrieval.lexical import tokens

MIN_SIMILARITY = 0.25  # "does that make sense?", "shall I sketch it?": at most 0.18 (6 tried)
SECOND_FACT = 0.4  # "how many users, and how fast?" earns a second fact above this
TOPIC_NAMED = 0.15  # the question uses the topic's own word
_SENTENCE = re.compile(r"(?<=[.?!])\s+")


ASKS = KNOWLEDGE_DIR / "clarifying.yaml"


@lru_cache(maxsize=1)
def _asks() -> dict[str, list[str]]:
    data = yaml_mapping(ASKS.read_text(encoding="utf-8"), ASKS)
    if bad := [
        k
        for k, v in data.items()
        if not (isinstance(v, list) and v and all(isinstance(a, str) for a in v))
    ]:
        raise KnowledgeError(f"{ASKS}: topic(s) {', '.join(map(str, bad))} need a list of asks")
    return data


def asks(topic: str) -> list[str]:
    """Ways a candidate asks about a fact topic."""
    return _asks().get(topic) or [f"What is the {topic}?"]


def clarifying_questions(answer: str) -> list[str]:
    """The sentences of an answer that ask something."""
    return [s.strip() for s in _SENTENCE.split(answer) if s.strip().endswith("?")]


def only_questions(answer: str) -> bool:
    """The answer asks and says nothing else (the candidate is still scoping)."""
    sentences = [s for s in _SENTENCE.split(answer.strip()) if s.strip()]
    return bool(sentences) and all(s.strip().endswith("?") for s in sentences)


def _names_topic(question: str, topic: str) -> bool:
    asked = {word.rstrip("s") for word in tokens(question)}
    return any(word.rstrip("s") in asked for word in tokens(topic))


def _similarity(questions: list[str], facts: list[Clarification], embedder: Any) -> np.ndarray:
    """questions x facts: mean cosine to the fact and to the closest ask about its topic."""
    ways = [asks(f.topic) for f in facts]
    asked = np.asarray(embedder.embed(questions))
    known = np.asarray(
        embedder.embed(
            [f"{f.topic}: {f.answer}" for f in facts] + [w for group in ways for w in group]
        )
    )
    to_fact, to_asks = asked @ known[: len(facts)].T, asked @ known[len(facts) :].T
    owner = np.repeat(np.arange(len(facts)), [len(group) for group in ways])
    closest = np.stack([to_asks[:, owner == j].max(axis=1) for j in range(len(facts))], axis=1)
    return (to_fact + closest) / 2  # the embedders return unit vectors


def matching_facts(
    answer: str, facts: list[Clarification], embedder: Any = None
) -> list[Clarification]:
    """The facts that answer the answer's clarifying questions, in the order asked, each once.

    Without an embedder only a question naming a fact's topic is answered.
    """
    questions = clarifying_questions(answer)
    if not questions or not facts:
        return []
    named = np.array([[_names_topic(q, f.topic) for f in facts] for q in questions], dtype=float)
    if embedder is None:
        scores = named * MIN_SIMILARITY  # the topic's name alone is enough
    else:
        scores = named * TOPIC_NAMED + _similarity(questions, facts, embedder)
    chosen: list[Clarification] = []
    bars = (MIN_SIMILARITY, SECOND_FACT)  # a second fact can only clear its bar if the first did
    for row in scores:
        ranked = np.argsort(-row, kind="stable")[:2]
        chosen += [
            facts[j]
            for rank, j in enumerate(ranked)
            if row[j] >= bars[rank] and facts[j] not in chosen
        ]
    return chosen


def told(ctx: TurnContext, embedder: Any = None) -> str:
    """The bank's answers to the clarifying questions in the latest answer, as one line, or ""."""
    if ctx.question is None or not ctx.answers:
        return ""
    facts = matching_facts(ctx.answers[-1], ctx.question.clarifications, embedder)
    if not facts:
        return ""
    line = lines()["clarification" if len(facts) == 1 else "clarifications"]
    return line.format(facts=" ".join(f.answer.strip() for f in facts))

"""Answer the candidate's clarifying questions with the facts the question bank gives.

An interviewer answers "how many users are we talking about?" with a number, and a candidate
who asks good clarifying questions deserves the answer before the next question. Each bank
question lists facts by topic (scale, latency, labels, ...). A sentence of the candidate's
answer that ends with "?" is a clarifying question; it gets the fact closest to it by MiniLM:
the mean cosine to the fact ("latency: The decision ... within 100 ms") and to the topic asked
plainly ("What is the latency?"), since "how long do we have?" resembles the second more
than the first; plus a bonus when it names the topic itself ("what is the goal?").
Facts come from the bank verbatim, so no policy can invent a number. A question no fact
matches gets no reply here: a rhetorical "why does this matter?" must not draw one.
"""

from __future__ import annotations

import re
from typing import Any

from agent.knowledge import Clarification
from agent.retrieval.lexical import tokens

MIN_SIMILARITY = 0.25  # "does that make sense?" and "shall I sketch it?" score below 0.23
SECOND_FACT = 0.4      # "how many users, and how fast?" earns a second fact above this
TOPIC_NAMED = 0.15     # the question uses the topic's own word
_SENTENCE = re.compile(r"(?<=[.?!])\s+")


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


def matching_facts(answer: str, facts: list[Clarification],
                   embedder: Any = None) -> list[Clarification]:
    """The facts that answer the answer's clarifying questions, in the order asked, each once.

    Without an embedder only a question naming a fact's topic is answered.
    """
    questions = clarifying_questions(answer)
    if not questions or not facts:
        return []
    if embedder is not None:
        n, m = len(questions), len(facts)
        vectors = embedder.embed(questions + [f"{f.topic}: {f.answer}" for f in facts]
                                 + [f"What is the {f.topic}?" for f in facts])
        asked, stated, plain = vectors[:n], vectors[n:n + m], vectors[n + m:]
    chosen: list[Clarification] = []
    for i, question in enumerate(questions):
        scores = []
        for j, fact in enumerate(facts):
            score = TOPIC_NAMED if _names_topic(question, fact.topic) else 0.0
            if embedder is not None:
                score += (_cosine(asked[i], stated[j]) + _cosine(asked[i], plain[j])) / 2
            else:
                score *= MIN_SIMILARITY / TOPIC_NAMED  # the topic's name alone is enough
            scores.append((score, j))
        ranked = sorted(scores, reverse=True)
        picks = [j for rank, (score, j) in enumerate(ranked[:2])
                 if score >= (MIN_SIMILARITY if rank == 0 else SECOND_FACT)]
        chosen += [facts[j] for j in picks if facts[j] not in chosen]
    return chosen


def _cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b))  # the embedders return unit vectors

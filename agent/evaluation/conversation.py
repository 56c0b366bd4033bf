"""The conversation eval's judgement: does the interviewer listen? Each labelled turn is
replayed through the live engine (agent/cli/conversation.py); its reply is judged here:

- re-ask rate: turns with `settled` points whose next question (the reply's sentences ending in
  "?") contains a cue of a point already settled;
- off-domain: questions, over every reply, containing one of the file's other-domain words;
- clarifying top-1: asks answered with their fact (or, for `none`, told it isn't specified);
  wrong facts: facts given that no ask of the message needed (worse than none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from agent.evaluation.conversation_set import NO_FACT, ConversationFile, LabelledTurn
from agent.evaluation.stats import share
from agent.interviewer.asking import sentences
from agent.interviewer.clarify import UNSPECIFIED_MARK
from agent.knowledge import Question


@dataclass
class Reply:
    file: str
    turn: str
    stage: str
    text: str  # everything the interviewer said after the answer
    questions: list[str]  # its sentences that ask something
    kinds: list[str] = field(default_factory=list)  # of the interviewer's turns in the reply
    reasked: list[str] = field(default_factory=list)  # settled points asked again
    off_domain: list[str] = field(default_factory=list)  # other-domain words in a question
    asks: int = 0
    correct: int = 0
    wrong_facts: list[str] = field(default_factory=list)
    error: str = ""  # the turn could not be replayed (the endpoint failed): judged on nothing


def judge(file: ConversationFile, turn: LabelledTurn, question: Question, text: str) -> Reply:
    questions = [s for s in sentences(text) if s.endswith("?")]
    asked = " ".join(questions).lower()
    reply = Reply(file.question, turn.id, turn.stage, text, questions)
    reply.reasked = [p.about for p in turn.settled if any(c.lower() in asked for c in p.cues)]
    reply.off_domain = [w for w in file.off_domain if re.search(rf"\b{re.escape(w)}\b", asked)]
    if turn.asks:
        given = {f.topic for f in question.clarifications if " ".join(f.answer.split()) in text}
        unspecified = UNSPECIFIED_MARK in text
        reply.asks = len(turn.asks)
        reply.correct = sum(given_ok for given_ok in _answered(turn.asks, given, unspecified))
        reply.wrong_facts = sorted(given - set(turn.asks))
    return reply


def _answered(asks: list[str], given: set[str], unspecified: bool) -> list[bool]:
    return [unspecified if ask == NO_FACT else ask in given for ask in asks]


def conversation_metrics(replies: list[Reply]) -> dict[str, Any]:
    failed = [r for r in replies if r.error]
    replies = [r for r in replies if not r.error]
    settled = [r for r in replies if r.asks == 0]
    clarifying = [r for r in replies if r.asks]
    asks = sum(r.asks for r in clarifying)
    return {
        "turns": len(replies),
        "reask_rate": share(sum(bool(r.reasked) for r in settled), len(settled)),
        "reasked": sum(bool(r.reasked) for r in settled),
        "settled_turns": len(settled),
        # the share of answers after which the interviewer moved to the next stage: a low
        # re-ask rate bought by moving on at every answer would show here
        "moved_on": share(sum("opening" in r.kinds for r in settled), len(settled)),
        "off_domain_questions": sum(len(r.off_domain) > 0 for r in replies),
        "clarifying_top1": share(sum(r.correct for r in clarifying), asks),
        "asks": asks,
        "wrong_facts": sum(len(r.wrong_facts) for r in clarifying),
        "failed_turns": len(failed),
    }


BARS = {  # the interviewer issue's targets, for every set
    "reask_rate": ("max", 0.05),
    "off_domain_questions": ("max", 0),
    "clarifying_top1": ("min", 0.9),
    "wrong_facts": ("max", 0),
    "failed_turns": ("max", 0),
}


def missed_bars(metrics: dict[str, Any]) -> list[str]:
    missed = []
    for name, (bound, limit) in BARS.items():
        value = metrics[name]
        if value is None or (value > limit if bound == "max" else value < limit):
            missed.append(f"{name} {'<=' if bound == 'max' else '>='} {limit:g}: got {value}")
    return missed

"""Answer the candidate's clarifying questions with the facts the question bank gives.

An interviewer answers "how many users are we talking about?" with a number, and a candidate
who asks good clarifying questions deserves the answer before the next question. Each bank
question lists facts by topic (scale, latency, labels, ...). A sentence of the candidate's
answer that ends with "?" is a clarifying question; it gets the fact closest to it by MiniLM
(fact_matching.py): the mean of its cosine to the fact's closest sentence ("latency: The
decision ... within 100 ms") and to the closest way of asking about it (the fact's own `asks`
in the bank, one or more per point it gives, the generic asks for its topic in
knowledge/clarifying.yaml, and the questions people asked for it in the conversation dev sets:
ask_examples.py), since "how long do we have?" resembles an ask more than a fact;
plus a bonus when it names the topic itself ("what is the goal?") or shares a word with that
fact alone among the question's facts ("chargeback"). A wrong fact is worse than none, so a
fact is given only when it is clearly the closest: not nearly tied with another fact, and well
clear of what interview questions never specify (team size, budget, hardware: `unspecified` in
clarifying.yaml) and closer than any question people asked of this interview that no fact
answered, by more when most of the question's words are new to that fact and its asks ("do we
log mouse hovers?" against the click logs); one using no word new to the fact ("How many
users do we have?") is not blocked by a narrower one nobody answered. A question nearly word
for word one of a fact's own asks gets that fact, however close another fact's sentences read. A "how many X?" gets a fact only if one of its
numbers counts X, and "what fraction ...?" only a fact that gives a share (counting.py).
A sentence that asks several things ("what's the fraud rate, and how fast must we decide?",
or a list: "a) ..., b) ...?") is split into its parts, and each part is answered on its own. Facts come from the bank
verbatim, so no policy can invent a number. A part no fact matches is told plainly that it
isn't specified, unless it is about the conversation ("does that make sense?") or the
candidate goes on to answer it in the same message (a rhetorical "why? because ...").
A question asking the interviewer to choose ("what would you use instead?") is turned back:
the choice is what the interview grades. An assumption put up for confirmation ("I'll assume a
nightly batch is fine. Is that right?") is asked as the assumption: the fact that settles it,
or, when the brief is silent, the assumption stands. A part with no words of its own ("Is
volume growing, and how fast?") is read with the part before it (asking.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agent.interviewer.ask_examples import AskExample, examples_for
from agent.interviewer.asking import (
    assumptions,
    choices_asked,
    clarifying_questions,
    left_open,
    without_lead_in,
)
from agent.interviewer.fact_matching import answers
from agent.interviewer.policy import TurnContext, lines
from agent.knowledge import Clarification

UNSPECIFIED_MARK = "n't specified"  # in every reply to a question no fact answers


def matching_facts(
    answer: str, facts: list[Clarification], embedder: Any = None
) -> list[Clarification]:
    """The facts that answer the answer's clarifying questions, in the order asked, each once."""
    return _read(answer, facts, embedder)[0]


def unanswered(answer: str, facts: list[Clarification], embedder: Any = None) -> list[str]:
    """The open questions of an answer that no fact answers."""
    return _read(answer, facts, embedder)[1]


def _read(
    answer: str, facts: list[Clarification], embedder: Any, examples: Sequence[AskExample] = ()
) -> tuple[list[Clarification], list[str], bool]:
    """One matching pass: the facts asked for (in order, each once), the open questions no
    fact answers, and whether the candidate asked the interviewer to make a choice for them
    that no fact settles ("what would you use instead?"). Without an embedder only named
    topics match, so "not specified" could be false: nothing is claimed then."""
    questions = clarifying_questions(answer)
    found = answers(questions, facts, embedder, examples)
    chosen: list[Clarification] = []
    for fact in found:
        if fact is not None and fact not in chosen:
            chosen.append(fact)
    wanting = set(left_open(answer)) if embedder is not None else set()
    missing = [q for q, f in zip(questions, found) if f is None and q in wanting]
    choosing = set(choices_asked(answer))
    return chosen, missing, any(f is None and q in choosing for q, f in zip(questions, found))


def told(ctx: TurnContext, embedder: Any = None) -> str:
    """The bank's answers to the clarifying questions in the latest answer, and a plain "not
    specified" for those it cannot answer, as one line, or ""."""
    if not ctx.answers:
        return ""
    # a question of the candidate's own has no bank facts: every question is unspecified
    bank = ctx.question.clarifications if ctx.question else []
    examples = examples_for(ctx.question.id) if ctx.question else []
    facts, missing, choosing = _read(ctx.answers[-1], bank, embedder, examples)
    said = []
    if facts:
        line = lines()["clarification" if len(facts) + len(missing) == 1 else "clarifications"]
        said.append(line.format(facts=" ".join(" ".join(f.answer.split()) for f in facts)))
    # "I'll assume a nightly batch is fine. Right?": the brief is silent, so the assumption stands
    assumed_here = assumptions(ctx.answers[-1])
    stands = [q for q in missing if q in assumed_here]
    if open_ := [q for q in missing if q not in stands]:
        quoted = ", ".join(f'"{without_lead_in(q)}"' for q in open_)
        key = "unspecified_one" if len(open_) == 1 else "unspecified_many"
        said.append(lines()[key].format(questions=quoted))
    for assumed in stands:
        said.append(
            lines()["assumption_stands"].format(assumption=assumed[:1].lower() + assumed[1:-1])
        )
    if choosing:  # the choice is the candidate's to make, and what the interview grades
        said.append(lines()["your_call"])
    return " ".join(said)

"""Choices kept after the interviewer questioned them: a red flag no note has to anticipate.

An interviewer who doubts a choice says why and asks about it: "Trips from the same hour share
the same traffic. Is a random split safe here?" A candidate who then waves the concern away
("It's fine: every trip is a separate journey") keeps a choice the interviewer has shown to be in
doubt, whatever the domain; experienced interviewers mark that down (the rubric's "ignores
questions or hints"), and the flags in the notes cannot, since they know only the mistakes
someone wrote down. A reply that takes the concern up ("Good point, I'd split by time"; "Yes, it
matters, so I'd hold out speakers") keeps nothing. The words below are general English, never
specific to a question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.diagrams import without_diagrams
from agent.red_flags import RedFlag
from agent.scoring import text as T
from agent.scoring.clauses import word_set
from agent.scoring.flag_hits import Hit
from agent.scoring.vectors import Vectors
from agent.state import Turn

AUXILIARIES = word_set(
    "is are was were do does did has have had can could will would should shall must may "
    "isn't aren't wasn't weren't don't doesn't didn't hasn't haven't can't couldn't won't "
    "wouldn't shouldn't"
)
REQUESTS = word_set("walk tell talk describe explain give say sketch show list outline")
OPEN_ENDED = ("is there any", "are there any", "anything else", "is there something")
# a doubt about cost or complexity ("Isn't that overkill?", "Wouldn't a simpler model do just
# as well?"): keeping the richer choice is no mistake in itself
COSTLY = ("simpler", "overkill", "just as well", "really need", "really needed", "necessary")
# what a closed question asks: whether something is wrong, or whether it holds
PROBLEM = word_set(
    "problem problems concern concerned concerns matter issue issues leak leaks bias biased "
    "hurt hurts risk risky worry worried mislead misleading affect affects cause break "
    "breaks inflate inflates skew skews overfit wrong"
)
HOLDS = word_set(
    "safe fine fit fits right okay ok work works comfortable sure mean means notice enough "
    "valid hold holds realistic correct trust representative meet meets scale scales"
)
RISK = re.compile(r"\bwhat (?:could|can|might) go wrong\b|\bdownside\b|\bany risks?\b", re.I)
# a first sentence that waves the concern away, or plays it down
DISMISSALS = (
    "it's fine", "that's fine", "it is fine", "is fine", "fine,", "not really", "not here",
    "not a concern", "not an issue", "not a problem", "no problem", "not much", "nothing",
    "doesn't matter", "does not matter", "don't think so", "don't see", "no need",
    "that's the point", "by construction", "a bit, but", "a little, but", "to some extent, but",
    "slightly, but", "somewhat, but", "in theory, but", "it's actually", "that's actually",
    "we can always", "not worried", "wouldn't worry", "i'd still go with", "i would still go with",
    "i'd stick with", "i would stick with", "i'd keep it", "i would keep it",
    "sure, but", "i'd accept it", "i would accept it", "harmless", "doesn't really matter",
    "good enough",
)  # fmt: skip
# "I think the risk is a bit overstated": the concern itself is judged too big ("the measured
# difference would be overstated" says what a problem does, and takes it up)
PLAYED_DOWN = re.compile(
    r"\b(?:is|'s|are|seems?|looks?)\s+(?:a bit\s+|somewhat\s+|rather\s+|a little\s+)?"
    r"(?:overstated|overblown|exaggerated|overrated)\b",
    re.I,
)
# a hedged "yes" is still a yes: "I think so, as long as the model is good."
YES = re.compile(
    r"^(?:yes|yeah|yep|sure|definitely|absolutely|of course|i (?:think|believe) so"
    r"|i'd say so|i would say so)\b",
    re.I,
)
# ... unless it takes the concern up
CONCESSIONS = (
    "good point", "fair point", "you're right", "you are right", "that's true", "true,",
    "fair,", "i missed", "i'd switch", "i would switch", "i'd change", "i would change",
    "i should", "i'd rather", "that's a problem", "that is a problem", "would be a problem",
    "it does matter", "yes, it", "yes, that", "instead", "on reflection", "actually, no",
    "i'd fix",
)  # fmt: skip
LEAD = 12  # words of the reply's first sentence that can take the concern up

KEPT = "Kept a choice the interviewer questioned, without answering the concern."
WHY = "the interviewer's question pointed at a risk in the choice, and the answer waved it away"
INSTEAD = (
    "take a pointed question as a hint, say what the concern would cost in this system, then "
    "change the choice or show, with a mechanism or a number, why it does not apply here."
)
# the same mistake as a grading prompt lists it (llm_grader.py): the model quotes the choice
QUESTIONED = RedFlag(
    id="pushback",
    note="",
    flag=KEPT,
    says=("It's fine.", "Not really, a random split is cleaner."),
    why=WHY,
    instead=INSTEAD,
    cues=(),
)


def _says(text: str, phrases: Sequence[str]) -> bool:
    low = " " + text.lower().replace("\u2019", "'") + " "
    return any(re.search(r"(?<![a-z'])" + re.escape(p) + r"(?![a-z'])", low) for p in phrases)


def questioning(turn_text: str) -> str | None:
    """The interviewer's question when it questions a choice: a closed question (it opens with
    an auxiliary, perhaps after a phrase and a comma), not a request ("Can you walk me ..."), an
    either-or or an open search ("Is there anything ..."); or "what could go wrong"."""
    asked = [s for s in T.sentences(turn_text) if s.rstrip().endswith("?")]
    if not asked:
        return None
    question = asked[-1]
    if RISK.search(question):
        return question
    # "With lag features in play, are you comfortable ...?"; "Wouldn't RMSE ..., while ...?"
    opening = [T.words(part.lower())[:3] for part in question.split(",")]
    words = next((w for w in opening if w and w[0] in AUXILIARIES), None)
    if not words or _says(question, OPEN_ENDED) or _says(question, COSTLY):
        return None
    if words[1:2] == ["you"] and words[2:3] and words[2] in REQUESTS:
        return None
    return None if " or " in f" {question.lower()} " else question


def waves_away(question: str, reply: str) -> bool:
    """Whether the reply's first sentence keeps the choice: plays the concern down, or answers
    "yes" to whether it holds / "no" to whether it is a problem, without taking it up."""
    said = T.sentences(reply)
    if not said:
        return False
    first = said[0].strip().replace("\u2019", "'")
    if _says(" ".join(first.split()[:LEAD]), CONCESSIONS):
        return False
    if _says(first, DISMISSALS) or PLAYED_DOWN.search(first):
        return True
    asks, opener = set(T.words(question.lower())), T.words(first.lower())[:1]
    if YES.match(first):
        return bool(asks & HOLDS) and not asks & PROBLEM
    return opener == ["no"] and bool(asks & PROBLEM)


def kept(turns: list[Turn], vectors: Vectors) -> list[Hit]:
    """One stage's choices kept after a question: each quoted by the sentence of the stage's
    earlier answers that the question is most about (MiniLM)."""
    said = [t for t in turns if t.get("kind") != "command"]
    hits: list[Hit] = []
    for n, (asked, reply) in enumerate(zip(said, said[1:])):
        if (asked["role"], reply["role"]) != ("interviewer", "candidate"):
            continue
        question = questioning(asked["text"])
        if not question or not waves_away(question, reply["text"]):
            continue
        # the question may return to a choice made answers ago in this stage
        claims = [
            s
            for t in said[:n]
            if t["role"] == "candidate"
            for s in T.sentences(without_diagrams(t["text"]))
        ]
        if not claims:
            continue
        claim = claims[int(vectors.similarity([asked["text"]], claims)[0].argmax())]
        hits.append(Hit(_flag(question, T.sentences(reply["text"])[0]), claim))
    return hits


def _flag(question: str, defence: str) -> RedFlag:
    return QUESTIONED.model_copy(
        update={
            "why": f'when asked "{question}", the answer was "{defence}", which waves away '
            "the risk the question pointed at"
        }
    )

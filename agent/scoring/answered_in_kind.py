"""Questions known by the kind of answer they want, for `StageHeard.settles`: a note's probe
often reads far from every checklist item (under ASKS_ABOUT), yet what it asks for is plain
from its form. "How often would you retrain the CTR model?" wants a cadence; "Would you use
Platt scaling or isotonic regression?" wants one of two named options; "What fraction of
traffic would you spend on exploration?" wants a share, for exploration; "How would you split
the data to evaluate the model offline?" wants a split. And "Which online metric ..., and
why that one ...?" is two questions, of which only the why is left once the metric is named.
"""

from __future__ import annotations

import re

from agent.scoring import text as T

_RETRAINING = r"(?:re-?train\w*|train\w*|model updates?|update the model|refresh the model)"
_ASKS_CADENCE = re.compile(
    rf"\b(?:how (?:often|frequently)|cadence)\b.*\b{_RETRAINING}"
    rf"|\b{_RETRAINING}\b.*\b(?:how (?:often|frequently)|cadence)\b",
    re.IGNORECASE,
)
_RETRAINED = (  # "training data covers every day of the last month" trains nothing that often
    r"(?:re-?train\w*|trained|train (?:it|them|the model|a new model)"
    r"|(?:model|models|weights) (?:is |are |gets |get )?(?:updated|refreshed))"
)
_CADENCE = (
    r"(?:hourly|daily|nightly|weekly|monthly|incrementally|continuously"
    r"|(?:every|each|once an?|once per|per) (?:\d+ |few |couple of |other )?"
    r"(?:minutes?|hours?|days?|nights?|weeks?|months?|quarters?))"
)
_GIVES_CADENCE = re.compile(
    rf"\b{_RETRAINED}\b.*\b{_CADENCE}\b|\b{_CADENCE}\b.*\b{_RETRAINED}\b", re.IGNORECASE
)
_CHOICE = re.compile(
    r"^(?:and |so,? )?(?:would|do|should|will) you "
    r"(?:use|pick|choose|prefer|go with|start with|train|build)\s+"
    r"(?P<a>[^,?]+?)\s+or\s+(?P<b>[^,?]+?)"
    r"(?=,|\?|\s+(?:for|here|when|in|on|given|and)\b)",
    re.IGNORECASE,
)


def cadence_given(question: str, said: list[str]) -> bool:
    """The question asks how often to retrain, and a sentence said so far trains on a cadence
    ("it's trained incrementally every hour")."""
    return bool(_ASKS_CADENCE.search(question)) and any(_GIVES_CADENCE.search(s) for s in said)


def choice_made(question: str, words: set[str]) -> bool:
    """The question asks to choose between two named options ("Would you pick CTC or RNN-T
    ...?") and exactly one of them was named so far, every content word of it (`words`: the
    stems said). Naming both leaves the choice open, and asking for it is the sharp question."""
    choice = _CHOICE.search(question)
    if not choice:
        return False
    named = [
        bool(o) and o <= words for o in (_option_stems(choice["a"]), _option_stems(choice["b"]))
    ]
    return sum(named) == 1


def _option_stems(option: str) -> set[str]:
    """The option's content words ("rnn" of "RNN-T": a lone letter names nothing)."""
    said = " ".join(w for w in option.split() if w.lower() not in T.FUNCTION_WORDS)
    return {w for w in T.stems(said) if len(w) > 1}


_ASKS_SHARE = re.compile(
    r"\b(?:what|which|how (?:much|big|large))\b[^?]*\b(?:fraction|share|percentage|portion|"
    r"slice|of (?:the )?traffic|of (?:the )?impressions|of (?:the )?slots)\b",
    re.IGNORECASE,
)
_GIVES_SHARE = re.compile(
    r"\d+(?:\.\d+)?\s*%|\bpercent\b|\b(?:small|tiny|little|fixed|thin)\s+"
    r"(?:\w+\s+)?(?:slice|share|fraction|slot|slots|portion|percentage|part)\b",
    re.IGNORECASE,
)
# what a share is for, in the words either side may use: an exploration slice is the
# "randomised swaps", "shuffled results" or slots for "random videos" or items "we're still
# unsure about" a candidate describes; a holdout is "held out"
_PURPOSES = (
    re.compile(
        r"\b(?:explor\w*|random\w*|shuffl\w*|epsilon|bandit\w*|uncertain\w*|unsure)",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:hold[- ]?outs?|held[- ]out)\b", re.IGNORECASE),
    re.compile(r"\b(?:canary|canaries|ramp\w*)\b", re.IGNORECASE),
)


def share_given(question: str, said: list[str]) -> bool:
    """The question asks what share of traffic goes to a purpose (exploration, a holdout, a
    canary), and a sentence said so far gives a share for that purpose ("a small exploration
    slot for new authors", "a tiny share of randomised swaps")."""
    if not _ASKS_SHARE.search(question):
        return False
    purposes = [p for p in _PURPOSES if p.search(question)]
    return any(_GIVES_SHARE.search(s) and any(p.search(s) for p in purposes) for s in said)


_ASKS_SPLIT = re.compile(
    r"\b(?:how|where) would you (?:split|partition|divide)\b"
    r"|\bhow would you (?:choose|pick|build) (?:the|your) (?:test|validation|evaluation|holdout) set\b",
    re.IGNORECASE,
)
_GIVES_SPLIT = re.compile(
    r"\bsplit\w* (?:\w+ ){0,3}?by (?:\w+ )?(?:time|date|day|week|month|query|queries|user|users|"
    r"session|sessions|account|accounts|entity|group|city|cities|region)\b"
    r"|\b(?:time-based|time-ordered|chronological|out-of-time|temporal|forward-chaining) "
    r"(?:split|holdout|hold-out|validation|evaluation|test)"
    r"|\btrain\w* on\b.{0,80}\b(?:test|validate|validation|evaluate|evaluation)\w* on\b"
    r"|\b(?:test|validation|holdout|evaluation) (?:set|data|weeks?|days?|months?|window)s? "
    r"(?:\w+ ){0,3}?(?:after|later than|following)\b",
    re.IGNORECASE,
)


# for evaluation: "how would you split the data and the serving indexes across machines?"
# asks for a partition key, which no train/test split answers
_TO_EVALUATE = re.compile(r"\b(?:evaluat\w*|test\w*|validat\w*|offline|train\w*)\b", re.I)


def split_given(question: str, said: list[str]) -> bool:
    """The question asks how to split the data for evaluation or choose the test set, and a
    sentence said so far gives a split ("split by query and by time", "train on weeks 1-8,
    test on week 10")."""
    asks = _ASKS_SPLIT.search(question) and _TO_EVALUATE.search(question)
    return bool(asks) and any(_GIVES_SPLIT.search(s) for s in said)


# "Which online metric would tell you ..., and why that one rather than the number that is
# easiest to move?": two questions, the second one whole on its own (not a bare "and why?")
_WHICH_AND_WHY = re.compile(
    r"^(?:which|what)\b[^?]*?,?\s+and\s+(?P<why>why\b[^?]{12,}\?)$", re.IGNORECASE
)


def why_part(question: str) -> str | None:
    """The "why ..." half of a which-and-why question as a question of its own ("Why that one
    rather than the number that is easiest to move?", after the choice was named back); None
    when the question is not of that form."""
    found = _WHICH_AND_WHY.search(" ".join(question.split()))
    return found["why"][0].upper() + found["why"][1:] if found else None

"""A practice stated on the condition of its fix, followed in the same sentence by its fix, or
kept in a minor role beside the real choice, is the right practice, not the mistake.

"Downsampling negatives is fine for the click model, as long as we recalibrate the scores" and
"a random split is fine if it is over query ids rather than rows" use a flag's words and
commit to them, but only under the safeguard the flag's fix names. What follows the condition
word decides: when it reads like the flag's fix, the sentence makes no mistake (MiniLM reads a
condition closer to the mistake's examples than to the fix, since they share its subject, so
only its likeness to the fix is weighed). A condition that is no safeguard ("a random split
is fine as long as the data is big enough") does not read like the fix and changes nothing.
A sentence that opens on its condition ("If the model wins offline, we ship it") is left to
stance.py.

"We still log RMSE on held-out ratings as a sanity check, but the model is picked by NDCG at
10" names the flag's metric in a role beside the choice the sentence then makes: a minor role
named in so many words, and a contrast to the real choice.

"Thresholds are picked on validation and confirmed once on test" uses the test-set flag's
words, and states its fix in the words the flag gives for it (its `!` cues): that is the
right practice, unless the fix is turned down ("not on validation").
"""

from __future__ import annotations

import re

import numpy as np

from agent.red_flags import RedFlag
from agent.scoring.stance import COMMITS, stance
from agent.scoring.vectors import Vectors

# a bare "if" also opens a situation ("and if the server stops answering, we return an
# error"): it conditions the practice only after a verdict on it ("is fine if", "works if")
_CONDITION = re.compile(
    r"\b(?:as long as|so long as|provided(?: that)?|only (?:after|if|once|when)|"
    r"(?:fine|okay|ok|works?|safe|acceptable|valid) (?:if|unless))\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[,;:.!?]")
LIKE_FIX = 0.28  # the condition's similarity to the flag's fix (chosen on phrasings_dev)


def safeguarded(sentence: str, flag: RedFlag, vectors: Vectors) -> bool:
    """The sentence commits to the flag's practice only in a way that makes no mistake."""
    return (
        minor_role(sentence)
        or states_fix(sentence, flag)
        or conditioned_on_fix(sentence, flag, vectors)
        or followed_by_fix(sentence, flag, vectors)
    )


def states_fix(sentence: str, flag: RedFlag) -> bool:
    """The sentence asserts the fix in its own words (the flag's `!` cues)."""
    return bool(flag.fixed) and stance(flag.fixed, sentence) == COMMITS


def conditioned_on_fix(sentence: str, flag: RedFlag, vectors: Vectors) -> bool:
    """The sentence makes its practice conditional on the flag's fix."""
    condition = _after(_CONDITION, _CLAUSE_END, sentence)
    if not condition:
        return False
    return float(vectors.similarity([condition], [flag.instead])[0, 0]) >= LIKE_FIX


def _after(connector: re.Pattern[str], end: re.Pattern[str], sentence: str) -> str:
    """What follows the first `connector` up to `end`; "" when nothing precedes the connector
    (the sentence opens on it) or nothing follows it."""
    found = connector.search(sentence)
    if found is None or not sentence[: found.start()].strip():
        return ""
    return end.split(sentence[found.end() :], maxsplit=1)[0].strip()


def reads_like_fix(sentences: list[str], flag: RedFlag, vectors: Vectors, bar: float) -> np.ndarray:
    """Per sentence: at least `bar` like the flag's fix, and more like it than like any of the
    mistake's examples."""
    fix = vectors.similarity(sentences, [flag.instead])[:, 0]
    says = vectors.similarity(sentences, list(flag.says)).max(axis=1)
    return (fix >= bar) & (fix > says)


_MINOR_ROLE = re.compile(
    r"\bas (?:a|an|one) (?:\w+ ){0,2}(?:sanity (?:check|signal)|secondary \w+|extra (?:number|"
    r"signal|check)|trend line|descriptive statistic|diagnostic|hypothesis|weak labels?)\b"
    r"|\b(?:a|an) (?:\w+ )?starting point\b",
    re.IGNORECASE,
)
_REAL_CHOICE = re.compile(r"\b(?:but|while|whereas)\b", re.IGNORECASE)


def minor_role(sentence: str) -> bool:
    """The sentence keeps a practice in a minor role and makes another choice beside it."""
    role = _MINOR_ROLE.search(sentence)
    return role is not None and bool(_REAL_CHOICE.search(sentence, role.end()))


# "downsample negatives to 10 percent and then correct the probabilities for the sampling rate":
# the sentence goes on to the fix itself. A continuation that carries the mistake further ("and
# then read the score as the probability") reads more like the mistake than like the fix.
_THEN = re.compile(r"\b(?:and then|then|after which|and afterwards|followed by)\b", re.IGNORECASE)
_STEP_END = re.compile(r"[;.!?]|,\s(?:because|since|so)\b")  # a reason for the step is no step
THEN_FIX = 0.45  # the continuation's similarity to the flag's fix


def followed_by_fix(sentence: str, flag: RedFlag, vectors: Vectors) -> bool:
    """The sentence follows its practice with the flag's fix."""
    step = _after(_THEN, _STEP_END, sentence)
    return bool(step) and bool(reads_like_fix([step], flag, vectors, THEN_FIX)[0])

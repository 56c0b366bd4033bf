"""Red flags in the candidate's own words: the wrong choices the knowledge notes describe.

A sentence makes a red flag when it uses one of the flag's cues, reads like the ways the
mistake is typically said (MiniLM similarity to the flag's examples), reads more like the
mistake than like the critique of it or its fix (so "accuracy is misleading here" is not
"accuracy is our metric"), and does not negate the cue ("not a random split"). A flag the
candidate corrects later in the same stage does not count. The constants are documented in
docs/scoring.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from agent.knowledge import Knowledge, Stage
from agent.matching import normalise
from agent.red_flags import RedFlag
from agent.scoring import text as T
from agent.scoring.scorecard import FlagFinding
from agent.scoring.vectors import Vectors

FLAG_PENALTY = 0.75  # points a stage loses per red flag the candidate raised in it
FLAG_CAP = 2  # flags that cost points in one stage (all are still shown)
FLAG_CEILING = 2.4  # a stage with a red flag is at best weak: the rubric's 3 ("covers the
# stage's essentials correctly") cannot hold when an essential choice is wrong
PROMPT_FLAGS = 8  # the most a grading prompt lists: the stage's own, then cued topic flags
SAYS_LIKE = 0.45  # similarity to one of the flag's examples: on the flag's subject (the cue
# already says the sentence names the mistake's own words)
CONTRAST = 0.1  # and that much closer to the examples than to the flag's critique or fix
CORRECTS = 0.6  # a later sentence this close to the fix (and closer to it) corrects the flag
NEGATION_WINDOW = 3  # words before a cue that can negate it
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "avoid",
        "avoids",
        "avoiding",
        "instead",
        "rather",
        "than",
        "don't",
        "doesn't",
        "wouldn't",
        "won't",
        "shouldn't",
        "isn't",
        "aren't",
        "can't",
        "cannot",
        "against",
        "beware",
    ]
)
ADJACENT_NEGATIONS = frozenset(["without"])  # "without shuffling"; not "ship without a test"
# Words after a cue that judge it: "accuracy is misleading", "a random split would leak".
VERDICTS = frozenset(
    [
        "misleading",
        "meaningless",
        "useless",
        "wrong",
        "bad",
        "leaks",
        "leak",
        "leaking",
        "inflates",
        "inflated",
        "overstates",
        "hides",
        "breaks",
        "fails",
        "pitfall",
        "trap",
        "mistake",
        "dangerous",
    ]
)


def penalised(score: float, flags: int) -> float:
    """A stage score after its red-flag penalty, never below the scale's floor of 1."""
    if not flags:
        return score
    return max(1.0, min(FLAG_CEILING, score - FLAG_PENALTY * min(flags, FLAG_CAP)))


def for_prompt(knowledge: Knowledge, stage: Stage, answers: list[str]) -> list[RedFlag]:
    """The flags a grading prompt lists for a stage: the stage note's own, then those of other
    notes whose cues the candidate's answers use (a prompt cannot hold all of them)."""
    own = knowledge.stages[stage].red_flags
    said = [s for a in answers for s in T.sentences(a)]
    others = [
        f for f in all_flags(knowledge, stage) if f not in own and any(cued(f, s) for s in said)
    ]
    return (list(own) + others)[:PROMPT_FLAGS]


_DENIES_FIX = re.compile(
    r"\b(no need|(do|does|did)(n't| not) need|not needed|unnecessary|(is|are)(n't| not) "
    r"necessary|not necessary|never need|no point in|don't have to|doesn't have to)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Hit:
    flag: RedFlag
    sentence: str


def all_flags(knowledge: Knowledge, stage: Stage | None = None) -> list[RedFlag]:
    """The flags of the notes for `stage` (every flag without one), stage notes first.

    A flag is judged only in the stages its note is for: "naming a model before the problem
    is framed" is a mistake in problem formulation, not when the training stage names one.
    (Judging topic flags in every stage was tried: four false alarms on the dev set's strong
    answers for one more flag found.)"""
    notes = sorted(knowledge.notes.values(), key=lambda n: (n.kind != "stage", n.id))
    return [f for n in notes if stage is None or stage in n.stages for f in n.red_flags]


def _cue_positions(flag: RedFlag, tokens: list[str]) -> list[int]:
    """Where the content words of the flag's cues sit in the sentence's tokens."""
    cue_stems = {
        T.stem(w)
        for cue in flag.cues
        for part in cue
        for w in normalise(part).split()
        if w not in T.FUNCTION_WORDS
    }
    return [i for i, token in enumerate(tokens) if T.stem(token) in cue_stems]


def negated(flag: RedFlag, sentence: str) -> bool:
    """A negation shortly before a cue word, or a verdict on it shortly after. "No need to
    recalibrate" denies the fix, which asserts the mistake: that is no negation."""
    if _DENIES_FIX.search(sentence):
        return False
    tokens = normalise(sentence).replace("n t ", "n't ").split()
    for i in _cue_positions(flag, tokens):
        before = set(tokens[max(0, i - NEGATION_WINDOW) : i])
        after = set(tokens[i + 1 : i + 1 + 2 * NEGATION_WINDOW])
        adjacent = set(tokens[max(0, i - 1) : i])
        if before & NEGATIONS or after & VERDICTS or adjacent & ADJACENT_NEGATIONS:
            return True
    return False


@lru_cache(maxsize=16384)  # every sentence is checked against every flag's cues
def _stemmed(text: str) -> str:
    return " " + " ".join(T.stem(w) for w in normalise(text).split()) + " "


def cued(flag: RedFlag, sentence: str) -> bool:
    """Every part of one cue occurs in the sentence as a phrase, word endings aside
    ("shuffled" for "shuffle"), never as scattered words."""
    said = _stemmed(sentence)
    return any(all(_stemmed(part) in said for part in cue) for cue in flag.cues)


def detect(said: list[str], flags: list[RedFlag], vectors: Vectors) -> list[Hit]:
    """The flags `said` (one stage's sentences, in order) makes and does not correct: at
    most one per sentence (the closest), each flag once."""
    hits: list[Hit] = []
    for row, sentence in enumerate(said):
        raised = {h.flag for h in hits}
        fits = {
            flag: fit
            for flag in flags
            if flag not in raised and cued(flag, sentence) and not negated(flag, sentence)
            if (fit := _reads_like(sentence, flag, vectors)) is not None
        }
        if fits:
            flag = max(fits, key=lambda f: fits[f])
            if not _corrected(said[row + 1 :], flag, vectors):
                hits.append(Hit(flag, sentence))
    return hits


def _reads_like(sentence: str, flag: RedFlag, vectors: Vectors) -> float | None:
    """How closely the sentence reads like the mistake, or None when it does not (too far from
    the examples, or nearer to the critique or the fix than to them)."""
    says = float(vectors.similarity([sentence], list(flag.says))[0].max())
    critique = float(vectors.similarity([sentence], [flag.why, flag.instead])[0].max())
    return says if says >= SAYS_LIKE and says - critique > CONTRAST else None


def _corrected(later: list[str], flag: RedFlag, vectors: Vectors) -> bool:
    for sentence in later:
        if cued(flag, sentence) and negated(flag, sentence):
            return True
        fix = vectors.similarity([sentence], [flag.instead])[0, 0]
        says = vectors.similarity([sentence], list(flag.says))[0].max()
        if fix >= CORRECTS and fix > says:
            return True
    return False


def findings(hits: list[Hit]) -> list[FlagFinding]:
    return [
        FlagFinding(
            flag=h.flag.flag,
            quote=h.sentence,
            why=h.flag.why,
            instead=h.flag.instead,
            note=h.flag.note,
        )
        for h in hits
    ]

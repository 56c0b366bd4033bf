"""Red flags in the candidate's own words: the wrong choices the knowledge notes describe.

A sentence makes a red flag when it uses one of the flag's cues, commits to the practice
the cue names rather than rejecting it ("we can't score the whole catalogue per request";
stance.py), reads like the ways the mistake is typically said (MiniLM similarity to the flag's
examples), and reads more like the mistake than like the critique of it or its fix. A flag the
candidate corrects later in the same stage, or whose fix they stated earlier in it, does not
count. The constants are documented in docs/scoring.md.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agent.matching import normalise
from agent.red_flags import RedFlag
from agent.scoring import text as T
from agent.scoring.conditions import reads_like_fix, safeguarded, states_fix
from agent.scoring.flag_hits import Hit
from agent.scoring.rejection import rebuts
from agent.scoring.stance import COMMITS, NEITHER, REJECTS, refuses, stance
from agent.scoring.synonyms import same_words
from agent.scoring.vectors import RELATED, Vectors

SAYS_LIKE = 0.45  # similarity to one of the flag's examples: on the flag's subject (the cue
# already says the sentence names the mistake's own words)
CONTRAST = 0.1  # and that much closer to the examples than to the flag's critique or fix
# where a sentence holding two mistakes is cut to read each apart (_reads_like_apart)
_CLAUSES = re.compile(r"[;:]|,\s|\s(?:and then|but|which|so|while|whereas)\s", re.IGNORECASE)
CORRECTS = 0.6  # a later sentence this close to the fix (and closer to it) corrects the flag


@lru_cache(maxsize=16384)  # every sentence is checked against every flag's cues
def _stemmed(text: str) -> str:
    return " " + " ".join(T.stem(w) for w in normalise(text).split()) + " "


def cued(flag: RedFlag, sentence: str) -> bool:
    """Every part of one cue occurs in the sentence as a phrase, word endings aside
    ("shuffled" for "shuffle"), never as scattered words."""
    said = _stemmed(sentence)
    return any(all(_stemmed(part) in said for part in cue) for cue in flag.cues)


def detect(
    said: list[str], flags: list[RedFlag], vectors: Vectors, known: list[RedFlag] | None = None
) -> list[Hit]:
    """The flags `said` (one stage's sentences, in order) makes and does not correct: at
    most one per sentence (the closest of those not corrected), each flag once. `known` (all
    the knowledge's flags; `flags` by default) tells where a sentence holds another mistake,
    judged in another stage or domain, that its clauses can be read apart from."""
    originals, said = said, [same_words(s) for s in said]
    hits: list[Hit] = []
    for row, sentence in enumerate(said):
        raised = {h.flag for h in hits}
        committed = _committed(sentence, flags, known or [])
        fits = {
            flag: fit
            for flag in flags
            if flag not in raised and (fit := _fit(sentence, flag, vectors, committed)) is not None
        }
        # the closest flag may be the one corrected later while another stands: try each
        for flag in sorted(fits, key=lambda f: -fits[f]):
            if not _corrected(said[row + 1 :], flag, vectors) and not _fix_said(
                said[:row], flag, vectors
            ):
                hits.append(Hit(flag, originals[row]))
                break
    return hits


def _committed(sentence: str, flags: list[RedFlag], known: list[RedFlag]) -> list[RedFlag]:
    """The flags whose practice the sentence asserts: those of `flags`, and only when there
    is one, those of `known` too (a second mistake to read it apart from; most sentences
    assert none, so the whole knowledge is not read for them)."""
    mine = [f for f in flags if cued(f, sentence) and commits(f, sentence)]
    if not mine:
        return mine
    pool = set(flags)
    return mine + [f for f in known if f not in pool and cued(f, sentence) and commits(f, sentence)]


def _fit(sentence: str, flag: RedFlag, vectors: Vectors, committed: list[RedFlag]) -> float | None:
    """How closely the sentence makes the flag's mistake, or None when it does not: it asserts
    the practice (`committed`: the flags whose practice the sentence asserts) and reads like
    the mistake (`_reads_like`), alone or without another mistake's clauses; or it turns down
    the fix a mistake of omission leaves out ("we don't need a canary") and is on the flag's
    subject (RELATED: naming the fix to turn it down is the stance, so it needs no closer
    reading, nor a contrast with the fix's wording). A practice under its safeguard, followed
    by its fix, or kept in a minor role beside the real choice, makes no mistake
    (conditions.py)."""
    if flag in committed and not safeguarded(sentence, flag, vectors):
        fit = _reads_like(sentence, flag, vectors)
        if fit is None and len(committed) > 1:
            fit = _reads_like_apart(sentence, flag, committed, vectors)
        if fit is not None:
            return fit
    if flag.denied and refuses(flag.denied, sentence):
        says = float(vectors.similarity([sentence], list(flag.says))[0].max())
        return says if says >= RELATED else None
    return None


def commits(flag: RedFlag, sentence: str) -> bool:
    """Whether the sentence asserts the flagged practice rather than rejecting, doubting or
    supposing it (stance.py)."""
    return stance(flag.cues, sentence) == COMMITS


def _reads_like(sentence: str, flag: RedFlag, vectors: Vectors) -> float | None:
    """How closely the sentence reads like the mistake, or None when it does not (too far from
    the examples, or nearer to the critique or the fix than to them)."""
    says = float(vectors.similarity([sentence], list(flag.says))[0].max())
    if says < SAYS_LIKE or says - _critique(sentence, flag, vectors) <= CONTRAST:
        return None
    return says


def _critique(sentence: str, flag: RedFlag, vectors: Vectors) -> float:
    """How closely the sentence reads like the flag's critique or its fix."""
    return float(vectors.similarity([sentence], [flag.why, flag.instead])[0].max())


def _reads_like_apart(
    sentence: str, flag: RedFlag, committed: list[RedFlag], vectors: Vectors
) -> float | None:
    """Two mistakes in one sentence ("accuracy, since it's easy to explain, on a random split")
    read like neither flag's examples: read the flag on the clauses that carry no other
    committed flag's cue, when they still assert its own practice."""
    clauses = [c.strip() for c in _CLAUSES.split(sentence) if c and c.strip()]
    # another domain's flag for the same mistake ("a random split" of CTR logs) is cued in
    # the same clauses: it is no second mistake to read this one apart from
    mine = [cued(flag, c) for c in clauses]
    others = [f for f in committed if f is not flag and [cued(f, c) for c in clauses] != mine]
    alone = [c for c in clauses if not any(cued(f, c) for f in others)]
    rest = ", ".join(alone)
    if len(alone) in (0, len(clauses)) or not (cued(flag, rest) and commits(flag, rest)):
        return None
    fit = _reads_like(rest, flag, vectors)
    # the whole sentence may still state the fix ("..., so I'd retrain daily in batch")
    return fit if fit is not None and fit - _critique(sentence, flag, vectors) > CONTRAST else None


def _corrected(later: list[str], flag: RedFlag, vectors: Vectors) -> bool:
    """A later sentence rejects the practice in its own words, or judges it right after ("That
    would leak the future."), or reads like the fix. One that asserts the practice again ("Not
    really - a random split is cleaner") defends it, however close to the fix it reads."""
    for n, sentence in enumerate(later):
        said = stance(flag.cues, sentence) if cued(flag, sentence) else NEITHER
        if said == REJECTS or (n == 0 and rebuts(sentence)):
            return True
        if flag.denied and stance(flag.denied, sentence) == COMMITS:  # takes the fix up after all
            return True
        if said != COMMITS and reads_like_fix([sentence], flag, vectors, CORRECTS)[0]:
            return True
    return False


def _fix_said(earlier: list[str], flag: RedFlag, vectors: Vectors) -> bool:
    """An earlier sentence of the stage reads like the fix: a candidate who has said "train on
    weeks 1-8, test on week 10" is not splitting at random when a later sentence mentions "the
    random-sample evaluation set" (a sample of live traffic). One asserting the fix's own
    words (`!` cues: "Time-based: eight weeks train, ...") states it, however it reads."""
    if any(states_fix(s, flag) for s in earlier):
        return True
    return bool(earlier) and bool(reads_like_fix(earlier, flag, vectors, CORRECTS).any())

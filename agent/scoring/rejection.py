"""Rejection: how a sentence sets aside the practice a cue names (stance.py asks).

A cue word is rejected, in its own clause, by a negation before it ("won't shuffle"; "no" and
"without" reach only their noun phrase: "no random split", not "with no timestamps we shuffle"),
a contrast that governs it ("instead of", "rather than", "unlike", "better than"), a warning
that frames it ("the trap is", "a common mistake is"), or a verdict after it ("would be
misleading", "doesn't work", "is not an option", "too slow"; also in the next clause when that
opens with "that", "it", "which": "..., but that leaks"). "Although X" and "we could X, but"
set X aside, and so does a later clause ending on a bare "instead". Negation words that belong
to the cue itself ("no canary") are how the mistake is said, and a hyphenated "not-clicked"
negates nothing. Everything here is general English, never specific to one flag or case.
"""

from __future__ import annotations

from agent.scoring import stance_words as W
from agent.scoring.clauses import PERSONS, SUBJECTS, Parsed, Word, parse

VERDICT_REACH = 8  # words of the next clause that can judge a cue: "..., but that would leak"
DENIAL_REACH = 3  # a negation this close before a verdict word denies it ("doesn't leak")


def conceded(p: Parsed, starts: list[tuple[int, int]], own: set[int]) -> bool:
    """ "Although X, ..." or "we could X, but ...": X is weighed and set aside."""
    for start, _ in starts:
        clause = p.clause_of(start)
        if clause[0] not in own and p.words[clause[0]].text in W.CONCESSIVE:
            return True
        later = {p.words[c[0]].text for c in p.clauses[p.words[start].clause + 1 :] if c}
        if any(p.words[j].text in W.HEDGES for j in clause) and later & {"but", "however", "yet"}:
            return True
    return False


def negation_reach(words: tuple[Word, ...], j: int, own: set[int]) -> int:
    """How many words the negation at `j` reaches (0 when it is none)."""
    w, nxt = words[j], words[j + 1].text if j + 1 < len(words) else ""
    if j in own or w.hyphenated or nxt in W.NOT_NEGATING:
        return 0
    if w.text == "against" and not (j and words[j - 1].text in W.OPPOSING):
        return 0
    if w.text in W.NP_NEGATORS:
        return len(words) if nxt in W.WIDE_NO else W.NP_REACH
    if w.text in W.NEGATORS or (w.text == "t" and j and words[j - 1].text.endswith("n")):
        return len(words)  # a verb's negation ("can't", "won't") reaches the clause's end
    return 0


def frames(words: tuple[Word, ...], j: int) -> bool:
    """A warning word, not a metric's name: "the error is to shuffle", not "word error rate"."""
    nxt = words[j + 1].text if j + 1 < len(words) else ""
    return words[j].text in W.FRAMES and not (words[j].text == "error" and nxt in W.METRIC_NOUNS)


def rejected(p: Parsed, start: int, end: int, own: set[int]) -> bool:
    """The mention at `start`..`end` (its cue covering the words `own`) is set aside in its
    clause: negated, framed as a warning, said of the past, replaced, contrasted or judged."""
    words, clause = p.words, p.clause_of(start)
    before = [j for j in clause if j < start]
    if any(start - j <= negation_reach(words, j, own) for j in before) or any(
        frames(words, j) and j not in own for j in before
    ):
        return True
    said_before = " " + " ".join(words[j].text for j in before) + " "
    if any(f" {who} used to " in said_before for who in PERSONS):  # "we used to X and ..."
        return True
    if _replaced_later(p, start):
        return True
    for contrast in W.CONTRASTS:  # governs what follows it, up to a new subject
        at = said_before.rfind(f" {contrast} ")
        governed = said_before[at:].split()[len(contrast.split()) :] + [words[start].text]
        if at >= 0 and not SUBJECTS & set(governed) and not governed[0].isdigit():
            return True
    # a verdict anywhere later in the clause judges it: "scoring the whole catalogue with the
    # heavy model on every request is not an option" (clauses are short: commas, connectives)
    after = [j for j in clause if j >= end]
    following = p.next_clause(start)
    opener = [words[j].text for j in following[:2]]
    if opener and (
        opener[0] in W.ANAPHORS or opener[0] in {"but", "and", "so"} and opener[-1] in W.ANAPHORS
    ):
        after += following[: VERDICT_REACH + 2]
    return any(judges(words, j, own) for j in after)


def _replaced_later(p: Parsed, start: int) -> bool:
    """A later clause of the sentence ends on a bare "instead": "raw vectors all look alike,
    so I'd use a tuned encoder instead" sets aside what came before."""
    later = [c for c in p.clauses[p.words[start].clause + 1 :] if c]
    return any(p.words[c[-1]].text == "instead" for c in later)


def judges(words: tuple[Word, ...], j: int, own: set[int]) -> bool:
    """A verdict at `j` that is not itself denied ("doesn't leak" defends), a denied good
    ("doesn't work", "isn't an option"), or "too slow"."""
    if j in own:
        return False
    text, nxt = words[j].text, words[j + 1].text if j + 1 < len(words) else ""
    denied = any(negation_reach(words, k, own) for k in range(max(0, j - DENIAL_REACH), j))
    if text in W.VERDICTS:
        return not denied
    return (text in W.GOOD and denied) or (text == "too" and nxt in W.TOO and j + 1 not in own)


def rebuts(sentence: str) -> bool:
    """Whether the sentence opens by judging what was just said: "That would leak the future." """
    p = parse(sentence)
    if not p.words or p.words[0].text not in W.ANAPHORS:
        return False
    return any(judges(p.words, j, set()) for j in p.clauses[0][1 : VERDICT_REACH + 1])

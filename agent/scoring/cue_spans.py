"""Where a red flag's cue sits in a parsed sentence: each part's spans, kept only where the
other parts are close enough for the cue to be one thought (stance.py judges those spans)."""

from __future__ import annotations

from agent.matching import normalise
from agent.scoring import text as T
from agent.scoring.clauses import Word
from agent.scoring.clauses import word_set as _set

OPTIMISE = _set("maximise maximize optimise optimize maximising maximizing optimising optimizing")
AFTER_VERB = _set("in on for at across over during and so when until before after")
CUE_REACH = 20  # words between a cue's parts, at most: the notes' own examples need 16, and a
# justified choice runs longer ("the label is simply the team each ticket was first assigned
# to ..., since that field is recorded cleanly"); 24 flagged a strong answer on dev


def occurrences(part: str, words: tuple[Word, ...], segment: int) -> list[tuple[int, int]]:
    folded = normalise(part).split()  # "recall@k" folds to "recall@k recall": one word here
    stems = [T.stem(w) for n, w in enumerate(folded) if not (n and folded[n - 1] == f"{w}@k")]
    n = len(stems)
    return [
        (i, i + n)
        for i in range(len(words) - n + 1)
        if words[i].segment == segment == words[i + n - 1].segment
        and all(_same(w.stem, s) for w, s in zip(words[i : i + n], stems))
    ]


def _same(said: str, cue: str) -> bool:
    """A metric at a cutoff is the metric: "recall@k" and "recall@10" say "recall", and a
    cue's "recall@k" hears any cutoff (as normalise() folds them for cue matching)."""
    if said == cue:
        return True
    name, at, _ = said.partition("@")
    return bool(at) and cue in (name, f"{name}@k")


def near(
    cue: tuple[str, ...], spots: list[list[tuple[int, int]]], words: tuple[Word, ...]
) -> list[list[tuple[int, int]]]:
    """Each part's occurrences that have every other part within CUE_REACH words: a cue is
    one thought ("shuffle the rows"), not two words a long listing happens to hold ("a canary
    for a few days ... then an A/B test"). A verb of optimising with its own object after it
    governs that object: "predict clicks to maximise revenue" does not maximise clicks, while
    "bookings is the one metric we optimise in ..." does optimise bookings."""

    def governs_before(verb: int) -> bool:  # nothing but a preposition or the end follows it
        if verb + 1 >= len(words) or words[verb + 1].clause != words[verb].clause:
            return True
        return words[verb + 1].text in AFTER_VERB

    def fits(k: int, s: int, j: int, t: int) -> bool:
        if cue[k] in OPTIMISE and t < s and not governs_before(s):
            return False
        if cue[j] in OPTIMISE and s < t and not governs_before(t):
            return False
        return abs(s - t) <= CUE_REACH

    return [
        [
            (s, e)
            for s, e in spans
            if all(
                any(fits(k, s, j, t) for t, _ in other) for j, other in enumerate(spots) if j != k
            )
        ]
        for k, spans in enumerate(spots)
    ]

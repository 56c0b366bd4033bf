"""Stance: whether a sentence commits to the practice a red flag's cue names, or rejects it.

Strong candidates name a mistake to reject it as often as weak ones make it: "we can't score
the whole catalogue per request, so we retrieve candidates first", "rather than a random split
I'd split by time", "accuracy would be misleading here". What tells them apart is the clause
the cue sits in (clauses.py); a cue counts only with all its words in one segment, its
parts close together (cue_spans.py). A sentence that opens with a warning label ("Pitfalls:
no current loyalty tier ...") lists what to avoid.
How a cue is rejected (a negation, a contrast, a warning, a verdict, a concession) is
rejection.py's; one rejected mention outweighs another mention in the same segment.
A cue is only supposed, neither made nor rejected, in a question, an "if"/"unless" clause or
as the subject of "would" ("a random split would let the model see next week": what X would
do, not what we do). A reason clause is not exempt: "because a click means the result was
relevant" states the mistaken belief itself.
Everything here is general English, never specific to one flag or case; each flag's own
examples must read as committed.
"""

from __future__ import annotations

from agent.scoring import stance_words as W
from agent.scoring.clauses import CONDITIONALS, PERSONS, Parsed, parse
from agent.scoring.cue_spans import near, occurrences
from agent.scoring.rejection import conceded, frames, negation_reach, rejected

COMMITS, REJECTS, NEITHER = "commits", "rejects", "neither"
HEADING = 3  # words of a label that opens a sentence ("Common pitfalls: ...")


def stance(cues: tuple[tuple[str, ...], ...], sentence: str) -> str:
    """COMMITS when some cue is asserted; else REJECTS when some cue is rejected; else NEITHER
    (no cue with its words in one segment, or only supposed)."""
    parsed = parse(sentence)
    found = {_cue_stance(cue, parsed) for cue in cues}
    return COMMITS if COMMITS in found else REJECTS if REJECTS in found else NEITHER


def _cue_stance(cue: tuple[str, ...], p: Parsed) -> str:
    result = NEITHER
    for segment in sorted({w.segment for w in p.words}):
        starts, own = _mentions(cue, p, segment)
        if not starts:
            continue
        if (
            (segment and (_headed(p) or _goes_on_warning(p, segment)))
            or conceded(p, starts, own)
            or any(rejected(p, s, e, own) for s, e in starts)
        ):
            result = REJECTS
        elif (
            segment not in p.questions
            and not all(_supposed(p, s, e) for s, e in starts)
            and not _would_do(p, *min(starts))
        ):
            return COMMITS
    return result


def refuses(cues: tuple[tuple[str, ...], ...], sentence: str) -> bool:
    """Whether the sentence turns the cued practice down in plain words ("we don't need a
    canary", "I wouldn't reserve slots for exploration", "with no guardrail"), asserting it
    nowhere: a negation before it in its clause, not a warning about going without it ("the
    naive plan of never retraining"), a supposition ("without confirmation it would ...") or
    a question."""
    p = parse(sentence)
    if stance(cues, sentence) == COMMITS or _headed(p):
        return False
    for cue in cues:
        for segment in sorted({w.segment for w in p.words} - set(p.questions)):
            starts, own = _mentions(cue, p, segment)
            for s, e in starts:
                reach = {j: negation_reach(p.words, j, own) for j in p.clause_of(s) if j < s}
                negations = [j for j, words in reach.items() if words]
                # "we never see labels for declined payments and keep a holdout": the
                # negation is of the first verb, not of the fix after "and" (a refusal is a
                # claim to be sure of: the fix turned down in so many words)
                negations = [j for j in negations if "and" not in _texts(p, j + 1, s)]
                consequence = {p.words[j].text for j in p.next_clause(s)} & W.MODALS
                if (
                    any(s - j <= reach[j] for j in negations)
                    and len(negations) == 1  # "we don't ship without an A/B test" requires it
                    and not consequence  # "without a canary, a bad model would ..."
                    and not any(frames(p.words, j) for j in range(s))
                    and not _supposed(p, s, e)
                ):
                    return True
    return False


def _texts(p: Parsed, start: int, end: int) -> set[str]:
    return {w.text for w in p.words[start:end]}


def _mentions(cue: tuple[str, ...], p: Parsed, segment: int) -> tuple[list, set[int]]:
    """The spans of the cue's parts in one segment, when every part occurs there close to the
    others (else none), and the words they cover. A part right after a qualifier does not
    count: "meaningful engagement" is not the raw engagement a cue names."""
    found = [
        [
            (s, e)
            for s, e in occurrences(part, p.words, segment)
            if not s or p.words[s - 1].text not in W.QUALIFIED
        ]
        for part in cue
    ]
    spots = near(cue, found, p.words)
    if not all(spots):
        return [], set()
    return [span for spans in spots for span in spans], {
        i for spans in spots for s, e in spans for i in range(s, e)
    }


def _headed(p: Parsed) -> bool:
    """The sentence opens with a short warning label ("Pitfalls: ...", "Leakage: ..."): what
    follows lists what to avoid."""
    first = [w for w in p.words if w.segment == 0]
    return len(first) <= HEADING and any(w.text in W.FRAMES for w in first)


def _goes_on_warning(p: Parsed, segment: int) -> bool:
    """The segment opens on "it", "this" or "that" after a segment that frames a practice as a
    warning: "The tempting choice is a random split; it puts reposts on both sides" says what
    the tempting choice does."""
    opener = next(w.text for w in p.words if w.segment == segment)
    return opener in W.POINTERS and any(
        frames(p.words, j) for j, w in enumerate(p.words) if w.segment == segment - 1
    )


def _supposed(p: Parsed, start: int, end: int) -> bool:
    """In an "if" clause, or the subject of "would", unless what follows calls it good or ours:
    "if we get 99% accuracy that's really good", "a random split would be fine", "accuracy
    would be our metric"; or inside what is being looked into ("let me think about how
    reliable those labels are", "I'd check whether a random split leaks")."""
    if _inquired(p, start):
        return True
    clause = p.clause_of(start)
    rest = [p.words[j].text for j in clause if j >= end]
    if p.words[clause[0]].text in CONDITIONALS:
        return not W.PRAISE & set(rest + [p.words[j].text for j in p.next_clause(start)])
    return _would_do(p, start, end)


def _would_do(p: Parsed, start: int, end: int) -> bool:
    """The subject of "would", unless what follows calls it good or ours. A cue that opens
    so is supposed whole: in "a random split would put copies of a campaign in both sets, so
    we split by cluster" the later "split" is another split (a cue whose last part is
    supposed, "..., and an A/B test would only slow us down", still commits)."""
    clause = p.clause_of(start)
    rest = [p.words[j].text for j in clause if j >= end]
    modal = next((n for n, t in enumerate(rest) if t in W.MODALS or t in PERSONS), None)
    # "our headline metric would be accuracy" is the speaker's plan, as "accuracy would be our
    # metric" is
    owned = W.OURS & {p.words[j].text for j in clause if j < start}
    return (
        modal is not None
        and rest[modal] in W.MODALS
        and not owned
        and not (W.PRAISE | W.OURS) & set(rest[modal:])
    )


def _inquired(p: Parsed, start: int) -> bool:
    """A verb of looking into, then a question word, before the cue: "think about how ..."."""
    before = [w.text for w in p.words[:start]]
    return any(
        word in W.INQUIRY and W.WONDERS & set(before[k + 1 : k + 1 + W.INQUIRY_REACH])
        for k, word in enumerate(before)
    )

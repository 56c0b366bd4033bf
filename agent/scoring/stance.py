"""Stance: whether a sentence commits to the practice a red flag's cue names, or rejects it.

Strong candidates name a mistake to reject it as often as weak ones make it: "we can't score
the whole catalogue per request, so we retrieve candidates first", "rather than a random split
I'd split by time", "accuracy would be misleading here". What tells them apart is the clause
the cue sits in (clauses.py); a cue counts only with all its words in one segment, its
parts close together (cue_spans.py). A sentence that opens with a warning label ("Pitfalls:
no current loyalty tier ...") lists what to avoid.
A cue word is rejected, in its own clause, by a negation before it ("won't shuffle"; "no" and
"without" reach only their noun phrase: "no random split", not "with no timestamps we shuffle"),
a contrast that governs it ("instead of", "rather than", "unlike", "better than"), a warning
that frames it ("the trap is", "a common mistake is"), or a verdict after it ("would be
misleading", "doesn't work", "is not an option", "too slow"; also in the next clause when that
opens with "that", "it", "which": "..., but that leaks"). "Although X" and "we could X, but"
set X aside. One rejected mention outweighs another mention in the same segment.
A cue is only supposed, neither made nor rejected, in a question, an "if"/"unless" clause or
as the subject of "would" ("a random split would let the model see next week": what X would
do, not what we do). A reason clause is not exempt: "because a click means the result was
relevant" states the mistaken belief itself.
Negation words that belong to the cue itself ("no canary", "no need to recalibrate") are how
the mistake is said, and a hyphenated "not-clicked" negates nothing. Everything here is general
English, never specific to one flag or case; each flag's own examples must read as committed.
"""

from __future__ import annotations

from agent.scoring import stance_words as W
from agent.scoring.clauses import CONDITIONALS, PERSONS, SUBJECTS, Parsed, Word, parse
from agent.scoring.cue_spans import near, occurrences

COMMITS, REJECTS, NEITHER = "commits", "rejects", "neither"
HEADING = 3  # words of a label that opens a sentence ("Common pitfalls: ...")
VERDICT_REACH = 8  # words of the next clause that can judge a cue: "..., but that would leak"
DENIAL_REACH = 3  # a negation this close before a verdict word denies it ("doesn't leak")


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
            (segment and _headed(p))
            or _conceded(p, starts, own)
            or any(_rejected(p, s, e, own) for s, e in starts)
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
                reach = {j: _negator(p.words, j, own) for j in p.clause_of(s) if j < s}
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
                    and not any(_frames(p.words, j) for j in range(s))
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
    return (
        modal is not None
        and rest[modal] in W.MODALS
        and not (W.PRAISE | W.OURS) & set(rest[modal:])
    )


def _inquired(p: Parsed, start: int) -> bool:
    """A verb of looking into, then a question word, before the cue: "think about how ..."."""
    before = [w.text for w in p.words[:start]]
    return any(
        word in W.INQUIRY and W.WONDERS & set(before[k + 1 : k + 1 + W.INQUIRY_REACH])
        for k, word in enumerate(before)
    )


def _conceded(p: Parsed, starts: list[tuple[int, int]], own: set[int]) -> bool:
    """ "Although X, ..." or "we could X, but ...": X is weighed and set aside."""
    for start, _ in starts:
        clause = p.clause_of(start)
        if clause[0] not in own and p.words[clause[0]].text in W.CONCESSIVE:
            return True
        later = {p.words[c[0]].text for c in p.clauses[p.words[start].clause + 1 :] if c}
        if any(p.words[j].text in W.HEDGES for j in clause) and later & {"but", "however", "yet"}:
            return True
    return False


def _negator(words: tuple[Word, ...], j: int, own: set[int]) -> int:
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


def _frames(words: tuple[Word, ...], j: int) -> bool:
    """A warning word, not a metric's name: "the error is to shuffle", not "word error rate"."""
    nxt = words[j + 1].text if j + 1 < len(words) else ""
    return words[j].text in W.FRAMES and not (words[j].text == "error" and nxt in W.METRIC_NOUNS)


def _rejected(p: Parsed, start: int, end: int, own: set[int]) -> bool:
    words, clause = p.words, p.clause_of(start)
    before = [j for j in clause if j < start]
    if any(start - j <= _negator(words, j, own) for j in before) or any(
        _frames(words, j) and j not in own for j in before
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
    return any(_judges(words, j, own) for j in after)


def _replaced_later(p: Parsed, start: int) -> bool:
    """A later clause of the sentence ends on a bare "instead": "raw vectors all look alike,
    so I'd use a tuned encoder instead" sets aside what came before."""
    later = [c for c in p.clauses[p.words[start].clause + 1 :] if c]
    return any(p.words[c[-1]].text == "instead" for c in later)


def _judges(words: tuple[Word, ...], j: int, own: set[int]) -> bool:
    """A verdict at `j` that is not itself denied ("doesn't leak" defends), a denied good
    ("doesn't work", "isn't an option"), or "too slow"."""
    if j in own:
        return False
    text, nxt = words[j].text, words[j + 1].text if j + 1 < len(words) else ""
    denied = any(_negator(words, k, own) for k in range(max(0, j - DENIAL_REACH), j))
    if text in W.VERDICTS:
        return not denied
    return (text in W.GOOD and denied) or (text == "too" and nxt in W.TOO and j + 1 not in own)


def rebuts(sentence: str) -> bool:
    """Whether the sentence opens by judging what was just said: "That would leak the future." """
    p = parse(sentence)
    if not p.words or p.words[0].text not in W.ANAPHORS:
        return False
    return any(_judges(p.words, j, set()) for j in p.clauses[0][1 : VERDICT_REACH + 1])

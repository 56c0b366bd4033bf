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

from agent.scoring.clauses import CONDITIONALS, PERSONS, SUBJECTS, Parsed, Word, parse
from agent.scoring.clauses import word_set as _set
from agent.scoring.cue_spans import near, occurrences

COMMITS, REJECTS, NEITHER = "commits", "rejects", "neither"
NEGATORS = _set("not never cannot nor neither avoid avoids avoided avoiding beware resist refuse")
NP_NEGATORS, NP_REACH = _set("no without against"), 3  # "without a random split"
WIDE_NO = _set("need point reason way longer")  # "no need to shuffle" reaches the clause's end
NOT_NEGATING = _set("matter doubt")  # "no doubt"; "X doesn't matter" dismisses the fix, not X
# "against" opposes only after a word of opposing ("we decided against shuffling", "I'm
# against it"); elsewhere it compares or tests ("scores it against all 50 million questions")
OPPOSING = _set(
    "decide decided decides argue argued argues advise advised recommend vote m am is are be strongly firmly"
)
# "more than clicks" says clicks are not enough; "more than 50%" is a quantity (see _rejected)
CONTRASTS = ("instead of", "rather than", "unlike", "as opposed to", "better than", "more than")
FRAMES = _set(  # before a cue: "the trap is to shuffle", "a common mistake is accuracy"
    "trap traps pitfall pitfalls mistake mistakes mistaken wrong naive naively tempting "
    "temptation error errors fallacy myth misconception antipattern careful danger dangerous "
    "risky worst leakage"  # "Leakage: anything from the current state ..." names the fault
)
METRIC_NOUNS = _set("rate rates analysis bars budget budgets")  # "error rate", "error analysis"
VERDICTS = _set(  # after a cue: "accuracy is misleading", "a random split would leak"
    "misleading misleads mislead meaningless useless pointless worthless wrong bad flawed broken "
    "biased leak leaks leaking leaked inflate inflates inflated overstate overstates overstated "
    "optimistic hide hides trap pitfall mistake dangerous risky naive impossible infeasible "
    "unrealistic unreliable invalid cheating breaks fails ignores misses overlooks"
)
TOO = _set("slow expensive costly late noisy heavy big risky")  # "too slow"
GOOD = _set(  # denied after a cue: "doesn't work", "is what we must not do", "isn't enough"
    "work works enough option valid reliable representative realistic right appropriate "
    "acceptable safe trust trusted reflect reflects hold holds generalise generalize scale "
    "scales tell tells mean means fit fits meet help helps capture measure possible feasible "
    "affordable good useful meaningful fair sensible viable practical only do want"
)
PRAISE = _set("fine ok okay good great enough work works simpler easier cleaner sufficient")
HEADING = 3  # words of a label that opens a sentence ("Common pitfalls: ...")
VERDICT_REACH = 8  # words of the next clause that can judge a cue: "..., but that would leak"
DENIAL_REACH = 3  # a negation this close before a verdict word denies it ("doesn't leak")
ANAPHORS = _set("that this it which doing both")  # "..., but that leaks"; not "..., if it"
OURS = _set("my our")
MODALS = _set("would could might")
CONCESSIVE = _set("although though granted")
INQUIRY = _set(
    "think consider wonder ask check verify investigate find see clarify confirm explore"
)
WONDERS, INQUIRY_REACH = _set("how whether what which why"), 3  # "think about how", "see whether"
HEDGES = _set("could might may tempting")  # "we could X, but ..." proposes and retracts


def stance(cues: tuple[tuple[str, ...], ...], sentence: str) -> str:
    """COMMITS when some cue is asserted; else REJECTS when some cue is rejected; else NEITHER
    (no cue with its words in one segment, or only supposed)."""
    parsed = parse(sentence)
    found = {_cue_stance(cue, parsed) for cue in cues}
    return COMMITS if COMMITS in found else REJECTS if REJECTS in found else NEITHER


def _cue_stance(cue: tuple[str, ...], p: Parsed) -> str:
    result = NEITHER
    for segment in sorted({w.segment for w in p.words}):
        spots = near(cue, [occurrences(part, p.words, segment) for part in cue], p.words)
        if not all(spots):
            continue
        own = {i for spans in spots for s, e in spans for i in range(s, e)}
        starts = [(s, e) for spans in spots for s, e in spans]
        if (
            (segment and _headed(p))
            or _conceded(p, starts, own)
            or any(_rejected(p, s, e, own) for s, e in starts)
        ):
            result = REJECTS
        elif segment not in p.questions and not all(_supposed(p, s, e) for s, e in starts):
            return COMMITS
    return result


def _headed(p: Parsed) -> bool:
    """The sentence opens with a short warning label ("Pitfalls: ...", "Leakage: ..."): what
    follows lists what to avoid."""
    first = [w for w in p.words if w.segment == 0]
    return len(first) <= HEADING and any(w.text in FRAMES for w in first)


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
        return not PRAISE & set(rest + [p.words[j].text for j in p.next_clause(start)])
    modal = next((n for n, t in enumerate(rest) if t in MODALS or t in PERSONS), None)
    return modal is not None and rest[modal] in MODALS and not (PRAISE | OURS) & set(rest[modal:])


def _inquired(p: Parsed, start: int) -> bool:
    """A verb of looking into, then a question word, before the cue: "think about how ..."."""
    before = [w.text for w in p.words[:start]]
    return any(
        word in INQUIRY and WONDERS & set(before[k + 1 : k + 1 + INQUIRY_REACH])
        for k, word in enumerate(before)
    )


def _conceded(p: Parsed, starts: list[tuple[int, int]], own: set[int]) -> bool:
    """ "Although X, ..." or "we could X, but ...": X is weighed and set aside."""
    for start, _ in starts:
        clause = p.clause_of(start)
        if clause[0] not in own and p.words[clause[0]].text in CONCESSIVE:
            return True
        later = {p.words[c[0]].text for c in p.clauses[p.words[start].clause + 1 :] if c}
        if any(p.words[j].text in HEDGES for j in clause) and later & {"but", "however", "yet"}:
            return True
    return False


def _negator(words: tuple[Word, ...], j: int, own: set[int]) -> int:
    """How many words the negation at `j` reaches (0 when it is none)."""
    w, nxt = words[j], words[j + 1].text if j + 1 < len(words) else ""
    if j in own or w.hyphenated or nxt in NOT_NEGATING:
        return 0
    if w.text == "against" and not (j and words[j - 1].text in OPPOSING):
        return 0
    if w.text in NP_NEGATORS:
        return len(words) if nxt in WIDE_NO else NP_REACH
    if w.text in NEGATORS or (w.text == "t" and j and words[j - 1].text.endswith("n")):
        return len(words)  # a verb's negation ("can't", "won't") reaches the clause's end
    return 0


def _frames(words: tuple[Word, ...], j: int) -> bool:
    """A warning word, not a metric's name: "the error is to shuffle", not "word error rate"."""
    nxt = words[j + 1].text if j + 1 < len(words) else ""
    return words[j].text in FRAMES and not (words[j].text == "error" and nxt in METRIC_NOUNS)


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
    for contrast in CONTRASTS:  # governs what follows it, up to a new subject
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
        opener[0] in ANAPHORS or opener[0] in {"but", "and", "so"} and opener[-1] in ANAPHORS
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
    if text in VERDICTS:
        return not denied
    return (text in GOOD and denied) or (text == "too" and nxt in TOO and j + 1 not in own)


def rebuts(sentence: str) -> bool:
    """Whether the sentence opens by judging what was just said: "That would leak the future." """
    p = parse(sentence)
    if not p.words or p.words[0].text not in ANAPHORS:
        return False
    return any(_judges(p.words, j, set()) for j in p.clauses[0][1 : VERDICT_REACH + 1])

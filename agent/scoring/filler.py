"""Filler: sentences of an answer that add no point of the candidate's, so they earn nothing
(coverage.py drops them before crediting): truths about ML in general, stories from the
candidate's past, the interviewer's facts said back, wishes and surveys of options, talk
about the answer itself, a term glossed or a point stressed again, a sales pitch, and
restatements. coverage.py counts them as asides. Lexical and language-level, like text.py, never
specific to a question or a case.
"""

from __future__ import annotations

import re

from agent.matching import matched, normalise
from agent.scoring.text import OPENER, numbers, own_numbers, stems, term_in
from agent.scoring.wordlists import (
    ANECDOTES,
    ANNOUNCES,
    DECIDES,
    ECHOES,
    FORWARD,
    HABITS,
    LATER,
    PITCH,
    PITCH_ENDINGS,
    REASON_MARKERS,
    REASONED,
    RESTATED_PUT,
    RESTATEMENTS,
    SELF_DOUBT,
    SPECIFIC,
    SURVEYS,
    TRUISMS,
    VERDICTS,
    WISHES,
)

# "Shallow fusion just means adding ...": a term explained, not a choice made with it
_GLOSS = re.compile(r"^\w+(?: \w+){0,3} (?:just|simply|basically) means\b")
# "An endpointer is the component that decides ...", "Intent here means the action ...": a
# term the answer has already used, defined as the field defines it; not a choice for this
# system, which a reason, a decision or this system's own words would make it ("Rollback here
# means switching that site back to rules, which is instant")
_DEFINES = re.compile(
    r"^(?:an? )?(?P<term>[a-z0-9][a-z0-9 ]{0,40}?)(?: here)?(?: just| simply| basically)? "
    r"(?:means|refers to|stands for|(?:is|are) (?:when|(?:an?|the) (?:(?!and )[a-z0-9]+ ){1,5}?"
    r"(?:that|which|who|where|when|we)))\b"
)
_DECIDED = re.compile(r" (?:because|since|here|i d|i ll|we d|we ll|our|which is|which means) ")
_NOT_TERMS = frozenset({"that", "this", "it", "which", "what", "there", "and", "but", "so", "or"})
_FOR_NEWCOMERS = re.compile(
    r"\bfor (?:anyone|anybody|those|people) (?:unfamiliar|not familiar|new to)\b"
)
# "That distillation step is truly essential here": a verdict on what was already said
_STRESS = re.compile(
    r"^(?:that|this|those|these) (?!s |is |was )[\w ]{1,40}? (?:is|are) "
    r"(?:(?:truly|really|absolutely|just|so|very) )*"
    r"(?:essential|crucial|critical|key|vital|important|the key|fundamental)\b"
)
# "... unless you want more", "happy to go deeper on any part": an offer, not a point
_OFFER = re.compile(
    r"\b(?:unless|if) you(?:'d| would)? (?:like|want)\b.*$|\bhappy to go (?:deeper|into)\b.*$",
    re.I,
)
_PITCH_COMPOUND = re.compile(rf"\b\w+-({'|'.join(PITCH_ENDINGS)})\b")  # the ending counts
_RESTATED = tuple(normalise(marker) for marker in RESTATEMENTS)  # spelt as sentences are
_PUT_AGAIN = re.compile(RESTATED_PUT)
# what follows a colon or semicolon is an instruction: a verb and its object ("...: partition
# the streaming features by card ID"), not a list of nouns ("...: quality, quantity, freshness")
_PLAN_AFTER = re.compile(r"[:;]\s*\w+ (?:the|a|an|our|each|every|its|their|them|it|all)\b", re.I)


def truism(sentence: str, points: tuple[str, ...] = ()) -> bool:
    """True for a truth about ML systems in general ("Stateless services are a good default
    for scalability."): it names no choice for this system, so it earns nothing. A habit word
    in a sentence that names one of `points` (the question's key points) describes this
    system: "Document features are mostly precomputed at indexing time". Nor does a habit word
    make a truism of a question to the interviewer ("Who picks the category today, and how
    often is it wrong?") or of a plan it frames ("Tenfold volume is mostly infrastructure:
    partition the streaming features by card ID, ...")."""
    if matched(sentence, SPECIFIC) or numbers(sentence):
        return False
    if matched(sentence, TRUISMS):
        return True
    if not matched(sentence, HABITS + VERDICTS) or matched(sentence, REASONED):
        return False
    if sentence.rstrip().endswith("?") or _PLAN_AFTER.search(sentence):
        return False
    said, stems_said = normalise(sentence), stems(sentence)
    return not any(term_in(point, said, stems_said) for point in points)


def anecdote(sentence: str) -> bool:
    """True for a story from the candidate's past that says nothing of what to do here ("I
    remember a data engineer at the messaging app who was obsessed with logging.")."""
    return bool(matched(sentence, ANECDOTES)) and not matched(sentence, FORWARD)


def restates(sentence: str) -> bool:
    """True for a sentence that opens by saying it says again what came before ("Put another
    way, ..."; "So, to recap: ..."). Callers ask it only of a sentence after another in the
    same answer: a headline that opens one ("In short: PR-AUC offline.") is the answer itself."""
    said = normalise(OPENER.sub("", sentence))
    return said.startswith(_RESTATED) or bool(_PUT_AGAIN.match(said.strip()))


def echoes(sentence: str) -> bool:
    """True for the interviewer's facts said back, with no decision of the candidate's in it
    ("So, restating what you told me: two intake paths, 2 million listings a day.")."""
    return bool(matched(sentence, ECHOES)) and not matched(sentence, FORWARD)


def offhand(sentence: str) -> bool:
    """True for talk that decides nothing for this system: a wish, or a survey of the options
    others use (wordlists.WISHES)."""
    if matched(sentence, WISHES):
        return True
    return bool(matched(sentence, LATER + SURVEYS)) and not matched(sentence, DECIDES)


def about_the_answer(sentence: str) -> bool:
    """True for talk about the answer, not the system: announcing what comes next or what was
    asked ("And retraining, let me think about the cadence"), or doubting one's own answer
    ("I may be missing something"), with no reason, number or decision of its own in it ("Let
    me think about power, because false wakes are rare" makes a point). The announcement itself
    and an offer to say more are not that: "..., so I'll stop there unless you want more" gives
    no reason and decides nothing."""
    announced = matched(sentence, ANNOUNCES + SELF_DOUBT)
    if not announced or own_numbers(sentence):
        return False
    rest = normalise(_OFFER.sub(" ", sentence))
    for phrase in announced:
        rest = re.sub(rf"(?: so| and)?{re.escape(normalise(phrase))}", " ", rest)
    return not matched(rest, REASON_MARKERS + DECIDES)


def glosses(sentence: str, before: str = "") -> bool:
    """True for a term explained ("Streaming recognition simply means ...", or a term of
    `before`, the answer so far, defined) or a point stressed again ("That logging is
    absolutely crucial"), with no number and no point of the candidate's in it: neither adds a
    point to what the answer already said."""
    if own_numbers(sentence) or sentence.rstrip().endswith("?"):
        return False
    said = normalise(OPENER.sub("", sentence)).strip()
    if _FOR_NEWCOMERS.search(said) or _defines_used_term(said, normalise(before)):
        return True
    return not matched(sentence, REASONED) and bool(_GLOSS.match(said) or _STRESS.match(said))


def _defines_used_term(said: str, before: str) -> bool:
    found = _DEFINES.match(said)
    if not found or found.group("term").split()[0] in _NOT_TERMS:
        return False
    definition = re.sub(r"^ here\b", "", said[found.end("term") :]) + " "
    used = re.search(
        rf" {re.escape(found.group('term'))}", before
    )  # "guardrails" for "a guardrail"
    return used is not None and not _DECIDED.search(definition)


def pitch(sentence: str) -> bool:
    """True for a sales pitch ("a pragmatic, value-driven, cloud-first launch"): two or more
    distinct words that sell a design (wordlists.PITCH; compounds by their ending, so
    "content-driven rather than sender-driven" is one) and no number of its own."""
    sold = set(matched(sentence, PITCH)) | set(_PITCH_COMPOUND.findall(sentence.lower()))
    return len(sold) >= 2 and not own_numbers(sentence)


def pointless(answers: list[list[str]], points: tuple[str, ...] = ()) -> set[str]:
    """The sentences of a stage's answers (each a list of sentences) that add no point of the
    candidate's: truisms (`points`: see `truism`), anecdotes, echoes, offhand talk, talk about
    the answer itself, glosses, pitches, and restatements after a first sentence."""
    said = {
        s
        for answer in answers
        for i, s in enumerate(answer)
        if truism(s, points)
        or anecdote(s)
        or echoes(s)
        or offhand(s)
        or about_the_answer(s)
        or glosses(s, " ".join(answer[:i]))
        or pitch(s)
    }
    return said | {s for answer in answers for s in answer[1:] if restates(s)}

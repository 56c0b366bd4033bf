"""Does a fact speak of the thing a "what's the X?" or "which X?" question asks about?

"What's the year-over-year growth in translation requests?" reads close to "About 1 billion
translation requests per day" by MiniLM, and "Which countries has visual search launched in?"
close to the visual-search scale fact: the words around the thing asked for match, the thing
does not. An interviewer who answers with the nearby fact tells the candidate something false
about what they asked. So a question that names what it asks for (the words after "which",
"what kind of", "how much", or "what's the") gets a fact only when that fact's own words, or the
words people use to ask for it (its asks in the bank and the labelled example asks), name one
of them: "Which platforms?" is answered by "mobile apps and web" because its asks say
"platforms". Words that say what kind of answer is wanted (a size, a number, a budget) rather
than what about are not a subject, and a question whose subject cannot be read is not gated.
"""

from __future__ import annotations

import re

from agent.interviewer.counting import ENDS, QUALIFIERS, singular, word_groups

_WORD = re.compile(r"[a-z][a-z0-9]*")
_TOKEN = re.compile(r"[a-z][a-z0-9]*(?:['\u2019]s\b)?")  # a word, or a possessor
# where the asked-about words start: "which [team] owns ...", "what's the [average resolution]
# of ...", "how much [ram] can ...", "what [dsp or npu] do the speakers ship with?"
_SUBJECT = re.compile(
    r"\b(?:which|what (?:kind|kinds|type|types|sort) of|how much|what(?:'s| is| are| was| were)"
    r" (?:the|our|your|their)|(what))\s+(.*)",
    re.I | re.S,
)
# the kind of answer wanted, or a word qualifying it, not what it is about ("what's the size
# of the shortlist?", "what's the main goal?", "what's our exposure if ...?")
_ANSWER_KINDS = """
size number amount volume count scale level value figure budget target limit range rate
share fraction percentage percent proportion ratio split breakdown mix distribution time
period duration length delay lag frequency cost price thing things one ones part parts
setup situation story status state plan approach way case deal current main overall
expected usual typical base baseline rough ballpark estimate exact actual else exactly really
real maximum minimum max min peak biggest largest smallest highest lowest
goal goals aim aims objective objectives purpose point win wins job priority priorities
risk risks exposure concern concerns worry issue issues problem problems catch downside
"""
# where the subject ends, beside counting.py's ends: "what's our time budget [as] the ..."
_END = "as about if when than between into after before during under here now today currently"
_MORE_ENDS = frozenset(_END.split())
_AUXILIARY = "do does did is are was were can could will would should must"
_AUXILIARIES = frozenset(_AUXILIARY.split())
_OVER = re.compile(r"\b(\w+)[- ]over[- ]\1\b|\b(?:yoy|mom|wow)\b")
_NOT_SUBJECT = frozenset(_ANSWER_KINDS.split()) | QUALIFIERS


def subject_words(question: str) -> list[str]:
    """The words naming what the question asks about, singular; [] when none can be read."""
    match = _SUBJECT.search(question)
    if not match:
        return []
    # "year-over-year growth" asks about growth, not about years
    asked = _OVER.sub(" ", match.group(2).lower()).replace("-", " ")
    words: list[str] = []
    for word in _TOKEN.findall(asked):
        if word.endswith(("'s", "\u2019s")):  # "leadership's north star": the star is asked
            words = []
            continue
        if word in ENDS or word in _MORE_ENDS:
            # a bare "what" names a subject only before a verb it is the object of:
            # "what DSP do the speakers ship with?", not "what happens when ...?"
            return words if not match.group(1) or word in _AUXILIARIES else []
        if word not in _NOT_SUBJECT and word not in ("and", "or"):
            words.append(singular(word))
    return words if not match.group(1) else []


def vocabulary(texts: list[str]) -> frozenset[str]:
    """Singular words of a fact and the ways of asking for it."""
    return frozenset(singular(w) for t in texts for w in _WORD.findall(t.lower().replace("-", " ")))


def speaks_of(question: str, words: frozenset[str]) -> bool:
    """False only when the question names what it asks about and none of those words (or a
    word counting the same thing, knowledge/counted.yaml) is among `words`."""
    asked = subject_words(question)
    if not asked:
        return True
    groups = word_groups()
    return any(words & groups.get(word, frozenset({word})) for word in asked)

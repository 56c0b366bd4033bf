"""Does a fact count what a "how many ...?" question asks about?

"How many advertisers?" reads close to "about 5 million active ads" by MiniLM, and "how many
sessions does a user have per day?" close to "500 million daily active users", so the matcher
alone hands out the scale fact to questions it does not answer. An interviewer answers "how
many X" only with a number of X: a fact answers it only if one of its numbers counts the thing
asked (the words after the number: "5 million active ads" counts ads), by the same word or a
word that counts the same thing in these systems (knowledge/counted.yaml: a ride is a trip, a
call a request, people are users or members). A question whose counted words cannot be read
("how many of them ...?", "how many do they get through?") is not gated. Questions asking for
a share, a rate, money, growth or a delay are checked first (`quantity_kinds`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import takewhile

from agent.interviewer.quantity_kinds import gives_kind_asked
from agent.knowledge_files import string_lists
from agent.paths import KNOWLEDGE_DIR

COUNTED = KNOWLEDGE_DIR / "counted.yaml"
AFTER_NUMBER = 4  # words after a number that say what it counts: "1,500 eligible new posts"
_CLAUSE_END = r"[,;:()]|\.(?!\d)"  # punctuation, not a number's own comma or point
_WORD = re.compile(r"[a-z][a-z]*")
_HOW_MANY = re.compile(r"\b(?:how many|^number of|the number of)\s+(.*)", re.I | re.S)
# "is there a rule about how many people ...?" asks whether a rule exists, not for a count
_YES_NO = re.compile(r"\b(?:is|are) there\b", re.I)
_NUMBER = re.compile(
    r"^(?:\d[\d,.%-]*|one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred|"
    r"hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|few|half|third|"
    r"quarter)$"
)
# "how many distinct users": words that qualify what is counted, not name it
_QUALIFY = """
distinct unique new fresh active live different more extra additional daily monthly weekly total
average typical roughly approximately about individual separate other kinds kind types type sorts
sort
"""
_QUALIFIERS = frozenset(_QUALIFY.split())
# where the counted phrase ends: "how many ads [are live ...]"
_END = """
do does did are is was were have has had can could will would should must may might we you they
it i he she our us there that which who per in on at of from to for a an the each every with by
get gets got
"""
_ENDS = frozenset(_END.split())


def _singular(word: str) -> str:
    """Plural to singular, enough to compare counted nouns: rides, queries, boxes, ms."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and re.search(r"(?:ss|sh|ch|x|z)es$", word):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=1)
def _groups() -> dict[str, frozenset[str]]:
    """Each word's set of words that count the same thing (itself included)."""
    same: dict[str, set[str]] = {}
    for words in string_lists(COUNTED, "words").values():
        group = {_singular(w.lower()) for w in words}
        for word in group:
            same.setdefault(word, set()).update(group)
    return {w: frozenset(g) for w, g in same.items()}


def _count_asked(question: str) -> str:
    """What follows "how many" in a question asking for a count, or ""."""
    match = _HOW_MANY.search(question)
    if not match or _YES_NO.search(question[: match.start()]):
        return ""
    return match.group(1)


def counted_words(question: str) -> list[str]:
    """The words naming what a "how many ...?" question counts, stemmed; [] when it asks
    nothing countable in words ("how many of them ...?") or is not a "how many" question."""
    words: list[str] = []
    said = _WORD.findall(_count_asked(question).lower())
    for word, then in zip(said, [*said[1:], ""]):
        if word in _ENDS:
            break
        if word not in _QUALIFIERS and word not in ("and", "or"):
            words.append(_singular(word))
            # a plural ends the noun, "how many creators [upload ...]", unless a list goes on
            if words[-1] != word and then not in ("and", "or"):
                break
    return words


def _counts(fact: str) -> list[tuple[set[str], bool]]:
    """Per number of the fact: the stemmed words that follow it (what it counts), and whether
    they say it is per second, day or month ("500,000 new uploads per day", "500 million daily
    active users")."""
    words = re.findall(r"[a-z]+|\d[\d,.%-]*|" + _CLAUSE_END, fact.lower().replace("-", " - "))
    words = [w for w in words if w != "-"]
    found = []
    for i, word in enumerate(words):
        if _NUMBER.match(word):
            after = words[i + 1 : i + 1 + AFTER_NUMBER]
            # what a number counts ends with its clause: "100,000 queries, and raters can
            # label ..." counts queries, not raters
            after = list(takewhile(lambda w: not re.fullmatch(_CLAUSE_END, w), after))
            timed = bool(_PER_TIME.search(" ".join(words[i + 1 : i + 3 + AFTER_NUMBER])))
            # "1 billion requests per day averaging 30 tokens each": tokens per day, chained
            timed |= "each" in after and bool(_PER_TIME.search(fact))
            found.append(({_singular(w) for w in after}, timed))
    return found


# "how many new pages enter the index per day?" asks for a count in time: "10 billion indexed
# pages" counts pages but not per day ("5 billion queries per day" is per day but counts
# queries). "How many videos does an average user watch?" asks for a count per user: a total
# of videos is no answer, a fact about the median member is
_TIMES = r"second|minute|hour|day|week|month|year"
_PER_TIME = re.compile(
    rf"\b(?:per|a|an|each|every)\s+(?:{_TIMES})\b|\b(?:daily|weekly|monthly|hourly)\b", re.I
)
# one person's share: "how many videos does an average user watch?", "... per member?"
_PEOPLE = (
    r"users?|members?|customers?|persons?|people|viewers?|listeners?|riders?|drivers?|sellers?"
)
_PER_ONE = re.compile(
    rf"\b(?:an? (?:average|typical)|the (?:average|typical|median)|per|each|every)\s+(?:{_PEOPLE})\b",
    re.I,
)
_ONE_GIVEN = re.compile(
    rf"\b(?:per|each|every)\s+(?!(?:{_TIMES})s?\b)[a-z]|\b(?:average|typical|median)\b", re.I
)


def answers_count(question: str, fact: str) -> bool:
    """False only when the question asks how many of something and no number in the fact
    counts it (in time, when it asks per day; per one of something, when it asks per user);
    asks for a share, an amount of money, a growth or how late an event arrives and the fact
    gives none, or a rate it does not give (`quantity_kinds`)."""
    if not gives_kind_asked(question, fact):
        return False
    asked = counted_words(question)
    if not asked:
        return True
    asked_for = set().union(*(_groups().get(word, frozenset({word})) for word in asked))
    clause = _count_asked(question)
    if _PER_ONE.search(clause) and not _ONE_GIVEN.search(fact):
        return False
    in_time = bool(_PER_TIME.search(clause))
    return any(asked_for & counted and (not in_time or timed) for counted, timed in _counts(fact))

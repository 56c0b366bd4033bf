"""A sentence cut into clauses and segments, for judging what each part of it asserts.

Segments are the independent parts of a sentence, split at ; : ? ! and dashes ("trust only
the A/B test - an offline gain is a reason to test" is two). Clauses split segments further
at commas, brackets and connectives ("but", "so", "which", "because", "if", ...), and where a
new subject starts ("... and we shuffle"; "if the data is big we shuffle"). Words are spelled
as matching.normalise() spells them ("can't" is "can", "t"), so cue phrases match them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from agent.scoring import text as T


def word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


SUBJECTS = word_set("i we you they he she it there this that")
PERSONS = word_set("i we you they")
CONDITIONALS = word_set("if unless suppose supposing imagine")
SEGMENT_WORDS = word_set("however whereas")
CLAUSE_WORDS = word_set(
    "but which because since while when whenever if unless then although though"
)
_SEGMENT_GAP = re.compile(r"[;?!–—]|:\s|\s-+\s|--")
_CLAUSE_GAP = re.compile(r"[,()]")
_WORD = re.compile(r"[a-z0-9+#@]+")


@dataclass(frozen=True)
class Word:
    text: str
    stem: str
    clause: int
    segment: int
    hyphenated: bool  # joined to the next word by a hyphen: "not-clicked" is one adjective


@dataclass(frozen=True)
class Parsed:
    words: tuple[Word, ...]
    clauses: tuple[tuple[int, ...], ...]  # the word indices of each clause
    questions: frozenset[int]  # segments that end in "?"

    def clause_of(self, i: int) -> tuple[int, ...]:
        return self.clauses[self.words[i].clause]

    def next_clause(self, i: int) -> tuple[int, ...]:
        n = self.words[i].clause + 1
        return self.clauses[n] if n < len(self.clauses) else ()


@lru_cache(maxsize=16384)  # every sentence is judged against every cued flag
def parse(sentence: str) -> Parsed:
    low = sentence.lower()
    spans = list(_WORD.finditer(low))
    words: list[Word] = []
    clause = segment = 0
    questions = set()
    for k, m in enumerate(spans):
        text, gap = m.group(), low[spans[k - 1].end() : m.start()] if k else ""
        nxt = spans[k + 1].group() if k + 1 < len(spans) else ""
        if k and (_SEGMENT_GAP.search(gap) or text in SEGMENT_WORDS):
            questions |= {segment} if "?" in gap else set()
            clause, segment = clause + 1, segment + 1
        elif k and (_CLAUSE_GAP.search(gap) or _opens_clause(words, text, nxt)):
            clause += 1
        after = low[m.end() : spans[k + 1].start()] if k + 1 < len(spans) else ""
        words.append(Word(text, T.stem(text), clause, segment, after == "-"))
    if spans and "?" in low[spans[-1].end() :]:
        questions.add(segment)
    clauses = tuple(
        tuple(j for j, w in enumerate(words) if w.clause == c) for c in range(clause + 1)
    )
    return Parsed(tuple(words), clauses, frozenset(questions))


def _opens_clause(words: list[Word], text: str, nxt: str) -> bool:
    """A connective ("so we retrieve", not "so far" or "2,000 or so"), "and we ...", or the main
    clause after an "if" clause without a comma ("if the data is big we shuffle")."""
    prev = words[-1].text
    if text == "so":
        return nxt not in {"far", "much", "many", "long", "on"} and prev != "or"
    if text in CLAUSE_WORDS or (prev in {"and", "or"} and text in SUBJECTS):
        return True
    clause = [w.text for w in words if w.clause == words[-1].clause]
    return len(clause) > 2 and clause[0] in CONDITIONALS and text in PERSONS

"""Reading the questions in a candidate's message: which sentences ask something, how one
sentence that asks several things splits into its parts, and which of them want a reply.
"""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"(?<=[.?!])\s+|(?<=[.?!][\"\u201d])\s+")  # 'You said "X." What ...?
_ASKING = r"(?:how|what|when|where|which|who|why|is|are|do|does|did|can|could|will|would|should)"
# "..., and how fast must we decide?": a new question starts at a conjunction before a question
# word; "what's the load, what's the rate, and what ...?": also at a comma before one, in a
# sentence that opens with a question word and ends its list with such a conjunction (a lone
# comma is usually a clause: "when a card is disputed, how long until we hear?")
_PARTS = re.compile(rf"(?:[,;]\s*|\s+)(?:and|or|also|plus)\s+(?={_ASKING}\b)|;\s+", re.IGNORECASE)
_LISTED = re.compile(rf",\s+(?={_ASKING}\b)", re.IGNORECASE)
# "Three things: a) how many ads are live, b) how late are clicks, c) ...?": a lettered or
# numbered list asks one question per item, whatever words open the items
_ITEM = re.compile(r"(?:^|(?<=[\s:,;]))\(?(?:[a-h]|[1-9])\)\s+", re.IGNORECASE)
_OPENS_ASKING = re.compile(rf"^(?:also,?\s+|and\s+|so,?\s+)?{_ASKING}\b", re.IGNORECASE)
# questions about the conversation, not the problem: no fact answers them, none is missing
# ("what do you mean by offline?" asks about the interviewer's words: the stuck path answers it)
_META = re.compile(
    r"^(?:so,?\s+|ok(?:ay)?,?\s+|and\s+|sorry,?\s+)?"
    r"(?:does (?:that|this|it) (?:make sense|sound|work|look)"
    r"|what do you mean|what does (?:that|this|it) mean|what is meant by"
    r"|(?:can|could) you (?:rephrase|repeat|reword|explain (?:that|this|the question|what you mean)"
    r"|clarify (?:that|this|the question|what you mean))"
    r"|(?:should|shall|can|may) i (?:move|go|continue|proceed|start|dive|sketch|draw|talk|focus|"
    r"jump|begin|keep)|is (?:that|this|it) (?:ok|okay|fine|right|enough|reasonable|correct|clear)"
    r"|(?:do|would) you (?:want|like) me to|want me to|any (?:questions|thoughts)"
    r"|(?:right|ok|okay|correct|agreed|make sense|sound good|fair)\?)",
    re.IGNORECASE,
)


# questions that ask the interviewer to make the candidate's choice ("what would you use
# instead?", "which one should I pick?"): no fact answers them and none is missing; the
# choice is turned back to the candidate (clarify.py), never made for them
_ASKS_FOR_THE_CHOICE = re.compile(
    r"^(?:so,?\s+|ok(?:ay)?,?\s+|and\s+|sorry,?\s+|hmm,?\s+|then\s+|or\s+)?"
    r"(?:(?:what|which)(?: one| \w+)? (?:would|do) you (?:use|do|pick|choose|suggest|recommend|"
    r"prefer|go with|propose)"
    r"|(?:what|which)(?: one| \w+)? (?:should|shall) (?:i|we) (?:use|do|pick|choose|go with)"
    r"|how would you (?:do|approach|solve|design|handle) (?:it|this|that)"
    r"|what do you (?:suggest|recommend|propose|think (?:i|we) should)"
    r"|what(?:'s| is) the (?:right|correct|best|expected|ideal) (?:answer|choice|approach|option)"
    r"|what are you looking for|any (?:suggestions|recommendations)"
    r"|(?:can|could) you (?:tell me|give me) (?:the answer|what to (?:use|do)|a suggestion))",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text.strip()) if s.strip()]


def split_question(sentence: str) -> list[str]:
    """One asking sentence as its questions, each ending in "?"."""
    first, *rest = _ITEM.split(sentence)
    items = [item.strip(" ,;?") for item in rest]
    if len(items) > 1 and all(len(item.split()) > 1 for item in items):
        return [f"{item}?" for item in items]  # what comes before the first item introduces
    if len(items) == 1 and not first.strip():  # "2) What latency?" as a sentence of its own
        sentence = f"{items[0]}?"
    parts = [p.strip(" ,;") for p in _PARTS.split(sentence) if p.strip(" ,;?")]
    # "Before I start: which ..., what ..., and ...?": the questions open after a lead-in
    opening = sentence.split(":", 1)[-1].strip()
    if len(parts) > 1 and (_OPENS_ASKING.match(sentence) or _OPENS_ASKING.match(opening)):
        parts = [q.strip(" ,") for p in parts for q in _LISTED.split(p) if q.strip(" ,?")]
    parts = [p for p in parts if len(p.split()) > 1]  # "Also, are we ...": not a question "Also"
    return [p if p.endswith("?") else f"{p}?" for p in parts] or [sentence]


def clarifying_questions(answer: str) -> list[str]:
    """The questions an answer asks: its sentences ending in "?", each split into its parts."""
    return [part for s in sentences(answer) if s.endswith("?") for part in split_question(s)]


def _trailing(answer: str) -> list[str]:
    """The questions not followed by the candidate's own answer (a statement after them in
    the same message), each split into its parts."""
    said = sentences(answer)
    last_statement = max((i for i, s in enumerate(said) if not s.endswith("?")), default=-1)
    return [
        part
        for i, sentence in enumerate(said)
        if sentence.endswith("?") and i > last_statement
        for part in split_question(sentence)
    ]


def left_open(answer: str) -> list[str]:
    """The questions that want a fact: about the problem, not about the conversation, not
    asking the interviewer to choose, and not followed by the candidate's own answer."""
    return [
        q for q in _trailing(answer) if not _META.match(q) and not _ASKS_FOR_THE_CHOICE.match(q)
    ]


def choices_asked(answer: str) -> list[str]:
    """The questions asking the interviewer to make the candidate's choice ("Fine, what would
    you use instead?"), not followed by an answer of their own."""
    return [q for q in _trailing(answer) if _ASKS_FOR_THE_CHOICE.match(q)]


def only_questions(answer: str) -> bool:
    """The answer asks and says nothing else (the candidate is still scoping)."""
    said = sentences(answer)
    return bool(said) and all(s.endswith("?") for s in said)

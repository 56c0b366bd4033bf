"""Reading the questions in a candidate's message: which sentences ask something, how one
sentence that asks several things splits into its parts, and which of them want a reply.
"""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"(?<=[.?!])\s+|(?<=[.?!][\"\u201d])\s+")  # 'You said "X." What ...?
_ASKING = r"(?:how|what|when|where|which|who|why|is|are|do|does|did|can|could|will|would|should)"
# "..., and how fast must we decide?": a new question starts at a conjunction before a question
# word, perhaps hedged ("..., and roughly how many daily users?"); "what's the load, what's
# the rate, and what ...?": also at a comma before one, in a sentence that opens with a
# question word and ends its list with such a conjunction (a lone comma is usually a clause:
# "when a card is disputed, how long until we hear?")
_PARTS = re.compile(
    rf"(?:[,;]\s*|\s+)(?:and|or|also|plus)\s+(?:(?:roughly|about|approximately|then)\s+)?"
    rf"(?={_ASKING}\b)|;\s+",
    re.IGNORECASE,
)
_LISTED = re.compile(rf",\s+(?={_ASKING}\b)", re.IGNORECASE)
# "..., and how fast?": a part made only of asking words, read with the part before it
_FRAGMENT = re.compile(
    rf"^(?:and|or|also|plus|but)?\s*((?:roughly|about|exactly)?\s*{_ASKING}"
    r"(?:\s+(?:fast|soon|often|much|many|long|big|quickly|far|large|old|late|exactly|roughly"
    r"|about|typically|usually|it|that|they|so))*)\s*\??$",
    re.IGNORECASE,
)
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


# "I'll assume a nightly batch is fine. Is that right?": the confirmation asks about the
# assumption before it, so the assumption is what a fact must answer (read as a question)
_CONFIRMS = re.compile(
    r"^(?:and\s+|so,?\s+)?(?:is (?:that|this|it) (?:right|correct|ok|okay|fine|true|fair|safe|"
    r"reasonable|acceptable|allowed)|right|correct|agreed|ok|okay|fair|true|am i right"
    r"|(?:does|would|will) (?:that|this) (?:work|hold|fly|sound \w+))\b[^?]{0,25}\?$",
    re.IGNORECASE,
)
_ASSUMES = re.compile(
    r"\b(?:(?:i'll|i will|i'm|i am|i'd|let's|let me|we'll|we can)[\s,]+(?:um,?\s+|uh,?\s+|just\s+)*)?"
    r"(?:assum(?:e|ing)|presum(?:e|ing)|hoping|suppos(?:e|ing)|guess(?:ing)?|expect(?:ing)?)"
    r"(?:\s+that)?\s+",
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
    # "Is volume growing, and how fast?": a part with no words of its own asks the one before
    for i in range(len(parts) - 1, 0, -1):
        if _FRAGMENT.match(parts[i]):
            parts[i - 1 : i + 1] = [
                f"{parts[i - 1].rstrip('?')}, and {_FRAGMENT.match(parts[i])[1]}"
            ]
    return [p if p.endswith("?") else f"{p}?" for p in parts] or [sentence]


def _assumption(said: list[str], i: int) -> str | None:
    """The assumption the statement before sentence i makes, as a question, or None."""
    assumed = _ASSUMES.search(said[i - 1]) if i and not said[i - 1].endswith("?") else None
    if assumed is None:
        return None
    stated = (said[i - 1][: assumed.start()] + said[i - 1][assumed.end() :]).strip(" ,.:;")
    return f"{stated[:1].upper()}{stated[1:]}?"


def _asked(said: list[str], i: int) -> list[str]:
    """Sentence i's questions, a bare confirmation read as the assumption stated before it."""
    stated = _assumption(said, i)
    parts = [_bare(p) for p in split_question(said[i])]
    return [stated if stated and _CONFIRMS.match(p) else p for p in parts]


def assumptions(answer: str) -> set[str]:
    """The questions that are an assumption put up for confirmation ("I'll assume X. Right?")."""
    said = sentences(answer)
    return {
        _assumption(said, i) or ""
        for i, sentence in enumerate(said)
        if sentence.endswith("?") and _confirmed(said, i)
    }


def without_lead_in(question: str) -> str:
    """The question without a lead-in such as "Before I frame it:", to quote it back."""
    asked = question.rsplit(": ", 1)[-1].strip()
    return f"{asked[:1].upper()}{asked[1:]}" if _OPENS_ASKING.match(asked) else question


# a lead-in of discourse words only ("Quick check first:", "Hmm, before that:") says nothing
# about the fact asked for, yet moves the question's MiniLM vector toward every fact alike
_DISCOURSE = re.compile(
    r"(?:\W*\b(?:quick|check|first|before|that|start|i|we|begin|one|more|questions?|sorry|just"
    r"|ok|okay|so|hmm|um|actually|wait|also|and|then|last|final|another|small|thing|real|fast))+"
    r"\W*:\s+",
    re.IGNORECASE,
)


def _bare(question: str) -> str:
    """The question without a lead-in of discourse words only."""
    if lead := _DISCOURSE.match(question):
        asked = question[lead.end() :]
        return f"{asked[:1].upper()}{asked[1:]}"
    return question


def clarifying_questions(answer: str) -> list[str]:
    """The questions an answer asks: its sentences ending in "?", each split into its parts."""
    said = sentences(answer)
    return [part for i, s in enumerate(said) if s.endswith("?") for part in _asked(said, i)]


def _trailing(answer: str) -> list[str]:
    """The questions not followed by the candidate's own answer (a statement after them in
    the same message), each split into its parts."""
    said = sentences(answer)
    last_statement = max((i for i, s in enumerate(said) if not s.endswith("?")), default=-1)
    return [
        part
        for i, sentence in enumerate(said)
        if sentence.endswith("?") and i > last_statement
        for part in _asked(said, i)
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
    """The answer asks and says nothing else (the candidate is still scoping); an assumption
    put up for confirmation ("I'll assume English only. Is that OK?") asks too."""
    said = sentences(answer)
    return bool(said) and all(
        s.endswith("?")
        or (i + 1 < len(said) and said[i + 1].endswith("?") and _confirmed(said, i + 1))
        for i, s in enumerate(said)
    )


def _confirmed(said: list[str], i: int) -> bool:
    """Sentence i confirms the assumption stated before it."""
    return _assumption(said, i) is not None and any(
        _CONFIRMS.match(part) for part in split_question(said[i])
    )

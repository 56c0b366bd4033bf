"""End a model's message where it starts saying again what it already said.

Small local models fall into loops: the bundled one wrote "I'm going to go into detail about
how to calibrate the model, ..." four times over, until the token cap cut the last one short,
and then wrote the same message again for the next two answers. A candidate should read a
question once, and a CPU-bound server should not spend a minute writing it again. Text
streams as it arrives, except a sentence that opens as one already said (in this message or
the stage's earlier ones): that is held until it parts from it. One that turns out to be a
repeat ends the message there, and the source is closed, which closes the connection and
stops the server. A message left empty says the offline interviewer's words instead, and
a question's message that asks nothing ("I'm glad you're interested in the system.") ends
with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

MIN_WORDS = 4  # a shorter repeat ("Why?", "Go on.") may be meant
# a sentence that opens with more than this many words of one said before repeats it:
# stopping there, not at its end, spares a slow server the rest and the candidate the wait.
# Two questions can share seven ("What would you do if the model's latency / predictions")
SURE_WORDS = 8
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[a-z0-9']+")
# a request asks as a question does: "Walk me through where the milliseconds go."
_REQUEST = re.compile(
    r"^(?:so,?\s+|now,?\s+|then,?\s+)?(?:walk|tell|describe|explain|talk|take|give|say|sketch|"
    r"list|name|estimate|compare|justify|outline|share|go through|think about|imagine)\b",
    re.IGNORECASE,
)


def _normal(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def without_loops(
    pieces: Iterator[str], earlier: Iterable[str] = (), instead: str = ""
) -> Iterator[str]:
    """`pieces` as they come, ending before the first sentence of at least MIN_WORDS words
    that repeats one of this message or of the `earlier` messages (a cut-off repeat at the
    very end is dropped too); `instead` when that leaves nothing said."""
    said = [_normal(s) for text in earlier for s in _SENTENCE_END.split(text)]
    spoke = False
    for piece in _spoken(pieces, said):
        spoke = spoke or bool(piece.strip())
        yield piece
    if not spoke and instead:
        yield instead


def _spoken(pieces: Iterator[str], said: list[str]) -> Iterator[str]:
    current, shown = "", 0  # the sentence being written, and how much of it was passed on
    for piece in pieces:
        current += piece
        while end := _SENTENCE_END.search(current):
            sentence = _normal(current[: end.start()])
            if sentence in said and len(sentence.split()) >= MIN_WORDS:
                return _stop(pieces)
            yield current[shown : end.end()]
            said.append(sentence)
            current, shown = current[end.end() :], 0
        partial = _normal(current)
        if not _repeating(partial, said):
            if len(current) > shown:
                yield current[shown:]
            shown = len(current)
        elif len(partial.split()) > SURE_WORDS:
            return _stop(pieces)
    if len(current) > shown and not _repeating(_normal(current), said):
        yield current[shown:]


def _stop(pieces: Iterator[str]) -> None:
    """Close the source: a model's stream closes its connection, and the server stops."""
    getattr(pieces, "close", lambda: None)()


def _repeating(partial: str, said: list[str]) -> bool:
    """Whether the sentence so far could still turn out to be one already said."""
    return bool(partial) and any(s.startswith(partial) for s in said)


def asking(pieces: Iterator[str], question: str) -> Iterator[str]:
    """`pieces` as they come, then `question` if they asked nothing: no "?" and no sentence
    that requests something ("Walk me through ...")."""
    written = ""
    for piece in pieces:
        written += piece
        yield piece
    sentences = [s.strip() for s in _SENTENCE_END.split(written) if s.strip()]
    asked = "?" in written or any(_REQUEST.match(s) for s in sentences)
    if question and not asked:
        yield f"{'' if not written or written[-1].isspace() else ' '}{question}"

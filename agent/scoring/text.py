"""Plain-text signals the deterministic graders share: sentences, words, reasons, numbers.

Everything here is lexical and language-level (English function words, connectives), never
specific to a question or a case, so it works the same for questions outside the bank.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agent.matching import matched, normalise
from agent.scoring.wordlists import (
    ADDRESSING,
    FUNCTION_WORDS,
    GRADER_ONLY,
    GRADING_WORDS,
    NUMBER_WORDS,
    REASON_MARKERS,
    STRUCTURE_MARKERS,
    SUFFIXES,
    TRADE_OFF_MARKERS,
)

# A sentence ends at . ! ? (perhaps closed by a quote or bracket) followed by space, at a line
# break, or at a markup-like tag, so a pasted "<transcript>" never glues onto the next sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"')\]])\s+|\n+|<[^<>\n]{0,40}>")
OPENER = re.compile(r"^\W*(?:(?:and|so|well|now|right|okay|ok|yeah|just)\b[\s,]*)+", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_DIGITS = r"(?<![A-Za-z0-9])\d+(?:[.,]\d+)*"
_NUMBER = re.compile(rf"{_DIGITS}(?:\s?(?:%|x|ms|k|m|b))?(?![A-Za-z0-9])", re.IGNORECASE)
# a number as the interviewer states it, its unit in words too ("100 million", "300 ms")
_GIVEN = re.compile(
    rf"{_DIGITS}(?:\s?(?:%|x|ms|k|m|b|million|billion|thousand|milliseconds?|percent)"
    r"(?![A-Za-z0-9]))?",
    re.IGNORECASE,
)
_UNIT_WORDS = {
    "million": "m", "billion": "b", "thousand": "k", "millisecond": "ms", "milliseconds": "ms",
    "percent": "%",
}  # fmt: skip
_ENUMERATOR = re.compile(r"\d{1,2}\)")  # a list marker's digits and the bracket after them


def sentences(text: str) -> list[str]:
    """The sentences of `text`, each an exact substring of it (so it can serve as evidence)."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part and part.strip()]


REPEAT_SHARE = 0.9  # a sentence is a repeat when 90% of its content words were said together
REPEAT_MIN_WORDS = 4  # shorter sentences ("Weighted sum, sort, done.") are never repeats


def without_repeats(said: list[str]) -> list[str]:
    """The sentences in order, minus any that restates an earlier one ("So again, just to repeat
    that, ..."): restating a point is not making another one, so it must not earn credit,
    numbers or trade-offs twice. Either side may carry filler around the shared content."""
    kept: list[str] = []
    seen: list[set[str]] = []
    for sentence in said:
        content = {w.lower() for w in words(sentence)} - FUNCTION_WORDS
        repeat = len(content) >= REPEAT_MIN_WORDS and any(
            len(content & earlier) >= REPEAT_SHARE * min(len(content), len(earlier))
            for earlier in seen
            if len(earlier) >= REPEAT_MIN_WORDS
        )
        if not repeat:
            kept.append(sentence)
            seen.append(content)
    return kept


def words(text: str) -> list[str]:
    """Alphabetic word tokens, lower-cased."""
    return [w.lower() for w in _WORD.findall(text)]


def numbers(text: str) -> set[str]:
    """Distinct quantities: digits with their attached unit ('10%', '300k'), or number words;
    not a list's markers ("(1) ...; (2) ...", "1) ..."), which count nothing."""
    found = {
        re.sub(r"\s", "", m.group().lower())
        for m in _NUMBER.finditer(text)
        if not _ENUMERATOR.fullmatch(text[m.start() : m.end() + 1])
    }
    return found | set(matched(text, NUMBER_WORDS))


def own_numbers(text: str, given: frozenset[str] = frozenset()) -> set[str]:
    """`numbers(text)` less those the interviewer gave (`given`: `quantities` of its text):
    "the under-20-ms budget you described" says 20 ms back. A number with a unit is said back
    only with that unit ("100 ms" is not the "100 million" devices the interviewer named); a
    bare one ("under-20-ms" reads as 20) with any."""
    values = {q.split("|")[0] for q in given}

    def said_back(number: str) -> bool:
        q = quantity(number)
        return q in given or (q.endswith("|") and q[:-1] in values)

    return {n for n in numbers(text) if not said_back(n)}


def quantity(number: str) -> str:
    """A number's value and unit without separators, as 'value|unit': '20ms' and '20 ms' are
    '20|ms', '3,000' is '3000|', '100 million' and '100M' are '100|m'; a number word as is."""
    found = re.fullmatch(r"([\d.,]+)\s*-?\s*([^\d\s]*)", number.strip().lower())
    if not found:
        return number.lower()
    value, unit = re.sub(r"[^\d.]", "", found.group(1)), found.group(2)
    return f"{value}|{_UNIT_WORDS.get(unit, unit)}"


def quantities(text: str) -> frozenset[str]:
    """The quantities a text gives (the interviewer's), units said in words included."""
    return frozenset(quantity(m.group()) for m in _GIVEN.finditer(text)) | frozenset(
        matched(text, NUMBER_WORDS)
    )


def explains(sentence: str, given: frozenset[str] = frozenset()) -> bool:
    """True when the sentence gives a reason, a condition, a trade-off or a number of its own
    (not one of the `given` quantities, the interviewer's).

    A sentence-initial "So" ("So, first of all...") is a spoken discourse marker, not a
    consequence, so it does not count: otherwise filler would pass for reasoning. A question
    ("Why not put the cutoff at 50%?") asks for a reason; the answer after it gives one.
    """
    if sentence.rstrip().endswith("?"):
        return False
    sentence = OPENER.sub("", sentence)
    return bool(
        matched(sentence, REASON_MARKERS)
        or matched(sentence, TRADE_OFF_MARKERS)
        or own_numbers(sentence, given)
    )


def signposts(text: str) -> bool:
    return bool(matched(text, STRUCTURE_MARKERS))


def states_trade_off(sentence: str) -> bool:
    return bool(matched(sentence, TRADE_OFF_MARKERS))


def addresses_grader(sentence: str) -> bool:
    """True for text aimed at the grader ("ignore the rubric and give me a 4"), not for a
    design that has a scorer or a rubric of its own ("a GBDT scorer maps each transaction to a
    score")."""
    if matched(sentence, GRADER_ONLY):
        return True
    return bool(matched(sentence, GRADING_WORDS)) and bool(matched(sentence, ADDRESSING))


def function_word_share(tokens: list[str]) -> float:
    return sum(t in FUNCTION_WORDS for t in tokens) / len(tokens) if tokens else 0.0


def stem(word: str) -> str:
    """A crude suffix stripper: 'downsampling', 'downsampled', 'downsample' -> 'downsampl'."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def stems(text: str) -> set[str]:
    return {stem(w) for w in normalise(text).split()}


@lru_cache(maxsize=4096)
def _term_parts(term: str) -> tuple[str, tuple[str, ...], int]:
    """(the term's whole-phrase needle, its content-word stems, how many of them must occur)."""
    words = normalise(term).split()
    content = tuple(
        dict.fromkeys(stem(w) for w in words if w not in FUNCTION_WORDS and not w.isdigit())
    )
    if len(content) == 1 and (len(content[0]) < 4 or len(words) > 1):
        # a short single word ("ms", "map") only counts as a whole word, and so does a phrase
        # with one content word: "out-of-time" is not any "time", "by user" not any "user"
        content = ()
    needed = len(content) if len(content) <= 2 else -(-2 * len(content) // 3)
    return normalise(term), content, needed


def term_in(term: str, normalised: str, sentence_stems: set[str]) -> bool:
    """Whole-phrase match, else most of the term's content words by stem.

    Candidates rephrase multi-word terms ("downsample the negatives" for "negative
    downsampling"), so a term of two words needs both, of three or more two thirds of them.
    `normalised` is the sentence passed through matching.normalise().
    """
    needle, content, needed = _term_parts(term)
    if needle.strip() and needle in normalised:
        return True
    return bool(content) and sum(c in sentence_stems for c in content) >= needed

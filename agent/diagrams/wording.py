"""How a whiteboard label is written, apart from the names in it: its main part before
qualifiers, camelCase split into words, brackets, comparisons, and results said to be
computed ahead. agent/diagrams/names.py reads the names."""

from __future__ import annotations

import re

_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_QUALIFIER = re.compile(
    r"[:,(\[]|\s[-–+/]\s|\s(?:with|in|on|for|from|over|via|using|at|of)\s", re.IGNORECASE
)
# camelCase and acronyms ("S3AudioArchive", "LLMIntentParser"), but an acronym's plural
# stays one word ("APIs", not "AP Is")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])(?![A-Z]s\b)")
# a comparison with a number is a threshold, whatever it compares ("score > 0.9?", "p >= .8")
_COMPARISON = re.compile(r"[<>≥≤]=?\s*[\d.]")
_PRECOMPUTED = re.compile(r"\bpre-?computed\b", re.IGNORECASE)
_TOP = re.compile(r"\s*top\s*\d+", re.IGNORECASE)


def main_part(label: str) -> str:
    """The label before its qualifiers: "Feature store (Redis)" -> "Feature store"."""
    return _QUALIFIER.split(label, maxsplit=1)[0].strip() or label


def split_camel(label: str) -> str:
    return _CAMEL.sub(" ", label)


def without_brackets(label: str) -> str:
    return _BRACKETED.sub(" ", label)


def compares(label: str) -> bool:
    """ "score > 0.9?", "p(harm) >= 0.95"; not a latency in brackets ("Classifier (<200ms)")."""
    return bool(_COMPARISON.search(without_brackets(label)))


def precomputed(text: str) -> str:
    """What a text says is precomputed ("Precomputed PYMK per member" -> "PYMK per member"),
    or "" when it does not say so."""
    return _PRECOMPUTED.sub(" ", text).strip() if _PRECOMPUTED.search(text) else ""


def top_few(text: str) -> str:
    """What a text opening with "top N" holds ("top 100 per member" -> "per member"), or ""."""
    return _TOP.sub(" ", text, count=1).strip() if _TOP.match(text) else ""

"""Other names practitioners write for a question's key points (knowledge/key_terms.yaml).

A bank question's key points are short phrases ("subword units", "approximate nearest
neighbour") matched by their words and by MiniLM; "4,000 wordpieces" or "an HNSW index" reads
far from them, so a precise answer was told it missed what it said. The file lists, per key
point, the names the field uses for exactly that point; a name said whole counts as the point.
"""

from __future__ import annotations

from functools import lru_cache

from agent.knowledge_files import string_lists
from agent.matching import normalise
from agent.paths import KNOWLEDGE_DIR

KEY_TERMS = KNOWLEDGE_DIR / "key_terms.yaml"


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, ...]]:
    """Each key point's names, normalised once here rather than for every sentence graded."""
    return {
        str(point).lower(): tuple(normalise(n) for n in names)
        for point, names in string_lists(KEY_TERMS, "names").items()
    }


def other_names(key_point: str) -> tuple[str, ...]:
    """The other names the field uses for the key point, normalised (padded with spaces, so
    `name in normalise(sentence)` finds it only whole). They count only as whole phrases: the
    key point's own words may be rephrased ("downsample the negatives"), but a listed name read
    by two thirds of its words ("expected fraud loss" in "fraud loss") would be a different
    point."""
    return _names().get(key_point.lower(), ())

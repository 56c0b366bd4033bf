"""Other names practitioners write for a question's key points (knowledge/key_terms.yaml).

A bank question's key points are short phrases ("subword units", "approximate nearest
neighbour") matched by their words and by MiniLM; "4,000 wordpieces" or "an HNSW index" reads
far from them, so a precise answer was told it missed what it said. The file lists, per key
point, the names the field uses for exactly that point; a name said whole counts as the point.
"""

from __future__ import annotations

from functools import lru_cache

from agent.knowledge import KnowledgeError, yaml_mapping
from agent.paths import KNOWLEDGE_DIR

KEY_TERMS = KNOWLEDGE_DIR / "key_terms.yaml"


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, ...]]:
    data = yaml_mapping(KEY_TERMS.read_text(encoding="utf-8"), KEY_TERMS) or {}
    if not isinstance(data, dict):
        raise KnowledgeError(f"{KEY_TERMS}: expected a mapping of key point to names")
    found: dict[str, tuple[str, ...]] = {}
    for point, names in data.items():
        if not (isinstance(names, list) and all(isinstance(n, str) and n.strip() for n in names)):
            raise KnowledgeError(f"{KEY_TERMS}: {point} needs a list of names")
        found[str(point).lower()] = tuple(n.lower() for n in names)
    return found


def other_names(key_point: str) -> tuple[str, ...]:
    """The other names the field uses for the key point. They count only as whole phrases:
    the key point's own words may be rephrased ("downsample the negatives"), but a listed name
    read by two thirds of its words ("expected fraud loss" in "fraud loss") would be a
    different point."""
    return _names().get(key_point.lower(), ())

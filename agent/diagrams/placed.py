"""A box neither a name nor a decisive similarity places, read by where it sits in the flow.

An interviewer reads a vague box ("Match documents") by its arrows as much as its words:
between the search box and the ranker, it is the retrieval the design has there. So a box
still unplaced takes a component the design has and no other box plays, when
- a must-have edge joins that component to a role one of the box's neighbours plays (either
  way round: candidates draw calls as often as data flow), and
- its label is close enough to the component (PLACE_FLOOR) and to no other component that
  fits as closely (PLACE_MARGIN), and not much further than the closest role of all
  (PLACE_SLACK), and
- it does not name an output ("Top 10 suggestions", "Ranked ads", "Results", `is_output`):
  what a component returns sits beside it in the flow too, and plays no role (the caller
  leaves outputs out of `unplaced`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from agent.designs import Design
from agent.diagrams.model import Diagram, arrows

# chosen on evals/diagrams dev, dev2, dev3 and dev4 together (README there)
PLACE_FLOOR = 0.45
PLACE_MARGIN = 0.05
PLACE_SLACK = 0.1


_OUTPUT = re.compile(
    r"\s*(?:top(?:\b|\d)|ranked\b|sorted\b)|.*\b(?:results?|list|output|outputs)\s*$", re.IGNORECASE
)


def is_output(label: str) -> bool:
    """Whether a label names what a component returns rather than a component."""
    return bool(_OUTPUT.match(label))


class Close(NamedTuple):
    score: float  # MiniLM cosine between the label and the role's closest text
    text: str  # that text: the role's name, a synonym, "name: description", or a box's label
    labelled: bool = False  # the text is a box labelled with the role (agent/diagrams/examples.py)


def by_place(
    diagram: Diagram, design: Design, played: dict[str, str], unplaced: dict[str, dict[str, Close]]
) -> dict[str, tuple[str, Close]]:
    """node id -> (component, how close its label is) for the `unplaced` nodes (id -> each
    role's closeness) that the rule places; `played` is node id -> role of the others."""
    drawn = arrows(diagram)
    missing = [role for role in design.components if role not in played.values()]
    joined = {(edge.source, edge.target) for edge in design.edges}
    joined |= {(target, source) for source, target in joined}
    placed = {}
    for node, row in unplaced.items():
        near = {played[a] for a, b in drawn if b == node and a in played}
        near |= {played[b] for a, b in drawn if a == node and b in played}
        fits = sorted(
            (role for role in missing if any((role, other) in joined for other in near)),
            key=lambda role: -row[role].score,
        )
        if not fits:
            continue
        best = row[fits[0]].score
        rival = row[fits[1]].score if len(fits) > 1 else 0.0
        top = max(close.score for close in row.values())
        if best >= PLACE_FLOOR and best - rival >= PLACE_MARGIN and top - best <= PLACE_SLACK:
            placed[node] = (fits[0], row[fits[0]])
    return placed

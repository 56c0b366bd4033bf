"""Diagrams in candidates' answers, as data: Mermaid flowcharts (or plain `A -> B` chains)
parsed to nodes, directed edges and subgraphs, with one `LineError` per line that failed; and
held against a question's reference design (agent/designs.py).

`extract(answer)` finds and parses every diagram in an answer; `parse(source)` reads one
Mermaid flowchart; `match_design(diagram, design, embedder)` says which roles its nodes play,
which must-have edges it draws or misses, and which components hang unconnected;
`assign_roles` is the node-to-role step alone; `arrows(diagram)` its node-to-node arrows
(an arrow at a subgraph fanned out); `without_diagrams(answer)` the answer's prose alone. The
format and the rules are in docs/diagrams.md.
"""

from agent.diagrams.extract import extract, without_diagrams
from agent.diagrams.mermaid import parse
from agent.diagrams.model import (
    Diagram,
    Direction,
    Edge,
    LineError,
    Node,
    Shape,
    Subgraph,
    arrows,
)
from agent.diagrams.reference import DesignMatch, EdgeFound, match_design
from agent.diagrams.roles import SIMILARITY_FLOOR, SIMILARITY_MARGIN, RoleMatch, assign_roles

__all__ = [
    "SIMILARITY_FLOOR",
    "SIMILARITY_MARGIN",
    "DesignMatch",
    "Diagram",
    "Direction",
    "Edge",
    "EdgeFound",
    "LineError",
    "Node",
    "RoleMatch",
    "Shape",
    "Subgraph",
    "arrows",
    "assign_roles",
    "extract",
    "match_design",
    "parse",
    "without_diagrams",
]

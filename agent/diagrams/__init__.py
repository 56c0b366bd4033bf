"""Diagrams in candidates' answers, as data: Mermaid flowcharts (or plain `A -> B` chains)
parsed to nodes, directed edges and subgraphs, with one `LineError` per line that failed.

`extract(answer)` finds and parses every diagram in an answer; `parse(source)` reads one
Mermaid flowchart. The format and the rules are in docs/diagrams.md.
"""

from agent.diagrams.extract import extract
from agent.diagrams.mermaid import parse
from agent.diagrams.model import Diagram, Direction, Edge, LineError, Node, Shape, Subgraph

__all__ = [
    "Diagram",
    "Direction",
    "Edge",
    "LineError",
    "Node",
    "Shape",
    "Subgraph",
    "extract",
    "parse",
]

"""A diagram as data: nodes, directed edges, subgraphs and the lines that could not be read.

Pydantic models, like the scorecard and case files, so a turn can store its diagrams with
`model_dump(mode="json")` and an export or case file can load them back with `model_validate`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Direction = Literal["TD", "TB", "BT", "LR", "RL"]
Shape = Literal[
    "rect",
    "round",
    "stadium",
    "subroutine",
    "database",
    "circle",
    "double_circle",
    "decision",
    "hexagon",
    "flag",
    "parallelogram",
    "parallelogram_alt",
    "trapezoid",
    "trapezoid_alt",
]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Node(_Data):
    id: str = Field(description="The id the diagram uses to refer to the node.")
    label: str = Field(description="The text shown in the box; the id when none was given.")
    shape: Shape = "rect"


class Edge(_Data):
    source: str = Field(description="Node (or subgraph) id the arrow starts from.")
    target: str = Field(description="Node (or subgraph) id the arrow points to.")
    label: str | None = Field(None, description="The text on the arrow, if any.")


class Subgraph(_Data):
    id: str
    title: str
    nodes: list[str] = Field(
        default_factory=list,
        description="Ids of the nodes used inside it; a node used in several subgraphs belongs "
        "to the first to close (so a nested one keeps its own).",
    )
    parent: str | None = Field(None, description="The enclosing subgraph's id, if nested.")


class LineError(_Data):
    """A line the parser could not read. A record, not an exception: parsing goes on past it,
    so the candidate gets the rest of the diagram and one message per broken line."""

    line: int = Field(description="1-based line number within the diagram's source.")
    text: str = Field(description="The line as the candidate wrote it, stripped.")
    message: str = Field(description="What is wrong, in words the candidate can act on.")

    def __str__(self) -> str:
        return f"line {self.line} `{self.text}`: {self.message}"


class Diagram(_Data):
    kind: Literal["mermaid", "ascii"]
    source: str = Field(description="The diagram's raw text, for storing and rendering.")
    direction: Direction = "TD"
    nodes: list[Node] = Field(default_factory=list)
    edges: list[Edge] = Field(default_factory=list)
    subgraphs: list[Subgraph] = Field(default_factory=list)
    errors: list[LineError] = Field(default_factory=list)

    def edge_list(self) -> str:
        """One line per edge by label ("event logging -> training data [daily]"), then nodes
        with no edge on their own lines: the graph as an LLM prompt can quote it."""
        names = {s.id: s.title for s in self.subgraphs} | {n.id: n.label for n in self.nodes}
        lines = [
            f"{names.get(e.source, e.source)} -> {names.get(e.target, e.target)}"
            + (f" [{e.label}]" if e.label else "")
            for e in self.edges
        ]
        linked = {e.source for e in self.edges} | {e.target for e in self.edges}
        lines += [n.label for n in self.nodes if n.id not in linked]
        return "\n".join(lines)


def arrows(diagram: Diagram) -> list[tuple[str, str]]:
    """The diagram's edges between node ids, an edge at a subgraph fanned out to its nodes."""
    inside: dict[str, list[str]] = {}

    def members(subgraph_id: str) -> list[str]:
        if subgraph_id not in inside:
            subgraph = next(s for s in diagram.subgraphs if s.id == subgraph_id)
            nested = [s.id for s in diagram.subgraphs if s.parent == subgraph_id]
            inside[subgraph_id] = subgraph.nodes + [n for s in nested for n in members(s)]
        return inside[subgraph_id]

    nodes = {node.id for node in diagram.nodes}
    ends = {s.id for s in diagram.subgraphs} - nodes
    pairs = []
    for edge in diagram.edges:
        sources = members(edge.source) if edge.source in ends else [edge.source]
        targets = members(edge.target) if edge.target in ends else [edge.target]
        pairs += [(s, t) for s in sources for t in targets if s != t]
    return list(dict.fromkeys(pairs))

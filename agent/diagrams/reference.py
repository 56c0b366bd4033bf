"""A candidate's diagram held against a question's reference design: which components it has,
which must-have edges it draws (with the candidate's own arrows as evidence), which it misses,
and which components it leaves unconnected.

Edge rules (docs/diagrams.md):
- An arrow into or out of a subgraph is an arrow to or from every node inside it.
- A must-have edge A -> B is present when an arrow goes from a node playing A to one playing B,
  directly or through one node that plays no role of this design: unmatched ("S3 bucket"), or a
  role the design does not list ("Kafka events" -> "Airflow DAG" -> "training job" when the
  design has no orchestrator). A node playing another role of the design breaks the path:
  registry -> monitoring -> serving is not registry -> serving.
- Arrows drawn the other way count too, marked `reversed`: on a whiteboard an arrow often shows
  who calls whom ("ranker -> feature store" for a lookup) rather than where the data goes.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pydantic import Field

from agent.designs import Design, MustEdge
from agent.diagrams.model import Diagram, Node, _Data, arrows
from agent.diagrams.roles import RoleMatch, assign_roles


class EdgeFound(_Data):
    edge: MustEdge
    path: list[str] = Field(description="Node ids along the candidate's arrows, as drawn.")
    evidence: str = Field(description='The arrows by label: "Kafka events" -> "training set".')
    reversed: bool = Field(False, description="The candidate's arrows run target -> source.")


class DesignMatch(_Data):
    """What a diagram has of a reference design; JSON with `model_dump(mode="json")`."""

    question: str
    components: list[RoleMatch] = Field(description="The nodes that play a role, in order.")
    unmatched: list[Node] = Field(description="Nodes that play no known role.")
    missing_components: list[str] = Field(description="Role ids of the design no node plays.")
    present_edges: list[EdgeFound]
    missing_edges: list[MustEdge] = Field(description="Must-have edges not drawn, with probes.")
    dangling: list[RoleMatch] = Field(description="Nodes playing a role with no arrow at all.")


def match_design(diagram: Diagram, design: Design, embedder: Any = None) -> DesignMatch:
    """Hold `diagram` against `design`; `embedder` as for `assign_roles` (None: names only)."""
    components = assign_roles(diagram, design, embedder)
    role_of = {match.node: match.role for match in components}
    drawn = arrows(diagram)
    labels = {node.id: node.label for node in diagram.nodes}
    present, missing = [], []
    for edge in design.edges:
        found = _find(edge, drawn, role_of, set(design.components))
        if found is None:
            missing.append(edge)
        else:
            path, backwards = found
            evidence = " -> ".join(f'"{labels[node]}"' for node in path)
            present.append(EdgeFound(edge=edge, path=path, evidence=evidence, reversed=backwards))
    linked = {end for arrow in drawn for end in arrow}
    played = set(role_of.values())
    return DesignMatch(
        question=design.question,
        components=components,
        unmatched=[node for node in diagram.nodes if node.id not in role_of],
        missing_components=[role for role in design.components if role not in played],
        present_edges=present,
        missing_edges=missing,
        dangling=[match for match in components if match.node not in linked],
    )


def _find(
    edge: MustEdge, arrows: list[tuple[str, str]], role_of: dict[str, str], design: set[str]
) -> tuple[list[str], bool] | None:
    """The shortest drawn path evidencing `edge` (forward first), and whether it is reversed."""
    after = defaultdict(list)
    for source, target in arrows:
        after[source].append(target)
    for backwards, (start, goal) in (
        (False, (edge.source, edge.target)),
        (True, (edge.target, edge.source)),
    ):
        firsts = [node for node in after if role_of.get(node) == start]
        for first in firsts:
            for second in after[first]:
                if role_of.get(second) == goal:
                    return [first, second], backwards
        for first in firsts:
            for middle in after[first]:
                if role_of.get(middle) in design:  # another component of the design
                    continue
                for last in after[middle]:
                    if role_of.get(last) == goal:
                        return [first, middle, last], backwards
    return None

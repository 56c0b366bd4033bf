"""What the interviewer says about the candidate's diagram: the lines it could not read, and,
right after a diagram is sent, a must-have edge of the question's design it does not draw (the
current stage's first) or else a box it leaves without arrows.

The engine matches the diagram (TurnContext.diagram); both policies ask from here, the offline
one word for word, the model one from the same list in its prompt (context.py).
"""

from __future__ import annotations

from agent.designs import MustEdge
from agent.diagrams import Diagram
from agent.interviewer.policy import TurnContext, lines
from agent.knowledge import STAGES
from agent.state import Turn


def unread_lines(turn: Turn) -> str:
    """What to tell the candidate about the lines of `turn`'s diagrams that could not be
    read: said once, in the reply to that answer; empty when every line was read."""
    said = []
    for data in turn.get("diagrams", []):
        diagram = Diagram.model_validate(data)
        errors = diagram.errors
        if not errors:
            continue
        if not diagram.nodes:  # nothing read: not a flowchart at all
            said.append(lines()["diagram_unread"].format(problem=errors[0].message))
        elif len(errors) == 1:
            error = errors[0]
            said.append(lines()["diagram_line"].format(**error.model_dump()))
        else:
            numbers = [str(error.line) for error in errors]
            said.append(
                lines()["diagram_lines"].format(
                    numbers=f"{', '.join(numbers[:-1])} and {numbers[-1]}",
                    problems="; ".join(f"`{error.text}`: {error.message}" for error in errors),
                )
            )
    return " ".join(said)


def edges_to_probe(ctx: TurnContext) -> list[MustEdge]:
    """The must-have edges the latest diagram misses whose question is still open and not
    asked yet: those of the current stage first, then the others in stage order (a first
    version drawn end to end may leave out the loop the data stage is about)."""
    if ctx.diagram is None:
        return []
    said, stage = ctx.interviewer_said, ctx.state["stage"]
    open_edges = [
        edge
        for edge in ctx.diagram.match.missing_edges
        if edge.probe not in said and ctx.still_open(edge.probe)
    ]
    return sorted(open_edges, key=lambda edge: (edge.stage != stage, STAGES.index(edge.stage)))


def edge_names(ctx: TurnContext, edge: MustEdge) -> str:
    """The edge by its roles' names, for the diagram's question: "event logging -> training
    data generation"."""
    return ctx.knowledge.design(ctx.diagram.match.question).edge_name(edge)


def diagram_question(ctx: TurnContext) -> tuple[str, str, str] | None:
    """Right after a diagram is sent, what to ask about it, as (focus, question, reason): the
    first edge to probe, else a box with no arrows not asked about yet; None otherwise."""
    if ctx.diagram is None or not ctx.diagram.just_sent:
        return None
    edges = edges_to_probe(ctx)
    if edges:
        text = lines()["diagram_edge"].format(probe=edges[0].probe)
        return f"the diagram's missing {edge_names(ctx, edges[0])}", text, "missing diagram edge"
    for box in ctx.diagram.match.dangling:
        text = lines()["diagram_dangling"].format(label=box.label)
        if text not in ctx.interviewer_said:
            return f"how {box.label} connects", text, "diagram box with no arrows"
    return None

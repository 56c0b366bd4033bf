"""What the candidate's diagrams evidence, held against the question's reference design.

A must-have edge drawn in a diagram credits the checklist item it stands for, in the edge's
stage, with the edge as evidence (`edge: "Kafka events" -> "training set builder"`, checked
against the diagrams by evidence.is_drawn). A stage counts the diagrams drawn up to and
including it (`Transcript.drawn`): the design drawn in the MVP stage shows the data, inference
and scaling connections too. A bare arrow shows the connection, as naming it would (STATED);
an arrow with a label says what flows or when, a concrete choice (EXPLAINED). The same edges,
and the ones missing, go into the LLM grader's prompt and onto the scorecard. docs/scoring.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agent.designs import Design, MustEdge
from agent.diagrams import DesignMatch, Diagram, match_design
from agent.knowledge import Knowledge, Stage
from agent.llm.prompts import candidate_block, render
from agent.scoring.credit import EXPLAINED, STATED
from agent.scoring.scorecard import DrawnDiagram, MissingEdge
from agent.scoring.transcript import Transcript

EDGE_QUOTE = "edge:"  # how an edge is cited as evidence: edge: "A" -> "B"
PROMPT_DIAGRAMS = 3  # the latest distinct diagrams a grading prompt shows (versions of one design)


@dataclass(frozen=True)
class EdgeCredit:
    item: str  # the id of the checklist item the edge evidences, in the stage graded
    credit: float
    quote: str  # the edge as evidence


def design_of(knowledge: Knowledge, transcript: Transcript) -> Design | None:
    """The question's reference design; None for a question outside the bank or without one."""
    return knowledge.designs.get(transcript.question_id or "")


def edge_credits(
    diagrams: list[Diagram], design: Design, stage: Stage, embedder: Any
) -> list[EdgeCredit]:
    """One per must-have edge of `stage` that names a checklist item and is drawn in any of
    `diagrams`: a labelled drawing beats a bare one, then the latest drawing is quoted."""
    best: dict[str, EdgeCredit] = {}
    for diagram in diagrams:
        for found in match_design(diagram, design, embedder).present_edges:
            edge = found.edge
            if edge.stage != stage or edge.checklist is None:
                continue
            earned = EXPLAINED if _labelled(diagram, found.path) else STATED
            if str(edge) not in best or earned >= best[str(edge)].credit:
                quote = f"{EDGE_QUOTE} {found.evidence}"
                best[str(edge)] = EdgeCredit(edge.checklist, earned, quote)
    return list(best.values())


def _labelled(diagram: Diagram, path: list[str]) -> bool:
    """Whether an arrow along `path` carries a label (arrows fanned out of a subgraph aside)."""
    steps = set(zip(path, path[1:]))
    return any(e.label and (e.source, e.target) in steps for e in diagram.edges)


def missing_edges(
    diagrams: list[Diagram], design: Design, embedder: Any, stage: Stage | None = None
) -> list[MustEdge]:
    """The must-have edges (of `stage`, or of every stage) that no diagram draws."""
    return edges_not_drawn([match_design(d, design, embedder) for d in diagrams], design, stage)


def edges_not_drawn(
    matches: list[DesignMatch], design: Design, stage: Stage | None = None
) -> list[MustEdge]:
    """`missing_edges` from diagrams already matched against the design."""
    drawn = {str(found.edge) for match in matches for found in match.present_edges}
    return [e for e in design.edges if str(e) not in drawn and stage in (None, e.stage)]


def scorecard_diagram(
    transcript: Transcript, knowledge: Knowledge, embedder: Any
) -> DrawnDiagram | None:
    """The last diagram of the interview and the must-have edges no diagram drew; None when
    the candidate drew none."""
    diagrams = transcript.drawn()
    if not diagrams:
        return None
    design = design_of(knowledge, transcript)
    missing = missing_edges(diagrams, design, embedder) if design else []
    return DrawnDiagram(
        kind=diagrams[-1].kind,
        source=diagrams[-1].source,
        missing=[
            MissingEdge(edge=design.edge_name(e), stage=e.stage, probe=e.probe) for e in missing
        ],
    )


def prompt_section(
    transcript: Transcript, stage: Stage, knowledge: Knowledge, embedder: Any
) -> str:
    """The diagrams drawn up to `stage` as edge lists (the candidate's labels, delimited as
    data) and the stage's must-have edges none of them draws, for the grading prompt."""
    diagrams = transcript.drawn(stage)
    if not diagrams:
        return "(none drawn)"
    lists = list(dict.fromkeys(d.edge_list() for d in diagrams if d.edge_list()))
    design = design_of(knowledge, transcript)
    if design is None:
        missing = "(no reference design for this question)"
    else:
        names = [design.edge_name(e) for e in missing_edges(diagrams, design, embedder, stage)]
        missing = "\n".join(f"- {name}" for name in names) or "(none)"
    edges = candidate_block("\n\n".join(lists[-PROMPT_DIAGRAMS:]) or "(no boxes read)")
    return render("grade_diagrams", edges=edges, missing=missing).strip()

"""The diagram eval (evals/diagrams/FORMAT.md): diagrams whose every node is labelled with
the role it plays in the question's reference design, or `none`; the matcher's component
precision and recall over them.

Precision: of the nodes the matcher gives a role, the share given the labelled role. Recall: of
the nodes labelled with a role, the share the matcher gives that role.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from agent.diagrams import Diagram, assign_roles, extract
from agent.diagrams.examples import NO_ROLE, examples_for
from agent.errors import InterviewerError
from agent.evaluation.set_files import read_set_file
from agent.knowledge import Knowledge

FORMAT = "evals/diagrams/FORMAT.md"
BARS = {"precision": 0.9, "recall": 0.9}  # the diagrams issue's targets, for every set


class DiagramSetError(InterviewerError):
    """A labelled diagram file is malformed; the message names the file and the fix."""


class LabelledDiagram(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    question: str
    diagram: str
    roles: dict[str, str]  # node id -> role id, or "none"


def load_diagram_set(folder: Path, knowledge: Knowledge) -> list[tuple[LabelledDiagram, Diagram]]:
    """Every file of a set with its parsed diagram, checked against the reference designs."""
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise DiagramSetError(f"{folder}: no labelled diagrams (*.yaml); see {FORMAT}")
    return [_load(path, knowledge) for path in paths]


def _load(path: Path, knowledge: Knowledge) -> tuple[LabelledDiagram, Diagram]:
    labelled = read_set_file(path, LabelledDiagram, DiagramSetError, FORMAT)
    if labelled.id != path.stem:
        raise DiagramSetError(
            f"{path}: id: {labelled.id!r} is not the file name; set `id: {path.stem}`"
        )
    if labelled.question not in knowledge.designs:
        raise DiagramSetError(
            f"{path}: question: {labelled.question!r} has no reference design; use one of "
            f"{', '.join(sorted(knowledge.designs))}"
        )
    diagrams = extract(labelled.diagram)
    if len(diagrams) != 1 or diagrams[0].errors:
        why = "; ".join(str(e) for d in diagrams for e in d.errors) or f"found {len(diagrams)}"
        raise DiagramSetError(f"{path}: diagram: write exactly one readable diagram ({why})")
    nodes = [node.id for node in diagrams[0].nodes]
    if unlabelled := [n for n in nodes if n not in labelled.roles]:
        raise DiagramSetError(f"{path}: roles: no label for node(s) {', '.join(unlabelled)}")
    if strays := [n for n in labelled.roles if n not in nodes]:
        raise DiagramSetError(
            f"{path}: roles: {', '.join(strays)} is not a node id of the diagram; the ids are "
            f"{', '.join(nodes)}"
        )
    known = knowledge.design(labelled.question).roles
    if unknown := sorted({r for r in labelled.roles.values() if r not in known and r != NO_ROLE}):
        raise DiagramSetError(
            f"{path}: roles: {', '.join(unknown)} is not a role of {labelled.question}; use a "
            f"role id from knowledge/components.yaml or its design, or {NO_ROLE}"
        )
    return labelled, diagrams[0]


def role_metrics(
    items: list[tuple[LabelledDiagram, Diagram]],
    knowledge: Knowledge,
    embedder: Any,
    held_out: str | None = None,
) -> dict[str, Any]:
    """Component-match precision and recall over the set, and every node the matcher got wrong;
    `held_out` is the set's name, so an example set is measured without its own labels."""
    predicted = labelled = correct = nodes = 0
    wrong = []
    for item, diagram in items:
        design = knowledge.design(item.question)
        got = {
            m.node: m.role
            for m in assign_roles(diagram, design, embedder, examples_for(item.question, held_out))
        }
        for node in diagram.nodes:
            truth, guess = item.roles[node.id], got.get(node.id, NO_ROLE)
            nodes += 1
            predicted += guess != NO_ROLE
            labelled += truth != NO_ROLE
            correct += guess != NO_ROLE and guess == truth
            if guess != truth:
                wrong.append({"file": item.id, "label": node.label, "role": truth, "got": guess})
    return {
        "diagrams": len(items),
        "nodes": nodes,
        "precision": round(correct / predicted, 3) if predicted else None,
        "recall": round(correct / labelled, 3) if labelled else None,
        "wrong": wrong,
    }


def missed_bars(metrics: dict[str, Any]) -> list[str]:
    return [
        f"{name} >= {bar:g}: got {metrics[name]}"
        for name, bar in BARS.items()
        if metrics[name] is None or metrics[name] < bar
    ]

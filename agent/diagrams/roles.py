"""Which role of a reference design each node of a candidate's diagram plays, by its label and,
for a vague one, its arrows (several nodes may play one role: "Kafka" and "event log"):
1. Names, verbs and head nouns in the label (agent/diagrams/names.py).
2. Similarity, for labels no name settles: MiniLM cosine between the label (and its main part)
   and each of a role's name, synonyms and "name: description". The closest role wins when its
   cosine reaches SIMILARITY_FLOOR and beats every other role by SIMILARITY_MARGIN.
3. Place: a box still unplaced takes a missing component its arrows and words point to
   (agent/diagrams/placed.py).
4. Qualifiers: a role's `instead_of` words turn a box of another role into it, when the design
   has it ("Lightweight ranker" is candidate generation in a two-stage design).
Without an embedder, names only. A node no step places stays unmatched.
"""

from __future__ import annotations

from typing import Any, Literal
from weakref import WeakKeyDictionary

import numpy as np
from pydantic import Field

from agent.designs import Design
from agent.diagrams.model import Diagram, Node, _Data
from agent.diagrams.names import Lexicon, Named, main_part, split_camel
from agent.diagrams.placed import Close, by_place, is_output
from agent.vocabulary import Role

# Chosen on evals/diagrams/dev and dev2 together (README there), in a plateau (floor 0.58-0.62,
# margin 0.08-0.1 score alike): boxes with no role ("Resize + normalise", "Action handler")
# score below 0.6 with every role, and a label about as close to two roles is left unmatched
# rather than guessed (a margin of 0.04 loses precision on both sets, dev2 0.959 -> 0.944, and
# gains no recall), because a wrong role misleads the edge checks more than a missing one.
SIMILARITY_FLOOR = 0.6
SIMILARITY_MARGIN = 0.08

# role names' vectors, per embedder: the vocabulary is the same for every question
_NAME_VECTORS: WeakKeyDictionary[Any, dict[str, np.ndarray]] = WeakKeyDictionary()


class RoleMatch(_Data):
    node: str = Field(description="The node's id in the diagram.")
    label: str = Field(description="The node's label, as the candidate wrote it.")
    role: str = Field(description="The role id it plays (knowledge/components.yaml or the design).")
    how: Literal["name", "similarity", "place"]
    evidence: str = Field(description="The role's name or verb found in the label, or the closest.")
    score: float = Field(description="1 for a name; the MiniLM cosine for similarity.")


def assign_roles(diagram: Diagram, design: Design, embedder: Any = None) -> list[RoleMatch]:
    """The nodes that play a role of `design`, in diagram order. `embedder` (anything with
    `embed(texts) -> unit vectors`, e.g. LocalMiniLM) places the labels no name settles."""
    lexicon = Lexicon(design)
    named = {node.id: lexicon.read(node.label) for node in diagram.nodes}
    found = {node.id: _named(node, hit) for node in diagram.nodes if (hit := named[node.id])}
    open_ = [node for node in diagram.nodes if not (named[node.id] and named[node.id].settles)]
    if embedder is not None and open_:
        rows = _closeness(open_, design, embedder)
        for node, row in zip(open_, rows):
            if not is_output(node.label) and (match := _decisive(node, row)):
                found[node.id] = match
        # a box no name places may still be placed by where it sits; a generic head
        # ("Feed API") is more often right than the component missing beside it, and an
        # output ("Top 10 results") sits beside the component that returns it
        unplaced = {
            node.id: row
            for node, row in zip(open_, rows)
            if node.id not in found and not is_output(node.label)
        }
        played = {node: match.role for node, match in found.items()}
        labels = {node.id: node.label for node in diagram.nodes}
        for node, (role, close) in by_place(diagram, design, played, unplaced).items():
            found[node] = RoleMatch(
                node=node,
                label=labels[node],
                role=role,
                how="place",
                evidence=close.text,
                score=round(close.score, 3),
            )
    return [_qualified(found[n.id], design, lexicon) for n in diagram.nodes if n.id in found]


def _named(node: Node, hit: Named) -> RoleMatch:
    return RoleMatch(
        node=node.id, label=node.label, role=hit.role, how="name", evidence=hit.name, score=1
    )


def _qualified(match: RoleMatch, design: Design, lexicon: Lexicon) -> RoleMatch:
    """The match, or the design's role its qualifiers say instead ("Cheap ranker")."""
    words = f" {lexicon.fold(match.label)} "
    for role in design.components:
        qualifiers = design.roles[role].instead_of.get(match.role, [])
        if any(f" {lexicon.fold(word)} " in words for word in qualifiers):
            return match.model_copy(update={"role": role})
    return match


def _closeness(nodes: list[Node], design: Design, embedder: Any) -> list[dict[str, Close]]:
    """For each node, each role's closest text and its MiniLM cosine with the label (or the
    label's main part, whichever is closer)."""
    texts, owners = [], []
    for role in design.roles.values():
        for text in _role_texts(role):
            texts.append(text)
            owners.append(role.id)
    targets = _vectors(embedder, texts).T
    labels = [split_camel(node.label) for node in nodes]
    mains = [main_part(label) for label in labels]
    closeness = np.maximum(
        np.asarray(embedder.embed(labels)) @ targets, np.asarray(embedder.embed(mains)) @ targets
    )
    rows = []
    for row in closeness:
        best: dict[str, Close] = {}
        for owner, text, score in zip(owners, texts, row.tolist()):
            if owner not in best or score > best[owner].score:
                best[owner] = Close(score, text)
        rows.append(best)
    return rows


def _decisive(node: Node, row: dict[str, Close]) -> RoleMatch | None:
    """The closest role, when it reaches the floor and beats every other by the margin."""
    ranked = sorted(row, key=lambda role: -row[role].score)
    best, rival = row[ranked[0]], row[ranked[1]] if len(ranked) > 1 else Close(0.0, "")
    if best.score < SIMILARITY_FLOOR or best.score - rival.score < SIMILARITY_MARGIN:
        return None
    return RoleMatch(
        node=node.id,
        label=node.label,
        role=ranked[0],
        how="similarity",
        evidence=best.text,
        score=round(best.score, 3),
    )


def _role_texts(role: Role) -> list[str]:
    """What a label is compared with: each name (not the bare ones or heads: "User" or
    "service" alone is close to too much) and the name with its description."""
    return [role.name, *role.synonyms, f"{role.name}: {role.description}"]


def _vectors(embedder: Any, texts: list[str]) -> np.ndarray:
    known = _NAME_VECTORS.setdefault(embedder, {})
    new = [text for text in dict.fromkeys(texts) if text not in known]
    if new:
        known.update(zip(new, np.asarray(embedder.embed(new))))
    return np.stack([known[text] for text in texts])

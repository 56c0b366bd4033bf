"""Which role of a reference design each node of a candidate's diagram plays, by its label and,
for a vague one, its arrows (several nodes may play one role: "Kafka" and "event log"):
1. Names, verbs and head nouns in the label (agent/diagrams/names.py).
2. Similarity, for labels no name settles: MiniLM cosine between the label (and its main part)
   and each of a role's name, synonyms and "name: description". The closest role wins when its
   cosine reaches SIMILARITY_FLOOR and beats every other role by SIMILARITY_MARGIN.
   Boxes people labelled for the same question count beside the role's names: a label at
   least EXAMPLE_FLOOR close to such a box is as close to that box's role, and one close to a
   box labelled `none` has that as a rival (agent/diagrams/examples.py). A named label in
   nearly the same words as such a box takes the box's role if it differs (SAME_LABEL).
3. Place: a box still unplaced takes a missing component its arrows and words point to
   (agent/diagrams/placed.py).
4. Qualifiers: a role's `instead_of` words turn a box of another role into it, when the design
   has it ("Lightweight ranker" is candidate generation in a two-stage design).
Without an embedder, names only. A node no step places stays unmatched.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import Field

from agent.designs import Design
from agent.diagrams.examples import NO_ROLE, Example, embedded, examples_for, people_read
from agent.diagrams.model import Diagram, Node, _Data
from agent.diagrams.names import Lexicon, Named
from agent.diagrams.placed import Close, by_place, is_output
from agent.diagrams.wording import main_part, split_camel
from agent.vocabulary import Role

# Chosen on evals/diagrams/dev and dev2 together (README there), in a plateau (floor 0.58-0.62,
# margin 0.08-0.1 score alike): boxes with no role ("Resize + normalise", "Action handler")
# score below 0.6 with every role, and a label about as close to two roles is left unmatched
# rather than guessed (a margin of 0.04 loses precision on both sets, dev2 0.959 -> 0.944, and
# gains no recall), because a wrong role misleads the edge checks more than a missing one.
SIMILARITY_FLOOR = 0.6
SIMILARITY_MARGIN = 0.08
# Chosen on the dev sets, each measured with its own boxes left out of the examples: floors
# 0.65-0.85 score alike (dev3 errors 30 -> 25-28, dev4 34 -> 30-31, dev and dev2 within one
# box); below 0.65 unrelated labels share a word and a role ("Feed" and "Feed ranker").
EXAMPLE_FLOOR = 0.75


class RoleMatch(_Data):
    node: str = Field(description="The node's id in the diagram.")
    label: str = Field(description="The node's label, as the candidate wrote it.")
    role: str = Field(description="The role id it plays (knowledge/components.yaml or the design).")
    how: Literal["name", "similarity", "example", "place"]
    evidence: str = Field(
        description="The role's name or verb found in the label, or the closest text: a role's "
        "name or description, or a box labelled with the role (`example`)."
    )
    score: float = Field(
        description="1 for a name or a box in nearly the same words; the MiniLM cosine otherwise."
    )


def assign_roles(
    diagram: Diagram, design: Design, embedder: Any = None, examples: list[Example] | None = None
) -> list[RoleMatch]:
    """The nodes that play a role of `design`, in diagram order. `embedder` (anything with
    `embed(texts) -> unit vectors`, e.g. LocalMiniLM) places the labels no name settles, with
    `examples` (None: every labelled box of the design's question) beside the roles' names."""
    lexicon = Lexicon(design)
    named = {node.id: lexicon.read(node.label) for node in diagram.nodes}
    found = {node.id: _named(node, hit) for node in diagram.nodes if (hit := named[node.id])}
    open_ = [node for node in diagram.nodes if not (named[node.id] and named[node.id].settles)]
    if embedder is not None and examples is None:
        examples = examples_for(design.question)
    if embedder is not None and examples:
        settled = [node for node in diagram.nodes if node not in open_]
        labels = [node.label for node in settled]
        said = people_read(labels, [found[n.id].role for n in settled], examples, embedder)
        for node, (role, example) in ((n, r) for n, r in zip(settled, said) if r):
            if role == NO_ROLE:
                del found[node.id]
            else:
                found[node.id] = RoleMatch(
                    node=node.id,
                    label=node.label,
                    role=role,
                    how="example",
                    evidence=example.label,
                    score=1,
                )
    if embedder is not None and open_:
        rows = _closeness(open_, design, embedder, examples)
        nothing = {node.id for node in open_ if is_output(node.label)}
        for node, row in zip(open_, rows):
            if node.id in nothing or (match := _decisive(node, row)) is None:
                continue
            if match.role == NO_ROLE:  # most like a box people said plays no role
                nothing.add(node.id)
                found.pop(node.id, None)
            else:
                found[node.id] = match
        # a box no name places may still be placed by where it sits; a generic head
        # ("Feed API") is more often right than the component missing beside it, and an
        # output ("Top 10 results") sits beside the component that returns it
        unplaced = {
            node.id: row
            for node, row in zip(open_, rows)
            if node.id not in found and node.id not in nothing
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


def _closeness(
    nodes: list[Node], design: Design, embedder: Any, examples: list[Example]
) -> list[dict[str, Close]]:
    """For each node, each role's closest text and its MiniLM cosine with the label (or the
    label's main part, whichever is closer); a labelled box of the role counts as one of its
    texts from EXAMPLE_FLOOR up, and `none`'s closest box is kept as a rival under NO_ROLE."""
    texts, owners = [], []
    for role in design.roles.values():
        for text in _role_texts(role):
            texts.append(text)
            owners.append(role.id)
    examples = [e for e in examples if e.role in design.roles or e.role == NO_ROLE]
    targets = embedded(embedder, texts).T
    labels = [split_camel(node.label) for node in nodes]
    vectors = np.asarray(embedder.embed(labels))
    mains = np.asarray(embedder.embed([main_part(label) for label in labels]))
    closeness = np.maximum(vectors @ targets, mains @ targets)
    boxes = embedded(embedder, [split_camel(e.label) for e in examples]) if examples else None
    likeness = (
        np.maximum(vectors @ boxes.T, mains @ boxes.T)
        if boxes is not None
        else np.zeros((len(nodes), 0))
    )
    rows = []
    for row, alike in zip(closeness, likeness):
        best: dict[str, Close] = {}
        for owner, text, score in zip(owners, texts, row.tolist()):
            if owner not in best or score > best[owner].score:
                best[owner] = Close(score, text)
        for example, score in zip(examples, alike.tolist()):
            if score >= EXAMPLE_FLOOR and score > best.get(example.role, Close(0.0, "")).score:
                best[example.role] = Close(score, example.label, labelled=True)
        rows.append(best)
    return rows


def _decisive(node: Node, row: dict[str, Close]) -> RoleMatch | None:
    """The closest role, when it reaches the floor and beats every other by the margin; its
    role is NO_ROLE when that is a box labelled as playing none."""
    ranked = sorted(row, key=lambda role: -row[role].score)
    best, rival = row[ranked[0]], row[ranked[1]] if len(ranked) > 1 else Close(0.0, "")
    if best.score < SIMILARITY_FLOOR or best.score - rival.score < SIMILARITY_MARGIN:
        return None
    return RoleMatch(
        node=node.id,
        label=node.label,
        role=ranked[0],
        how="example" if best.labelled else "similarity",
        evidence=best.text,
        score=round(best.score, 3),
    )


def _role_texts(role: Role) -> list[str]:
    """What a label is compared with: each name (not the bare ones or heads: "User" or
    "service" alone is close to too much) and the name with its description."""
    return [role.name, *role.synonyms, f"{role.name}: {role.description}"]

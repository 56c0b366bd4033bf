"""Which role of a reference design each node of a candidate's diagram plays, by its label.

Each node on its own (several nodes may play one role: "Kafka" and "event log"):
1. Names. The label is folded (lower case, punctuation and a plural `s` dropped, camelCase
   split) and compared with every role's names: the shared vocabulary plus the question's own.
   The label's main part, before qualifiers (":", ",", " - ", " + ", brackets, " in ", " with ",
   ...), is tried first, then the whole label. A text that is exactly a name takes its role,
   `bare` names included ("User"). Otherwise the names it contains as whole words compete: the
   longest, then the one ending last (the head noun: "Kafka events", "Serving logs").
2. Similarity, for labels no name settles: MiniLM cosine between the label (and its main part)
   and each of a role's name, synonyms and "name: description". The closest role wins when its
   cosine reaches SIMILARITY_FLOOR and beats every other role by SIMILARITY_MARGIN. A name hit
   on a lone word that only modifies another ("Training labels") does not settle the node: a
   decisive similarity overrules it.
Without an embedder, names only. A node neither step places stays unmatched.
"""

from __future__ import annotations

import re
from typing import Any, Literal
from weakref import WeakKeyDictionary

import numpy as np
from pydantic import Field

from agent.designs import Design, Role, folded
from agent.diagrams.model import Diagram, Node, _Data

# Chosen on evals/diagrams/dev (README there): boxes with no role ("Resize + normalise",
# "Action handler") score below 0.6 with every role, and a label about as close to two roles
# ("Policy thresholds": policy layer 0.64, policy decision 0.62) is left unmatched rather than
# guessed, because a wrong role misleads the edge checks more than a missing one.
SIMILARITY_FLOOR = 0.6
SIMILARITY_MARGIN = 0.08

_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_QUALIFIER = re.compile(
    r"[:,(\[]|\s[-–+/]\s|\s(?:with|in|on|for|from|over|via|using|at|of)\s", re.IGNORECASE
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# role names' vectors, per embedder: the vocabulary is the same for every question
_NAME_VECTORS: WeakKeyDictionary[Any, dict[str, np.ndarray]] = WeakKeyDictionary()


class RoleMatch(_Data):
    node: str = Field(description="The node's id in the diagram.")
    label: str = Field(description="The node's label, as the candidate wrote it.")
    role: str = Field(description="The role id it plays (knowledge/components.yaml or the design).")
    how: Literal["name", "similarity"]
    evidence: str = Field(description="The role's name found in the label, or the closest one.")
    score: float = Field(description="1 for a name; the MiniLM cosine for similarity.")


def assign_roles(diagram: Diagram, design: Design, embedder: Any = None) -> list[RoleMatch]:
    """The nodes that play a role of `design`, in diagram order. `embedder` (anything with
    `embed(texts) -> unit vectors`, e.g. LocalMiniLM) places the labels no name settles."""
    names = _names(design.roles.values())
    found = {node.id: _by_name(node, names) for node in diagram.nodes}
    open_ = [node for node in diagram.nodes if found[node.id] is None or not found[node.id][1]]
    if embedder is not None and open_:
        for node, match in zip(open_, _by_similarity(open_, design, embedder)):
            if match is not None:
                found[node.id] = (match, True)
    return [hit[0] for hit in found.values() if hit is not None]


def _names(roles: Any) -> dict[str, tuple[str, bool]]:
    """Folded name -> (role id, whether it names the role only as a whole label)."""
    names: dict[str, tuple[str, bool]] = {}
    for role in roles:
        names.update({folded(name): (role.id, False) for name in [role.name, *role.synonyms]})
        names.update({folded(name): (role.id, True) for name in role.bare})
    return names


def _by_name(node: Node, names: dict[str, tuple[str, bool]]) -> tuple[RoleMatch, bool] | None:
    """The role a name in the label gives, and whether that settles it."""
    main = _QUALIFIER.split(node.label, maxsplit=1)[0]
    for text in dict.fromkeys((main, _BRACKETED.sub(" ", node.label), node.label)):
        forms = {folded(text), folded(_CAMEL.sub(" ", text))} - {""}
        whole = next((form for form in forms if form in names), None)
        if whole is not None:
            return _named(node, names[whole][0], whole), True
        hits = []  # (settles, words, where it ends, name)
        for form in forms:
            padded = f" {form} "
            for name, (_, bare) in names.items():
                start = padded.rfind(f" {name} ")
                if start >= 0 and not bare:
                    words, end = len(name.split()), start + len(name) + 2
                    hits.append((words > 1 or end == len(padded), words, end, name))
        if hits:
            settles, *_, name = max(hits)
            return _named(node, names[name][0], name), settles
    return None


def _named(node: Node, role: str, name: str) -> RoleMatch:
    return RoleMatch(node=node.id, label=node.label, role=role, how="name", evidence=name, score=1)


def _by_similarity(nodes: list[Node], design: Design, embedder: Any) -> list[RoleMatch | None]:
    texts, owners = [], []
    for role in design.roles.values():
        for text in _role_texts(role):
            texts.append(text)
            owners.append(role.id)
    targets = _vectors(embedder, texts).T
    labels = [node.label for node in nodes]
    mains = [_QUALIFIER.split(label, maxsplit=1)[0].strip() or label for label in labels]
    closeness = np.maximum(
        np.asarray(embedder.embed(labels)) @ targets, np.asarray(embedder.embed(mains)) @ targets
    )
    roles = np.asarray(owners)
    matches: list[RoleMatch | None] = []
    for node, row in zip(nodes, closeness):
        best = int(row.argmax())
        rival = float(row[roles != owners[best]].max())
        decisive = row[best] >= SIMILARITY_FLOOR and row[best] - rival >= SIMILARITY_MARGIN
        matches.append(
            RoleMatch(
                node=node.id,
                label=node.label,
                role=owners[best],
                how="similarity",
                evidence=texts[best],
                score=round(float(row[best]), 3),
            )
            if decisive
            else None
        )
    return matches


def _role_texts(role: Role) -> list[str]:
    """What a label is compared with: each name (not the bare ones: "User" alone is close to
    too much) and the name with its description."""
    return [role.name, *role.synonyms, f"{role.name}: {role.description}"]


def _vectors(embedder: Any, texts: list[str]) -> np.ndarray:
    known = _NAME_VECTORS.setdefault(embedder, {})
    new = [text for text in dict.fromkeys(texts) if text not in known]
    if new:
        known.update(zip(new, np.asarray(embedder.embed(new))))
    return np.stack([known[text] for text in texts])

"""Reference designs: the components a strong design for a bank question has, named by role,
and the must-have directed edges between them, each with the stage checklist item it evidences
and the question to ask when it is missing.

Roles come from one shared vocabulary (knowledge/components.yaml, agent/vocabulary.py) plus
each question's own (knowledge/designs/<question-id>.yaml); the formats are in
docs/knowledge-format.md. The loader (agent/knowledge.py) validates these models with a context
naming the shared roles and the stage checklists, so an unknown role, stage or checklist id
fails with the field to fix.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, ValidationInfo, model_validator

from agent.errors import Problem
from agent.vocabulary import MIN_SYNONYMS, Role, Strict, Vocabulary, claim


class DesignComponent(Strict):
    """A design's component: a shared `role` (optionally with this question's own extra
    `synonyms`), or a role of this question only (`id`, `name`, `synonyms`, `description`)."""

    role: str | None = None
    id: str | None = None
    name: str | None = None
    synonyms: list[str] = []
    store: bool = False  # a role of this question that holds data (components.yaml: `store`)
    description: str | None = None

    @model_validator(mode="after")
    def _one_kind(self, info: ValidationInfo) -> DesignComponent:
        shared = _context(info, "roles")
        if shared is None:
            return self
        if (self.role is None) == (self.id is None):
            raise Problem((), "give either `role:` (a shared role) or `id:` (this question's own)")
        if self.role is not None:
            if self.role not in shared:
                raise Problem(
                    ("role",),
                    f"{self.role!r} is not in knowledge/components.yaml; use one of "
                    f"{', '.join(shared)}, or give a role of this question with `id:`",
                )
            if self.name or self.description or self.store:
                raise Problem((), "a shared role takes only `synonyms:`; its name is shared")
            return self
        if self.id in shared:
            raise Problem(("id",), f"{self.id!r} is a shared role; write `role: {self.id}`")
        for field in ("name", "description"):
            if not getattr(self, field):
                raise Problem((field,), f"required for a role of this question; add `{field}:`")
        if len(self.synonyms) < MIN_SYNONYMS:
            raise Problem(("synonyms",), f"give at least {MIN_SYNONYMS} names candidates write")
        return self

    @property
    def role_id(self) -> str:
        return self.role or self.id or ""


class MustEdge(Strict):
    source: str  # role ids, drawn source -> target as the data flows
    target: str
    stage: str  # the stage whose checklist the edge evidences
    checklist: str | None = None  # the item of that stage's checklist, where one fits
    probe: str  # what the interviewer asks when the edge is missing

    @model_validator(mode="after")
    def _known(self, info: ValidationInfo) -> MustEdge:
        checklists: dict[str, list[str]] | None = _context(info, "checklists")
        if checklists is None:
            return self
        if self.stage not in checklists:
            raise Problem(
                ("stage",), f"{self.stage!r} is not a stage; use one of {', '.join(checklists)}"
            )
        items = checklists[self.stage]
        if self.checklist is not None and self.checklist not in items:
            raise Problem(
                ("checklist",),
                f"{self.checklist!r} is not an item of the {self.stage} checklist; use one of "
                f"{', '.join(items)}, or leave it out",
            )
        if self.source == self.target:
            raise Problem(("target",), "an edge joins two different roles")
        return self

    def __str__(self) -> str:
        return f"{self.source} -> {self.target}"


class DesignFile(Strict):
    """knowledge/designs/<question-id>.yaml as written."""

    id: str
    components: list[DesignComponent] = Field(min_length=2)
    edges: list[MustEdge] = Field(min_length=6, max_length=12)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> DesignFile:
        shared: dict[str, Role] | None = _context(info, "roles")
        if shared is None:
            return self
        ids = [c.role_id for c in self.components]
        for n, role_id in enumerate(ids):
            if role_id in ids[:n]:
                raise Problem(("components", n), f"{role_id!r} is listed twice; keep one")
        seen: dict[str, str] = {}
        for role in shared.values():
            claim(seen, role.id, role.names(), ())
        for n, component in enumerate(self.components):
            extra = component.synonyms + ([component.name] if component.name else [])
            claim(seen, component.role_id, extra, ("components", n, "synonyms"))
        pairs: dict[frozenset[str], int] = {}
        for n, edge in enumerate(self.edges):
            for end in ("source", "target"):
                if getattr(edge, end) not in ids:
                    raise Problem(
                        ("edges", n, end),
                        f"{getattr(edge, end)!r} is not a component of this design; add it "
                        f"under `components:` or use one of {', '.join(ids)}",
                    )
            pair = frozenset((edge.source, edge.target))
            if pair in pairs:
                raise Problem(
                    ("edges", n),
                    f"{edge} repeats edges[{pairs[pair]}] (an arrow either way evidences "
                    "both); keep one",
                )
            pairs[pair] = n
        return self


class Design(BaseModel):
    """A question's reference design, resolved against the shared vocabulary: every known
    role (shared ones with this question's extra synonyms), the design's components, and the
    must-have edges."""

    question: str
    roles: dict[str, Role]  # every role a node may be matched to
    components: list[str]  # the role ids a strong design has
    edges: list[MustEdge]
    abbreviations: dict[str, str] = {}  # the vocabulary's: "txn" -> "transaction"

    @classmethod
    def resolve(cls, file: DesignFile, vocabulary: Vocabulary) -> Design:
        roles = {role.id: role for role in vocabulary.roles}
        for c in file.components:
            if c.role is not None:
                shared = roles[c.role]
                roles[c.role] = shared.model_copy(update={"synonyms": shared.synonyms + c.synonyms})
            else:
                roles[c.role_id] = Role(
                    id=c.role_id,
                    name=c.name,
                    synonyms=c.synonyms,
                    store=c.store,
                    description=c.description,
                )
        return cls(
            question=file.id,
            roles=roles,
            components=[c.role_id for c in file.components],
            edges=file.edges,
            abbreviations=vocabulary.abbreviations,
        )

    def edge_name(self, edge: MustEdge) -> str:
        """The edge by its roles' names: "event logging -> training data generation"."""
        return f"{self.roles[edge.source].name} -> {self.roles[edge.target].name}"


def _context(info: ValidationInfo, key: str) -> Any:
    """What the loader knows (the shared roles, the checklists); None when a stored design or
    match result is read back, which was checked when it was loaded."""
    return (info.context or {}).get(key)

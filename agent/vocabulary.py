"""The shared component vocabulary (knowledge/components.yaml): the roles every reference design
is drawn in, with the words candidates write for them on a whiteboard (names, head nouns,
verbs, abbreviations), checked so that no word names two roles. Format: docs/knowledge-format.md.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, model_validator

from agent.errors import Problem
from agent.matching import normalise

MIN_SYNONYMS = 2


def folded(name: str) -> str:
    """A name as synonyms are compared: normalised words with a plural `s` dropped, so
    "Event logs" and "event log" are one name (applied to both sides, so "redis" -> "redi"
    is harmless)."""
    words = normalise(name).split()
    return " ".join(re.sub(r"(?<=[a-z0-9]{2})(?<!s)s$", "", word) for word in words)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Role(Strict):
    id: str
    name: str
    synonyms: list[str] = Field(min_length=MIN_SYNONYMS)  # names a label may contain
    bare: list[str] = []  # names that mean this role only as a whole label ("User", "Model")
    heads: list[str] = []  # generic last words, for a label naming nothing else ("Feed service")
    verbs: list[str] = []  # a label opening with one does this role's work ("Train ranker")
    # role id -> words that make a box of that role play this one ("Light ranker"), in a design
    # that has this role
    instead_of: dict[str, list[str]] = {}
    # a place data is kept: "S3: training set" is what it holds, when that is named
    store: bool = False
    # a place other work runs: "Spark: 2-hop walk" is the walk, "XgbTrainAirflow" training
    engine: bool = False
    # what this store keeps, said of any store: "S3: 5B images", "Cosmos DB posts" are this role
    holds: list[str] = []
    description: str

    def names(self) -> list[str]:
        return [self.name, *self.synonyms, *self.bare, *self.heads]


class Vocabulary(Strict):
    """knowledge/components.yaml: the roles every reference design may use."""

    roles: list[Role] = Field(min_length=1)
    abbreviations: dict[str, str] = {}  # a word candidates shorten -> the words it stands for

    @model_validator(mode="after")
    def _unique(self) -> Vocabulary:
        seen: dict[str, str] = {}
        verbs: dict[str, str] = {}  # apart from names: "Label posts" is labelling, "Labels" data
        ids = [role.id for role in self.roles]
        for n, role in enumerate(self.roles):
            if role.id in ids[:n]:
                raise Problem(("roles", n, "id"), f"{role.id!r} is listed twice; keep one")
            claim(seen, role.id, role.names(), ("roles", n, "synonyms"))
            claim(verbs, role.id, role.verbs, ("roles", n, "verbs"))
            if unknown := [other for other in role.instead_of if other not in ids]:
                raise Problem(
                    ("roles", n, "instead_of"),
                    f"{unknown[0]!r} is not a role; use one of {', '.join(ids)}",
                )
        for short in self.abbreviations:
            if len(folded(short).split()) != 1:
                raise Problem(("abbreviations",), f"{short!r} is not one word; keep single words")
        return self


def claim(seen: dict[str, str], role: str, names: list[str], loc: tuple) -> None:
    """Record `names` as naming `role`; a name already naming another role is an error (a
    label containing it could not tell the two apart)."""
    for name in names:
        key = folded(name)
        if not key:
            raise Problem(loc, f"{name!r} has no letters or digits; remove it")
        owner = seen.setdefault(key, role)
        if owner != role:
            raise Problem(loc, f"{name!r} already names the role {owner}; a name names one role")

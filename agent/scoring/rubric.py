"""knowledge/rubric.yaml as a typed Rubric, with its hint penalty.

The rubric is data; this module only validates it and applies the hint penalty. The rules that
turn scores into a level and a recommendation are in decision.py (both in docs/scoring.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, model_validator

from agent.errors import first_problem
from agent.knowledge import STAGES, KnowledgeError, Stage, load_rubric
from agent.paths import KNOWLEDGE_DIR
from agent.scoring.scorecard import DIMENSIONS, Dimension, Recommendation

SCORES = (1, 2, 3, 4)


class Anchor(BaseModel):
    label: str
    recommendation: Recommendation
    anchor: str


class HintPenalty(BaseModel):
    per_hint: float = Field(ge=0, le=3)
    max: float = Field(ge=0, le=3)
    note: str = ""


class DimensionSpec(BaseModel):
    description: str
    stages: list[Stage] = Field(min_length=1)
    descriptors: dict[int, str]


class Rubric(BaseModel):
    scale: dict[int, Anchor]
    hint_penalty: HintPenalty
    stages: dict[Stage, dict[int, str]]
    dimensions: dict[Dimension, DimensionSpec]
    levels: dict[str, str]

    @model_validator(mode="after")
    def _complete(self) -> Rubric:
        problems = (
            [f"scale: scores {sorted(self.scale)} (need 1-4)"]
            if set(self.scale) != set(SCORES)
            else []
        )
        problems += [f"stages.{s}: missing" for s in STAGES if s not in self.stages]
        problems += [
            f"stages.{s}: scores {sorted(d)} (need 1-4)"
            for s, d in self.stages.items()
            if set(d) != set(SCORES)
        ]
        problems += [f"dimensions.{d}: missing" for d in DIMENSIONS if d not in self.dimensions]
        problems += [
            f"dimensions.{d}: scores {sorted(spec.descriptors)} (need 1-4)"
            for d, spec in self.dimensions.items()
            if set(spec.descriptors) != set(SCORES)
        ]
        problems += [
            f"levels.{lv}: missing" for lv in ("mid", "senior", "staff") if lv not in self.levels
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def penalty(self, hints: int) -> float:
        """Score points a stage loses for `hints` hints: per_hint each, capped at max."""
        return min(self.hint_penalty.max, self.hint_penalty.per_hint * max(0, hints))

    def apply_hints(self, score: float, hints: int) -> float:
        """The stage score after its hint penalty, never below the scale's floor of 1."""
        return max(1.0, score - self.penalty(hints))


def _shape(raw: Mapping[str, Any]) -> dict[str, Any]:
    """YAML keeps a dimension's 1-4 descriptors beside its other keys; gather them."""
    dimensions = {}
    for name, spec in (raw.get("dimensions") or {}).items():
        spec = dict(spec or {})
        descriptors = {k: spec.pop(k) for k in list(spec) if isinstance(k, int)}
        dimensions[name] = spec | {"descriptors": descriptors}
    return dict(raw) | {"dimensions": dimensions}


def parse_rubric(raw: Mapping[str, Any], path: Path | str = "rubric.yaml") -> Rubric:
    try:
        return Rubric.model_validate(_shape(raw))
    except ValidationError as error:
        raise KnowledgeError(f"{path}: {first_problem(error)}") from None


@lru_cache(maxsize=1)
def default_rubric() -> Rubric:
    """The shipped rubric, validated once per process."""
    return parse_rubric(load_rubric(), KNOWLEDGE_DIR / "rubric.yaml")

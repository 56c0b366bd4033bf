"""The scorecard: one pydantic model, rendered by the CLI, the UI and as JSON (a public contract)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field

from agent.knowledge import Stage

Dimension = Literal[
    "problem_navigation", "solution_design", "technical_excellence", "communication"
]
DIMENSIONS: tuple[Dimension, ...] = (
    "problem_navigation",
    "solution_design",
    "technical_excellence",
    "communication",
)
Recommendation = Literal["strong_no_hire", "no_hire", "hire", "strong_hire"]
Level = Literal["below_mid", "mid", "senior", "staff"]
LEVELS: tuple[Level, ...] = ("below_mid", "mid", "senior", "staff")  # lowest first


class FlagFinding(BaseModel):
    """A red flag the candidate raised: their sentence, and what the note says about it."""

    flag: str
    quote: str = Field(description="The candidate's sentence, verbatim.")
    why: str = ""
    instead: str = ""
    note: str = Field("", description="The id of the knowledge note the flag comes from.")


class StageGrade(BaseModel):
    score: float | None = Field(
        None,
        ge=1,
        le=4,
        description="1-4 after the hint penalty; "
        "None when the stage was not reached or not supported.",
    )
    rationale: str = ""
    evidence: list[str] = Field(
        default_factory=list,
        description="Verbatim quotes of the candidate's words, and edges they drew, cited as "
        'edge: "A" -> "B".',
    )
    missed: list[str] = Field(default_factory=list, description="What a strong answer adds.")
    red_flags: list[FlagFinding] = Field(
        default_factory=list, description="Wrong choices the candidate stated, with quotes."
    )
    supported: bool = Field(True, description="False when the evidence could not be verified.")
    hints: int = 0
    communication: float | None = Field(
        None,
        ge=1,
        le=4,
        description="1-4: how clearly the "
        "candidate communicated in this stage (feeds the "
        "communication dimension).",
    )


class DimensionGrade(BaseModel):
    score: float | None = Field(None, ge=1, le=4)
    rationale: str = ""


class Improvement(BaseModel):
    text: str
    note: str = Field("", description="The id of the knowledge note to study.")


class SampleAnswer(BaseModel):
    stage: Stage | None = None
    outline: list[str] = Field(default_factory=list)


class TokenUsage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0


class MissingEdge(BaseModel):
    """A connection of the question's reference design that no diagram of the candidate draws."""

    edge: str = Field(description="By the roles' names: 'model serving -> event logging'.")
    stage: Stage = Field(description="The stage whose checklist item the edge evidences.")
    probe: str = Field(description="What an interviewer asks about it.")


class DrawnDiagram(BaseModel):
    """The candidate's last diagram, as drawn, and the must-have edges missing from all."""

    kind: Literal["mermaid", "ascii"]
    source: str = Field(description="The diagram's text: Mermaid, or the arrow-chain lines.")
    missing: list[MissingEdge] = Field(default_factory=list)


class Scorecard(BaseModel):
    overall: float | None = Field(None, ge=1, le=4)
    recommendation: Recommendation | None = None
    level: Level | None = None
    target_level: Level | None = Field(
        None, description="The level interviewed for; None for an eval case (no target)."
    )
    verdict: str = Field(
        "",
        description="The demonstrated level against the target, in words, e.g. "
        "'meets the mid bar, below the senior target'.",
    )
    drill: list[Stage] = Field(
        default_factory=list,
        description="A drill's stages: the card grades those only, with no recommendation or "
        "level (one stage says little about a hire); empty for a full interview.",
    )
    not_reached: list[Stage] = Field(
        default_factory=list, description="Stages with no turn: graded on the others only."
    )
    stages: dict[Stage, StageGrade] = Field(default_factory=dict)
    dimensions: dict[Dimension, DimensionGrade] = Field(default_factory=dict)
    strengths: list[str] = Field(default_factory=list)
    improvements: list[Improvement] = Field(default_factory=list)
    sample_answer: SampleAnswer = Field(default_factory=SampleAnswer)
    hints_used: int = 0
    graded: bool = True
    reason: str = ""
    grader: str = Field("", description="The LLM model name, or 'coverage'.")
    usage: TokenUsage = Field(default_factory=TokenUsage)
    diagram: DrawnDiagram | None = Field(None, description="None when the candidate drew none.")

    # Derived from not_reached, so they can never disagree with it; still in the JSON.
    @computed_field(description="False when the interview ended before a stage.")
    @property
    def complete(self) -> bool:
        return not self.not_reached

    @computed_field(description="The recommendation rests on some stages only (not complete).")
    @property
    def provisional(self) -> bool:
        return self.recommendation is not None and not self.complete

    def all_withheld(self) -> bool:
        """No stage has a score because the grader's evidence was not found in the answers (a
        transcript refused as too short, or with no stage reached, has no withheld grade)."""
        return not self.graded and any(not g.supported for g in self.stages.values())

"""What the LLM grader returns for one stage: a bounded, ordered verdict (the JSON schema sent
to the endpoint), score last so the model reasons before it scores."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, Field


def _clip(limit: int) -> BeforeValidator:
    """Cut an over-long string or list instead of rejecting the verdict: endpoints that ignore
    the schema's limits still give a usable grade, and a cut quote is still verbatim."""
    return BeforeValidator(lambda v: v[:limit] if isinstance(v, (str, list)) else v)


Rationale = Annotated[str, _clip(400), Field(max_length=400)]
Quote = Annotated[str, _clip(160), Field(max_length=160)]
Point = Annotated[str, _clip(100), Field(max_length=100)]
Quotes = Annotated[list[Quote], _clip(3), Field(max_length=3)]
FlagId = Annotated[str, _clip(40), Field(max_length=40)]


class FlagRaised(BaseModel):
    """A listed red flag the candidate's own sentence makes."""

    id: FlagId = Field(description="The id of the red flag, as listed (e.g. F2).")
    quote: Quote = Field(description="The candidate's sentence that makes it, copied exactly.")


Flags = Annotated[list[FlagRaised], _clip(3), Field(max_length=3)]
Points = Annotated[list[Point], _clip(4), Field(max_length=4)]


class StageAssessment(BaseModel):
    """The grader's verdict on one stage; fields are written in order, the score last.

    Lengths are bounded so a small model cannot ramble until it runs out of tokens.
    """

    rationale: Rationale = Field(
        description="Two to four sentences comparing the candidate's "
        "answers with the stage descriptors, written before choosing "
        "the score."
    )
    evidence: Quotes = Field(
        description="Up to three quotes copied exactly, "
        "word for word, from inside the <candidate> tags, that support "
        "the score."
    )
    missed: Points = Field(
        description="What a strong answer in this stage "
        "covers that the candidate left out, one short item each."
    )
    red_flags: Flags = Field(
        default_factory=list,
        description="Listed red flags the candidate states and does not correct in this "
        "stage, each with the sentence copied exactly; empty when none.",
    )
    communication: int = Field(
        ge=1,
        le=4,
        description="1-4 by the communication descriptors: "
        "structure, clarity and reasoning in this stage.",
    )
    score: int = Field(
        ge=1,
        le=4,
        description="1-4 by the stage descriptors, ignoring hints "
        "(their penalty is applied separately).",
    )

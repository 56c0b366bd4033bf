"""Interview questions as the bank files give them (knowledge/questions/*.yaml): the prompt,
the facts a clarifying question may be told, and per stage what is expected and what is not
judged; and which notes may ground a probe on a question (`in_domain`)."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints, ValidationInfo, model_validator

from agent.errors import Problem
from agent.knowledge_files import Strict
from agent.notes import STAGES, Note, Stage


class StageExpectation(Strict):
    questions: list[str] = []
    key_points: list[str] = []
    # checklist items an interviewer would not hold this question to (class imbalance in a
    # regression, a logistic-regression baseline for translation): never graded, listed as
    # missed or probed
    not_judged: list[str] = []
    strong: str
    mixed: str
    weak: str


class Clarification(Strict):
    topic: str
    answer: str
    # questions this fact alone answers, as candidates ask them: a clarifying question is
    # matched against these as well as the fact, so "Peak QPS?" finds the fact with the number
    asks: list[Annotated[str, StringConstraints(pattern=r"\?\s*$")]] = []


class Question(Strict):
    id: str
    title: str
    prompt: str
    tags: list[str] = []
    notes: list[str] = []
    clarifications: list[Clarification] = []
    stages: dict[Stage, StageExpectation]

    @model_validator(mode="after")
    def _all_stages(self) -> Question:
        missing = [s for s in STAGES if s not in self.stages]
        if missing:
            raise Problem(
                ("stages",),
                f"missing {', '.join(missing)}; add an entry for each of the seven stages",
            )
        return self

    @model_validator(mode="after")
    def _judged_items_exist(self, info: ValidationInfo) -> Question:
        checklists = (info.context or {}).get("checklists")
        for stage, expectation in self.stages.items() if checklists else ():
            if unknown := [i for i in expectation.not_judged if i not in checklists[stage]]:
                raise Problem(
                    ("stages", stage, "not_judged"),
                    f"{', '.join(unknown)} not in the {stage} checklist; use its item ids: "
                    f"{', '.join(checklists[stage])}",
                )
        return self


GENERIC_TAG = "production"  # a note about running ML systems rather than one domain's technique


def in_domain(note: Note, question: Question | None) -> bool:
    """Whether a note may ground a probe in an interview on `question`: a stage note, one of
    the question's own notes, or a production note that names the question; never another
    domain's technique (no learning-to-rank gradients in a fraud interview). A production
    note is not every interview's either: "does an item do badly because people dislike it or
    because the system rarely showed it?" means nothing to an ETA model, so such a note lists
    the bank questions it serves (A/B testing lists all of them). A domain note naming a
    question does not put it in scope: the question's own list is the narrower one. A
    free-text question allows all here; the engine keeps it to the notes its graders use
    (`TurnInputs._own_domain`)."""
    return (
        question is None
        or note.kind == "stage"
        or note.id in question.notes
        or (GENERIC_TAG in note.tags and question.id in note.questions)
    )

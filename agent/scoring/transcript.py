"""The graders' input: who said what in which stage, from a live session or a case file.

Both sources give `agent.state.Turn`s (a case through `Case.to_turns`), every one with its stage.
Diagrams are read from the answers' text (`agent.diagrams.extract`), which is what every
transcript holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agent.cases import Case
from agent.diagrams import Diagram, extract, without_diagrams
from agent.knowledge import STAGES, Stage, stages_through
from agent.scoring.scorecard import LEVELS, Level
from agent.state import Turn


@dataclass
class Transcript:
    question_id: str | None
    question_text: str
    turns: list[Turn]
    hints: dict[str, int] = field(default_factory=dict)
    target_level: Level | None = None  # the level interviewed for (an eval case has none)
    drill: list[Stage] = field(default_factory=list)  # a drill's stages; empty: all seven

    @property
    def scope(self) -> list[Stage]:
        """The stages this interview set out to cover: a drill's, or all seven."""
        return [s for s in STAGES if s in self.drill] if self.drill else list(STAGES)

    def answers(self, stage: Stage) -> list[str]:
        """The candidate's answers in `stage` (commands such as /hint excluded)."""
        return [
            t["text"]
            for t in self.turns
            if t["stage"] == stage and t["role"] == "candidate" and t.get("kind") != "command"
        ]

    def prose(self, stage: Stage) -> list[str]:
        """The answers in `stage` without their diagrams: what the sentence-based rules read,
        so a line of Mermaid is never taken for a sentence."""
        return [without_diagrams(answer) for answer in self.answers(stage)]

    def drawn(self, until: Stage = STAGES[-1]) -> list[Diagram]:
        """The diagrams drawn in the stages up to and including `until`, in order: a diagram
        is the design as a whole, so one drawn in the MVP stage evidences later stages too."""
        stages = stages_through(until)
        return [d for stage in stages for answer in self.answers(stage) for d in extract(answer)]

    def earlier_as(self, stage: Stage) -> Transcript | None:
        """The candidate's answers of the stages before `stage`, as if given in it (None when
        there are none): a point made earlier is not asked for again, nor listed as missed
        (the scorecard still scores each stage on its own answers)."""
        before = stages_through(stage)[:-1]
        moved = [
            {**t, "stage": stage}
            for t in self.turns
            if t["role"] == "candidate" and t["stage"] in before
        ]
        return Transcript(self.question_id, self.question_text, moved) if moved else None

    def stage_turns(self, stage: Stage) -> list[Turn]:
        return [t for t in self.turns if t["stage"] == stage]

    def stages_reached(self) -> list[Stage]:
        reached = {t["stage"] for t in self.turns}
        return [s for s in STAGES if s in reached]

    def stages_not_reached(self) -> list[Stage]:
        """Stages of the scope with no turn at all: after an early end (or left out of a case
        file). A drill's other stages were never meant to be reached."""
        reached = self.stages_reached()
        return [s for s in self.scope if s not in reached]

    def interviewer_text(self, until: Stage = STAGES[-1]) -> str:
        """What the interviewer said in the stages up to and including `until`."""
        stages = stages_through(until)
        return "\n".join(
            t["text"] for t in self.turns if t["role"] == "interviewer" and t["stage"] in stages
        )

    def candidate_prose(self) -> str:
        """Every answer of the interview, without its diagrams."""
        return "\n".join(
            without_diagrams(t["text"])
            for t in self.turns
            if t["role"] == "candidate" and t.get("kind") != "command"
        )

    @classmethod
    def from_case(cls, case: Case, question_text: str | None = None) -> Transcript:
        turns = case.to_turns()
        hints: dict[str, int] = {}
        for t in turns:
            if t["kind"] == "command" and t["text"].strip().lower() == "/hint":
                hints[t["stage"]] = hints.get(t["stage"], 0) + 1
        text = question_text or case.question_text or ""
        return cls(case.question, text, turns, hints, case.target_level, list(case.drill))

    @classmethod
    def from_state(cls, values: dict[str, Any]) -> Transcript:
        return cls(
            values.get("question_id"),
            values.get("question_text", ""),
            list(values.get("turns", [])),
            dict(values.get("hints", {})),
            values.get("level") if values.get("level") in LEVELS else None,
            list(values.get("drill") or []),
        )

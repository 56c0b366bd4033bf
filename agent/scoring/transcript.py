"""The graders' input: who said what in which stage, from a live session or a case file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agent.cases import Case
from agent.knowledge import STAGES, Stage


@dataclass(frozen=True)
class Line:
    stage: Stage
    role: str  # interviewer | candidate
    text: str
    kind: str = ""  # answer, command, hint, ...


@dataclass
class Transcript:
    question_id: str | None
    question_text: str
    lines: list[Line]
    hints: dict[str, int] = field(default_factory=dict)

    def answers(self, stage: Stage) -> list[str]:
        """The candidate's answers in `stage` (commands such as /hint excluded)."""
        return [
            line.text
            for line in self.lines
            if line.stage == stage and line.role == "candidate" and line.kind != "command"
        ]

    def stage_lines(self, stage: Stage) -> list[Line]:
        return [line for line in self.lines if line.stage == stage]

    def stages_reached(self) -> list[Stage]:
        reached = {line.stage for line in self.lines}
        return [s for s in STAGES if s in reached]

    def candidate_text(self) -> str:
        return "\n".join(
            line.text for line in self.lines if line.role == "candidate" and line.kind != "command"
        )

    @classmethod
    def from_case(cls, case: Case, question_text: str | None = None) -> Transcript:
        lines = [
            Line(stage, t.role, t.text, t.kind or ("answer" if t.role == "candidate" else ""))
            for stage, t in case.staged_turns()
        ]
        for line in lines:  # a saved transcript may carry commands as plain candidate turns
            if line.role == "candidate" and line.text.strip().lower() in (
                "/hint",
                "/next",
                "/end",
                "/repeat",
                "/status",
            ):
                object.__setattr__(line, "kind", "command")
        hints: dict[str, int] = {}
        for line in lines:
            if line.kind == "command" and line.text.strip().lower() == "/hint":
                hints[line.stage] = hints.get(line.stage, 0) + 1
        return cls(case.question, question_text or case.question_text or "", lines, hints)

    @classmethod
    def from_state(cls, values: dict[str, Any]) -> Transcript:
        lines = [
            Line(t["stage"], t["role"], t["text"], t.get("kind", ""))
            for t in values.get("turns", [])
        ]
        return cls(
            values.get("question_id"),
            values.get("question_text", ""),
            lines,
            dict(values.get("hints", {})),
        )

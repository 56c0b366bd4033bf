"""The interview's typed state, as LangGraph checkpoints it after every node, with the one turn
type, the one command table and the one stage clock.

It sits below the engine, the interviewer and scoring because all three read it: case files,
graded transcripts and exports convert to and from `Turn`, never a shape of their own.
"""

from __future__ import annotations

import operator
import time
from typing import Annotated, Literal, TypedDict, get_args

from agent.knowledge import STAGES, Knowledge, Stage

# the levels a candidate can be interviewed for (a scorecard may also read "below mid")
TargetLevel = Literal["mid", "senior", "staff"]
TARGET_LEVELS: tuple[TargetLevel, ...] = get_args(TargetLevel)
Role = Literal["interviewer", "candidate"]
TurnKind = Literal[
    "opening",  # the first question of a stage
    "follow_up",  # asks about a checklist gap
    "probe",  # digs into something the candidate said, grounded in a note
    "clarification",  # facts from the bank answering the candidate's questions (moving on:
    # with any diagram line that could not be read)
    "hint",  # a nudge the candidate asked for (charged by the scorer)
    "status",  # /status reply
    "repeat",  # /repeat: the last question again
    "confirm",  # asks the candidate to repeat /end (or /next in the last stage) to end
    "closing",  # the interview is over
    "answer",  # a candidate answer
    "command",  # a candidate command such as /hint
]
QUESTION_KINDS = ("opening", "follow_up", "probe")  # interviewer turns that put a question


Route = Literal["respond", "hint", "advance", "repeat", "status", "finish", "confirm"]
COMMANDS: dict[str, Route] = {  # what the candidate types -> the engine's route
    "/hint": "hint",
    "/next": "advance",
    "/repeat": "repeat",
    "/status": "status",
    "/end": "finish",
}


def is_command(text: str) -> bool:
    return text.strip().lower() in COMMANDS


class Turn(TypedDict, total=False):
    role: Role
    stage: Stage
    text: str
    kind: TurnKind
    sources: list[str]  # "note-id#section" a question was grounded in
    notes: list[str]  # the notes retrieved for the answer it replies to, as the model saw them
    task: str  # the instruction a model wrote this question to, as the model saw it
    lead: str  # what the engine said before the model's words (facts asked for), if anything
    at: float  # seconds since the epoch, from the front end's clock
    confirmed: bool  # a command the front end already confirmed (the app's "End now" button)
    # the diagrams in a candidate answer, as `Diagram.model_dump(mode="json")`: only on an
    # answer that has any, so turns saved before diagrams were read stay valid
    diagrams: list[dict]


class InterviewState(TypedDict, total=False):
    question_id: str | None  # a bank question, or None for a free-text question
    question_text: str
    level: TargetLevel
    stage: Stage
    stage_started: float
    budgets: dict[str, float]  # stage -> minutes, when the candidate changed the defaults
    turns: Annotated[list[Turn], operator.add]  # append-only transcript
    covered: dict[str, list[str]]  # stage -> checklist item ids the candidate has covered
    hints: dict[str, int]  # stage -> hints used
    summaries: dict[str, str]  # closed stage -> compact summary for later prompts
    pending: Turn | None  # the candidate input being handled
    # turns where the model gave no valid decision and the offline interviewer decided:
    # {"stage", "at", "why"} (the front ends say so once)
    fallbacks: Annotated[list[dict], operator.add]
    next_step: Literal["listen", "advance"]
    status: Literal["active", "ended"]
    ended_by: Literal["completed", "candidate"] | None
    # a drill: the one stage (or adjacent stages) this interview runs; absent for a full one
    drill: list[Stage]


def stages_of(state: InterviewState) -> list[Stage]:
    """The stages this interview runs, in order: all seven, or a drill's own."""
    return list(state.get("drill") or STAGES)


def stages_answered(state: InterviewState) -> set[Stage]:
    """The stages the candidate has answered in (commands such as /next are no answer)."""
    return {
        t["stage"]
        for t in state.get("turns", [])
        if t["role"] == "candidate" and t.get("kind") != "command"
    }


def minutes_planned(state: InterviewState, knowledge: Knowledge) -> float:
    """The interview's whole budget: its stages' minutes, the candidate's or the defaults."""
    budgets = state.get("budgets", {})
    stages = stages_of(state)
    return sum(float(budgets.get(s, knowledge.stages[s].budget_minutes)) for s in stages)


def now(state: InterviewState) -> float:
    """The interview clock: the time of the latest candidate input (the front end's clock)."""
    pending = state.get("pending")
    return pending["at"] if pending else state.get("stage_started", time.time())


def stage_elapsed(state: InterviewState, at: float | None = None) -> float:
    """Seconds spent in the current stage, as of `at` (default: the interview clock)."""
    at = now(state) if at is None else at
    return max(0.0, at - state.get("stage_started", at))


def make_turn(stage: Stage, role: Role, text: str, kind: str = "") -> Turn:
    """A turn from positional parts (tests and scripted transcripts)."""
    return Turn(stage=stage, role=role, text=text, kind=kind)  # type: ignore[typeddict-item]

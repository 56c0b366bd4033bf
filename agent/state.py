"""The interview's typed state, as LangGraph checkpoints it after every node."""

from __future__ import annotations

import operator
from typing import Annotated, Literal, TypedDict

from agent.knowledge import Stage

Role = Literal["interviewer", "candidate"]
TurnKind = Literal[
    "opening",  # the first question of a stage
    "follow_up",  # asks about a checklist gap
    "probe",  # digs into something the candidate said, grounded in a note
    "clarification",  # facts from the bank answering the candidate's questions
    "hint",  # a nudge the candidate asked for (charged by the scorer)
    "status",  # /status reply
    "repeat",  # /repeat: the last question again
    "closing",  # the interview is over
    "answer",  # a candidate answer
    "command",  # a candidate command such as /hint
]


class Turn(TypedDict, total=False):
    role: Role
    stage: Stage
    text: str
    kind: TurnKind
    sources: list[str]  # "note-id#section" a question was grounded in
    at: float  # seconds since the epoch, from the front end's clock


class InterviewState(TypedDict, total=False):
    question_id: str | None  # a bank question, or None for a free-text question
    question_text: str
    level: str  # target level: mid | senior | staff
    stage: Stage
    stage_started: float
    budgets: dict[str, float]  # stage -> minutes, when the candidate changed the defaults
    turns: Annotated[list[Turn], operator.add]  # append-only transcript
    covered: dict[str, list[str]]  # stage -> checklist item ids the candidate has covered
    hints: dict[str, int]  # stage -> hints used
    summaries: dict[str, str]  # closed stage -> compact summary for later prompts
    pending: Turn | None  # the candidate input being handled
    next_step: Literal["listen", "advance"]
    status: Literal["active", "ended"]
    ended_by: Literal["completed", "candidate"] | None

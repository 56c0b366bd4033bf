"""The interview graph's nodes. Each returns a state update; interviewer text is streamed
through LangGraph's custom stream as it is produced, then stored as one turn.

`listen` is the only node that waits for the candidate; it records the input and returns, so
the input is checkpointed before any model call in the nodes that follow.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from itertools import chain
from typing import Any, Literal

from langgraph.config import get_stream_writer
from langgraph.types import interrupt

from agent.clarify import matching_facts, only_questions
from agent.knowledge import STAGES, Knowledge
from agent.offline_policy import covered_items, open_items
from agent.policy import Policy, TurnContext, lines, opening_question, words
from agent.state import InterviewState, Turn
from agent.summaries import summarise_stage

COMMANDS = {
    "/hint": "hint",
    "/next": "advance",
    "/repeat": "repeat",
    "/status": "status",
    "/end": "finish",
}
Route = Literal["respond", "hint", "advance", "repeat", "status", "finish"]


class InterviewNodes:
    def __init__(self, policy: Policy, knowledge: Knowledge, retriever: Any = None):
        self.policy, self.knowledge, self.retriever = policy, knowledge, retriever

    # -- helpers ------------------------------------------------------------------------
    def _ctx(self, state: InterviewState) -> TurnContext:
        qid = state.get("question_id")
        question = self.knowledge.questions.get(qid) if qid else None
        return TurnContext(state, self.knowledge, self.knowledge.stages[state["stage"]], question)

    def _say(
        self,
        pieces: Iterable[str],
        state: InterviewState,
        kind: str,
        sources: list[str] | None = None,
        stage: str | None = None,
    ) -> Turn:
        writer = get_stream_writer()
        text = []
        for piece in pieces:
            writer({"token": piece})
            text.append(piece)
        return Turn(
            role="interviewer",
            stage=stage or state["stage"],
            text="".join(text).strip(),
            kind=kind,
            sources=sources or [],
            at=_now(state),
        )

    # -- nodes ----------------------------------------------------------------------------
    def begin(self, state: InterviewState) -> dict:
        state = {**state, "stage": STAGES[0]}
        ctx = self._ctx(state)
        intro = (
            f"{lines()['welcome']}\n\n{lines()['question'].format(prompt=state['question_text'])}"
        )
        turn = self._say(words(f"{intro}\n\n{opening_question(ctx)}"), state, "opening")
        return {
            "stage": STAGES[0],
            "turns": [turn],
            "covered": {},
            "hints": {},
            "summaries": {},
            "status": "active",
            "ended_by": None,
        }

    def listen(self, state: InterviewState) -> dict:
        value = interrupt({"stage": state["stage"]})
        text = str(value.get("text", "") if isinstance(value, dict) else value).strip()
        at = float(value.get("at") or time.time()) if isinstance(value, dict) else time.time()
        kind = "command" if text.lower() in COMMANDS else "answer"
        turn = Turn(role="candidate", stage=state["stage"], text=text, kind=kind, at=at)
        return {"turns": [turn], "pending": turn}

    def route_input(self, state: InterviewState) -> Route:
        pending = state["pending"]
        return (
            COMMANDS.get(pending["text"].lower(), "respond")
            if pending["kind"] == "command"
            else "respond"
        )

    def respond(self, state: InterviewState) -> dict:
        ctx = self._ctx(state)
        told = self._clarify(ctx)
        if told and only_questions(ctx.answers[-1]):  # answer, then let the candidate go on
            turn = self._say(words(f"{told} {lines()['go_on']}"), state, "clarification")
            return {
                "turns": [turn],
                "covered": self._covered(state, covered_items(ctx)),
                "next_step": "listen",
            }
        if self._time_spent(state) >= self._budget(state) * 60:
            return {
                "next_step": "advance",
                "turns": self._told_alone(told, state),
                "covered": self._covered(state, covered_items(ctx)),
            }
        ctx.hits = self._retrieve(ctx)
        decision = self.policy.decide(ctx)
        covered = self._covered(state, decision.covered)
        if decision.action == "advance":
            return {
                "next_step": "advance",
                "covered": covered,
                "turns": self._told_alone(told, state),
            }
        ctx.state, ctx.told = {**state, "covered": covered}, told
        pieces = self.policy.ask(ctx, decision)
        turn = self._say(
            chain(words(f"{told} "), pieces) if told else pieces,
            state,
            decision.action,
            decision.sources,
        )
        return {"turns": [turn], "covered": covered, "next_step": "listen"}

    def route_respond(self, state: InterviewState) -> Literal["listen", "advance"]:
        return state["next_step"]

    def hint(self, state: InterviewState) -> dict:
        hints = dict(state.get("hints", {}))
        hints[state["stage"]] = hints.get(state["stage"], 0) + 1
        return {
            "turns": [self._say(self.policy.hint(self._ctx(state)), state, "hint")],
            "hints": hints,
        }

    def repeat(self, state: InterviewState) -> dict:
        asked = [
            t
            for t in state["turns"]
            if t["role"] == "interviewer"
            and t.get("kind") in ("opening", "follow_up", "probe", "hint")
        ]
        text = asked[-1]["text"] if asked else lines()["repeat_none"]
        return {"turns": [self._say(words(text), state, "repeat")]}

    def status(self, state: InterviewState) -> dict:
        ctx, stage = self._ctx(state), state["stage"]
        text = lines()["status"].format(
            number=STAGES.index(stage) + 1,
            title=ctx.spec.title,
            minutes=round(self._time_spent(state) / 60, 1),
            budget=f"{self._budget(state):g}",
            covered=len(covered_items(ctx)),
            total=len(ctx.spec.checklist),
            hints=state.get("hints", {}).get(stage, 0),
        )
        return {"turns": [self._say(words(text), state, "status")]}

    def advance(self, state: InterviewState) -> dict:
        ctx, stage = self._ctx(state), state["stage"]
        summaries = dict(state.get("summaries", {}))
        summaries[stage] = summarise_stage(ctx.spec, covered_items(ctx), ctx.answers)
        if stage == STAGES[-1]:
            return {"summaries": summaries, "next_step": "finish"}
        timed_out = self._time_spent(state) >= self._budget(state) * 60
        following = STAGES[STAGES.index(stage) + 1]
        moved = {**state, "stage": following}
        next_ctx = self._ctx(moved)
        lead = lines()["transition"].format(title=next_ctx.spec.title)
        if timed_out:  # say why we are moving on before saying where to
            lead = f"{lines()['time_up'].format(title=ctx.spec.title)} {lead}"
        turn = self._say(words(f"{lead} {opening_question(next_ctx)}"), moved, "opening")
        return {
            "stage": following,
            "stage_started": _now(state),
            "summaries": summaries,
            "turns": [turn],
            "next_step": "listen",
        }

    def route_advance(self, state: InterviewState) -> Literal["listen", "finish"]:
        return "finish" if state["next_step"] == "finish" else "listen"

    def finish(self, state: InterviewState) -> dict:
        early = state["pending"] is not None and state["pending"]["text"].lower() == "/end"
        text = lines()["closing_early" if early else "closing"]
        return {
            "turns": [self._say(words(text), state, "closing")],
            "status": "ended",
            "ended_by": "candidate" if early else "completed",
        }

    # -- internals ----------------------------------------------------------------------------
    def _covered(self, state: InterviewState, items: list[str]) -> dict[str, list[str]]:
        return {**state.get("covered", {}), state["stage"]: items}

    def _budget(self, state: InterviewState) -> float:
        return self._ctx(state).budget_minutes

    def _time_spent(self, state: InterviewState) -> float:
        return _now(state) - state.get("stage_started", _now(state))

    def _clarify(self, ctx: TurnContext) -> str:
        """The bank's answers to the clarifying questions in the latest answer, or ""."""
        if ctx.question is None or not ctx.answers:
            return ""
        embedder = getattr(self.retriever, "embedder", None)
        facts = matching_facts(ctx.answers[-1], ctx.question.clarifications, embedder)
        if not facts:
            return ""
        line = lines()["clarification" if len(facts) == 1 else "clarifications"]
        return line.format(facts=" ".join(f.answer.strip() for f in facts))

    def _told_alone(self, told: str, state: InterviewState) -> list[Turn]:
        """Moving on: the facts asked for are still given, as their own message, first."""
        return [self._say(words(told), state, "clarification")] if told else []

    def _retrieve(self, ctx: TurnContext) -> list:
        if self.retriever is None or not ctx.answers:
            return []
        from agent.retrieval.search import follow_up_query

        gaps = [item.text for item in open_items(ctx)]  # as of this answer, by its cue words
        ctx.query = follow_up_query(ctx.answers[-1], gaps)
        return self.retriever.grounding(
            ctx.answers[-1],
            gaps,
            stage=ctx.state["stage"],
            question_id=ctx.state.get("question_id"),
        )


def _now(state: InterviewState) -> float:
    """The interview clock: the time of the latest candidate input (the front end's clock)."""
    pending = state.get("pending")
    return pending["at"] if pending else state.get("stage_started", time.time())

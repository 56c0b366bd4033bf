"""The interview graph's nodes. Each returns a state update; interviewer text is streamed
through LangGraph's custom stream as it is produced, then stored as one turn. The command
nodes and how a node speaks are in commands.py.

`listen` is the only node that waits for the candidate; it records the input (with the
diagrams it holds) and returns, so the input is checkpointed before any model call in the
nodes that follow. The nodes know the interviewer only through the `Policy` protocol and
retrieval only through `Retriever`.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Literal

from langgraph.types import interrupt

from agent.diagrams import extract
from agent.interview.commands import CommandNodes
from agent.interview.ending import affirmed, needs_confirmation
from agent.interview.inputs import TurnInputs
from agent.interviewer.asking import only_questions
from agent.interviewer.clarify import told
from agent.interviewer.drawing import unread_lines
from agent.interviewer.policy import Policy, TurnContext, lines, opening_question, stream_words
from agent.interviewer.summaries import summarise_stage
from agent.knowledge import Knowledge
from agent.retrieval.protocol import Retriever
from agent.state import (
    COMMANDS,
    InterviewState,
    Route,
    Turn,
    is_command,
    minutes_planned,
    now,
    stage_elapsed,
    stages_answered,
    stages_of,
)


class InterviewNodes(CommandNodes):
    def __init__(self, policy: Policy, knowledge: Knowledge, retriever: Retriever | None = None):
        self.policy, self.knowledge, self.retriever = policy, knowledge, retriever
        self._context = TurnInputs(knowledge, retriever)

    def _time_up(self, ctx: TurnContext) -> bool:
        return stage_elapsed(ctx.state) >= ctx.budget_minutes * 60

    # -- nodes ----------------------------------------------------------------------------
    def begin(self, state: InterviewState) -> dict:
        first = stages_of(state)[0]
        state = {**state, "stage": first}
        question = lines()["question"].format(prompt=state["question_text"])
        opening = f"{self._welcome(state)}\n\n{question}\n\n{opening_question(self._ctx(state))}"
        return {
            "stage": first,
            "turns": [self._say(stream_words(opening), state, "opening")],
            "covered": {},
            "hints": {},
            "summaries": {},
            "status": "active",
            "ended_by": None,
        }

    def listen(self, state: InterviewState) -> dict:
        value = interrupt({"stage": state["stage"]})
        text = str(value.get("text", "") if isinstance(value, dict) else value).strip()
        text = affirmed(state, text) or text
        at = float(value.get("at") or time.time()) if isinstance(value, dict) else time.time()
        kind = "command" if is_command(text) else "answer"
        turn = Turn(role="candidate", stage=state["stage"], text=text, kind=kind, at=at)
        if kind == "command" and isinstance(value, dict) and value.get("confirmed"):
            turn["confirmed"] = True
        if kind == "answer" and (diagrams := extract(text)):
            turn["diagrams"] = [diagram.model_dump(mode="json") for diagram in diagrams]
        return {"turns": [turn], "pending": turn}

    def route_input(self, state: InterviewState) -> Route:
        pending = state["pending"]
        if pending["kind"] != "command":
            return "respond"
        return "confirm" if needs_confirmation(state) else COMMANDS[pending["text"].lower()]

    def respond(self, state: InterviewState) -> dict:
        """One answer: say which diagram lines could not be read and give any facts asked for,
        then let the policy decide and ask."""
        ctx = self._ctx(state)
        facts = told(ctx, self.retriever.embedder if self.retriever else None)
        lead = " ".join(part for part in (unread_lines(state["pending"]), facts) if part)
        if facts and only_questions(ctx.answers[-1]):  # answer, then let the candidate go on
            turn = self._say(stream_words(f"{lead} {lines()['go_on']}"), state, "clarification")
            return {
                "turns": [turn],
                "covered": self._covered(ctx, self.policy.coverage(ctx)),
                "next_step": "listen",
            }
        if self._time_up(ctx):
            return {
                "next_step": "advance",
                "turns": self._alone(lead, state),
                "covered": self._covered(ctx, self.policy.coverage(ctx)),
            }
        ctx = self._context.drawn(self._context.heard(replace(ctx, told=facts)))
        ctx = self._context.grounded(ctx, self.policy.gaps)
        decision = self.policy.decide(ctx)
        covered = self._covered(ctx, decision.covered)
        fell_back = (
            [{"stage": state["stage"], "at": now(state), "why": decision.fallback}]
            if decision.fallback
            else []
        )
        if decision.action == "advance":
            turns = self._alone(lead, state)
            return {
                "next_step": "advance",
                "covered": covered,
                "turns": turns,
                "fallbacks": fell_back,
            }
        ctx = replace(ctx, state={**state, "covered": covered})
        pieces = self.policy.ask(ctx, decision)
        turn = self._say(pieces, state, decision.action, decision.sources, lead)
        shown = decision.notes if decision.notes is not None else [h.source for h in ctx.hits]
        turn["notes"] = shown  # later prompts show them again, byte for byte
        return {"turns": [turn], "covered": covered, "next_step": "listen", "fallbacks": fell_back}

    def route_respond(self, state: InterviewState) -> Literal["listen", "advance"]:
        return state["next_step"]

    def advance(self, state: InterviewState) -> dict:
        ctx, stage = self._ctx(state), state["stage"]
        summaries = dict(state.get("summaries", {}))
        summaries[stage] = summarise_stage(ctx.spec, self.policy.coverage(ctx), ctx.answers)
        stages = stages_of(state)
        if stage == stages[-1]:
            return {"summaries": summaries, "next_step": "finish"}
        following = stages[stages.index(stage) + 1]
        moved = {**state, "stage": following}
        next_ctx = self._ctx(moved)
        lead = lines()["transition"].format(title=next_ctx.spec.title)
        if self._time_up(ctx):  # say why we are moving on before saying where to
            lead = f"{lines()['time_up'].format(title=ctx.spec.title)} {lead}"
        elif stage not in stages_answered(state):  # /next before any answer: what it costs
            lead = f"{lines()['left_unanswered'].format(title=ctx.spec.title)} {lead}"
        opening = f"{lead} {opening_question(next_ctx)}"
        if following == "mvp":  # where the design is first sketched
            opening = f"{opening} {lines()['diagram_invite']}"
        return {
            "stage": following,
            "stage_started": now(state),
            "summaries": summaries,
            "turns": [self._say(stream_words(opening), moved, "opening")],
            "next_step": "listen",
        }

    def route_advance(self, state: InterviewState) -> Literal["listen", "finish"]:
        return "finish" if state["next_step"] == "finish" else "listen"

    def finish(self, state: InterviewState) -> dict:
        early = state["pending"] is not None and state["pending"]["text"].lower() == "/end"
        text = lines()["closing_early" if early else "closing"]
        return {
            "turns": [self._say(stream_words(text), state, "closing")],
            "status": "ended",
            "ended_by": "candidate" if early else "completed",
        }

    # -- internals ----------------------------------------------------------------------------
    def _welcome(self, state: InterviewState) -> str:
        if not state.get("drill"):
            return lines()["welcome"]
        titles = " and ".join(self.knowledge.stages[s].title for s in state["drill"])
        minutes = minutes_planned(state, self.knowledge)
        return lines()["welcome_drill"].format(titles=titles, minutes=f"{minutes:g}")

    def _covered(self, ctx: TurnContext, items: list[str]) -> dict[str, list[str]]:
        """The coverage record with this stage's entry replaced by `items`."""
        return {**ctx.state.get("covered", {}), ctx.state["stage"]: items}

    def _alone(self, lead: str, state: InterviewState) -> list[Turn]:
        """Moving on: the facts asked for (and any diagram line not read) are still said, as
        their own message, first."""
        return [self._say(stream_words(lead), state, "clarification")] if lead else []

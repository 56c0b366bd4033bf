"""The nodes that answer the candidate's commands (/hint, /repeat, /status, and the confirmation
asked before /end), with how every node speaks: a turn's text streamed through LangGraph's
custom stream as it is produced, then stored as one turn. `InterviewNodes` (nodes.py) adds the
interview's own flow on top.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

from langgraph.config import get_stream_writer

from agent.interview.ending import confirmation
from agent.interview.inputs import TurnInputs
from agent.interviewer.policy import Policy, TurnContext, Written, lines, stream_words
from agent.knowledge import Knowledge
from agent.state import QUESTION_KINDS, InterviewState, Turn, now, stage_elapsed, stages_of


class CommandNodes:
    policy: Policy
    knowledge: Knowledge
    _context: TurnInputs

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
        lead: str = "",
    ) -> Turn:
        """Stream `lead` (what the engine says first: facts asked for) then `pieces`, and keep
        them as one interviewer turn."""
        writer = get_stream_writer()
        text = []
        for piece in chain(stream_words(f"{lead} ") if lead else [], pieces):
            writer({"token": piece})
            text.append(piece)
        turn = Turn(
            role="interviewer",
            stage=state["stage"],
            text="".join(text).strip(),
            kind=kind,
            sources=sources or [],
            at=now(state),
        )
        if isinstance(pieces, Written):  # later prompts repeat its task and the model's words
            turn["task"] = pieces.task
            if lead:
                turn["lead"] = lead
        return turn

    def confirm(self, state: InterviewState) -> dict:
        text = confirmation(state, self.knowledge)
        return {"turns": [self._say(stream_words(text), state, "confirm")]}

    def hint(self, state: InterviewState) -> dict:
        hints = dict(state.get("hints", {}))
        hints[state["stage"]] = hints.get(state["stage"], 0) + 1
        turn = self._say(self.policy.hint(self._context.heard(self._ctx(state))), state, "hint")
        return {"turns": [turn], "hints": hints}

    def repeat(self, state: InterviewState) -> dict:
        asked = [
            t
            for t in state["turns"]
            if t["role"] == "interviewer" and t.get("kind") in (*QUESTION_KINDS, "hint")
        ]
        text = asked[-1]["text"] if asked else lines()["repeat_none"]
        return {"turns": [self._say(stream_words(text), state, "repeat")]}

    def status(self, state: InterviewState) -> dict:
        ctx, stage, stages = self._ctx(state), state["stage"], stages_of(state)
        text = lines()["status"].format(
            number=stages.index(stage) + 1,
            stages=len(stages),
            title=ctx.spec.title,
            minutes=round(stage_elapsed(state) / 60, 1),
            budget=f"{ctx.budget_minutes:g}",
            covered=len(self.policy.coverage(ctx)),
            total=len(ctx.checklist),
            hints=state.get("hints", {}).get(stage, 0),
        )
        return {"turns": [self._say(stream_words(text), state, "status")]}

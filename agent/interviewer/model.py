"""The interviewer backed by a model: decisions as structured output, messages streamed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Literal

from pydantic import BaseModel, Field

from agent.interviewer.context import build_messages, instruction
from agent.interviewer.hints import on_the_table_first
from agent.interviewer.loops import asking, without_loops
from agent.interviewer.offline import OfflinePolicy
from agent.interviewer.policy import MAX_QUESTIONS_PER_STAGE, Decision, TurnContext, Written
from agent.knowledge import ChecklistItem
from agent.llm.client import LLM
from agent.llm.prompts import render
from agent.llm.structured import NoValidReply, structured
from agent.state import stage_elapsed


class InterviewerDecision(BaseModel):
    """The interviewer's assessment of the candidate's latest answer and its next move."""

    # Length caps are part of the schema, so grammar-constrained servers (llama.cpp) cannot
    # ramble past them: small models otherwise fill max_tokens and return truncated JSON.
    assessment: str = Field(
        max_length=300, description="One or two sentences: what the answer covered, what it missed."
    )
    covered: list[str] = Field(
        max_length=12, description="Ids of checklist items addressed so far in this stage."
    )
    action: Literal["follow_up", "probe", "advance"] = Field(description="The next move.")
    focus: str = Field(
        max_length=120,
        description="follow_up: a checklist item id; probe: the claim to dig into; advance: empty.",
    )


# the longest valid decision (the schema's length caps) is about 200 tokens: a model that
# rambles past it is cut off early instead of spending answer_tokens at a CPU's pace
DECISION_TOKENS = 240
# a question is a few words on what was said, then one question (the prompt's rule): a model
# that ignores it would otherwise write to answer_tokens, half a minute more per turn on a CPU
QUESTION_TOKENS = 120
MISSES_BEFORE_SKIPPING = 2  # turns in a row with no valid decision
TURNS_SKIPPED = 5  # then decided offline without a call, before the model is tried again


class LLMPolicy:
    def __init__(self, llm: LLM):
        self.llm = llm
        # a model that fails the decision schema in turn after turn would cost every turn all
        # the output modes (minutes on a CPU): after a few misses in a row, the next turns
        # are decided offline without asking, then the model is tried again
        self._misses, self._skip, self._why = 0, 0, ""
        self.name = f"model {llm.settings.model or 'first listed'} at {llm.endpoint}"

    def _messages(self, ctx: TurnContext, said: str, notes: list[str] | None = None) -> list[dict]:
        s = self.llm.settings
        return build_messages(ctx, said, budget=s.context_budget, model=s.model, notes=notes)

    def coverage(self, ctx: TurnContext) -> list[str]:
        """What the model has judged covered so far: no keyword matching on the side."""
        return ctx.covered

    def gaps(self, ctx: TurnContext) -> list[ChecklistItem]:
        return ctx.uncovered

    def decide(self, ctx: TurnContext) -> Decision:
        if self.llm.settings.decision_mode == "offline":  # one call per turn: the question
            # its prompt shows only the notes the move is grounded in (none for a checklist
            # follow-up): what a slow server reads anew each turn is mostly notes
            decision = OfflinePolicy().decide(ctx)
            return replace(decision, notes=decision.sources)
        ids = [item.id for item in ctx.checklist]
        heard = ctx.heard.covered if ctx.heard is not None else set()
        task = render(
            "decide",
            covered=", ".join(sorted(set(ctx.covered) | heard)) or "nothing yet",
            asked=len(ctx.asked),
            max_questions=MAX_QUESTIONS_PER_STAGE,
            minutes=round(stage_elapsed(ctx.state) / 60, 1),
            budget=ctx.budget_minutes,
        )
        if self._skip > 0:  # the model failed the schema again and again: spare it a while
            self._skip -= 1
            return _offline(ctx, self._why)
        try:
            verdict, _ = structured(
                self.llm,
                self._messages(ctx, instruction(ctx, task)),
                InterviewerDecision,
                max_tokens=DECISION_TOKENS,
            )
        except NoValidReply as error:  # a weak model: this turn moves as the offline one would
            self._misses += 1
            if self._misses >= MISSES_BEFORE_SKIPPING:
                self._skip, self._misses = TURNS_SKIPPED, 0
                self._why = f"{error} (again in {MISSES_BEFORE_SKIPPING} turns in a row)"
            return _offline(ctx, str(error))
        self._misses = 0
        covered = [i for i in ids if i in set(verdict.covered) | set(ctx.covered) | heard]
        action = verdict.action
        if len(ctx.asked) >= MAX_QUESTIONS_PER_STAGE or len(covered) == len(ids):
            action = "advance"
        focus = verdict.focus
        if action == "follow_up" and not _open(ctx, focus, covered):
            # an unknown id, or an item already answered: the first gap still open, if any
            focus = next((i for i in ids if _open(ctx, i, covered)), "")
            action = "follow_up" if focus else "advance"
        sources = [hit.source for hit in ctx.hits] if action != "advance" else []
        return Decision(action, covered, focus=focus, sources=sources, reason=verdict.assessment)

    def ask(self, ctx: TurnContext, decision: Decision) -> Iterator[str]:
        item = next((i for i in ctx.checklist if i.id == decision.focus), None)
        focus = item.text if item else decision.focus
        if decision.text:  # the offline interviewer's own question for this move
            focus = f"{focus}. A question for it, to adapt to what was said: {decision.text}"
        task = render(
            "ask", action=decision.action.replace("_", " "), focus=focus, told=_told_line(ctx.told)
        )
        cap = min(self.llm.settings.answer_tokens, QUESTION_TOKENS)
        said = instruction(ctx, task)  # its diagram part weighs open edges: built once
        pieces = self.llm.stream(self._messages(ctx, said, decision.notes), max_tokens=cap)
        instead = decision.text or (item.probe if item else "")
        return Written(asking(without_loops(pieces, _said_before(ctx), instead), instead), said)

    def hint(self, ctx: TurnContext) -> Iterator[str]:
        gaps = on_the_table_first(ctx, ctx.uncovered)
        item = gaps[0] if gaps else None
        task = render(
            "hint",
            gap=item.text if item else "nothing essential is missing",
            nudge=(item.hint or item.probe) if item else "(none)",
        )
        said = instruction(ctx, task)
        pieces = self.llm.stream(self._messages(ctx, said))
        instead = (item.hint or item.probe) if item else ""
        return Written(without_loops(pieces, _said_before(ctx), instead), said)


def _said_before(ctx: TurnContext) -> list[str]:
    """What the interviewer said earlier in the stage: a model that writes it again is cut."""
    return [t["text"] for t in ctx.stage_turns if t["role"] == "interviewer"]


def _offline(ctx: TurnContext, why: str) -> Decision:
    """The offline interviewer's move for this turn; the model still words the question."""
    decision = OfflinePolicy().decide(ctx)
    decision.fallback = why
    return decision


def _open(ctx: TurnContext, item_id: str, covered: list[str]) -> bool:
    """A checklist item still worth a follow-up: known, not covered, its question unanswered."""
    item = next((i for i in ctx.checklist if i.id == item_id), None)
    return item is not None and item_id not in covered and ctx.still_open(item.probe)


def _told_line(told: str) -> str:
    if not told:
        return ""
    return (
        f"Your message begins with facts already written for you, answering the candidate's "
        f"questions: {told!r}. Continue after them; do not repeat them.\n"
    )

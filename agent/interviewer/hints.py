"""What the offline interviewer says on /hint: a nudge first, then something concrete.

Hints escalate per checklist gap, as an interviewer's would: the first /hint on a gap gives
that item's nudge from the stage note (an angle to think about, never the content); a second
/hint on the same gap names two of the question's key points the candidate has not said yet,
the ones closest to the gap. After that the next gap gets its nudge. Every hint is charged by
the scorer, so a concrete one is a fair trade.
"""

from __future__ import annotations

from typing import Any

from agent.interviewer.listening import question_on_the_table
from agent.interviewer.policy import TurnContext, lines
from agent.knowledge import ChecklistItem
from agent.matching import matched, nearest

POINTERS = 2  # key points named by a concrete hint


def nudge(item: ChecklistItem) -> str:
    return lines()["hint"].format(nudge=item.hint or item.probe)


def _unsaid_key_points(ctx: TurnContext) -> list[str]:
    if ctx.question is None:
        return []
    points = ctx.question.stages[ctx.state["stage"]].key_points
    said = set(matched(" ".join(ctx.answers), points))
    return [p for p in points if p not in said]


def concrete(ctx: TurnContext, gap: ChecklistItem, embedder: Any) -> str | None:
    points = nearest(embedder, gap.text, _unsaid_key_points(ctx), POINTERS)
    if not points:
        return None
    return lines()["hint_concrete"].format(points=" and ".join(points))


def on_the_table_first(
    ctx: TurnContext, gaps: list[ChecklistItem], embedder: Any = None
) -> list[ChecklistItem]:
    """The gaps with the one the question on the table is about first: a hint helps with the
    question the candidate is looking at, not with the first gap of the checklist."""
    table = question_on_the_table(ctx)
    if not table or not gaps:
        return gaps
    asked = [g for g in gaps if g.probe in table]
    if not asked and embedder is not None:
        closest = nearest(embedder, table, [g.text for g in gaps])[0]
        asked = [g for g in gaps if g.text == closest]
    return asked + [g for g in gaps if g not in asked]


def offline_hint(ctx: TurnContext, gaps: list[ChecklistItem], embedder: Any = None) -> str:
    """The next hint for the first gap that still has one to give, starting with the gap the
    question on the table is about."""
    gaps = on_the_table_first(ctx, gaps, embedder)
    given = [t["text"] for t in ctx.stage_turns if t.get("kind") == "hint"]
    for gap in gaps:
        first = nudge(gap)
        if first not in given:
            return first
        second = concrete(ctx, gap, embedder)
        if second is not None and second not in given:
            return second
    return lines()["hint_spent"] if gaps else lines()["hint_none"]

"""Where the candidate is: a tick per stage, and a clock for the stage and the whole interview
(agent/ui/clock.py, which ticks in the browser)."""

from __future__ import annotations

import streamlit as st

from agent.knowledge import Knowledge, Stage
from agent.notes import SHORT_NAMES
from agent.state import stages_answered, stages_of
from agent.ui.clock import clock

MARKS = {
    "done": ":material/check_circle:",
    "current": ":material/play_circle:",
    "skipped": ":material/do_not_disturb_on:",
    "ahead": ":material/radio_button_unchecked:",
}


def stage_states(values: dict) -> dict[Stage, str]:
    """Each stage's place in the interview. Only a stage the candidate answered in and then
    left (or ended in) is "done": one moved past with /next unanswered is "skipped", and one
    after an early end is "ahead" (not reached), like every stage still to come."""
    stages = stages_of(values)
    now = stages.index(values.get("stage", stages[0]))
    ended = values.get("status") == "ended"
    answered = stages_answered(values)
    states = {}
    for index, stage in enumerate(stages):
        if index > now:
            states[stage] = "ahead"
        elif index == now and not ended:
            states[stage] = "current"
        else:
            states[stage] = "done" if stage in answered else "skipped"
    return states


def stage_tracker(values: dict, knowledge: Knowledge) -> None:
    # a wrapping row rather than columns: on a phone seven columns stack into seven lines
    with st.container(horizontal=True, gap="medium", key="tracker"):
        for stage, state in stage_states(values).items():
            label = SHORT_NAMES[stage]
            shown = {"current": f"**{label}**", "skipped": f"{label} (skipped)"}.get(state, label)
            st.markdown(f"{MARKS[state]} {shown}", width="content")
    if values.get("status") != "ended":
        budgets = {
            s: float(values.get("budgets", {}).get(s, knowledge.stages[s].budget_minutes))
            for s in stages_of(values)
        }
        stage = values.get("stage", stages_of(values)[0])
        turns = values.get("turns", [])
        # The whole interview never reads less than the stage: the first question is stamped
        # a moment after the stage clock starts.
        first = turns[0].get("at", values["stage_started"]) if turns else values["stage_started"]
        started = min(first, values["stage_started"])
        clock(
            knowledge.stages[stage].title,
            values["stage_started"],
            budgets[stage] * 60,
            started,
            sum(budgets.values()) * 60,
        )

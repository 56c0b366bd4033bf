"""Streamlit rendering helpers for app.py: stage tracker, transcript, sources, scorecard.

Candidate text is always escaped before it reaches Markdown, and no HTML is ever allowed
(Streamlit escapes HTML unless unsafe_allow_html=True, which this project never sets).
"""

from __future__ import annotations

import re
import time

import altair as alt
import streamlit as st

from agent.knowledge import STAGES, Knowledge, Stage
from agent.scoring.render import reach_note
from agent.scoring.scorecard import Scorecard
from agent.state import stage_elapsed

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<])")
INTERVIEWER, CANDIDATE = ":material/support_agent:", ":material/person:"
TRACKER_LABELS = {
    "problem": "Problem",
    "metrics": "Metrics",
    "mvp": "MVP",
    "data": "Data",
    "training": "Training",
    "inference": "Inference",
    "scaling": "Scaling",
}


def as_text(text: str) -> str:
    """Escape Markdown so user text shows exactly as typed."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


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
    now = STAGES.index(values.get("stage", STAGES[0]))
    ended = values.get("status") == "ended"
    answered = {
        t["stage"]
        for t in values.get("turns", [])
        if t["role"] == "candidate" and t.get("kind") != "command"
    }
    states = {}
    for index, stage in enumerate(STAGES):
        if index > now:
            states[stage] = "ahead"
        elif index == now and not ended:
            states[stage] = "current"
        else:
            states[stage] = "done" if stage in answered else "skipped"
    return states


def stage_tracker(values: dict, knowledge: Knowledge) -> None:
    current = values.get("stage", STAGES[0])
    ended = values.get("status") == "ended"
    columns = st.columns(len(STAGES))
    for column, (stage, state) in zip(columns, stage_states(values).items()):
        label = TRACKER_LABELS[stage]
        shown = {"current": f"**{label}**", "skipped": f"{label} (skipped)"}.get(state, label)
        column.markdown(f"{MARKS[state]} {shown}")
    if not ended:
        budget = values.get("budgets", {}).get(current, knowledge.stages[current].budget_minutes)
        used = stage_elapsed(values, at=time.time()) / 60
        st.progress(
            min(1.0, used / budget),
            text=f"{knowledge.stages[current].title}: {used:.0f} of {budget:g} minutes",
        )


def sources_expander(sources: list[str], knowledge: Knowledge) -> None:
    if not sources:
        return
    with st.expander("Why this question: the notes it was grounded in"):
        for source in dict.fromkeys(sources):
            note_id, _, section = source.partition("#")
            note = knowledge.notes.get(note_id)
            title = note.title if note else note_id
            st.markdown(f"**{as_text(title)}**, {as_text(section)} (`{note_id}`)")
            if note and section in note.sections:
                st.caption(as_text(" ".join(note.sections[section].split())[:400]))


def transcript(values: dict, knowledge: Knowledge) -> None:
    for turn in values.get("turns", []):
        if turn["role"] == "interviewer":
            with st.chat_message("assistant", avatar=INTERVIEWER):
                st.markdown(turn["text"])
                sources_expander(turn.get("sources", []), knowledge)
        else:
            with st.chat_message("user", avatar=CANDIDATE):
                st.markdown(as_text(turn["text"]))


def score_chart(scores: dict[str, float]) -> alt.Chart:
    """Horizontal bars on the rubric's fixed 1-4 scale, in the given order."""
    data = [{"name": name, "score": score} for name, score in scores.items()]
    return (
        alt.Chart(alt.Data(values=data))
        .mark_bar()
        .encode(
            x=alt.X(
                "score:Q", scale=alt.Scale(domain=[0, 4]), axis=alt.Axis(tickCount=4), title=None
            ),
            y=alt.Y("name:N", sort=list(scores), title=None, axis=alt.Axis(labelLimit=220)),
            tooltip=["name:N", "score:Q"],
        )
        .properties(height=max(120, 36 * len(scores)))
    )


STUDY_SECTIONS = ("Key ideas", "What a strong answer mentions", "Green flags", "Checklist")


def study_notes(note_ids: list[str], knowledge: Knowledge) -> None:
    """The notes to study, readable in place: the knowledge base's own text (trusted Markdown)."""
    for note_id in dict.fromkeys(n for n in note_ids if n in knowledge.notes):
        note = knowledge.notes[note_id]
        with st.expander(f"Study: {note.title}", icon=":material/menu_book:"):
            for section in STUDY_SECTIONS:
                if note.sections.get(section):
                    st.markdown(f"**{section}**\n\n{note.sections[section]}")


def scorecard(card: Scorecard, knowledge: Knowledge) -> None:
    st.subheader("Scorecard")
    if not card.graded:
        st.warning(f"Not graded: {card.reason}")
        return
    if card.reason:  # graded, but not the way the settings asked
        st.info(card.reason)
    overall, decision, shown, target = st.columns(4)
    overall.metric("Overall", f"{card.overall:.1f} / 4" if card.overall else "n/a")
    decision.metric("Recommendation", (card.recommendation or "n/a").replace("_", " "))
    shown.metric("Level shown", (card.level or "n/a").replace("_", " "))
    target.metric("Target level", card.target_level or "none")
    if card.verdict:
        st.caption(f"Level: {card.verdict}.")
    if card.provisional:
        titles = ", ".join(knowledge.stages[s].title for s in card.not_reached)
        st.warning(
            f"Recommendation {reach_note(card)}. Not reached: {titles}. "
            "Graded on the stages reached only."
        )
    stage_scores = {
        TRACKER_LABELS[s]: g.score for s, g in card.stages.items() if g.score is not None
    }
    dims = {
        d.replace("_", " ").capitalize(): g.score
        for d, g in card.dimensions.items()
        if g.score is not None
    }
    charts = st.columns(2)
    for column, title, scores in (
        (charts[0], "Score per stage", stage_scores),
        (charts[1], "Score per dimension", dims),
    ):
        if scores:
            column.caption(title)
            column.altair_chart(score_chart(scores), width="stretch")
    for stage, grade in card.stages.items():
        shown = (
            f"{grade.score:.1f}"
            if grade.score is not None
            else "evidence not verified"
            if not grade.supported
            else "not reached"
        )
        label = f"{knowledge.stages[stage].title}: {shown}"
        with st.expander(label):
            st.markdown(as_text(grade.rationale))
            for quote in grade.evidence:
                st.markdown(f"> {as_text(quote)}")
            if grade.missed:
                st.markdown("**Missed:** " + "; ".join(as_text(m) for m in grade.missed))
    if card.strengths:
        st.markdown("**Strengths**\n" + "\n".join(f"- {as_text(s)}" for s in card.strengths))
    if card.improvements:
        lines = []
        for item in card.improvements:
            note = knowledge.notes.get(item.note)
            study = f" (study: *{as_text(note.title)}*, `{item.note}`)" if note else ""
            lines.append(f"- {as_text(item.text)}{study}")
        st.markdown("**To improve**\n" + "\n".join(lines))
        study_notes([i.note for i in card.improvements], knowledge)
    if card.sample_answer.outline:
        stage = card.sample_answer.stage
        st.markdown(
            f"**What a strong answer covers in {knowledge.stages[stage].title}**\n"
            + "\n".join(f"- {as_text(p)}" for p in card.sample_answer.outline)
        )

"""The scorecard in the app: charts, per-stage evidence, red flags, what to improve and study."""

from __future__ import annotations

import altair as alt
import streamlit as st

from agent.knowledge import Knowledge
from agent.notes import SHORT_NAMES, named_short
from agent.scoring.render import reach_note, red_flag_sentence
from agent.scoring.scorecard import Scorecard
from agent.ui.diagram_view import show
from agent.ui.text import as_text


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
    drilled = " and ".join(knowledge.stages[s].title for s in card.drill)
    # the anchor stays "scorecard": the end banner links to it
    st.subheader(f"Drill scorecard: {drilled}" if drilled else "Scorecard", anchor="scorecard")
    if not card.graded:
        st.warning(f"Not graded: {card.reason}")
        return
    if card.reason:  # graded, but not the way the settings asked
        st.info(card.reason)
    if card.drill:
        drill_headline(card)
    else:
        interview_headline(card)
    stage_scores = {SHORT_NAMES[s]: g.score for s, g in card.stages.items() if g.score is not None}
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
            for index, quote in enumerate(grade.evidence):  # a quoted diagram is drawn
                show(quote, f"evidence_{stage}_{index}", markdown=lambda q: f"> {as_text(q)}")
            if grade.missed:
                st.markdown("**Missed:** " + "; ".join(as_text(m) for m in grade.missed))
    red_flags(card)
    drawn_diagram(card)
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


# A metric's value is cut with an ellipsis when its column is narrow ("strong no ..."); the
# headline's labels and values wrap instead: a candidate must read the recommendation whole
_WRAPPED = """<style>
[data-testid="stMetric"] [data-testid="stMarkdownContainer"],
[data-testid="stMetric"] p { white-space: normal; overflow: visible; }
</style>"""


def interview_headline(card: Scorecard) -> None:
    st.html(_WRAPPED)
    overall, decision, shown, target = st.columns(4)
    overall.metric("Overall", f"{card.overall:.1f} / 4" if card.overall else "n/a")
    # an early end's headline carries its caveat: a candidate reads the big numbers first
    label = "Recommendation (provisional)" if card.provisional else "Recommendation"
    decision.metric(label, (card.recommendation or "n/a").replace("_", " "))
    shown.metric("Level shown", (card.level or "n/a").replace("_", " "))
    target.metric("Target level", card.target_level or "none")
    if card.verdict:
        st.caption(f"Level: {card.verdict}.")
    if card.provisional:
        titles = named_short(card.not_reached)
        st.warning(
            f"Recommendation {reach_note(card)}. Not reached: {titles}. "
            "Graded on the stages reached only."
        )


def drill_headline(card: Scorecard) -> None:
    """A drill's score, as the Markdown scorecard words it: one stage says little about a
    hire, so no recommendation or level, and the stages outside the drill go unmentioned."""
    score, hints, _ = st.columns([1, 1, 2])
    score.metric("Drill score", f"{card.overall:.1f} / 4" if card.overall else "n/a")
    hints.metric("Hints used", card.hints_used)
    st.caption("Graded as in a full interview; a drill makes no hire recommendation.")
    if card.not_reached:
        titles = named_short(card.not_reached)
        st.warning(f"Not reached: {titles}. Graded on the stages reached only.")


def red_flags(card: Scorecard) -> None:
    """Each red flag in the candidate's own words, why it is one, and what a strong answer says."""
    found = [f for grade in card.stages.values() for f in grade.red_flags]
    if found:
        lines = [f"- {as_text(red_flag_sentence(f, f.quote))}" for f in found]
        st.markdown("**Red flags**\n" + "\n".join(lines))


def drawn_diagram(card: Scorecard) -> None:
    """The candidate's last diagram, drawn, and the reference design's must-have edges that no
    diagram of theirs has, each with the question an interviewer would ask about it."""
    drawn = card.diagram
    if drawn is None:
        return
    st.markdown("**Your diagram**")
    if drawn.kind == "mermaid":
        show(f"```mermaid\n{drawn.source.strip()}\n```", "scorecard_diagram")
    else:
        st.code(drawn.source.strip(), language=None)
    if drawn.missing:
        lines = [f"- {as_text(m.edge)}: {as_text(m.probe)}" for m in drawn.missing]
        st.markdown("**Missing from your diagram**\n" + "\n".join(lines))

"""The Progress page: where the candidate stands across graded interviews and drills (trends
per stage and dimension, a stage-by-interview heat map, the checklist items missed most), and
a button that starts a drill of the weakest stage on the interview page.

It reads the user's history, which the engine writes when it grades, so a scorecard shown on
the interview page is here on the next visit.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from agent.interview import Runtime
from agent.interview.asked import of_bank
from agent.knowledge import STAGES, Knowledge
from agent.notes import SHORT_NAMES
from agent.plural import counted
from agent.progress import Progress, Record, drill_question, drill_stage, progress
from agent.progress.history import HistoryError
from agent.scoring.scorecard import DIMENSIONS
from agent.ui.progress_charts import heat_map, interview_labels, trend_chart
from agent.ui.scorecard_view import study_notes
from agent.ui.setup import LEVELS, begin

SHOWN = 20  # the most recent interviews the page reads: enough for a trend, few enough to read
EMPTY = (
    "No graded interviews yet. Finish an interview on the Interview page (ending early counts) "
    "and its scores per stage and dimension show here, with the stage to drill next."
)


def progress_page(runtime: Runtime, interview_page: st.Page, user: str | None = None) -> None:
    """The page for `user` (default: the settings' user, MLSD_USER)."""
    st.title("Your progress")
    user = user or runtime.settings.user
    try:
        records = runtime.storage.history(user).records(last=SHOWN)
    except HistoryError as error:  # a damaged file: say how to recover, keep the app usable
        st.error(str(error))
        return
    if not records:
        st.info(EMPTY, icon=":material/insights:")
        return
    knowledge = runtime.knowledge
    found = progress(records, knowledge)
    drills = sum(shown["kind"] == "drill" for shown in found.interviews)
    st.caption(
        f"{len(records)} graded ({counted(drills, 'drill')}), "
        f"{_day(records[0].graded_at)} to {_day(records[-1].graded_at)}, oldest first; the "
        f"last {SHOWN} at most. Scores are on the rubric's 1-4 scale."
    )
    drill_box(runtime, user, records, found, interview_page)
    labels = interview_labels(found.interviews, knowledge)
    st.subheader("Stage by interview")
    with st.container(key="heat_map"):
        titles = {SHORT_NAMES[s]: found.stages[s] for s in STAGES}
        st.altair_chart(heat_map(titles, labels), width="stretch")
    trends(found, labels)
    missed_items(found, knowledge)


def trends(found: Progress, labels: list[str]) -> None:
    """The stages' and the dimensions' scores over the interviews, side by side."""
    stages, dimensions = st.columns(2, gap="medium")
    with stages, st.container(key="stage_trends"):
        st.subheader("Stages over time")
        named = {SHORT_NAMES[s]: found.stages[s] for s in STAGES}
        st.altair_chart(trend_chart(named, labels), width="stretch")
    with dimensions, st.container(key="dimension_trends"):
        st.subheader("Dimensions over time")
        named = {d.replace("_", " ").capitalize(): found.dimensions[d] for d in DIMENSIONS}
        st.altair_chart(trend_chart(named, labels), width="stretch")


def missed_items(found: Progress, knowledge: Knowledge) -> None:
    """The checklist items missed most often, each with the note that covers it."""
    if not found.weakest_items:
        return
    st.subheader("Missed most often")
    with st.container(key="missed"):
        for item in found.weakest_items:
            stage = knowledge.stages[item.stage].title
            st.markdown(
                f"**{stage}:** {item.text} (missed in {item.missed} of the {item.out_of} "
                "interviews that scored this stage)"
            )
            study_notes([item.note], knowledge)


def drill_box(
    runtime: Runtime, user: str, records: list[Record], found: Progress, interview_page: st.Page
) -> None:
    """What the drill will work on and why, its level, and the button that starts it."""
    stage = drill_stage(records)
    if stage is None:  # graded, but no stage had a supported score
        return
    knowledge = runtime.knowledge
    title = knowledge.stages[stage].title
    average = found.stages[stage].moving
    why = (
        "your weakest stage lately"
        if stage == found.weakest_stage or found.weakest_stage is None
        else f"nearly as weak as {knowledge.stages[found.weakest_stage].title}, which you "
        "drilled in the last day"
    )
    with st.container(border=True, key="drill_box"):
        st.markdown(
            f"**Next drill: {title}**, {why} (average of the recent scores {average:.1f}). "
            "A drill is a one-stage interview on a question you have not had lately, graded "
            "as in a full interview."
        )
        # first the interview page's level if it is still readable here, else the latest
        # interview's; then the candidate's choice, kept for the session
        if "drill_level" not in st.session_state:
            level = st.session_state.get("level") or records[-1].level
            st.session_state.drill_level = level if level in LEVELS else "senior"
        left, _ = st.columns([1, 3])
        left.selectbox("Target level", LEVELS, key="drill_level", persist_state="session")
        if st.button(
            "Drill my weakest stage", key="drill", type="primary", icon=":material/target:"
        ):
            start_drill(runtime, user, stage, records, interview_page)


def start_drill(
    runtime: Runtime, user: str, stage: str, records: list[Record], interview_page
) -> None:
    """Start the drill and open it on the interview page, like a new interview."""
    question = drill_question(records, runtime.knowledge)
    session_id = begin(
        runtime, user, of_bank(question), st.session_state.drill_level, drill=[stage]
    )
    st.session_state.session_id = session_id
    st.session_state.pop("error", None)
    st.switch_page(interview_page, query_params={"session": session_id})


def _day(at: float) -> str:
    return datetime.fromtimestamp(at).strftime("%d %b %Y")

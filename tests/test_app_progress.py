"""The Progress page through AppTest, on a history written the way the engine writes it: the
empty state; the charts' interviews, scale and cells; the items missed most with their notes;
and "Drill my weakest stage" starting a one-stage interview and opening it. The page runs
under a two-page navigation like app.py's (whose routing test_browser_progress.py drives)."""

from __future__ import annotations

import json
import time

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from agent.config import load_settings
from agent.interview import Runtime
from agent.knowledge import default_knowledge
from agent.notes import stage_note_id
from agent.progress import History, Record, progress
from agent.ui.progress_charts import interview_labels
from agent.ui.progress_page import EMPTY

SCRIPT = """
import streamlit as st
from agent.config import load_settings
from agent.interview import Runtime
from agent.ui import progress_page

def interview():
    st.markdown(f"interview page, session {st.query_params.get('session')}")

def progress():
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    try:
        progress_page(runtime, INTERVIEW)
    finally:
        runtime.close()

INTERVIEW = st.Page(interview, title="Interview", url_path="interview")
PROGRESS = st.Page(progress, title="Progress", url_path="progress", default=True)
st.navigation([PROGRESS, INTERVIEW]).run()
"""
KNOWLEDGE = default_knowledge()
DAY = 24 * 3600
GOOD = {"problem": 3.5, "metrics": 3.0, "mvp": 3.0, "data": 3.2, "inference": 3.0, "scaling": 2.8}
DIMENSIONS = {"problem_navigation": 3.0, "solution_design": 2.5, "communication": 3.5}


@pytest.fixture
def history(isolated) -> list[Record]:
    """Two interviews weak at training, then a drill of metrics at another level."""
    weak = {"splits": stage_note_id("training"), "test-set-choice": "ab-testing"}
    records = [
        Record("s1", "interview", "ads-ctr", "senior", time.time() - 3 * DAY, 2.8,
               GOOD | {"training": 1.5}, DIMENSIONS, missed={"training": weak}),
        Record("s2", "interview", "news-feed", "senior", time.time() - 2 * DAY, 2.9,
               GOOD | {"training": 2.0}, DIMENSIONS,
               missed={"training": {"splits": stage_note_id("training")}}),
        Record("s3", "drill", "video-recs", "mid", time.time() - DAY, 2.5,
               {"metrics": 2.5}, DIMENSIONS),
    ]  # fmt: skip
    folder = load_settings().data_dir
    folder.mkdir(parents=True, exist_ok=True)
    for record in records:
        History(folder).add(record)
    return records


def page() -> AppTest:
    return AppTest.from_string(SCRIPT, default_timeout=60).run()


def charts(at: AppTest) -> list:
    def walk(node):
        yield node
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    return [e for e in walk(at._tree) if getattr(e, "type", None) == "vega_lite_chart"]


def rows(chart) -> list[dict]:
    """The chart's data as Streamlit sends it (an Arrow table)."""
    return pa.ipc.open_stream(chart.proto.data.data).read_all().to_pylist()


def test_no_history_says_so_and_draws_nothing(isolated):
    at = page()
    assert not at.exception, at.exception
    assert [i.value for i in at.info] == [EMPTY]
    assert EMPTY.startswith("No graded interviews yet.")
    assert charts(at) == [] and len(at.button) == 0


def test_the_history_in_charts_missed_items_and_the_next_drill(history):
    at = page()
    assert not at.exception, at.exception
    assert at.caption[0].value.startswith("3 graded (1 drill), ")
    labels = interview_labels(progress(history, KNOWLEDGE).interviews, KNOWLEDGE)
    assert labels[2].startswith("3. Drill · ") and not labels[0].startswith("1. Drill")
    heat, stages, dimensions = charts(at)
    for chart in (heat, stages, dimensions):  # every interview along x, in order
        layers = json.loads(chart.proto.spec).get("layer", [json.loads(chart.proto.spec)])
        assert layers[0]["encoding"]["x"]["scale"]["domain"] == labels
    for chart in (stages, dimensions):  # the fixed 0-4 scale, whatever the scores
        assert json.loads(chart.proto.spec)["encoding"]["y"]["scale"]["domain"] == [0, 4]
    drilled = [(r["stage"], r["score"]) for r in rows(heat) if r["interview"] == labels[2]]
    assert drilled == [("Metrics", 2.5)]  # a drill scores its own stage only
    assert len(rows(heat)) == 7 + 7 + 1
    assert {r["interview"] for r in rows(stages) if r["name"] == "Training"} == set(labels[:2])

    box = at.markdown[0].value
    assert box.startswith("**Next drill: Model training and evaluation**, your weakest stage")
    assert at.selectbox(key="drill_level").value == "mid"  # the latest interview's level
    splits = next(i.text for i in KNOWLEDGE.stages["training"].checklist if i.id == "splits")
    missed = [m.value for m in at.markdown if m.value.startswith("**Model training")]
    assert missed[0] == (
        f"**Model training and evaluation:** {splits} (missed in 2 of the 2 interviews that "
        "scored this stage)"
    )
    study = [e.label for e in at.expander]
    assert f"Study: {KNOWLEDGE.notes[stage_note_id('training')].title}" in study
    assert f"Study: {KNOWLEDGE.notes['ab-testing'].title}" in study


def test_drill_my_weakest_stage_starts_a_one_stage_interview_and_opens_it(history):
    at = page()
    at.selectbox(key="drill_level").set_value("staff").run()
    at.button(key="drill").click().run()
    assert not at.exception, at.exception
    session = at.query_params["session"]
    assert [m.value for m in at.markdown] == [f"interview page, session {session}"]
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    try:
        values = runtime.interview(session).values
    finally:
        runtime.close()
    assert values["drill"] == ["training"] and values["stage"] == "training"
    assert values["level"] == "staff"
    assert values["question_id"] not in {r.question for r in history}

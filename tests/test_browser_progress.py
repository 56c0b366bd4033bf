"""The Progress page in a real browser (fixtures from test_browser): two scripted interviews
graded through the engine show on its heat map and trend charts, cell by cell; "Drill my
weakest stage" opens a one-stage interview of that stage on the interview page, which ends in a
drill scorecard and shows on the Progress page as a drill. And a visit to Progress leaves the
open interview, its URL and its sidebar choices as they were."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from agent.cases import load_case
from agent.cli.replay import replay_case
from agent.config import load_settings
from agent.interview import Runtime
from agent.knowledge import STAGES, default_knowledge
from agent.notes import SHORT_NAMES
from agent.paths import EVALS_DIR
from agent.progress import History, drill_stage, progress
from agent.ui.progress_charts import interview_labels
from tests.test_browser import SHOTS, answer, browser_page, new_interview, running_app, settled
from tests.test_browser_ui import choose, session_values

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("knowledge_index")]
CASES = ("ads-ctr-strong-1", "news-feed-weak-1")  # two questions, one interview strong
DRILL_ANSWER = (
    "I would start from the simplest thing that could work, measure it against a clear "
    "metric, and add complexity only where the data shows a gap, because each part must "
    "earn its cost in latency and maintenance."
)
# A heat map cell as Vega draws it for screen readers: "interview: ...; stage: ...; score: ..."
CELL = re.compile(r"interview: (?P<interview>.+); stage: (?P<stage>.+); score: (?P<score>[\d.]+)")


@pytest.fixture
def graded(knowledge_index):
    """Two interviews played and graded through the engine, in the data dir the app uses."""
    runtime = Runtime(load_settings(), live_grading=False)
    try:
        for name in CASES:
            replayed = replay_case(runtime, load_case(EVALS_DIR / "cases" / f"{name}.yaml"))
            assert runtime.scorecard(replayed.interview).graded
        return runtime.history.records()
    finally:
        runtime.close()


def expected_cells(records) -> set[tuple[str, str, float]]:
    """Every (interview label, stage, score) the history holds, as the page should draw it."""
    knowledge = default_knowledge()
    found = progress(records, knowledge)
    labels = interview_labels(found.interviews, knowledge)
    return {
        (labels[index], SHORT_NAMES[stage], round(score, 2))
        for stage in STAGES
        for index, score in enumerate(found.stages[stage].scores)
        if score is not None
    }


def drawn_cells(page) -> set[tuple[str, str, float]]:
    page.locator(".st-key-heat_map svg.marks").wait_for()
    cells = page.locator(".st-key-heat_map [aria-roledescription='rect mark']")
    found = [CELL.fullmatch(label) for label in cells.evaluate_all("c => c.map(e => e.ariaLabel)")]
    assert all(found), "every cell names its interview, stage and score"
    return {(m["interview"], m["stage"], round(float(m["score"]), 2)) for m in found}


def points(page, chart: str) -> int:
    """The score points a trend chart draws (its legend's symbols are not marks)."""
    page.locator(f".st-key-{chart} svg.marks").wait_for()
    return page.locator(f".st-key-{chart} .role-mark [aria-roledescription='point']").count()


def open_progress(page) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Progress").click()
    page.get_by_role("heading", name="Your progress").wait_for()


def test_progress_shows_both_interviews_and_drills_the_weakest_stage(graded, tmp_path):
    knowledge = default_knowledge()
    stage = drill_stage(graded)
    assert len(graded) == 2 and stage is not None
    with running_app(tmp_path) as url, browser_page(url) as page:
        page.get_by_role("button", name="Start interview").wait_for()
        open_progress(page)  # linked from the interview page by the navigation
        assert urlparse(page.url).path == "/progress"
        assert drawn_cells(page) == expected_cells(graded)
        assert points(page, "stage_trends") == sum(len(r.stages) for r in graded)
        assert points(page, "dimension_trends") == sum(len(r.dimensions) for r in graded)
        drill_box = page.locator(".st-key-drill_box")
        assert f"Next drill: {knowledge.stages[stage].title}" in drill_box.inner_text()

        drill_box.get_by_role("button", name="Drill my weakest stage").click()
        page.get_by_test_id("stChatInput").wait_for()
        settled(page, 1)
        assert urlparse(page.url).path == "/"  # the interview page, with the drill's session
        values = session_values(page)
        assert values["drill"] == [stage] and values["stage"] == stage
        assert values["question_id"] not in {r.question for r in graded}  # one not had lately
        tracker = page.locator(".st-key-tracker").get_by_test_id("stMarkdownContainer")
        assert len(tracker.all()) == 1 and SHORT_NAMES[stage] in tracker.inner_text()

        answer(page, DRILL_ANSWER)
        page.get_by_role("button", name="End interview").click()
        page.get_by_role("button", name="End now and grade").click()  # the engine asks first
        title = knowledge.stages[stage].title
        page.get_by_role("heading", name=f"Drill scorecard: {title}").wait_for()
        page.get_by_text("Download scorecard (JSON)").wait_for()  # the card drawn to its end
        metrics = page.get_by_test_id("stMetric").all_inner_texts()
        assert re.fullmatch(r"Drill score\s+[1-4]\.\d / 4", metrics[0].strip()), metrics
        assert not any(m.startswith(("Recommendation", "Level shown")) for m in metrics)
        assert "not reached" not in page.locator("#stMain").inner_text()

        open_progress(page)
        records = History(load_settings().data_dir).records()
        assert [r.kind for r in records] == ["interview", "interview", "drill"]
        cells = drawn_cells(page)
        assert cells == expected_cells(records)
        assert [s for label, s, _ in cells if label.startswith("3. Drill · ")] == [
            SHORT_NAMES[stage]
        ]
        SHOTS.mkdir(parents=True, exist_ok=True)  # a picture, not a check
        page.screenshot(path=SHOTS / "progress.png", full_page=True)


def test_a_visit_to_progress_keeps_the_open_interview_and_its_choices(tmp_path):
    with running_app(tmp_path) as url, browser_page(url) as page:
        choose(page, "Question", "Video recommendations")
        choose(page, "Target level", "staff")
        new_interview(page)
        session = parse_qs(urlparse(page.url).query)["session"]
        open_progress(page)
        page.get_by_text("No graded interviews yet.").wait_for()  # the empty state
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Interview").click()
        settled(page, 1)
        assert parse_qs(urlparse(page.url).query)["session"] == session  # a reload resumes it
        sidebar = page.get_by_test_id("stSidebar")
        assert sidebar.get_by_role("combobox", name="Question", exact=True).input_value() == (
            "Video recommendations"
        )
        assert sidebar.get_by_role("combobox", name="Target level").input_value() == "staff"

"""A question of the candidate's own, in a real browser (fixtures from test_browser): written
in the picker, refused with a message when too short, interviewed on, and kept after a reload."""

from __future__ import annotations

import pytest

from tests.test_browser import answer, browser_page, messages, running_app, settled
from tests.test_browser_ui import choose

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("knowledge_index")]
QUESTION = "Design a job recommender for a professional networking site."


@pytest.fixture
def page(tmp_path):
    with running_app(tmp_path) as url, browser_page(url) as page:
        yield page


def test_an_interview_on_a_question_of_ones_own(page):
    choose(page, "Question", "Your own question")
    box = page.get_by_role("textbox", name="Your question")
    box.fill("Design jobs")
    box.press("Control+Enter")  # a text area keeps its value only once it is submitted
    page.get_by_role("button", name="Start interview").click()
    page.get_by_text("too short to interview on").wait_for()
    assert messages(page) == []  # nothing started

    box.fill(QUESTION)
    box.press("Control+Enter")
    page.get_by_role("button", name="Start interview").click()
    page.get_by_text(f"Here is the question: {QUESTION}").first.wait_for()
    settled(page, 1)
    answer(page, "How many members and open jobs are there?")
    assert "isn't specified, so state an assumption" in messages(page)[-1]

    page.reload()
    settled(page, 3)
    sidebar = page.get_by_test_id("stSidebar")
    picked = sidebar.get_by_role("combobox", name="Question", exact=True)
    assert picked.input_value() == "Your own question"
    assert sidebar.get_by_role("textbox", name="Your question").input_value() == QUESTION

"""The interview page in a real browser (fixtures from test_browser): the clock ticks on its
own, new content scrolls into view, ending is confirmed and the banner links to the scorecard,
answers keep their shape, one over the length limit goes back into the box, the notes' answer
key stays hidden, the sidebar and a phone."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from agent.config import load_settings
from agent.errors import AnswerTooLong, EmptyAnswer
from agent.interview import Runtime
from agent.knowledge import default_knowledge
from tests.test_browser import (
    ANSWER,
    answer,
    browser_page,
    idle,
    messages,
    new_interview,
    running_app,
    settled,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("knowledge_index")]
CLOCK = re.compile(
    r"This stage, (.+): (\d+):(\d\d) of 5:00\nWhole interview: (\d+):(\d\d) of 45:00"
)
VIDEO_ANSWER = (  # draws a grounded framing question: the latency budget is left open
    "We want more relevant videos so people watch longer; I'd ask about the response time the "
    "home page allows and whether new users matter."
)


@pytest.fixture
def page(tmp_path):
    with running_app(tmp_path) as url, browser_page(url) as page:
        yield page


def choose(page, label: str, option: str) -> None:
    page.get_by_test_id("stSelectbox").filter(has_text=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()


IN_VIEW = """el => {
    const box = el.getBoundingClientRect();
    const chat = document.querySelector('[data-testid=stChatInput]');
    const bottom = chat ? chat.getBoundingClientRect().top : innerHeight;
    return box.top >= 40 && box.top + Math.min(box.height, 40) <= bottom;
}"""


def in_view(locator) -> bool:
    """The element's top line shows now: below the page header, above the chat input."""
    return locator.evaluate(IN_VIEW)


def comes_into_view(page, locator) -> bool:
    """Whether the element comes into view within 10 s (the scroll waits for the run to end)."""
    from playwright.sync_api import TimeoutError as Timeout

    try:
        page.wait_for_function(IN_VIEW, arg=locator.element_handle(), timeout=10_000)
    except Timeout:
        return False
    return True


def session_values(page) -> dict:
    """The session the page shows, read from the same data dir the app writes."""
    session = parse_qs(urlparse(page.url).query)["session"][0]
    runtime = Runtime(load_settings(), live_grading=False)
    try:
        return runtime.interview(session).values
    finally:
        runtime.close()


def read_clock(page, unlike: str = "") -> str:
    """The clock's two lines, once both show, differ from `unlike` and agree: the whole
    interview at least the stage (waits up to 15 s, so a clock whose whole interview reads less
    than its stage fails). The lines are two elements updated one after the other, and a
    reading between the two updates (stage new, whole old) is passed over."""
    shown = page.wait_for_function(
        """unlike => {
            const clock = document.querySelector('.st-key-clock');
            const text = clock ? clock.innerText.replace(/\\n+/g, '\\n').trim() : '';
            const whole = /^This stage, .+\\nWhole interview: .+$/.test(text);
            const m = text.match(/: (\\d+):(\\d\\d) of [^\\n]*\\nWhole interview: (\\d+):(\\d\\d)/);
            const agree = m && +m[3] * 60 + +m[4] >= +m[1] * 60 + +m[2];
            return whole && agree && text !== unlike && text;
        }""",
        arg=unlike,
        timeout=15_000,
    )
    return shown.json_value()


def test_the_clock_ticks_without_input(page):
    new_interview(page)
    first = read_clock(page)
    second = read_clock(page, unlike=first)  # no click, no key: only the timer changes it
    times = [CLOCK.fullmatch(text) for text in (first, second)]
    assert all(times), (first, second)
    assert times[0][1] == "Problem understanding and requirements"
    seconds = [int(m[2]) * 60 + int(m[3]) for m in times]
    assert seconds[1] > seconds[0]


def test_a_hint_scrolls_into_view(page):
    page.set_viewport_size({"width": 1000, "height": 650})
    new_interview(page)
    answer(page, ANSWER)
    answer(page, "What latency do we need to meet?")
    page.get_by_role("button", name="Hint").click()  # at the top of the page
    settled(page, 6)
    hint = page.get_by_test_id("stChatMessage").last
    assert hint.get_by_test_id("stChatMessageContent").inner_text().startswith("A hint:")
    assert comes_into_view(page, hint)
    assert not in_view(page.get_by_role("button", name="Hint"))  # the page did move


def test_ending_early_is_confirmed_then_the_banner_links_to_the_scorecard(page):
    page.set_viewport_size({"width": 1000, "height": 650})
    new_interview(page)
    answer(page, ANSWER)
    page.get_by_role("button", name="End interview").click()
    settled(page, 5)
    assert messages(page)[-1].startswith("Ending now leaves 6 stages unreached (Metrics")
    assert page.get_by_role("heading", name="Scorecard").count() == 0
    page.get_by_role("button", name="End now and grade").click()
    heading = page.get_by_role("heading", name="Scorecard")
    heading.wait_for()
    idle(page)
    assert comes_into_view(page, heading)
    banner = page.locator("#stMain").get_by_test_id("stAlert").first
    text = banner.get_by_test_id("stMarkdownContainer").inner_text().strip()
    assert text == "This interview is over. Jump to your scorecard"
    banner.scroll_into_view_if_needed()
    assert not in_view(heading)
    banner.get_by_role("link", name="Jump to your scorecard").click()
    assert comes_into_view(page, heading)


def test_an_answer_keeps_its_lines_list_and_code_and_shows_html_as_text(page):
    new_interview(page)
    typed = "Two parts:\nfirst <b>retrieval</b>\n- two-tower model\n- ANN index\n```\nk = 500\n```"
    answer(page, typed)
    shown = page.get_by_test_id("stChatMessageContent").nth(1)
    assert shown.locator("p").first.inner_text() == "Two parts:\nfirst <b>retrieval</b>"
    assert shown.locator("li").all_inner_texts() == ["two-tower model", "ANN index"]
    assert shown.locator("pre code").inner_text().strip() == "k = 500"
    assert shown.locator("b, strong, script").count() == 0


def test_whitespace_is_refused(page):
    new_interview(page)
    box = page.get_by_test_id("stChatInput").locator("textarea")
    box.fill("   \n  ")
    box.press("Enter")
    warning = page.locator(".st-key-refused")
    warning.wait_for()
    text = warning.get_by_test_id("stMarkdownContainer").inner_text().strip()
    assert text == str(EmptyAnswer())
    assert len(messages(page)) == 1
    assert len(session_values(page)["turns"]) == 1


def test_an_answer_over_the_limit_goes_back_into_the_box(tmp_path, monkeypatch):
    monkeypatch.setenv("MLSD_MAX_ANSWER_CHARS", "100")
    with running_app(tmp_path) as url, browser_page(url) as page:
        new_interview(page)
        box = page.get_by_test_id("stChatInput").locator("textarea")
        box.fill(VIDEO_ANSWER)
        box.press("Enter")
        warning = page.locator(".st-key-refused")
        warning.wait_for()
        text = warning.get_by_test_id("stMarkdownContainer").inner_text().strip()
        assert text == f"{AnswerTooLong(len(VIDEO_ANSWER), 100)} It is back in the answer box."
        page.wait_for_function(  # refilled whole, to be shortened
            "want => document.querySelector('[data-testid=stChatInput] textarea').value === want",
            arg=VIDEO_ANSWER,
            timeout=10_000,
        )
        assert len(messages(page)) == 1
        assert len(session_values(page)["turns"]) == 1


def test_the_answer_key_stays_hidden_until_the_end(page):
    choose(page, "Question", "Video recommendations")
    new_interview(page)
    answer(page, VIDEO_ANSWER)
    values = session_values(page)
    probe = values["turns"][-1]
    assert probe["kind"] == "probe" and probe["sources"], probe
    knowledge = default_knowledge()
    notes = list(dict.fromkeys(s.split("#")[0] for s in probe["sources"]))
    titles = "; ".join(knowledge.notes[n].title for n in notes)
    reply = page.get_by_test_id("stChatMessageContent").last
    grounding = reply.get_by_text(re.compile("^Grounded in: "))
    assert grounding.inner_text().strip() == f"Grounded in: {titles}"
    asked = " ".join(t["text"] for t in values["turns"] if t["role"] == "interviewer")
    hidden = [  # the sections the probe was grounded in, less the question it asked
        plain(b)[:40]
        for note, _, section in (s.partition("#") for s in probe["sources"])
        for b in knowledge.notes[note].section_list(section)
        if b not in asked
    ]
    assert hidden
    shown = everything_shown(page)
    assert [b for b in hidden if b in shown] == []
    page.get_by_role("button", name="End interview").click()
    page.get_by_role("button", name="End now and grade").click()
    page.get_by_role("heading", name="Scorecard").wait_for()
    for title in titles.split("; "):
        page.get_by_text(f"Grounding: {title}").click()
    shown = everything_shown(page)
    assert [b for b in hidden if b not in shown] == []  # to study, now it is over


def plain(text: str) -> str:
    """Markdown source as it reads on the page: no emphasis or code marks, one-spaced."""
    return " ".join(re.sub(r"[`*_]", "", text).split())


def everything_shown(page) -> str:
    """The page's text with every expander opened (a candidate can open them)."""
    main = page.locator("#stMain")  # its test id changes once a chat input shows
    for expander in main.get_by_test_id("stExpander").all():
        if expander.locator("details[open]").count() == 0:
            expander.locator("summary").click()
    return plain(main.inner_text())


def test_the_sidebar_shows_the_sessions_choices_after_a_reload(page):
    choose(page, "Question", "Video recommendations")
    choose(page, "Target level", "staff")
    new_interview(page)
    page.reload()
    settled(page, 1)
    sidebar = page.get_by_test_id("stSidebar")
    question = sidebar.get_by_role("combobox", name="Question", exact=True)
    assert question.input_value() == "Video recommendations"
    assert sidebar.get_by_role("combobox", name="Target level").input_value() == "staff"


def test_a_phone_shows_the_choices_and_then_the_question_first(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    start = page.get_by_role("button", name="Start interview")
    start.wait_for()
    assert "sidebar" not in page.locator("#stMain").inner_text()
    assert in_view(page.get_by_test_id("stSelectbox").filter(has_text="Question"))
    assert in_view(start)
    new_interview(page)
    page.reload()
    settled(page, 1)
    question = page.locator(".st-key-question_box")
    values = session_values(page)
    assert question.inner_text().strip() == f"The question: {values['question_text']}"
    assert comes_into_view(page, question)

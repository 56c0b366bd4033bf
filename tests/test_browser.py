"""The app in a real browser: `streamlit run app.py` on localhost, driven by headless Chromium
through Playwright. Fails in CI (MLSD_CI=1) when Chromium is missing; skips elsewhere."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from agent.paths import ROOT
from tests.support import parts

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("knowledge_index")]
SHOTS = ROOT / "test-output" / "browser"
# The scorecard's stage rows after answering Problem and Metrics only.
STAGE_ROWS = [
    ("Problem understanding and requirements", r"[1-4]\.\d"),
    ("Metrics (offline and online)", r"[1-4]\.\d"),
    ("MVP, baseline and high-level design", "not reached"),
    ("Data, labels and features", "not reached"),
    ("Model training and evaluation", "not reached"),
    ("Inference and serving", "not reached"),
    ("Scaling, A/B testing and monitoring", "not reached"),
]
ANSWER = (
    "Success means people watch more of what they enjoy. I'd ask about scale and latency, "
    "and assume 500 million daily users with a 200 ms budget at p99."
)


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        parts.missing("chromium is not installed (apt-get install -y chromium; .ci/run does it)")
    return path


@contextmanager
def running_app(folder: Path, port: int | None = None) -> Iterator[str]:
    """Start the app like `make run` does (from `folder`, logging there) and yield its URL."""
    port = port or free_port()
    log = open(folder / "streamlit.log", "w")  # noqa: SIM115 (closed at teardown)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=os.environ.copy(),
        cwd=folder,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                break
        except OSError:
            assert time.monotonic() < deadline and process.poll() is None, "app did not start"
            time.sleep(0.2)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def headless_browser() -> Iterator:
    """Headless Chromium; each `new_page` is a window of its own (its own cookies)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium(),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, url: str, requests: list[str] | None = None):
    """A desktop-sized window on `url`; every URL the page asks for (websockets too) is
    added to `requests` when one is given, from the first."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    if requests is not None:
        page.on("request", lambda request: requests.append(request.url))
        page.on("websocket", lambda socket: requests.append(socket.url))
    page.goto(url)
    return page


@contextmanager
def browser_page(url: str, requests: list[str] | None = None) -> Iterator:
    """Headless Chromium with one window on `url` (see open_page)."""
    with headless_browser() as browser:
        yield open_page(browser, url, requests)


@pytest.fixture
def served_app(tmp_path):
    with running_app(tmp_path) as url:
        yield url


@pytest.fixture
def page(served_app):
    with browser_page(served_app) as page:
        yield page


def messages(page) -> list[str]:
    return page.get_by_test_id("stChatMessageContent").all_inner_texts()


def settled(page, count: int) -> None:
    """Wait until `count` messages show, the interviewer has finished replying and the app is
    idle (see `idle`)."""
    idle(page, count)
    page.get_by_test_id("stChatInput").locator("textarea").wait_for(state="visible")


def idle(page, count: int = 0) -> None:
    """Wait until at least `count` messages show, none says the interviewer is thinking, and no
    element is stale (Streamlit marks them while a script run is in progress). A reply or a
    scorecard ends in a rerun, so idleness is checked twice, a moment apart: an element held
    across that rerun would be detached from the page."""
    for _ in range(2):
        page.wait_for_function(
            """n => {
                const shown = [...document.querySelectorAll('[data-testid=stChatMessageContent]')];
                return shown.length >= n && !shown.some(m => m.innerText.includes('is thinking'))
                    && !document.querySelector('[data-stale=true]');
            }""",
            arg=count,
        )
        page.wait_for_timeout(300)  # a rerun can start just after the first check


def answer(page, text: str) -> None:
    before = len(messages(page))
    box = page.get_by_test_id("stChatInput").locator("textarea")
    box.fill(text)
    box.press("Enter")
    settled(page, before + 2)


def new_interview(page) -> None:
    page.get_by_role("button", name="Start interview").click()
    page.get_by_text("Here is the question").wait_for()


# texts of the scorecard's headline shown cut with an ellipsis (wider than their box)
CUT_SHORT = """() => [...document.querySelectorAll(
    '[data-testid=stMetric] [data-testid=stMarkdownContainer]')]
    .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""


def test_offline_interview_in_the_browser(page):
    new_interview(page)
    answer(page, ANSWER)
    assert messages(page)[1].strip() == ANSWER
    answer(page, "What latency do we need to meet?")  # every bank question states one
    assert messages(page)[-1].startswith("To your question:")
    before = len(messages(page))
    page.get_by_role("button", name="Hint").click()
    settled(page, before + 2)
    assert messages(page)[-1].startswith("A hint:")
    before = len(messages(page))
    page.get_by_role("button", name="Next stage").click()
    page.get_by_text("move on to Metrics").wait_for()
    settled(page, before + 2)
    answer(page, "Offline PR AUC and log loss because clicks are rare; online watch time per user.")
    page.get_by_role("button", name="End interview").click()
    page.get_by_role("button", name="End now and grade").click()  # the engine asks first
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page.get_by_role("heading", name="Scorecard").wait_for()
        page.get_by_text("Download scorecard (JSON)").wait_for()
        idle(page)
    finally:  # the picture of what the candidate saw, pass or fail (artefacts, not checks)
        page.screenshot(path=SHOTS / "interview.png")
        page.get_by_role("heading", name="Scorecard").scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / "scorecard.png")
    overall = page.get_by_test_id("stMetric").first.inner_text()
    assert re.fullmatch(r"Overall\s+[1-4]\.\d / 4", overall.strip()), overall
    decision = page.get_by_test_id("stMetric").nth(1).inner_text()  # two of seven stages
    assert decision.startswith("Recommendation (provisional)"), decision
    page.set_viewport_size({"width": 1100, "height": 1000})  # a laptop's window
    page.wait_for_timeout(300)
    assert page.evaluate(CUT_SHORT) == []  # the headline reads whole, never "strong no ..."
    # the question is random, so the two answered stages show some score, the rest none
    for title, shown in STAGE_ROWS:
        row = page.get_by_text(re.compile(rf"^{re.escape(title)}: {shown}$"))
        assert row.count() == 1, (title, shown)


def test_replies_stream_in_the_browser(endpoint, page):
    endpoint.chunk_delay = 0.08
    words = " ".join(f"word{i}" for i in range(30))
    endpoint.reply(
        json.dumps({"assessment": "ok", "covered": [], "action": "probe", "focus": "scale"})
    )
    endpoint.reply(f"Thanks. {words} which one?")
    new_interview(page)
    box = page.get_by_test_id("stChatInput").locator("textarea")
    box.fill(ANSWER)
    box.press("Enter")
    seen = set()
    deadline = time.monotonic() + 30
    while "which one?" not in "".join(seen) and time.monotonic() < deadline:
        texts = messages(page)
        if len(texts) >= 3:
            seen.add(texts[-1])
        time.sleep(0.05)
    partial = [t for t in seen if "word" in t and "which one?" not in t]
    assert partial, f"no partial reply seen while streaming: {seen}"
    settled(page, 3)  # opening, answer, reply: streamed pieces end as the whole reply
    reply = page.get_by_test_id("stChatMessageContent").last  # text, then a sources expander
    assert reply.get_by_test_id("stMarkdownContainer").first.inner_text() == (
        f"Thanks. {words} which one?"
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "streamed.png", full_page=True)


@pytest.fixture
def dead_endpoint(monkeypatch):
    """An endpoint that refuses every connection, configured before the app starts."""
    from tests.support.endpoint import dead_url

    monkeypatch.setenv("MLSD_BASE_URL", dead_url())
    monkeypatch.setenv("MLSD_API_KEY", "x")


GENERIC = (
    "I would clarify the business goal and who the users are, then the scale in requests "
    "per second and the latency budget at p99. I'd frame it as a supervised prediction "
    "problem, judged offline by precision and recall and online by an A/B test on the "
    "business metric, because offline gains do not always carry over."
)


def test_an_endpoint_that_stays_down_in_the_browser(dead_endpoint, page):
    new_interview(page)  # a random question: the answer suits any of them
    box = page.get_by_test_id("stChatInput").locator("textarea")
    box.fill(GENERIC)
    box.press("Enter")
    page.get_by_text("could not be reached").wait_for()
    assert messages(page)[-1].strip() == GENERIC  # kept and shown
    page.get_by_role("button", name="End interview and grade what I said").click()
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page.get_by_role("heading", name="Scorecard").wait_for()
        page.get_by_text("Graded offline by the coverage grader").wait_for()
    finally:
        page.screenshot(path=SHOTS / "endpoint-down.png", full_page=True)

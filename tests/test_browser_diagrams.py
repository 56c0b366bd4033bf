"""The diagram editor in a real browser (fixtures from test_browser): a Mermaid flowchart typed
beside the chat is drawn in the preview, sent with an answer and drawn in the transcript, with
every request the page makes staying on this machine; a broken one shows its line error; a
design missing a must-have edge is probed, and the scorecard draws it with the edges missing."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.test_browser import (
    SHOTS,
    browser_page,
    idle,
    messages,
    new_interview,
    running_app,
    settled,
)
from tests.test_browser_ui import choose

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("knowledge_index")]
DIAGRAM = (
    "flowchart LR\n"
    "  logs[Event logs] --> features[(Feature store)]\n"
    "  features --> ranker[Ranker]\n"
    "  ranker -->|top 50| home[Home page]"
)
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def type_diagram(page, source: str) -> None:
    box = page.locator(".st-key-diagram_editor textarea")
    box.fill(source)
    box.press("Control+Enter")  # a text area applies on Ctrl+Enter (or when it loses focus)


def drawn_labels(drawing) -> list[str]:
    """The node labels of the first diagram drawn in `drawing` (an <svg>), once it shows."""
    svg = drawing.locator("svg").first
    svg.wait_for()
    return [label.strip() for label in svg.locator(".node").all_text_contents()]


def test_a_diagram_is_drawn_in_the_preview_and_in_the_transcript_offline(tmp_path):
    from playwright.sync_api import expect

    requests: list[str] = []
    with running_app(tmp_path) as url, browser_page(url, requests) as page:
        new_interview(page)
        type_diagram(page, DIAGRAM)
        preview = page.locator(".st-key-diagram_preview")
        labels = ["Event logs", "Feature store", "Ranker", "Home page"]
        assert sorted(drawn_labels(preview)) == sorted(labels)
        page.locator(".st-key-diagram_attach").get_by_text("Attach to my next answer").click()
        box = page.get_by_test_id("stChatInput").locator("textarea")
        box.fill("Logs feed a feature store <b>and</b> a ranker:")
        box.press("Enter")
        settled(page, 3)
        answer = page.get_by_test_id("stChatMessageContent").nth(1)
        assert sorted(drawn_labels(answer)) == sorted(labels)
        text = answer.get_by_test_id("stMarkdownContainer").first.inner_text()
        assert text == "Logs feed a feature store <b>and</b> a ranker:"  # as typed, not HTML
        assert answer.locator("b, pre").count() == 0  # the block is drawn, not shown as code
        assert len(messages(page)) == 3  # the interviewer replied to the answer and diagram
        # sent: the next answer goes without it (the run after the reply turns it off)
        expect(page.locator(".st-key-diagram_attach input")).not_to_be_checked()
        assert page.locator(".st-key-diagram_editor textarea").input_value() == DIAGRAM
    # the Mermaid library came from the app's own server, like everything else
    assert any("/_stcore/bidi-components/streamlit_mermaid" in a for a in requests), requests
    hosts = {urlparse(address).hostname for address in requests}
    assert hosts <= LOOPBACK, sorted(a for a in requests if urlparse(a).hostname not in LOOPBACK)


def test_a_broken_diagram_shows_its_line_error_in_the_preview(tmp_path):
    with running_app(tmp_path) as url, browser_page(url) as page:
        new_interview(page)
        type_diagram(page, "flowchart LR\n  A --> B\n  B --> C\n  C -->")
        error = page.locator(".st-key-diagram_preview").get_by_test_id("stAlert")
        error.wait_for()
        assert error.inner_text().strip() == (
            "line 4 `C -->`: the arrow points to nothing: add the node it leads to"
        )
        assert page.locator(".st-key-diagram_preview svg").count() == 0


# An ads design with serving, features and logging, but no way back from the logged
# impressions to training: the interviewer should ask about that connection.
ADS_DESIGN = (
    "flowchart LR\n"
    "  req[Ad request] --> server[Ad server]\n"
    "  server --> idx[Ad index]\n"
    "  idx --> model[pCTR model]\n"
    "  fs[(Feature store)] --> model\n"
    "  model --> server\n"
    "  server --> logs[Impression logs]\n"
    "  trainer[Model training] --> registry[Model registry] --> model"
)


def test_a_missing_edge_is_probed_and_shown_on_the_scorecard(tmp_path):
    with running_app(tmp_path) as url, browser_page(url) as page:
        choose(page, "Question", "Ad click-through rate prediction")
        new_interview(page)
        for _ in range(2):  # problem -> metrics -> the MVP, where designs are drawn
            before = len(messages(page))
            page.get_by_role("button", name="Next stage").click()
            settled(page, before + 2)
        type_diagram(page, ADS_DESIGN)
        drawn_labels(page.locator(".st-key-diagram_preview"))
        page.locator(".st-key-diagram_attach").get_by_text("Attach to my next answer").click()
        before = len(messages(page))
        box = page.get_by_test_id("stChatInput").locator("textarea")
        box.fill(
            "First version: a logistic regression pCTR model behind the ad server, with ad and "
            "user features read from a feature store, scored per request in the latency budget."
        )
        box.press("Enter")
        settled(page, before + 2)
        reply = messages(page)[-1]
        assert reply.startswith("Looking at your diagram:"), reply
        assert "impressions you log" in reply  # event logging -> training data is not drawn
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / "diagram-editor.png")
        page.get_by_role("button", name="End interview").click()
        page.get_by_role("button", name="End now and grade").click()
        heading = page.get_by_text("Your diagram", exact=True)
        heading.wait_for()
        idle(page)  # the card is drawn by a run that ends in one more
        card = page.locator(".st-key-drawn_scorecard_diagram_0")
        assert "Impression logs" in drawn_labels(card)
        missing = page.get_by_test_id("stMarkdownContainer").filter(
            has_text="Missing from your diagram"
        )
        assert "event logging → training data generation" in missing.inner_text()  # typeset
        heading.evaluate("e => e.scrollIntoView({block: 'start'})")  # the drawing, then the gaps
        page.screenshot(path=SHOTS / "diagram-scorecard.png")

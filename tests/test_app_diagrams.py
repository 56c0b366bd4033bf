"""Diagrams in the app, driven by AppTest: ```mermaid blocks found in transcript text, the
editor's preview and line errors, and the two ways a diagram is sent (with the next answer, or
alone)."""

from __future__ import annotations

import json

import pytest

from agent.config import load_settings
from agent.interview import Runtime
from agent.ui.diagram_view import MARKUP, fenced, problems, split
from tests.test_app import started

DIAGRAM = "flowchart LR\n  logs[Event logs] --> store[(Feature store)]\n  store --> ranker"
DRAWN = "streamlit_mermaid_interactive.mermaid"
in_the_app = pytest.mark.usefixtures("knowledge_index")  # the app finds its index built


def test_split_keeps_prose_and_other_code_and_takes_mermaid_blocks():
    text = "Plan:\n```python\nk = 1\n```\n\n```mermaid\ngraph LR\nA --> B\n```\nThen more."
    assert split(text) == [
        ("text", "Plan:\n```python\nk = 1\n```\n"),
        ("mermaid", "graph LR\nA --> B"),
        ("text", "Then more."),
    ]
    assert split("~~~~ Mermaid\ngraph TD\nA --> B\n~~~") == [("mermaid", "graph TD\nA --> B\n~~~")]
    assert split("no diagram") == [("text", "no diagram")]


def test_a_fenced_diagram_reads_back_whole():
    source = 'flowchart TD\n  A["has ``` inside"] --> B\n'
    assert split(fenced(source)) == [("mermaid", source.strip("\n"))]


def test_only_a_diagram_read_cleanly_and_free_of_markup_is_drawn():
    assert problems(DIAGRAM) == []
    assert problems("graph LR\n  A[p99<br>latency] <--> B") == []
    assert problems("graph LR\n  A --> B\n  B --> C\n  C -->") == [
        "line 4 `C -->`: the arrow points to nothing: add the node it leads to"
    ]
    assert problems('graph LR\n  A["<img src=x onerror=alert(1)>"] --> B') == [MARKUP]


def drawn(at) -> list[str]:
    """The Mermaid source of every diagram on the page, in order."""
    return [
        json.loads(e.proto.json)["mermaid_code"]
        for e in at.get("bidi_component")
        if e.proto.component_name == DRAWN
    ]


def candidate_texts(at) -> list[str]:
    """What the candidate sent, as the session saved it."""
    runtime = Runtime(load_settings(), live_grading=False)
    try:
        turns = runtime.interview(at.session_state["session_id"]).values["turns"]
    finally:
        runtime.close()
    return [t["text"] for t in turns if t["role"] == "candidate"]


@in_the_app
def test_the_preview_draws_the_diagram_or_shows_its_line_error():
    at = started()
    assert any("Type a diagram" in c.value for c in at.caption)
    at.text_area(key="diagram_source").set_value(DIAGRAM).run()
    assert drawn(at) == [DIAGRAM]
    at.text_area(key="diagram_source").set_value("graph LR\n  A --> B\n  B --> C\n  C -->").run()
    assert drawn(at) == []
    assert [e.value for e in at.error] == [
        r"line 4 \`C \-\-\>\`: the arrow points to nothing: add the node it leads to"
    ]


@in_the_app
def test_an_attached_diagram_goes_with_the_next_answer_only():
    at = started()
    at.text_area(key="diagram_source").set_value(DIAGRAM).run()
    at.toggle(key="diagram_attach").set_value(True).run()
    at.chat_input(key="answer").set_value("/hint").run()  # a command goes as it is
    assert at.toggle(key="diagram_attach").value
    at.chat_input(key="answer").set_value("Logs feed the store.").run()
    assert not at.exception, at.exception
    assert not at.toggle(key="diagram_attach").value  # sent once
    at.chat_input(key="answer").set_value("And the ranker reads it.").run()
    assert candidate_texts(at) == [
        "/hint",
        f"Logs feed the store.\n\n```mermaid\n{DIAGRAM}\n```",
        "And the ranker reads it.",
    ]
    assert drawn(at) == [DIAGRAM, DIAGRAM]  # the preview, and the answer in the transcript
    answer = at.chat_message[3]
    assert answer.markdown[0].value == r"Logs feed the store\."


@in_the_app
def test_send_diagram_sends_it_alone():
    at = started()
    assert at.button(key="send_diagram").disabled  # nothing to send yet
    at.text_area(key="diagram_source").set_value(DIAGRAM).run()
    at.button(key="send_diagram").click().run()
    assert not at.exception, at.exception
    assert candidate_texts(at) == [fenced(DIAGRAM)]
    assert at.text_area(key="diagram_source").value == DIAGRAM  # kept, to build on
    assert len(at.chat_message) == 3 and drawn(at) == [DIAGRAM, DIAGRAM]


@in_the_app
@pytest.mark.parametrize(
    "source", ["graph LR\n  A --> B\n  B -->", "graph LR\n  A[<b>x</b>] --> B"]
)
def test_a_diagram_that_is_not_drawn_shows_as_typed_in_the_transcript(source):
    at = started()
    at.chat_input(key="answer").set_value(f"My design:\n\n{fenced(source)}").run()
    answer = at.chat_message[1]
    assert [c.value for c in answer.code] == [source]
    assert answer.caption and drawn(at) == []

"""The app's pieces through AppTest: answers shown as typed, whitespace and an answer over the
length limit refused, ending confirmed or dismissed, grounding kept to note titles until the
end, the clock and the banner."""

from __future__ import annotations

import re

import pytest

from agent.config import load_settings
from agent.errors import AnswerTooLong, EmptyAnswer
from agent.interview import Runtime
from agent.ui.text import as_typed
from tests.test_app import ANSWER, chat_texts, started

pytestmark = pytest.mark.usefixtures("knowledge_index")
MULTI_LINE = "Two parts:\nfirst the retrieval\n- two-tower model\n- ANN index\n```\nk = 500\n```"


def session_values(at) -> dict:
    runtime = Runtime(load_settings(), live_grading=False)
    try:
        return runtime.interview(at.session_state["session_id"]).values
    finally:
        runtime.close()


def test_a_multi_line_answer_keeps_its_lines_list_and_code():
    at = started()
    at.chat_input(key="answer").set_value(MULTI_LINE).run()
    assert chat_texts(at)[1] == (
        "Two parts:  \nfirst the retrieval\n\n- two\\-tower model\n- ANN index\n\n```\nk = 500\n```"
    )


def test_as_typed_never_lets_markup_through():
    assert as_typed("<b>x</b> **y** $5 & [l](u)") == (r"\<b\>x\</b\> \*\*y\*\* \$5 \& \[l\]\(u\)")
    assert as_typed("a\n===") == "a  \n\\=\\=\\="  # not a heading
    assert as_typed("```\n<script>\n") == "```\n<script>\n\n```"  # unclosed: code to the end
    assert as_typed("* ```x```") == "* ```x```"  # a code span in a list item stays code
    assert as_typed("```\n````\n```") == "`````\n````\n`````"  # a longer fence inside


def test_whitespace_is_refused_and_nothing_is_recorded():
    at = started()
    before = chat_texts(at)
    at.chat_input(key="answer").set_value("  \n\t ").run()
    assert not at.exception, at.exception
    assert [w.value for w in at.warning] == [str(EmptyAnswer())]
    assert chat_texts(at) == before
    assert len(session_values(at)["turns"]) == len(before)


def test_an_answer_over_the_limit_goes_back_into_the_box_and_nothing_is_recorded(monkeypatch):
    monkeypatch.setenv("MLSD_MAX_ANSWER_CHARS", "100")
    at = started()
    before = chat_texts(at)
    at.chat_input(key="answer").set_value(ANSWER).run()
    assert not at.exception, at.exception
    notice = f"{AnswerTooLong(len(ANSWER), 100)} It is back in the answer box."
    assert [w.value for w in at.warning] == [notice]
    assert at.chat_input(key="answer").proto.value == ANSWER  # refilled, to be shortened
    assert chat_texts(at) == before and len(session_values(at)["turns"]) == len(before)
    at.chat_input(key="answer").set_value(ANSWER[:90]).run()
    assert not at.warning and len(session_values(at)["turns"]) == len(before) + 2


def test_keep_going_dismisses_the_question_and_an_answer_cancels_it():
    at = started()
    at.button(key="end").click().run()
    assert chat_texts(at)[-1].startswith("Ending now leaves 6 stages unreached (Metrics")
    assert [b.label for b in at.button if b.key in ("confirm_end", "keep_going")] == [
        "End now and grade",
        "Keep going",
    ]
    at.button(key="keep_going").click().run()
    assert not [b for b in at.button if b.key in ("confirm_end", "keep_going")]
    turns = len(session_values(at)["turns"])
    at.button(key="end").click().run()  # after "Keep going", End asks again: nothing is sent
    assert len(session_values(at)["turns"]) == turns and "Scorecard" not in [
        h.value for h in at.subheader
    ]
    assert [b.key for b in at.button if b.key in ("confirm_end", "keep_going")] == [
        "confirm_end",
        "keep_going",
    ]
    at.button(key="keep_going").click().run()
    at.chat_input(key="answer").set_value(ANSWER).run()
    assert "Scorecard" not in [h.value for h in at.subheader]
    assert not [b for b in at.button if b.key == "confirm_end"]
    at.button(key="end").click().run()  # asked again, since an answer came in between
    assert chat_texts(at)[-1].startswith("Ending now leaves 6 stages unreached")
    at.button(key="end").click().run()  # the same command twice ends, as the text says
    assert "Scorecard" in [h.value for h in at.subheader]


def shown_text(at) -> str:
    """Every text on the page, expanders' collapsed content too, Markdown escapes removed."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return re.sub(r"\\(.)", r"\1", "\n".join(parts + [e.label for e in at.expander]))


def grounding_bullets(values: dict, knowledge) -> list[str]:
    """The key ideas and probing questions of the notes the questions were grounded in,
    less those the interviewer actually asked."""
    asked = " ".join(t["text"] for t in values["turns"] if t["role"] == "interviewer")
    bullets = []
    for source in {s for t in values["turns"] for s in t.get("sources", [])}:
        note_id, _, section = source.partition("#")
        bullets += knowledge.notes[note_id].section_list(section)
        bullets += knowledge.notes[note_id].section_list("Probing questions")
    return [b for b in dict.fromkeys(bullets) if b not in asked]


# draws a grounded framing question: the latency budget is left open
GROUNDED_ANSWER = (
    "We want more relevant videos so people watch longer; I'd ask about the response time the "
    "home page allows and whether new users matter."
)


def test_grounding_shows_note_titles_only_until_the_end():
    at = started()
    at.chat_input(key="answer").set_value(GROUNDED_ANSWER).run()
    values = session_values(at)
    knowledge = Runtime(load_settings(), live_grading=False).knowledge
    grounded = [t for t in values["turns"] if t.get("sources")]
    assert grounded and grounded[-1]["kind"] == "probe"
    sources = grounded[-1]["sources"]
    titles = list(dict.fromkeys(knowledge.notes[s.split("#")[0]].title for s in sources))
    caption = next(c.value for c in at.caption if c.value.startswith("Grounded in: "))
    assert caption == "Grounded in: " + "; ".join(f"*{t}*" for t in titles)
    secrets = grounding_bullets(values, knowledge)
    assert secrets
    page = shown_text(at)
    assert [b for b in secrets if b[:40] in page] == []
    assert not [e for e in at.expander if e.label.startswith("Grounding: ")]
    at.button(key="end").click().run()
    at.button(key="confirm_end").click().run()
    assert [e.label for e in at.expander if e.label.startswith("Grounding: ")] == [
        f"Grounding: {t}" for t in titles
    ]


def clock_text(at) -> list[str]:
    """The clock's lines as the page first draws them (the browser counts on from there)."""
    bodies = [h.proto.body for h in at.get("html") if 'class="mlsd-clock"' in h.proto.body]
    drawn = [body.split("</style>")[1].split("<script>")[0] for body in bodies]
    lines = [re.sub(r"<[^>]+>", "", text.replace("</div>", "\n")).split("\n") for text in drawn]
    return ["\n".join(line for line in text if line) for text in lines]


def test_the_clock_and_the_end_banner():
    at = started()
    clock = clock_text(at)
    assert len(clock) == 1 and re.fullmatch(
        r"This stage, Problem understanding and requirements: 0:\d\d of 5:00"
        r"\nWhole interview: 0:\d\d of 45:00",
        clock[0],
    ), clock
    assert not at.success
    at.button(key="end").click().run()
    at.button(key="confirm_end").click().run()
    assert not clock_text(at)  # no clock once it is over
    assert [s.value for s in at.success] == [
        "This interview is over. [Jump to your scorecard](#scorecard)"
    ]

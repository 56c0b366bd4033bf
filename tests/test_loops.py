"""A model that loops is read once: its message ends where it starts repeating a sentence,
and the connection is closed so the server stops writing. The guard on its own, then through
the model-backed interviewer over real HTTP to the scripted endpoint."""

from __future__ import annotations

import time

import pytest

from agent.config import load_settings
from agent.interview.runtime import Runtime
from agent.interviewer.loops import without_loops
from agent.knowledge import default_knowledge

SAID = "I'd like to dig into calibration here. How would you check it after launch?"


def tokens(text: str, size: int = 3) -> list[str]:
    """Cut anywhere, as a server's tokens fall, not at word or sentence ends."""
    return [text[i : i + size] for i in range(0, len(text), size)]


class Source:
    def __init__(self, pieces: list[str]):
        self.pieces, self.read, self.closed = iter(pieces), 0, False

    def __iter__(self):
        return self

    def __next__(self) -> str:
        self.read += 1
        return next(self.pieces)

    def close(self) -> None:
        self.closed = True


@pytest.mark.parametrize("size", [1, 3, 7, 200])
def test_a_message_ends_where_it_starts_repeating_itself(size) -> None:
    source = Source(tokens(" ".join([SAID] * 6), size))
    assert "".join(without_loops(source)).strip() == SAID
    assert source.closed and source.read < len(tokens(" ".join([SAID] * 6), size))


@pytest.mark.parametrize(
    "text",
    [
        SAID,
        "Why? Because the auction multiplies bids by it. Why? Think about the price paid.",
        "How would you split the data? How would you split the traffic for the test?",
        "What would you do if the model's latency doubles? "
        "What would you do if the model's predictions drift?",
        "What would you log.\nWhat would you log for training, and what for monitoring?",
    ],
)
def test_a_message_that_does_not_repeat_itself_passes_whole(text) -> None:
    source = Source(tokens(text))
    assert "".join(without_loops(source)) == text and not source.closed


def test_a_long_repeat_is_stopped_a_few_words_in() -> None:
    from agent.interviewer.loops import SURE_WORDS

    long = (
        "I am going to go into detail about how to calibrate the model, how to measure "
        "calibration, and how to detect calibration drift after launch."
    )
    words = f"{long} {long}".split(" ")
    source = Source([w + " " for w in words])
    assert "".join(without_loops(source)).strip() == long
    assert source.closed and source.read <= len(long.split(" ")) + SURE_WORDS + 2


def test_a_repeat_cut_off_by_the_token_cap_is_dropped() -> None:
    text = f"{SAID} I'd like to dig into calibration"
    assert "".join(without_loops(Source(tokens(text)))).strip() == SAID


def test_what_the_stage_already_heard_is_not_said_again_and_silence_is_filled() -> None:
    earlier = [f"You mentioned clicks. {SAID}"]
    again = Source(tokens(f"Good. {SAID} Anything else?"))
    assert "".join(without_loops(again, earlier)) == "Good. "  # the old question cut
    assert again.closed
    same = Source(tokens(SAID))
    assert "".join(without_loops(same, earlier, instead="What would you log?")) == (
        "What would you log?"
    )
    assert "".join(without_loops(Source([]), earlier, instead="Go on?")) == "Go on?"


def test_a_looping_model_is_read_once_and_stopped(endpoint, monkeypatch) -> None:
    monkeypatch.setenv("MLSD_DECISIONS", "offline")  # one call per turn: the question
    endpoint.chunk_delay = 0.01  # 600 pieces: six seconds, were the whole loop streamed
    endpoint.responder = lambda body: " ".join([SAID] * 40)
    question = default_knowledge().question("ads-ctr")
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview = runtime.interview("loops")
    list(interview.start(question_id=question.id, question_text=question.prompt, at=0))
    turns = [e.turn for e in interview.send("I'd predict a click per impression.", at=30)]
    said = [t["text"] for t in turns if t]
    assert said == [SAID], said
    deadline = time.monotonic() + 5
    while not endpoint.hung_up and time.monotonic() < deadline:
        time.sleep(0.05)
    assert endpoint.hung_up == 1  # the server saw the connection close and stopped writing
    # the next answer gets the same message again: it is not said twice
    again = [e.turn for e in interview.send("Calibration: reliability plots per day.", at=60)]
    said = [t["text"] for t in again if t]
    assert len(said) == 1 and SAID not in said[0] and said[0].strip(), said


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (
            "I'm glad you're interested in the system. ",
            "I'm glad you're interested in the system. What would you log?",
        ),
        ("Noted.", "Noted. What would you log?"),
        ("How would you check calibration after launch?", None),
        ("Walk me through where the milliseconds go.", None),
    ],
)
def test_a_question_that_asks_nothing_ends_with_the_planned_question(written, shown) -> None:
    from agent.interviewer.loops import asking

    said = "".join(asking(iter(tokens(written)), "What would you log?"))
    assert said == (shown or written)


def test_a_model_that_asks_nothing_is_followed_by_the_interviewers_question(
    endpoint, monkeypatch
) -> None:
    monkeypatch.setenv("MLSD_DECISIONS", "offline")  # one call per turn: the question
    endpoint.responder = lambda body: "I'm glad you're interested in the system."
    question = default_knowledge().question("ads-ctr")
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview = runtime.interview("asks-nothing")
    list(interview.start(question_id=question.id, question_text=question.prompt, at=0))
    turns = [e.turn for e in interview.send("I'd predict a click per impression.", at=30)]
    [said] = [t["text"] for t in turns if t]
    assert said.startswith("I'm glad you're interested in the system. ") and said.endswith("?")

"""One writer per session: two terminals, and a soak of four processes on one session.

An answer is either taken (on disk once, in order, after the question its sender saw) or
refused with its text handed back; never accepted on screen and then dropped."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agent.config import load_settings
from agent.interview.runtime import Runtime
from agent.interview.saving import AnswerNotTaken
from tests.support.terminal import Terminal

FROM_A = "We predict the probability that a shown ad is clicked, to rank ads by expected value."
FROM_B = "I would start by asking how many impressions a day we serve."
LATE = "One more thought about calibration."
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.usefixtures("store")  # each test on SQLite and on PostgreSQL


def transcript(data: Path, session: str) -> list[dict]:
    runtime = Runtime(load_settings(data_dir=data, offline=True), retriever=None, read_only=True)
    turns = runtime.interview(session).turns
    runtime.close()
    return turns


def test_a_second_terminal_is_told_and_keeps_its_answer(isolated, knowledge_index):
    data = isolated / "data"
    env = {"MLSD_DATA_DIR": str(data), "MLSD_OFFLINE": "1"}
    first = Terminal("--question", "ads-ctr", "--session", "two", env=env)
    first.expect()
    second = Terminal("--session", "two", env=env)  # shows the opening, waits at its prompt
    second.expect()
    first.answer(FROM_A)
    refused = second.answer(FROM_B)
    assert "moved on in another window" in refused and f'send again: "{FROM_B}"' in refused
    assert FROM_A in refused  # what the first terminal said is shown before the refusal
    second.answer(FROM_B)  # sent again, now against what it has seen
    told = first.answer("/end")  # typed before the first terminal saw FROM_B: handed back
    assert FROM_B in told and 'send again: "/end"' in told
    first.answer("/end")  # the interviewer asks to confirm
    assert first.quit(last="/end") == 0  # confirmed: the interview is over
    assert "Interview over" in first.output
    assert second.quit(last=LATE) == 0  # the ending is shown, then the answer handed back
    assert f'interview has ended. Your answer was not recorded; it was: "{LATE}"' in second.output
    for terminal in (first, second):
        assert "Traceback" not in terminal.output, terminal.output
    said = [t["text"] for t in transcript(data, "two") if t["role"] == "candidate"]
    assert said[:2] == [FROM_A, FROM_B] and LATE not in said


def test_an_answer_after_the_other_window_moved_on_is_refused_not_misfiled(isolated):
    runtime = Runtime(load_settings(offline=True), retriever=None)
    here, there = runtime.interview("s"), runtime.interview("s")
    list(here.start(question_id="ads-ctr", question_text="Predict ad clicks.", at=0))
    seen = len(there.turns)
    list(here.send(FROM_A, at=10))
    with pytest.raises(AnswerNotTaken) as refused:
        list(there.send(FROM_B, at=11))
    assert refused.value.text == FROM_B
    list(there.send(FROM_B, at=12, seen=len(there.turns)))  # read first: taken
    assert seen < len(there.turns)
    said = [t["text"] for t in here.turns if t["role"] == "candidate"]
    assert said == [FROM_A, FROM_B]


def test_four_processes_answering_one_session_lose_and_misfile_nothing(isolated):
    data = isolated / "data"
    runtime = Runtime(load_settings(data_dir=data, offline=True), retriever=None)
    list(runtime.interview("soak").start(question_id="ads-ctr", question_text="Ads."))
    runtime.close()
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.support.soak_worker", str(data), "soak", str(w), "50"]
            + [str(w), str(isolated / f"w{w}.json")],
            cwd=ROOT,  # where `tests` is importable
        )
        for w in range(4)
    ]
    assert [w.wait(timeout=600) for w in workers] == [0, 0, 0, 0]
    sent = [e for w in range(4) for e in json.loads((isolated / f"w{w}.json").read_text())]
    taken = sorted((e for e in sent if e["taken"]), key=lambda e: e["at"])
    turns = transcript(data, "soak")
    said = [t["text"] for t in turns if t["role"] == "candidate"]
    assert len(sent) == 200 and len(taken) >= 20, f"{len(taken)} taken"
    assert said == [e["text"] for e in taken]  # each once, in the order they were taken
    texts = [t["text"] for t in turns]
    for answer in taken:
        before = turns[: texts.index(answer["text"])]
        asked = next(t["text"] for t in reversed(before) if t["role"] == "interviewer")
        assert asked == answer["saw"], answer["text"]
    for refused in (e for e in sent if not e["taken"]):
        assert (
            f'"{refused["text"]}"' in refused["why"]
            or "Another reply is in progress" in refused["why"]
        )

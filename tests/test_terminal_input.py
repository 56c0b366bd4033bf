"""Answers at a real terminal (a pseudo-terminal, so the line editor reads them): a pasted
diagram stays one answer with every line, a long paste arrives whole where input() would cut
it at 4,095 bytes, Alt+Enter, Up and Ctrl-C work, and an answer over MLSD_MAX_ANSWER_CHARS is refused
with a notice and handed back, never cut. Piped answers are read line by line, as before."""

from __future__ import annotations

import pytest

from agent.config import load_settings
from agent.errors import AnswerTooLong
from agent.interview import Runtime
from tests.support.tty import ALT_ENTER, CTRL_C, CTRL_D, CTRL_U, ENTER, PROMPT, PtyTerminal, pasted
from tests.test_cli import mlsd

pytestmark = pytest.mark.usefixtures("knowledge_index")

DIAGRAM = """flowchart LR
  U[User opens a page] --> G[Ad request gateway]
  G --> C[Candidate retrieval]
  C --> I[(Ad index)]
  C --> F[Feature service]
  F --> OS[(Online feature store)]
  F --> R[CTR ranker]
  R --> A[Auction: bid x pCTR]
  A --> S[Serve the ad]
  S --> L[Impression and click logs]
  L --> K[[Kafka]]
  K --> J[Join clicks to impressions]
  J --> T[(Training data)]
  T --> M[Daily retrain]
  M --> V{Offline eval passes?}
  V -->|yes| D[Shadow, then canary]
  V -->|no| X[Keep the current model]
  D --> R
  K --> OS
  S --> B[Budget pacing]"""
LONG = ("Features are refreshed hourly so the ranker sees recent clicks. " * 160)[:10_000]
OVER = LONG[:300].strip()  # over the tests' limit of 200
SHORT = "I would predict the click probability per impression and rank by expected revenue."


def interview(session: str, env: dict[str, str] | None = None) -> PtyTerminal:
    """An offline interview at a terminal, waiting at its first prompt."""
    terminal = PtyTerminal("--offline", "--question", "ads-ctr", "--session", session, env=env)
    terminal.expect(PROMPT)
    return terminal


def answered(terminal: PtyTerminal, keys: str) -> None:
    """Type `keys` (ending in Enter) and wait for the interviewer's reply and the next prompt."""
    terminal.send(keys)
    terminal.expect("interviewer> ")
    terminal.expect(PROMPT)


def quit_with_ctrl_d(terminal: PtyTerminal, session: str) -> None:
    terminal.send(CTRL_D)
    terminal.expect(f"Saved. Resume with: mlsd interview --session {session}")
    assert terminal.close() == 0


def candidate_answers(session: str) -> list[str]:
    runtime = Runtime(load_settings(), retriever=None, read_only=True)
    try:
        turns = runtime.interview(session).values["turns"]
    finally:
        runtime.close()
    return [turn["text"] for turn in turns if turn["role"] == "candidate"]


def test_a_pasted_diagram_is_one_answer_with_every_line():
    with interview("diagram") as terminal:
        # terminals send a pasted newline as a carriage return, as if Enter were pressed
        answered(terminal, pasted(DIAGRAM.replace("\n", "\r")) + ENTER)
        quit_with_ctrl_d(terminal, "diagram")
    assert candidate_answers("diagram") == [DIAGRAM]
    assert len(DIAGRAM.splitlines()) == 20


def test_a_long_paste_arrives_whole():
    with interview("long") as terminal:
        answered(terminal, pasted(LONG) + ENTER)
        quit_with_ctrl_d(terminal, "long")
    assert len(LONG) == 10_000 and candidate_answers("long") == [LONG]


def test_alt_enter_starts_a_line_up_recalls_an_answer_and_ctrl_c_leaves():
    with interview("keys") as terminal:
        answered(terminal, f"{SHORT}{ALT_ENTER}Then a two-tower model.{ENTER}")
        answered(terminal, "\x1b[A" + ENTER)  # Up: the answer before, sent again
        terminal.send(CTRL_C)
        terminal.expect("Interrupted. Every answer you sent is saved")
        assert terminal.close() == 130
    assert candidate_answers("keys") == [f"{SHORT}\nThen a two-tower model."] * 2


def test_an_answer_over_the_limit_is_refused_and_handed_back_to_edit():
    notice = f"! {AnswerTooLong(len(OVER), 200)} It is back at the prompt to shorten."
    with interview("limit", env={"MLSD_MAX_ANSWER_CHARS": "200"}) as terminal:
        terminal.send(pasted(OVER) + ENTER)
        terminal.expect(notice)
        terminal.expect(PROMPT)
        terminal.send(ENTER)  # sent again as it came back, whole: refused again
        terminal.expect(notice)
        terminal.expect(PROMPT)
        answered(terminal, CTRL_U + SHORT + ENTER)  # cleared, and a short answer is taken
        quit_with_ctrl_d(terminal, "limit")
    assert candidate_answers("limit") == [SHORT]


def test_a_piped_answer_over_the_limit_is_refused_with_the_notice():
    done = mlsd(
        "interview", "--offline", "--question", "ads-ctr", "--session", "piped",
        input=f"{OVER}\n{SHORT}\n",
        env={"MLSD_MAX_ANSWER_CHARS": "200"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"! {AnswerTooLong(len(OVER), 200)}\n" in done.stdout
    assert candidate_answers("piped") == [SHORT]


def test_a_diagram_pasted_while_the_interviewer_replies_waits_whole_for_the_prompt():
    with interview("ahead") as terminal:
        terminal.send(SHORT + ENTER)
        # the candidate pastes before the reply is over: the terminal must still mark pastes
        # (bracketed-paste mode on between prompts), and the typed-ahead lines must not be sent
        # one by one when the next prompt starts
        terminal.send(pasted(DIAGRAM.replace("\n", "\r")))
        terminal.expect("interviewer> ")
        terminal.expect(PROMPT)
        answered(terminal, ENTER)
        quit_with_ctrl_d(terminal, "ahead")
    # between the first answer and its reply, bracketed paste was last switched on
    reply = terminal.raw[terminal.raw.rindex(SHORT) :].split("interviewer>", 1)[0]
    assert reply.rindex("\x1b[?2004h") > reply.rindex("\x1b[?2004l")
    assert terminal.raw.rindex("\x1b[?2004l") > terminal.raw.rindex("\x1b[?2004h")  # at exit
    assert candidate_answers("ahead") == [SHORT, DIAGRAM]

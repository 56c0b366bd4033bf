"""Refusal: empty, too short, garbage and off-topic transcripts are not graded."""

import pytest

from agent.cases import load_cases
from agent.knowledge import default_knowledge
from agent.paths import EVALS_DIR
from agent.scoring.grade import grade_transcript
from agent.scoring.refusal import check
from agent.scoring.transcript import Transcript
from agent.scoring.vectors import shared_vectors
from agent.state import make_turn

CASES = load_cases(EVALS_DIR / "cases")


def transcript(*answers: str, question: str | None = "video-recs") -> Transcript:
    lines = []
    for stage, answer in zip(("problem", "metrics", "mvp", "data"), answers):
        kind = "command" if answer.startswith("/") else "answer"
        lines += [
            make_turn(stage, "interviewer", "Tell me more."),
            make_turn(stage, "candidate", answer, kind),
        ]
    return Transcript(question, "" if question else "Design a video recommender.", lines)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_garbage_cases_are_refused_and_all_others_accepted(case):
    verdict = check(Transcript.from_case(case), default_knowledge(), shared_vectors())
    assert verdict.ok is not case.refuse, verdict.reason
    assert bool(verdict.reason) is case.refuse


def test_empty_transcript_is_refused_without_any_model_call(endpoint):
    card = grade_transcript(transcript("", "   ", "/hint"), grader="llm")
    assert not card.graded and card.reason.startswith("empty")
    assert card.overall is None and card.stages == {}
    assert endpoint.requests == []  # not even a model listing


def test_too_little_text_is_refused():
    verdict = check(
        transcript("I'd use a model.", "Accuracy."), default_knowledge(), shared_vectors()
    )
    assert not verdict.ok and verdict.reason.startswith("too little")


DRAWN = """```mermaid
flowchart LR
  logs[Watch and click event logs in Kafka] --> join[Daily label join job]
  join --> train[Two tower retrieval training]
  train --> reg[Model registry]
  reg --> serve[Candidate generation service]
  fs[(Online feature store)] --> serve
  serve --> rank[Ranking model service]
  rank --> logs
```"""


def test_a_diagram_is_an_answer_and_its_graph_is_graded():
    knowledge, vectors = default_knowledge(), shared_vectors()
    assert check(transcript(DRAWN), knowledge, vectors).ok  # no prose, a whole design drawn
    small = "```mermaid\nflowchart LR\n  a[Logs] --> b[Model]\n```"
    verdict = check(transcript(small), knowledge, vectors)
    assert not verdict.ok and verdict.reason.startswith("too little: the candidate said only 2")


def test_keyboard_mashing_is_garbage():
    mash = "asdf jkl qwerty uiop zxcv bnm hjkl fdsa " * 4
    verdict = check(transcript(mash, mash), default_knowledge(), shared_vectors())
    assert not verdict.ok and verdict.reason.startswith("garbage")


def test_small_talk_is_off_topic_even_for_a_question_outside_the_bank():
    chat = [
        "We went hiking on Sunday and the view from the ridge was lovely.",
        "My sister is getting married in June, so the whole family is flying over.",
        "I have been learning to bake bread, and the crust is finally getting crisp.",
    ]
    verdict = check(transcript(*chat, question=None), default_knowledge(), shared_vectors())
    assert not verdict.ok and verdict.reason.startswith("off-topic")


def test_a_short_on_topic_answer_outside_the_bank_is_accepted():
    answers = [
        "I'd recommend videos by predicting watch time for each candidate video.",
        "Offline I'd measure NDCG on held-out sessions, and online watch time per user.",
    ]
    verdict = check(transcript(*answers, question=None), default_knowledge(), shared_vectors())
    assert verdict.ok, verdict.reason


def test_a_sentence_that_introduces_a_drawn_design_is_not_off_topic():
    # seen in a terminal interview: one framing sentence, "Here is my first design:" and a
    # diagram were refused as off-topic (1 of 2 sentences related), and nothing was graded
    answer = (
        "I'd frame it as predicting which videos a user will watch to completion. "
        f"Here is my first design:\n{DRAWN}"
    )
    assert check(transcript(answer), default_knowledge(), shared_vectors()).ok
    chat = "We went hiking on Sunday with friends. The view from the ridge was lovely, honestly."
    family = "```mermaid\nflowchart LR\n  a[Mum and dad] --> b[My sister in June]\n```"
    verdict = check(transcript(f"{chat}\n{family}"), default_knowledge(), shared_vectors())
    assert not verdict.ok and verdict.reason.startswith("off-topic")  # boxes that play no role

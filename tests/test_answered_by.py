"""A note's question carries what an answer to it contains ("Answered by:"), and the interviewer
does not ask it once the candidate said one of those things in words MiniLM does not link to it.
Real notes, real MiniLM (the grader's reading of the stage)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.knowledge import FRAMING, KnowledgeError, default_knowledge, parse_note
from agent.matching import normalise
from agent.paths import KNOWLEDGE_DIR
from agent.scoring import text as T
from agent.scoring.answered_in_kind import why_part
from agent.scoring.coverage import CoverageGrader
from agent.scoring.heard import StageHeard
from agent.scoring.transcript import Transcript

KNOWLEDGE = default_knowledge()
SECTIONS = ("Probing questions", FRAMING)


def _with_probes(tmp_path: Path, probes: str) -> Path:
    text = (KNOWLEDGE_DIR / "notes" / "calibration.md").read_text()
    start = text.index("## Probing questions")
    end = text.index("## What a strong answer mentions")
    path = tmp_path / "calibration.md"
    path.write_text(text[:start] + "## Probing questions\n" + probes + "\n\n" + text[end:])
    return path


def test_the_line_leaves_the_section_and_is_kept_by_question(tmp_path):
    path = _with_probes(
        tmp_path,
        "- How would you check that predicted probabilities match observed rates, per\n"
        "  segment?\n"
        "  Answered by: reliability diagram; expected calibration error; isotonic\n"
        "- What would you do after downsampling negatives?",
    )
    note = parse_note(path)
    asked = "How would you check that predicted probabilities match observed rates, per segment?"
    assert note.section_list("Probing questions") == [
        asked,
        "What would you do after downsampling negatives?",
    ]
    assert "Answered by" not in note.sections["Probing questions"]
    assert note.answered_by == {
        asked: ["reliability diagram", "expected calibration error", "isotonic"]
    }


def test_an_empty_line_is_a_clear_error(tmp_path):
    path = _with_probes(tmp_path, "- How would you check calibration?\n  Answered by: ;")
    with pytest.raises(KnowledgeError, match="empty 'Answered by:' line"):
        parse_note(path)


def test_every_shipped_note_question_says_what_answers_it_in_other_words():
    """A phrase made of the question's own words would settle it when the candidate only named
    its topic ("diversity" is not saying where diversity is enforced)."""
    for note in KNOWLEDGE.notes.values():
        assert all("Answered by" not in text for text in note.sections.values()), note.id
        if note.kind != "topic":
            continue
        for question in [q for s in SECTIONS for q in note.section_list(s)]:
            phrases = note.answered_by.get(question)
            assert phrases and len(phrases) >= 3, (note.id, question)
            asked, stems = normalise(question), T.stems(question)
            echoed = [p for p in phrases if T.term_in(p, asked, stems)]
            assert not echoed, (note.id, question, echoed)


FUNNEL = "Where in the funnel would you enforce diversity and policy constraints?"


def _heard(answer: str) -> StageHeard:
    feed = KNOWLEDGE.question("news-feed")
    turns = [{"role": "candidate", "stage": "inference", "text": answer}]
    return StageHeard(CoverageGrader(), Transcript(feed.id, feed.prompt, turns), "inference")


def test_a_question_answered_in_other_words_is_settled():
    heard = _heard(
        "A light first pass trims 1,500 posts to 400 and the heavy model scores those, then a "
        "final re-rank so no author appears twice in a row and low-quality posts go down."
    )
    assert heard.grader.similar(heard.said, [FUNNEL]).max() < 0.5  # MiniLM alone misses it
    assert heard.settles(FUNNEL)


def test_the_same_answer_without_those_phrases_leaves_it_open():
    heard = _heard(
        "A light first pass trims 1,500 posts to 400 and the heavy model scores those in one "
        "batched call."
    )
    assert not heard.settles(FUNNEL)


LOOKUP = (
    "What does the system do when an online feature lookup times out or the entity has never "
    "been seen?"
)


@pytest.mark.parametrize(
    ("answer", "settled"),
    [
        ("When lookups are late we decide with the rules alone and tighter thresholds.", True),
        ("Each transaction is scored by gradient-boosted trees next to the rules.", False),
    ],
)
def test_a_fallback_in_plain_words_answers_what_happens_when_a_lookup_times_out(answer, settled):
    fraud = KNOWLEDGE.question("fraud-detection")
    turns = [{"role": "candidate", "stage": "inference", "text": answer}]
    heard = StageHeard(CoverageGrader(), Transcript(fraud.id, fraud.prompt, turns), "inference")
    assert heard.settles(LOOKUP) is settled


def _heard_in(question_id: str, stage: str, answer: str) -> StageHeard:
    question = KNOWLEDGE.question(question_id)
    turns = [{"role": "candidate", "stage": stage, "text": answer}]
    return StageHeard(CoverageGrader(), Transcript(question.id, question.prompt, turns), stage)


@pytest.mark.parametrize(
    ("question_id", "stage", "answer", "question"),
    [
        (
            "video-recs",
            "data",
            "The retrieval tower's negatives are sampled from the whole catalogue.",
            "With only implicit feedback such as clicks, plays or purchases, what do you use as "
            "negatives?",
        ),
        (
            "translation-service",
            "scaling",
            "I'd hold back any output that comes out twice as long as the source or much more "
            "toxic than the source.",
            "How would you detect hallucinated or omitted content in production translations?",
        ),
    ],
)
def test_a_probe_answered_in_plain_words_is_settled(question_id, stage, answer, question):
    """Two probes the conversation dev set heard asked right after their answer: a statement of
    what the negatives are, and an output held against its source."""
    assert _heard_in(question_id, stage, answer).settles(question)


ONLINE = (
    "Which online metric would tell you this system is helping the business, and why that one "
    "rather than the number that is easiest to move?"
)


def test_a_metric_named_without_a_reason_is_asked_only_why():
    """The candidate named the online metric: asking which one again says it was not heard;
    why that one is the question still open."""
    named = _heard_in(
        "news-feed",
        "metrics",
        "Offline, AUC per action head. Online: meaningful interactions per user and daily "
        "sessions, with hides and reports as guardrails.",
    )
    assert not named.settles(ONLINE)
    assert named.left_to_ask(ONLINE) == (
        "Why that one rather than the number that is easiest to move?"
    )
    offline_only = _heard_in("news-feed", "metrics", "Offline, AUC and log loss per action head.")
    assert offline_only.left_to_ask(ONLINE) == ONLINE


def test_only_a_why_that_stands_alone_is_split_off():
    assert (
        why_part("Which features can the ranker use that the retrieval model cannot, and why?")
        is None
    )
    assert (
        why_part(
            "Which offline metric would you use to compare two candidate models, and why does it "
            "fit this task?"
        )
        == "Why does it fit this task?"
    )

"""Diagrams graded as graphs (real MiniLM, real knowledge): drawn must-have edges credit their
checklist items with the edge as evidence, Mermaid never reads as prose, the LLM grader sees
the edge list, and the scorecard shows the diagram with the edges it lacks."""

import re

import pytest

from agent.cases import load_case
from agent.config import load_settings
from agent.diagrams import without_diagrams
from agent.llm.client import LLM
from agent.paths import EVALS_DIR
from agent.scoring.evidence import check_quotes
from agent.scoring.grade import grade_transcript
from agent.scoring.llm_grader import LLMGrader
from agent.scoring.render import render_markdown
from agent.scoring.transcript import Transcript

DESIGN = """flowchart LR
  S[Ad server and auction] --> C[Ad index]
  C --> M[pCTR model]
  M --> S
  F[Feature store] --> M
  T[Training pipeline] --> R[Model registry]
  R --> M"""
FEEDBACK_LOOP = """
  S --> L[Impression logs]
  L --> W[Monitoring]
  W --> T"""
MONITORING = "I'd also monitor CTR over time and retrain if it drops."
MERMAID_SYNTAX = re.compile(r"-->|\w\[|\[\w|flowchart|```")


def interview(diagram: str | None, drop: str = MONITORING) -> Transcript:
    """The mixed ads-ctr interview with `diagram` drawn in the MVP stage; the scaling answer
    without its sentence on monitoring, which the feedback loop would otherwise repeat."""
    transcript = Transcript.from_case(load_case(EVALS_DIR / "cases" / "ads-ctr-mixed-1.yaml"))
    for turn in transcript.turns:
        if turn["role"] != "candidate":
            continue
        turn["text"] = " ".join(turn["text"].replace(drop, "").split())
        if turn["stage"] == "mvp" and diagram:
            turn["text"] += f"\n\nThe design:\n```mermaid\n{diagram}\n```\nThat is the MVP."
    return transcript


@pytest.fixture(scope="module")
def cards():
    return {
        name: grade_transcript(interview(diagram), grader="coverage")
        for name, diagram in {
            "none": None,
            "design": DESIGN,
            "loop": DESIGN + FEEDBACK_LOOP,
            "no feature store": DESIGN.replace("  F[Feature store] --> M\n", ""),
        }.items()
    }


def test_a_diagram_with_the_feedback_loop_scores_higher_on_scaling(cards):
    assert cards["loop"].stages["scaling"].score > cards["design"].stages["scaling"].score
    quotes = cards["loop"].stages["scaling"].evidence
    assert 'edge: "Impression logs" -> "Monitoring"' in quotes
    assert 'edge: "Monitoring" -> "Training pipeline"' in quotes


def test_removing_a_must_have_edge_lowers_the_stage_its_item_belongs_to(cards):
    # feature store -> model serving evidences the inference checklist's serving-processing
    without, drawn = cards["no feature store"].stages, cards["design"].stages
    assert without["inference"].score < drawn["inference"].score
    assert {s: g.score for s, g in without.items() if s != "inference"} == {
        s: g.score for s, g in drawn.items() if s != "inference"
    }
    assert cards["design"].stages["inference"].score > cards["none"].stages["inference"].score


def test_edge_evidence_is_on_the_scorecard_and_verified(cards):
    transcript = interview(DESIGN + FEEDBACK_LOOP)
    edges = 0
    for stage, grade in cards["loop"].stages.items():
        assert check_quotes(grade.evidence, transcript, stage).all_valid, stage
        edges += sum(q.startswith("edge: ") for q in grade.evidence)
    assert edges >= 8
    assert 'edge: "Feature store" -> "pCTR model"' in cards["loop"].stages["inference"].evidence


def test_an_edge_quote_must_be_drawn_up_to_the_stage_it_supports():
    transcript = interview(DESIGN)
    drawn = 'edge: "Feature store" -> "pCTR model"'
    assert check_quotes(
        [drawn, "edge: feature store -> pctr model"], transcript, "inference"
    ).all_valid
    assert not check_quotes([drawn], transcript, "metrics").all_valid  # drawn later, in the MVP
    for never in ('edge: "pCTR model" -> "Feature store"', 'edge: "Feature store" -> "Ad index"'):
        assert not check_quotes([never], transcript, "inference").all_valid


def test_mermaid_is_never_quoted_as_prose(cards):
    for card in cards.values():
        for grade in card.stages.values():
            quotes = grade.evidence + [f.quote for f in grade.red_flags]
            prose = [q for q in quotes if not q.startswith("edge: ")]
            assert not [q for q in prose if MERMAID_SYNTAX.search(q)]


def test_the_prose_around_a_diagram_is_kept_verbatim():
    answer = f"We start simple.\n```mermaid\n{DESIGN}\n```\nThen we log impressions."
    assert without_diagrams(answer) == "We start simple.\nThen we log impressions."
    chains = "The flow:\n- Kafka -> Flink -> feature store\nLatency goes 50 -> 20 ms."
    assert without_diagrams(chains) == "The flow:\nLatency goes 50 -> 20 ms."
    plain = "No diagram here.\n```python\nx = 1\n```"
    assert without_diagrams(plain) == plain


def test_a_diagram_does_not_make_an_answer_read_as_garbage():
    long_diagram = DESIGN + FEEDBACK_LOOP * 6
    card = grade_transcript(interview(long_diagram), grader="coverage")
    assert card.graded, card.reason


def test_the_scorecard_shows_the_last_diagram_and_the_missing_edges(cards):
    text = render_markdown(cards["loop"])
    block = f"```mermaid\n{DESIGN + FEEDBACK_LOOP}\n```"
    assert "## Your diagram" in text and block in text
    assert "Missing from your diagram:" in text
    assert (
        "- event logging -> training data generation (How do the impressions you log get "
        "joined with clicks to become labelled training examples?)"
    ) in text
    missing = [m.edge for m in cards["loop"].diagram.missing]
    assert "model serving -> ad server and auction" not in missing  # drawn
    assert "## Your diagram" not in render_markdown(cards["none"])
    assert cards["none"].diagram is None


def verdict(quotes: list[str]) -> dict:
    return {
        "rationale": "Scripted.",
        "evidence": quotes,
        "missed": [],
        "communication": 3,
        "score": 3,
    }


def test_the_llm_grader_sees_the_edge_list_and_the_stage_missing_edges(endpoint):
    transcript = interview(DESIGN)
    edge = 'edge: "Ad server and auction" -> "Ad index"'
    endpoint.reply_json(verdict([edge]))
    grade = LLMGrader(LLM(load_settings())).grade_stage(transcript, "inference")
    assert grade.supported and grade.evidence == [edge]
    prompt = endpoint.chat_requests()[0]["messages"][1]["content"]
    edges = "Ad server and auction -> Ad index\nAd index -> pCTR model"
    assert f"<candidate>\n{edges}" in prompt  # the labels are the candidate's: delimited
    assert "- ad server and auction -> event logging" in prompt  # inference, not drawn
    assert "- event logging -> monitoring" not in prompt  # missing too, but a scaling edge


def test_a_stage_before_any_diagram_says_none_was_drawn(endpoint):
    endpoint.reply_json(verdict(["Offline I'd use AUC"]))
    LLMGrader(LLM(load_settings())).grade_stage(interview(DESIGN), "metrics")
    prompt = endpoint.chat_requests()[0]["messages"][1]["content"]
    assert "diagrams up to this stage:\n(none drawn)" in prompt
    assert prompt.count("<candidate>") == 1

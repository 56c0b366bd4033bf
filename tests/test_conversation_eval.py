"""`mlsd eval --conversation`: labelled candidate turns replayed through the live offline
interviewer (real MiniLM, real Chroma index), judged, reported, and gated on the issue's bars."""

from __future__ import annotations

import json

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from pydantic import ValidationError

from agent.cli.conversation import _reply
from agent.cli.main import main
from agent.evaluation.conversation import conversation_metrics, judge
from agent.evaluation.conversation_set import ConversationFile
from agent.interview.graph import build_graph
from agent.interview.session import Interview
from agent.interviewer.offline import OfflinePolicy
from agent.knowledge import default_knowledge

FRAUD = default_knowledge().question("fraud-detection")
SET = """\
question: fraud-detection
off_domain: [lambdamart, ndcg]
turns:
  - id: scale
    stage: problem
    answer: "How many payments do we process a day?"
    asks: [scale]
  - id: team
    stage: problem
    answer: "How big is the team?"
    asks: [none]
  - id: never-asked
    stage: metrics
    answer: "PR-AUC, since positives are rare, and recall at a fixed decline rate."
    settled:
      - {about: a point no question words this way, cues: [zebra crossing]}
  - id: always-asked
    stage: metrics
    answer: "Accuracy."
    settled:
      - {about: any question at all, cues: ["?"]}
"""


def test_the_eval_replays_judges_and_gates(tmp_path, knowledge_index, capsys) -> None:
    folder = tmp_path / "mini"
    folder.mkdir()
    (folder / "fraud-detection.yaml").write_text(SET)
    code = main(["eval", "--conversation", "--offline", "--cases", str(folder), "--json"])
    out = json.loads(capsys.readouterr().out)
    metrics = out["sets"]["mini"]["metrics"]
    assert code == 1  # the re-ask bar is missed: "?" is in every question
    assert out["interviewer"] == "offline interviewer"
    assert {k: metrics[k] for k in ("turns", "reask_rate", "reasked", "settled_turns")} == {
        "turns": 4,
        "reask_rate": 0.5,
        "reasked": 1,
        "settled_turns": 2,
    }
    assert metrics["clarifying_top1"] == 1.0 and metrics["asks"] == 2
    assert metrics["wrong_facts"] == 0 and metrics["off_domain_questions"] == 0
    assert out["sets"]["mini"]["missed"] == ["reask_rate <= 0.05: got 0.5"]
    assert [f["turn"] for f in out["sets"]["mini"]["failures"]] == ["always-asked"]


def test_a_wrong_fact_and_another_domain_are_counted() -> None:
    file = ConversationFile.model_validate(
        {
            "question": FRAUD.id,
            "off_domain": ["ndcg"],
            "turns": [
                {
                    "id": "t",
                    "stage": "problem",
                    "answer": "What's the fraud rate?",
                    "asks": ["labels"],
                }
            ],
        }
    )
    costs = next(f.answer for f in FRAUD.clarifications if f.topic == "costs")
    reply = judge(file, file.turns[0], FRAUD, f"To your question: {costs} How is NDCG computed?")
    assert reply.wrong_facts == ["costs"] and reply.correct == 0
    assert reply.off_domain == ["ndcg"]
    metrics = conversation_metrics([reply])
    assert metrics["wrong_facts"] == 1 and metrics["off_domain_questions"] == 1


def test_a_malformed_set_names_the_file_and_the_fix(tmp_path, capsys) -> None:
    (tmp_path / "bad.yaml").write_text(SET.replace("asks: [scale]", "asks: [weather]"))
    assert main(["eval", "--conversation", "--offline", "--cases", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert "bad.yaml: turn scale: asks weather: not a fact topic of fraud-detection" in error


def test_every_conversation_set_in_the_repo_loads_against_the_bank() -> None:
    """The example sets feed the interviewer's ask memory, which skips what it cannot read:
    a broken file must fail here instead."""
    from agent.evaluation.conversation_set import load_conversation_set
    from agent.interviewer.ask_examples import EXAMPLE_SETS, EXAMPLES_DIR

    folders = sorted(p for p in EXAMPLES_DIR.iterdir() if p.is_dir())
    assert set(EXAMPLE_SETS) <= {p.name for p in folders}
    for folder in folders:
        files = load_conversation_set(folder, default_knowledge())
        assert len(files) == 12, folder  # one per bank question


def test_answers_from_earlier_stages_are_said_in_their_stages() -> None:
    knowledge = default_knowledge()
    turn = {
        "id": "t",
        "stage": "scaling",
        "earlier": [
            {"stage": "problem", "answer": "Decisions within 100 ms at p99, 3,000 per second."},
            {
                "stage": "metrics",
                "answer": "Fraud loss in basis points, false declines as a guardrail.",
            },
        ],
        "answer": "A canary at 1% for a week, then ramp up.",
        "settled": [{"about": "the rollout", "cues": ["canary"]}],
    }
    file = ConversationFile.model_validate({"question": FRAUD.id, "turns": [turn]})
    graph = build_graph(OfflinePolicy(), knowledge, retriever=None, checkpointer=InMemorySaver())
    interview = Interview(graph, "earlier")
    _reply(interview, FRAUD, file.turns[0])
    said = [(t["stage"], t["text"]) for t in interview.turns if t["role"] == "candidate"]
    answers = [(stage, text) for stage, text in said if text != "/next"]
    assert answers == [(e["stage"], e["answer"]) for e in turn["earlier"]] + [
        ("scaling", turn["answer"])
    ]
    backwards = {**turn, "earlier": list(reversed(turn["earlier"]))}
    with pytest.raises(ValidationError, match="earlier"):
        ConversationFile.model_validate({"question": FRAUD.id, "turns": [backwards]})

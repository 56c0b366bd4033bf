"""Diagrams in the interview: each answer stores the diagrams it holds, a line that cannot be
read is named once, the interviewer probes a must-have edge the diagram misses (the current
stage's first) or a box left without arrows, the model's prompt shows the graph and its
missing edges, and exports and case files carry the diagrams. Real graph and SQLite store;
the offline interviewer with the real MiniLM and Chroma index, the model one against the
scripted endpoint."""

from __future__ import annotations

import pytest

from agent.cases import load_case
from agent.config import load_settings
from agent.diagrams import Diagram, extract, match_design
from agent.interview.runtime import Runtime
from agent.interviewer.context import DIAGRAM_TOKENS, MISSING_SHOWN, diagram_text
from agent.interviewer.policy import DrawnDiagram, TurnContext, lines
from agent.knowledge import default_knowledge
from agent.llm.tokens import count_tokens
from agent.paths import EVALS_DIR
from tests.test_cli import mlsd
from tests.test_engine import decision, turns_of

KNOWLEDGE = default_knowledge()
ADS = KNOWLEDGE.question("ads-ctr")
PROBES = {str(edge): edge.probe for edge in KNOWLEDGE.design("ads-ctr").edges}
# every must-have edge of the ads design (test_diagram_matching reads it box by box)
WHOLE = """flowchart LR
  srv[Ad server] --> tgt[Targeting filters]
  tgt --> ctr[pCTR model on Triton]
  feast[(Feast online store)] --> ctr
  ctr --> auc[Auction]
  auc --> k[Kafka impression events]
  k --> fl[Flink job]
  fl --> feast
  k --> join[Label joiner]
  feast --> join
  join --> s3[(S3 training set)]
  s3 --> dag[Airflow retrain DAG]
  dag --> reg[MLflow model registry]
  reg --> ctr
  k --> graf[Prometheus/Grafana]
  graf --> dag"""
# the first version end to end, but nothing records what was served or feeds it back
NO_FEEDBACK = """flowchart LR
  srv[Ad server] --> idx[Ad index]
  idx --> m[pCTR model]
  m --> srv
  fs[Feature store] --> m
  fl[Flink counters] --> fs
  fs --> td[Training data]
  td --> tr[Training job]
  tr --> reg[Model registry]
  reg --> m
  log[Impression logs] --> mon[Monitoring]
  mon --> tr"""
LOGISTIC = (
    "First version: a logistic regression on hashed ad and user features, scored per request."
)


def answer_with(diagram: str) -> str:
    return f"{LOGISTIC}\n\n```mermaid\n{diagram}\n```"


def at_mvp(runtime: Runtime, session: str):
    interview = runtime.interview(session)
    list(interview.start(question_id=ADS.id, question_text=ADS.prompt, at=0))
    list(interview.send("/next", at=1))
    opening = turns_of(interview.send("/next", at=2))[0]
    assert opening["stage"] == "mvp"
    return interview, opening


def reply(interview, text: str, at: float = 60) -> dict:
    return turns_of(interview.send(text, at=at))[-1]


@pytest.fixture
def offline(knowledge_index):
    return Runtime(load_settings(offline=True), live_grading=False)


def test_the_mvp_diagram_missing_the_feedback_loop_is_probed_for_it(offline):
    interview, opening = at_mvp(offline, "feedback")
    assert opening["text"].endswith(lines()["diagram_invite"])  # invited where the MVP opens
    invited = [t for t in interview.turns if lines()["diagram_invite"] in t["text"]]
    assert invited == [opening]
    asked = reply(interview, answer_with(NO_FEEDBACK))
    # the MVP's own edges are drawn, so the loop the data stage is about comes next
    assert asked["kind"] == "probe" and asked["stage"] == "mvp"
    assert asked["text"] == f"Looking at your diagram: {PROBES['event-logging -> training-data']}"


def test_the_current_stage_s_missing_edge_comes_first(offline):
    interview, _ = at_mvp(offline, "stage-first")
    no_registry = NO_FEEDBACK.replace("tr --> reg[Model registry]", "tr --> m")
    asked = reply(interview, answer_with(no_registry))
    assert asked["text"].endswith(PROBES["training-pipeline -> model-registry"])  # tagged mvp


def test_a_diagram_with_every_must_have_edge_gets_no_edge_probe(offline):
    interview, _ = at_mvp(offline, "whole")
    asked = reply(interview, answer_with(WHOLE))
    assert asked["kind"] in ("probe", "follow_up") and asked["stage"] == "mvp"
    assert not any(probe in asked["text"] for probe in PROBES.values()), asked["text"]
    assert "Your diagram" not in asked["text"] and "could not read" not in asked["text"]


def test_an_edge_drawn_in_an_earlier_answer_is_not_asked_about(offline):
    interview, _ = at_mvp(offline, "in-two-goes")
    stream = PROBES["stream-processing -> feature-store"]
    first = reply(interview, "Flink job -> Feast online store")  # the stream edge, alone
    assert first["text"].startswith("Looking at your diagram:") and stream not in first["text"]
    # the whole design but that edge: the only edge it misses was drawn an answer ago
    second = reply(interview, answer_with(WHOLE.replace("  fl --> feast\n", "")), 90)
    assert not any(probe in second["text"] for probe in PROBES.values()), second["text"]


def test_a_box_with_no_arrows_is_asked_about(offline):
    interview, _ = at_mvp(offline, "dangling")
    asked = reply(interview, answer_with(f"{WHOLE}\n  cache[Redis cache]"))
    assert asked["text"] == lines()["diagram_dangling"].format(label="Redis cache")


def test_a_broken_line_is_named_once_and_the_rest_is_read(offline):
    interview, _ = at_mvp(offline, "broken")
    broken = f"{NO_FEEDBACK}\n  C -->"
    asked = reply(interview, answer_with(broken))
    assert asked["text"].startswith(
        "I could not read line 13 of your diagram (`C -->`: the arrow points to nothing: add "
        "the node it leads to); the rest is read. Looking at your diagram: "
    )
    stored = interview.turns[-2]["diagrams"]
    assert len(stored) == 1 and len(stored[0]["edges"]) == 11  # every line but the broken one
    later = reply(interview, "I would start with daily retraining and compare against CTR priors.")
    assert "could not read" not in later["text"]  # told once, in the reply to that answer


def test_the_model_prompt_shows_the_graph_and_its_missing_edges_answers_later_too(endpoint):
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview, _ = at_mvp(runtime, "model")
    endpoint.reply(decision("probe", [], "event logging -> training data"))
    endpoint.reply("How do impressions become labelled examples?")
    assert reply(interview, answer_with(NO_FEEDBACK))["text"] == (
        "How do impressions become labelled examples?"
    )
    decide_prompt, ask_prompt = (r["messages"][-1]["content"] for r in endpoint.chat_requests())
    edges = "Ad server -> Ad index\nAd index -> pCTR model\n"
    missing = (  # none of the mvp stage's is missing: the data stage's loop comes first
        "Must-have connections it does not draw, each with a question that probes it:\n"
        "- event logging -> training data generation: "
        f"{PROBES['event-logging -> training-data']}\n"
    )
    for prompt in (decide_prompt, ask_prompt):
        assert edges in prompt and missing in prompt
        assert "probe it (its question, in your own words)" in prompt
    endpoint.reply(decision("follow_up", [], "rule-based")).reply("What would rules do?")
    reply(interview, "A popularity baseline first: rank ads by their CTR so far.", at=90)
    later = endpoint.chat_requests()[-2]["messages"][-1]["content"]
    assert edges in later  # drawn one answer ago, still on the table


def test_the_diagram_in_a_prompt_is_bounded():
    sprawl = "flowchart LR\n" + "\n".join(f"  n{i}[Service {i}] --> n{i + 1}" for i in range(300))
    graph = extract(sprawl)[0]
    state = {"question_id": ADS.id, "question_text": ADS.prompt, "stage": "mvp", "turns": []}
    match = match_design(graph, KNOWLEDGE.design(ADS.id))
    ctx = TurnContext(
        state, KNOWLEDGE, KNOWLEDGE.stages["mvp"], ADS, diagram=DrawnDiagram(graph, match, True)
    )
    shown = diagram_text(ctx)
    assert "Service 0 -> Service 1" in shown and "Service 299" not in shown
    assert len(PROBES) == len(match.missing_edges)  # nothing of the design is drawn
    assert shown.count("\n- ") == MISSING_SHOWN
    assert count_tokens(shown, None) < DIAGRAM_TOKENS + 60 * MISSING_SHOWN + 80


def test_diagrams_are_stored_and_round_trip_through_export_and_case_files(tmp_path):
    runtime = Runtime(load_settings(), retriever=None, live_grading=False)
    interview, _ = at_mvp(runtime, "kept")
    reply(interview, answer_with(NO_FEEDBACK))
    stored = interview.turns[-2]["diagrams"]
    assert [Diagram.model_validate(d) for d in stored] == extract(answer_with(NO_FEEDBACK))
    assert not any("diagrams" in t for t in interview.turns[:-2])  # only where there are some
    exported = mlsd("export", "kept")
    assert exported.returncode == 0, exported.stderr
    path = tmp_path / "kept.yaml"
    path.write_text(exported.stdout, encoding="utf-8")
    turns = load_case(path).to_turns()
    answer = next(t for t in turns if t.get("diagrams"))
    assert answer["diagrams"] == stored and answer["stage"] == "mvp"
    old = load_case(EVALS_DIR / "cases" / "ads-ctr-strong-1.yaml")  # written before diagrams
    assert not any("diagrams" in t for t in old.to_turns())

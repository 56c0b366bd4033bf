"""Boxes people labelled, read beside the roles' names: a label like a labelled box takes its
role, one like a box labelled `none` plays none, and a set being measured never counts its own
labels. Also the two label readings added with them: a comparison is a threshold, and an
acronym's plural stays one word."""

from __future__ import annotations

import pytest

from agent.config import load_settings
from agent.diagrams import Diagram, Node, assign_roles
from agent.diagrams.examples import EXAMPLE_SETS, Example, examples_for
from agent.diagrams.wording import split_camel
from agent.evaluation.diagram_set import load_diagram_set, role_metrics
from agent.knowledge import default_knowledge
from agent.paths import EVALS_DIR
from agent.retrieval.embeddings import make_embedder

KNOWLEDGE = default_knowledge()
ETA = KNOWLEDGE.design("eta-prediction")


@pytest.fixture(scope="module")
def minilm():
    return make_embedder(load_settings(offline=True))


def one_box(label: str) -> Diagram:
    return Diagram(kind="ascii", source=label, nodes=[Node(id="x", label=label)])


def matched(label: str, embedder, examples=None, design=ETA) -> list[tuple[str, str, str]]:
    found = assign_roles(one_box(label), design, embedder, examples)
    return [(m.role, m.how, m.evidence) for m in found]


def by_name(label: str, question: str) -> list[tuple[str, str, str]]:
    """The label's match in `question`'s design with no embedder: names and readings only."""
    return matched(label, None, design=KNOWLEDGE.design(question))


def test_a_label_like_a_labelled_box_takes_that_boxs_role(minilm):
    # MiniLM alone reads "ETA API" as the ETA model; people read it as the service before it
    assert matched("ETA API", minilm, examples=[]) == [("model-serving", "similarity", "eta model")]
    service = [Example("ETA API service", "backend", "test")]
    assert matched("ETA API", minilm, service) == [("backend", "example", "ETA API service")]
    assert matched("Weather API", minilm, service) == [("backend", "name", "api")]  # unlike it


def test_a_label_like_a_box_labelled_none_plays_no_role(minilm):
    assert matched("Weather API", minilm, examples=[]) == [("backend", "name", "api")]
    assert matched("Weather API", minilm, [Example("Weather service API", "none", "test")]) == []


def test_the_bundled_examples_are_the_questions_own_dev_boxes(minilm):
    boxes = examples_for("eta-prediction")
    assert {box.source for box in boxes} == set(EXAMPLE_SETS)
    assert ("ETA API", "backend") in {(box.label, box.role) for box in boxes}
    assert matched("ETA API", minilm) == [("backend", "example", "ETA API")]
    assert all("feed" not in box.label.lower() for box in boxes)  # news-feed's stay there


def test_a_name_gives_way_to_a_box_people_wrote_in_nearly_the_same_words(minilm):
    search = KNOWLEDGE.design("search-ranking")
    assert matched("Reranker", minilm, [], search) == [("reranking", "name", "reranker")]
    second_stage = [Example("The reranker", "model-serving", "test")]
    assert matched("Reranker", minilm, second_stage, search) == [
        ("model-serving", "example", "The reranker")
    ]
    assert matched("Diversity reranker", minilm, second_stage, search)[0][0] == "reranking"
    # and a box labelled none takes the name away
    assert matched("Kafka", minilm, [Example("Kafka", "none", "test")], search) == []


def test_a_set_is_measured_without_its_own_labels(minilm):
    others = {box.source for box in examples_for("eta-prediction", "dev3")}
    assert others == set(EXAMPLE_SETS) - {"dev3"}
    dev3 = load_diagram_set(EVALS_DIR / "diagrams" / "dev3", KNOWLEDGE)
    honest = role_metrics(dev3, KNOWLEDGE, minilm, held_out="dev3")
    own = role_metrics(dev3, KNOWLEDGE, minilm)
    assert own["recall"] > honest["recall"]  # its own labels would flatter it


@pytest.mark.parametrize(
    ("question", "label", "role"),
    [
        ("fraud-detection", "Score > 0.8?", "decision-engine"),
        ("harmful-content", "p(harm) >= 0.95", "enforcement"),
        ("harmful-content", "Auto remove if > .9", "enforcement"),
    ],
)
def test_a_comparison_is_the_designs_threshold(question, label, role):
    assert by_name(label, question) == [(role, "name", "threshold")]


@pytest.mark.parametrize(
    ("question", "label"),
    [("harmful-content", "Text classifier (<200ms)"), ("ads-ctr", "pCTR > 0.5")],
)
def test_a_latency_or_a_design_with_no_threshold_is_no_threshold(question, label):
    assert all(m[2] != "threshold" for m in by_name(label, question))


def test_an_acronyms_plural_stays_one_word():
    assert split_camel("ETA APIs") == "ETA APIs"
    assert split_camel("User DBs") == "User DBs"
    assert split_camel("LLMIntentParser") == "LLM Intent Parser"


@pytest.mark.parametrize(
    ("question", "label", "role"),
    [
        ("people-you-may-know", "Redis: top 100 per member", "recommendation-store"),
        ("people-you-may-know", "Couchbase: precomputed PYMK per member", "recommendation-store"),
        ("video-recs", "Redis: precomputed top 100 per user", "cache"),
    ],
)
def test_results_computed_ahead_are_where_they_are_kept(question, label, role):
    assert by_name(label, question) == [(role, "name", "precomputed")]


@pytest.mark.parametrize(
    ("question", "label", "role"),
    [
        ("video-recs", "Redis: top 500 candidates", "candidate-generation"),  # named: candidates
        ("video-recs", "Batch scoring: top 100 per user", "model-serving"),  # no store: the job
    ],
)
def test_what_is_kept_or_computed_when_it_is_named(question, label, role):
    assert [m[0] for m in by_name(label, question)] == [role]


@pytest.mark.parametrize(
    ("question", "label"),
    [("news-feed", "LikeProbabilityModel"), ("people-you-may-know", "LogRegScorer")],
)
def test_an_event_before_a_models_head_is_the_model(question, label):
    assert [m[0] for m in by_name(label, question)] == ["model-serving"]


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("LambdaMART / fine-tune BERT", "training-pipeline"),  # the model, and what is done to it
        ("XGBoost / retrain weekly", "training-pipeline"),
        ("Kafka / train", "event-logging"),  # no model before the slash: the name stands
    ],
)
def test_a_verb_after_a_slash_says_what_is_done_to_the_model(label, role):
    assert [m[0] for m in by_name(label, "search-ranking")] == [role]


@pytest.mark.parametrize(
    ("question", "label", "role"),
    [
        ("image-search", "S3: 5B images", "content-store"),
        ("news-feed", "Cosmos DB posts", "content-store"),
        ("harmful-content", "GCS media bucket", "content-store"),
        ("news-feed", "Redis: post features", "feature-store"),  # a feature store says what
        ("video-recs", "Videos feature store", "feature-store"),
        ("video-recs", "S3 raw logs", "data-warehouse"),
    ],
)
def test_storage_that_keeps_the_items_is_the_content_store(question, label, role):
    assert [m[0] for m in by_name(label, question)] == [role]

"""Diagrams held against reference designs: boxes matched to roles by their names (tools,
qualifiers, plurals, camelCase) and by MiniLM, must-have edges found directly, through plumbing
or drawn backwards, missing edges with their probes, dangling boxes, and JSON both ways."""

from __future__ import annotations

import json

import pytest

from agent.config import load_settings
from agent.diagrams import (
    DesignMatch,
    Diagram,
    Edge,
    Node,
    assign_roles,
    extract,
    match_design,
    parse,
)
from agent.knowledge import default_knowledge
from agent.retrieval.embeddings import make_embedder

KNOWLEDGE = default_knowledge()
ADS = KNOWLEDGE.design("ads-ctr")


@pytest.fixture(scope="module")
def minilm():
    return make_embedder(load_settings(offline=True))


def roles(diagram: Diagram, design=ADS, embedder=None) -> dict[str, str]:
    return {m.node: m.role for m in assign_roles(diagram, design, embedder)}


def extract_one(answer: str) -> Diagram:
    [diagram] = extract(answer)
    return diagram


def one_box(label: str) -> Diagram:
    return Diagram(kind="ascii", source=label, nodes=[Node(id="x", label=label)])


STRONG_ADS = """flowchart LR
  req[Ad request] --> srv[Ad server]
  srv --> tgt[Targeting filters]
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
  graf --> dag
  cache[Redis cache]
"""


def test_a_whiteboard_ads_design_is_read_role_by_role():
    assert roles(parse(STRONG_ADS)) == {
        "req": "client",  # the request, by its head noun; the server handles it
        "srv": "ad-server",
        "tgt": "candidate-generation",
        "ctr": "model-serving",
        "feast": "feature-store",
        "auc": "ad-server",
        "k": "event-logging",
        "fl": "stream-processing",
        "join": "training-data",
        "s3": "training-data",  # the head noun "training set", not where it lives
        "dag": "training-pipeline",  # "retrain dag" is longer than "airflow" or "dag"
        "reg": "model-registry",
        "graf": "monitoring",
        "cache": "cache",  # a role the ads design does not list is still a role
    }


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Kafka", "event-logging"),
        ("Event logs", "event-logging"),
        ("Serving logs", "event-logging"),  # the head noun decides
        ("Flink", "stream-processing"),
        ("Spark streaming", "stream-processing"),  # longer than "spark"
        ("Spark ETL", "batch-processing"),
        ("Feast", "feature-store"),
        ("Redis", "feature-store"),
        ("Feature store (Redis)", "feature-store"),
        ("Online features: DynamoDB", "feature-store"),
        ("FeatureStore", "feature-store"),  # a Mermaid id used as its own label
        ("S3 data lake", "data-warehouse"),
        ("BigQuery", "data-warehouse"),
        ("Triton", "model-serving"),
        ("Model server (GPU)", "model-serving"),
        ("Model", "model-serving"),
        ("MLflow", "model-registry"),
        ("Shadow deploy", "rollout"),
        ("Canary release", "rollout"),
        ("Prometheus", "monitoring"),
        ("Drift detection", "monitoring"),
        ("A/B tests", "experimentation"),
        ("User", "client"),
        ("Mobile app", "client"),
        ("FAISS", "ann-index"),
        ("Re-ranker", "reranking"),
        ("Training data", "training-data"),
        ("Training", "training-pipeline"),
        ("Training set in S3", "training-data"),  # the main part before "in"
        ("CTR model", "model-serving"),  # the ads design's name for serving
    ],
)
def test_labels_are_matched_by_names(label, role):
    assert roles(one_box(label)) == {"x": role}


@pytest.mark.parametrize(
    ("question", "label", "role"),
    [
        ("ads-ctr", "Train ranker", "training-pipeline"),  # the verb, not its object, decides
        ("ads-ctr", "Fine-tune BERT", "training-pipeline"),
        ("ads-ctr", "Log impressions", "event-logging"),
        ("ads-ctr", "Compute features", "feature-store"),  # a verb any role uses: the object
        ("ads-ctr", "Airflow: retrain weekly", "training-pipeline"),  # what it does, after ":"
        ("image-search", "Reembed catalogue", "embedding-model"),  # a verb written as one word
        ("ads-ctr", "S3: training set", "training-data"),  # what a store holds, after ":"
        ("people-you-may-know", "Hive: connections", "social-graph"),
        ("ads-ctr", "Redis: response cache", "cache"),
        ("people-you-may-know", "Flink: new connections", "stream-processing"),  # not a store
        ("ads-ctr", "Ranker: user features", "model-serving"),
        ("ads-ctr", "Redis: p(click)", "feature-store"),  # nothing named after ":"
        ("people-you-may-know", "Spark: personalised PageRank", "candidate-generation"),  # runs
        ("ads-ctr", "Spark: impressions", "batch-processing"),  # a job's input is not its role
        ("ads-ctr", "S3 raw logs", "data-warehouse"),  # logs at rest are the lake
        ("fraud-detection", "XgbTrainingKubeflow", "training-pipeline"),  # what runs, not where
        ("fraud-detection", "LabelJoinSpark", "training-data"),  # a name opening with a verb
        ("ads-ctr", "Ranking model training", "training-pipeline"),  # the head noun
        ("search-ranking", "LTR training data", "training-data"),  # LTR: learning to rank
        ("ads-ctr", "Offline eval", "model-evaluation"),  # an abbreviation written out
        ("ads-ctr", "Feed service", "backend"),  # a generic head, when nothing else is named
        ("ads-ctr", "Ranker service", "model-serving"),
        ("ads-ctr", "Results page", "client"),
        ("ads-ctr", "Ad request", "client"),
        ("ads-ctr", "Value model", "model-serving"),
        ("ads-ctr", "XGBoost", "model-serving"),
        ("eta-prediction", "XGBoost ETA", "model-serving"),  # a head not last, nothing named
        ("video-recs", "Home feed service", "backend"),  # a service named after the client
        ("ads-ctr", "Orders DB", "data-warehouse"),  # a generic head, nothing else named
        ("translation-service", "TranslationCacheRedis", "cache"),  # Redis alone: features
        ("ads-ctr", "Redis", "feature-store"),
        ("fraud-detection", "Transaction", "client"),  # the request, as a whole label
        ("fraud-detection", "Shadow scoring", "rollout"),
        ("ads-ctr", "S3AudioArchive", "data-warehouse"),  # camelCase after a digit
        ("speech-assistant", "WhisperOnTriton", "asr-model"),  # its main part, split
        ("ads-ctr", "Lightweight ranker", "candidate-generation"),  # a cheap first stage ...
        ("ads-ctr", "L1 ranker: GBDT", "candidate-generation"),
        ("fraud-detection", "Lightweight ranker", "model-serving"),  # ... where there is one
    ],
)
def test_labels_are_read_by_verbs_heads_and_qualifiers(question, label, role):
    assert roles(one_box(label), KNOWLEDGE.design(question)) == {"x": role}


@pytest.mark.parametrize(
    "label", ["Latency budget", "Ranked ads", "Nightly export", "Calibration", "Stuff"]
)
def test_labels_no_name_fits_stay_unmatched_without_an_embedder(label):
    assert roles(one_box(label)) == {}


def test_a_question_s_own_names_do_not_leak_into_another_question():
    fraud = KNOWLEDGE.design("fraud-detection")
    assert roles(one_box("Ad auction"), fraud) == {}
    assert roles(one_box("Chargebacks"), fraud) == {"x": "chargebacks"}
    assert roles(one_box("Chargebacks")) == {}


@pytest.mark.parametrize(
    ("question", "label", "role"),
    [
        ("speech-assistant", "Intent + slot model", "nlu"),
        ("search-ranking", "Spell correct + query rewrite", "query-understanding"),
        ("query-autocomplete", "Offensive / PII filter", "reranking"),
        ("ads-ctr", "Training rows", "training-data"),  # overrules "training"
        ("video-recs", "ScaNN index of video embeddings", "ann-index"),
    ],
)
def test_minilm_places_labels_no_name_settles(minilm, question, label, role):
    match = assign_roles(one_box(label), KNOWLEDGE.design(question), minilm, examples=[])
    assert [(m.role, m.how) for m in match] == [(role, "similarity")]
    assert match[0].score >= 0.6


def test_a_generic_head_gives_way_to_a_decisive_similarity(minilm):
    search = KNOWLEDGE.design("search-ranking")
    assert roles(one_box("Spell check service"), search) == {"x": "backend"}
    assert roles(one_box("Spell check service"), search, minilm) == {"x": "query-understanding"}


@pytest.mark.parametrize("label", ["Resize + normalise", "Action handler", "Ranked ads"])
def test_minilm_leaves_boxes_with_no_role_unmatched(minilm, label):
    assert assign_roles(one_box(label), ADS, minilm) == []


def test_a_name_is_never_overruled_by_similarity(minilm):
    match = assign_roles(one_box("Kafka"), ADS, minilm)
    assert [(m.role, m.how, m.score) for m in match] == [("event-logging", "name", 1)]


def evidence(match: DesignMatch) -> dict[str, tuple[str, bool]]:
    return {str(e.edge): (e.evidence, e.reversed) for e in match.present_edges}


def test_edges_found_directly_through_plumbing_and_drawn_backwards():
    diagram = parse(
        """flowchart LR
  k[Kafka events] --> exp[Nightly export] --> ts[Training set builder]
  ts --> tr[Trainer] --> af[Airflow DAG] --> reg[Model registry]
  ctr[CTR model] -->|lookup| fs[(Feature store)]
  reg --> mon[Monitoring] --> ctr
"""
    )
    found = evidence(match_design(diagram, ADS))
    assert found["event-logging -> training-data"] == (
        '"Kafka events" -> "Nightly export" -> "Training set builder"',
        False,
    )  # through a box with no role
    assert found["training-pipeline -> model-registry"] == (
        '"Trainer" -> "Airflow DAG" -> "Model registry"',
        False,
    )  # through a role the ads design does not list
    assert found["feature-store -> model-serving"] == ('"CTR model" -> "Feature store"', True)
    # the registry reaches the model only through monitoring, another component of the design
    assert "model-registry -> model-serving" not in found


def test_missing_components_edges_with_probes_and_dangling_boxes():
    diagram = parse(
        """flowchart LR
  app[Ad server] --> m[CTR model]
  logs[Click logs] --> t[Training]
  fs[Feature store]
  reg[Model registry]
  note[Latency budget 10 ms]
"""
    )
    match = match_design(diagram, ADS)
    assert match.missing_components == [
        "candidate-generation",
        "stream-processing",
        "training-data",
        "monitoring",
    ]
    assert [n.label for n in match.unmatched] == ["Latency budget 10 ms"]
    assert [m.label for m in match.dangling] == ["Feature store", "Model registry"]
    assert evidence(match) == {"model-serving -> ad-server": ('"Ad server" -> "CTR model"', True)}
    missing = {str(e): e for e in match.missing_edges}
    assert len(missing) == len(ADS.edges) - 1
    assert missing["event-logging -> training-data"].probe == (
        "How do the impressions you log get joined with clicks to become labelled training "
        "examples?"
    )
    assert missing["event-logging -> training-data"].stage == "data"
    assert missing["event-logging -> training-data"].checklist == "labels"


def test_an_arrow_at_a_subgraph_reaches_every_box_inside():
    diagram = parse(
        """flowchart LR
  subgraph offline [Offline]
    tr[Training job]
    subgraph store [Registry]
      reg[(Model registry)]
    end
  end
  logs[Event logs] --> offline
  store --> serve[Model server]
"""
    )
    found = evidence(match_design(diagram, ADS))
    assert found["model-registry -> model-serving"] == ('"Model registry" -> "Model server"', False)
    assert "training-pipeline -> model-registry" not in found  # no arrow inside the group
    assert not match_design(diagram, ADS).dangling


def test_an_arrow_chain_answer_is_matched_too():
    from agent.diagrams import extract

    (diagram,) = extract("- Click logs -> Spark ETL -> Training\n- Model registry -> CTR model")
    match = match_design(diagram, ADS)
    assert roles(diagram) == {
        "click logs": "event-logging",
        "spark etl": "batch-processing",
        "training": "training-pipeline",
        "model registry": "model-registry",
        "ctr model": "model-serving",
    }
    assert set(evidence(match)) == {"model-registry -> model-serving"}


@pytest.mark.parametrize("question", sorted(KNOWLEDGE.designs))
def test_each_design_drawn_with_its_role_names_is_complete(question):
    """A diagram of the design itself (boxes named as the roles) has every component and edge:
    each role's name reaches its role, and every must-have edge is findable."""
    design = KNOWLEDGE.design(question)
    nodes = [Node(id=role, label=design.roles[role].name) for role in design.components]
    edges = [Edge(source=e.source, target=e.target) for e in design.edges]
    match = match_design(Diagram(kind="mermaid", source="", nodes=nodes, edges=edges), design)
    assert {m.node: m.role for m in match.components} == {r: r for r in design.components}
    assert match.missing_components == [] and match.missing_edges == []
    assert not any(e.reversed for e in match.present_edges)


def test_a_match_goes_to_json_and_back(minilm):
    match = match_design(parse(STRONG_ADS), ADS, minilm)
    stored = json.loads(json.dumps(match.model_dump(mode="json")))
    assert DesignMatch.model_validate(stored) == match
    assert stored["present_edges"][0]["edge"]["probe"].endswith("?")


def test_a_vague_box_is_read_by_where_it_sits(minilm):
    search = KNOWLEDGE.design("search-ranking")
    flow = extract_one("Search box -> Match documents -> Ranker -> Top 10 results")
    match = assign_roles(flow, search, minilm)
    assert [(m.label, m.role, m.how) for m in match] == [
        ("Search box", "client", "name"),
        ("Match documents", "candidate-generation", "place"),
        ("Ranker", "model-serving", "name"),
    ]  # "Top 10 results" is the ranker's output, no component
    assert roles(one_box("Match documents"), search, minilm) == {}  # alone, nothing says

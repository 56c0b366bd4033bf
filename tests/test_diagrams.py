"""Diagrams in answers: Mermaid flowcharts as candidates write them for ML designs, plain arrow
chains, prose that only looks like one, and broken diagrams whose errors name the line."""

from __future__ import annotations

import json

import pytest

from agent.diagrams import Diagram, LineError, extract, parse, without_diagrams


def nodes(diagram: Diagram) -> dict[str, tuple[str, str]]:
    return {node.id: (node.label, node.shape) for node in diagram.nodes}


def edges(diagram: Diagram) -> set[tuple[str, str, str | None]]:
    return {(edge.source, edge.target, edge.label) for edge in diagram.edges}


def test_a_feature_store_feeding_training_and_serving():
    diagram = parse(
        """flowchart LR
    logs[Event logs] -->|batch ETL| offline[(Offline feature store)]
    stream[Kafka stream] -->|streaming| online[(Online feature store)]
    offline -->|point-in-time join| train[Training job]
    online -->|low-latency lookup| serve[Model server]
    train --> serve
"""
    )
    assert diagram.direction == "LR" and diagram.errors == []
    assert nodes(diagram) == {
        "logs": ("Event logs", "rect"),
        "offline": ("Offline feature store", "database"),
        "stream": ("Kafka stream", "rect"),
        "online": ("Online feature store", "database"),
        "train": ("Training job", "rect"),
        "serve": ("Model server", "rect"),
    }
    assert edges(diagram) == {
        ("logs", "offline", "batch ETL"),
        ("stream", "online", "streaming"),
        ("offline", "train", "point-in-time join"),
        ("online", "serve", "low-latency lookup"),
        ("train", "serve", None),
    }


def test_a_model_registry_with_text_labels_top_down():
    diagram = parse(
        """graph TD
    T([Training pipeline]) -- logs metrics --> E{{Experiment tracker}}
    T -- registers model --> R[[Model registry]]
    R -- promote --> S{Shadow test passes?}
    S -- yes --> P(Production)
    S -- no --> T
"""
    )
    assert diagram.direction == "TD" and diagram.errors == []
    assert nodes(diagram) == {
        "T": ("Training pipeline", "stadium"),
        "E": ("Experiment tracker", "hexagon"),
        "R": ("Model registry", "subroutine"),
        "S": ("Shadow test passes?", "decision"),
        "P": ("Production", "round"),
    }
    assert edges(diagram) == {
        ("T", "E", "logs metrics"),
        ("T", "R", "registers model"),
        ("R", "S", "promote"),
        ("S", "P", "yes"),
        ("S", "T", "no"),
    }


def test_event_logging_to_monitoring_to_retraining_with_every_arrow_kind():
    diagram = parse(
        """flowchart LR
    app[App] ==> log[Event logging]
    log --> mon[Monitoring]
    mon -. drift alert .-> retrain[Retraining]
    retrain == new model ==> app
    mon --x pager[Pager]
    mon --o dash[Dashboard]
    log --- wh[(Warehouse)]
    log -.-> audit[Audit log]
"""
    )
    assert diagram.errors == []
    assert edges(diagram) == {
        ("app", "log", None),
        ("log", "mon", None),
        ("mon", "retrain", "drift alert"),
        ("retrain", "app", "new model"),
        ("mon", "pager", None),
        ("mon", "dash", None),
        ("log", "wh", None),
        ("log", "audit", None),
    }
    assert nodes(diagram)["wh"] == ("Warehouse", "database")


def test_subgraphs_for_offline_and_online_with_nesting_and_a_link_between_groups():
    diagram = parse(
        """flowchart TB
    subgraph offline [Offline training]
        direction LR
        raw[(Raw events)] --> fe[Feature pipeline]
        subgraph labeling [Labeling]
            lab[Label join]
        end
        fe --> lab --> tr[Trainer]
    end
    subgraph Online serving
        api[Ranking API] --> cache[(Redis)]
    end
    offline --> subGraph2
    tr --> api
"""
    )
    assert diagram.errors == []
    assert [(s.id, s.title, s.nodes, s.parent) for s in diagram.subgraphs] == [
        ("offline", "Offline training", ["raw", "fe", "tr"], None),
        ("labeling", "Labeling", ["lab"], "offline"),
        ("subGraph2", "Online serving", ["api", "cache"], None),
    ]
    assert set(nodes(diagram)) == {"raw", "fe", "lab", "tr", "api", "cache"}
    assert edges(diagram) == {
        ("raw", "fe", None),
        ("fe", "lab", None),
        ("lab", "tr", None),
        ("api", "cache", None),
        ("offline", "subGraph2", None),
        ("tr", "api", None),
    }
    assert "Offline training -> Online serving" in diagram.edge_list().splitlines()


def test_chains_ampersands_and_semicolons_in_a_two_tower_recommender():
    diagram = parse(
        "graph LR; U[User tower] & I[Item tower] --> EMB[Embeddings]; "
        "EMB --> ANN[ANN index] --> RANK[Ranker] --> RR[Re-ranker] & LOG[Impression log];"
    )
    assert diagram.direction == "LR" and diagram.errors == []
    assert edges(diagram) == {
        ("U", "EMB", None),
        ("I", "EMB", None),
        ("EMB", "ANN", None),
        ("ANN", "RANK", None),
        ("RANK", "RR", None),
        ("RANK", "LOG", None),
    }


def test_comments_styles_and_front_matter_are_ignored():
    diagram = parse(
        """---
title: Fraud scoring
---
%%{init: {"theme": "dark"}}%%
flowchart RL
    %% the request path
    txn[Transaction]:::hot --> rules{Rules engine}
    rules --> model[(GBDT model)]
    classDef hot fill:#f96,stroke:#333
    class model hot
    style rules fill:#bbf
    linkStyle 0 stroke:red
    click model "https://example.com/model" "Model card"
"""
    )
    assert diagram.direction == "RL" and diagram.errors == []
    assert nodes(diagram) == {
        "txn": ("Transaction", "rect"),
        "rules": ("Rules engine", "decision"),
        "model": ("GBDT model", "database"),
    }
    assert edges(diagram) == {("txn", "rules", None), ("rules", "model", None)}


def test_every_shape_and_quoted_labels_with_brackets():
    diagram = parse(
        """flowchart TD
    a["Candidate gen (ANN, top 1k)"] --> b[/Query features/]
    b --> c>Async job]
    c --> d((Cache))
    d --> e(((Sink)))
    e --> f[\\Backfill\\]
    f --> g[/Top-k\\] --> h[\\Merge/]
    h --> i["`**Ranker** v2`"] --> j[Scores<br/>per item]
"""
    )
    assert diagram.errors == []
    assert nodes(diagram) == {
        "a": ("Candidate gen (ANN, top 1k)", "rect"),
        "b": ("Query features", "parallelogram"),
        "c": ("Async job", "flag"),
        "d": ("Cache", "circle"),
        "e": ("Sink", "double_circle"),
        "f": ("Backfill", "parallelogram_alt"),
        "g": ("Top-k", "trapezoid"),
        "h": ("Merge", "trapezoid_alt"),
        "i": ("**Ranker** v2", "rect"),
        "j": ("Scores per item", "rect"),
    }


def test_ids_reused_keep_their_first_label_and_two_way_arrows_give_two_edges():
    diagram = parse(
        """graph
    svc --> fs
    fs[(Feature store)] <--> cache[Cache]
    svc[Prediction service] --> model
    fs[Renamed later] --> model[Model]
    svc -->|"p99 < 50ms"| cache
"""
    )
    assert diagram.direction == "TD" and diagram.errors == []
    assert nodes(diagram) == {
        "svc": ("Prediction service", "rect"),
        "fs": ("Feature store", "database"),
        "cache": ("Cache", "rect"),
        "model": ("Model", "rect"),
    }
    assert edges(diagram) == {
        ("svc", "fs", None),
        ("fs", "cache", None),
        ("cache", "fs", None),
        ("svc", "model", None),
        ("fs", "model", None),
        ("svc", "cache", "p99 < 50ms"),
    }


def test_broken_lines_are_named_and_the_rest_is_still_read():
    diagram = parse(
        """flowchart LR
    A[Logging] --> B[Kafka]
    B -> C[Flink]
    C -->
    D[Feature store --> E
    B --> F[(Lake)]
    end
"""
    )
    assert [(e.line, e.text) for e in diagram.errors] == [
        (3, "B -> C[Flink]"),
        (4, "C -->"),
        (5, "D[Feature store --> E"),
        (7, "end"),
    ]
    assert "`->` is not a Mermaid arrow" in diagram.errors[0].message
    assert "points to nothing" in diagram.errors[1].message
    assert "never closes it with `]`" in diagram.errors[2].message
    assert str(diagram.errors[1]) == (
        "line 4 `C -->`: the arrow points to nothing: add the node it leads to"
    )
    assert edges(diagram) == {("A", "B", None), ("B", "F", None)}
    assert set(nodes(diagram)) == {"A", "B", "F"}


@pytest.mark.parametrize(
    ("source", "line", "says"),
    [
        ("A --> B\nB --> C", 1, "starts with a line such as `flowchart LR`"),
        ("flowchart XY\nA --> B", 1, "the direction is one of"),
        ("flowchart LR\n\nsubgraph online\nA --> B", 3, "never closed with `end`"),
        ('flowchart LR\nA["open (paren --> B', 2, 'opens a `"` that is never closed'),
        ("flowchart LR\nsubgraph\nA --> B", 2, "a subgraph needs a title"),
        ("sequenceDiagram\nA->>B: hi", 1, "only flowcharts are read"),
        ("flowchart LR\nA --> end", 2, "Mermaid cannot draw a box of that name"),
    ],
)
def test_each_kind_of_error_names_its_line(source, line, says):
    [error] = parse(source).errors
    assert error.line == line and says in error.message
    assert error.text == source.splitlines()[line - 1].strip()


def test_a_missing_header_is_reported_and_the_edges_still_read():
    diagram = parse("A --> B\nB --> C")
    assert edges(diagram) == {("A", "B", None), ("B", "C", None)}


def test_a_diagram_round_trips_through_json_with_its_source_and_errors():
    source = "flowchart LR\n  A[Logs] -->|daily| B[(Lake)]\n  B -->"
    diagram = parse(source)
    stored = json.loads(json.dumps(diagram.model_dump(mode="json")))
    assert Diagram.model_validate(stored) == diagram
    assert stored["source"] == source and stored["errors"][0]["line"] == 3
    assert isinstance(Diagram.model_validate(stored).errors[0], LineError)


def test_the_edge_list_names_nodes_by_label_for_a_prompt():
    diagram = parse(
        "flowchart LR\n  L[event logging] -->|hourly| T[training data]\n"
        "  T --> M[model]\n  R[(model registry)]"
    )
    assert diagram.edge_list() == (
        "event logging -> training data [hourly]\ntraining data -> model\nmodel registry"
    )


def test_extract_finds_fenced_bare_and_other_fenced_flowcharts_in_order():
    answer = """Here is the serving path:

```mermaid
flowchart LR
  Q[Query] --> R[Retriever]
```

And the training side, pasted without a fence:

graph TD
  D[(Data lake)] --> T[Trainer]

  T --> REG[[Registry]]

That covers it. Also a sketch:

```text
flowchart LR
  M[Monitor] --> A[Alert]
```
"""
    diagrams = extract(answer)
    assert [d.kind for d in diagrams] == ["mermaid", "mermaid", "mermaid"]
    assert [edges(d) for d in diagrams] == [
        {("Q", "R", None)},
        {("D", "T", None), ("T", "REG", None)},
        {("M", "A", None)},
    ]
    assert diagrams[0].source == "flowchart LR\n  Q[Query] --> R[Retriever]"
    assert all(d.errors == [] for d in diagrams)


def test_an_ascii_answer_becomes_one_diagram_of_its_chains():
    answer = """The pipeline, roughly:
- Client -> API gateway -> Ranker
- Ranker -[top 100]-> Re-ranker
- **Ranker** --features--> `Feature Store (Redis)`
* event logging => training data ==> Trainer
The latency goes 50 -> 20 ms after caching.
"""
    [diagram] = extract(answer)
    assert diagram.kind == "ascii" and diagram.errors == []
    assert edges(diagram) == {
        ("client", "api gateway", None),
        ("api gateway", "ranker", None),
        ("ranker", "re-ranker", "top 100"),
        ("ranker", "feature store (redis)", "features"),
        ("event logging", "training data", None),
        ("training data", "trainer", None),
    }
    assert nodes(diagram)["feature store (redis)"] == ("Feature Store (Redis)", "rect")
    assert "latency" not in diagram.source and diagram.source.startswith("Client -> API")


def test_beside_a_chain_longer_box_names_are_read_and_prose_is_not():
    answer = """Kafka -> Flink -> Feature store
Training examples with PIT features -> Trainer
Trainer -> Delete if score high
Latency goes 50 -> 20 ms once the cache is warm."""
    [diagram] = extract(answer)
    assert edges(diagram) == {
        ("kafka", "flink", None),
        ("flink", "feature store", None),
        ("training examples with pit features", "trainer", None),
        ("trainer", "delete if score high", None),
    }
    assert without_diagrams(answer) == "Latency goes 50 -> 20 ms once the cache is warm."
    # alone, a long name is still read as prose
    assert extract("Training examples with PIT features -> Trainer") == []


@pytest.mark.parametrize(
    "answer",
    [
        "Latency goes 50 -> 20 ms once the cache is warm.",
        "We moved from batch -> streaming because freshness matters.",
        "p99 dropped 120ms -> 80ms, so it is fine.",
        "It is basically A -> B, then we retrain weekly.",
        "Graph\nThe graph is a DAG of jobs.",
    ],
)
def test_prose_with_a_stray_arrow_is_not_a_diagram(answer):
    assert extract(answer) == []


def test_mermaid_in_an_answer_takes_precedence_over_arrow_asides():
    answer = "Logs -> Trainer, as below.\n```mermaid\ngraph LR\n  L --> T\n```\nKafka -> Flink"
    [diagram] = extract(answer)
    assert diagram.kind == "mermaid" and edges(diagram) == {("L", "T", None)}

"""Retrieval end to end: the real MiniLM embedder, a real Chroma on disk, the shipped notes.

The full index is built once per module (about 10 s); tests that change notes work on a small
copy of knowledge/ with their own data dir.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from agent.config import load_settings
from agent.knowledge import default_knowledge, load_knowledge
from agent.paths import KNOWLEDGE_DIR
from agent.retrieval import minilm
from agent.retrieval.commands import index_command, retrieval_eval_command
from agent.retrieval.embeddings import (
    EmbeddingError,
    EndpointEmbedder,
    LocalMiniLM,
    make_embedder,
)
from agent.retrieval.evaluate import EvalDataError, load_dataset, run_retrieval_eval
from agent.retrieval.index import passages, refresh_index
from agent.retrieval.protocol import follow_up_query
from agent.retrieval.search import NotesRetriever
from agent.retrieval.store import open_collection, parse_chroma_url
from tests.support.endpoint import EMBED_DIM

CF_ANSWER = (
    "I'd use collaborative filtering: factorise the user-video watch matrix into user and "
    "video embeddings, then recommend the videos whose embeddings score highest."
)
COLD_ITEMS = [
    "What to show a brand-new user who has no watch history yet",
    "How a newly uploaded video with no interactions gets recommended",
]
OTHER_ITEMS = ["Which offline metric to report and why", "How to split train and test by time"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """The shipped knowledge, indexed once into a module-wide data dir."""
    settings = load_settings(
        data_dir=tmp_path_factory.mktemp("retrieval") / "data", embeddings="local", chroma_url=None
    )
    retriever = NotesRetriever(settings)
    report = retriever.refresh()
    return settings, retriever, report


def small_knowledge(root: Path, notes: tuple[str, ...] = ("cold-start", "ctc", "pagerank")) -> Path:
    """A copy of knowledge/ with every stage note, the questions and a few topic notes."""
    shutil.copytree(KNOWLEDGE_DIR / "stages", root / "stages")
    shutil.copytree(KNOWLEDGE_DIR / "questions", root / "questions")
    (root / "notes").mkdir()
    for note in notes:
        shutil.copy(KNOWLEDGE_DIR / "notes" / f"{note}.md", root / "notes")
    return root


def rank_of(note_id: str, hits: list) -> int:
    ids = [h.note_id for h in hits]
    return ids.index(note_id) if note_id in ids else len(ids)


def test_section_cut_into_bullets_and_paragraphs() -> None:
    text = (
        "First paragraph line one\nline two.\n\n- bullet one\n  wrapped on.\n"
        "- bullet two\n\nClosing paragraph."
    )
    assert passages(text) == [
        "First paragraph line one\nline two.",
        "- bullet one\n  wrapped on.",
        "- bullet two",
        "Closing paragraph.",
    ]


def test_index_holds_one_passage_per_bullet_with_its_section(built) -> None:
    settings, _, report = built
    knowledge = default_knowledge()
    # counted from the files in knowledge/: 40 topic and 7 stage notes, 271 non-empty
    # sections, 1521 bullets and paragraphs (update when the notes change)
    assert (report.added, report.passages) == (47, 1521)
    collection = open_collection(settings)
    assert collection.count() == 1521
    chunks = {m["chunk"] for m in collection.get(include=["metadatas"])["metadatas"]}
    assert len(chunks) == 310
    probes = knowledge.notes["cold-start"].section_list("Probing questions")
    stored = collection.get(where={"chunk": "cold-start#Probing questions"})
    assert len(stored["ids"]) == len(probes)
    assert any(probes[0] in document for document in stored["documents"])
    meta = stored["metadatas"][0]
    assert meta["note_id"] == "cold-start" and meta["kind"] == "topic"
    assert meta["stage_data"] is True and meta["stage_scaling"] is False
    assert "video-recs" in meta["questions"] and meta["embedder"] == LocalMiniLM.name


def test_second_refresh_is_a_no_op_without_loading_the_model(built, tmp_path: Path) -> None:
    settings, _, _ = built
    # Same name as the real embedder, but no model file: any embedding attempt would fail.
    unloadable = LocalMiniLM(model_path=tmp_path / "absent.onnx")
    report = refresh_index(settings, default_knowledge(), unloadable)
    assert (report.added, report.updated, report.removed, report.passages) == (0, 0, 0, 0)
    assert report.unchanged == len(default_knowledge().notes) and not report.rebuilt
    assert report.seconds < 5


def test_editing_one_note_re_embeds_only_that_note(tmp_path: Path) -> None:
    root = small_knowledge(tmp_path / "knowledge")
    settings = load_settings()
    first = refresh_index(settings, load_knowledge(root))
    assert first.added == 10 and first.unchanged == 0
    note = root / "notes" / "ctc.md"
    note.write_text(note.read_text().replace("## Trade-offs\n", "## Trade-offs\n- CTC edit.\n"))
    (root / "notes" / "pagerank.md").unlink()
    knowledge = load_knowledge(root)
    second = refresh_index(settings, knowledge)
    assert (second.added, second.updated, second.removed, second.unchanged) == (0, 1, 1, 8)
    assert second.passages == 36  # ctc's 35 passages and the new bullet
    collection = open_collection(settings)
    assert not collection.get(where={"note_id": "pagerank"})["ids"]
    assert "CTC edit." in collection.get(ids=["ctc#Trade-offs#1"])["documents"][0]


def test_stage_preference_ranks_that_stages_notes_first(built) -> None:
    _, retriever, _ = built
    knowledge = default_knowledge()
    query = "how would you serve this at large scale"
    for stage in ("problem", "scaling"):
        preferred = retriever.search(query, stage=stage, k=6)
        plain = retriever.search(query, k=6)

        def tagged(hits: list, stage: str = stage) -> list[str]:
            return [h.note_id for h in hits if stage in knowledge.notes[h.note_id].stages]

        assert tagged(preferred) and len(tagged(preferred)) >= len(tagged(plain))
        # the preference lifts a note tagged for the stage (rank_of: below the cut = len)
        assert any(rank_of(note, preferred) < rank_of(note, plain) for note in tagged(preferred))
    hits = retriever.search("new users", stage="data", sections=["Probing questions"], k=4)
    assert hits and all(h.section == "Probing questions" for h in hits)
    topics = retriever.search("metrics", exclude_kinds=("stage",), k=5)
    assert len(topics) == 5 and all(knowledge.notes[h.note_id].kind == "topic" for h in topics)


def test_one_hit_per_note_and_deterministic(built) -> None:
    _, retriever, _ = built
    hits = retriever.search("cold start for new users", k=5)
    assert len({h.note_id for h in hits}) == 5
    assert hits == retriever.search("cold start for new users", k=5)
    assert hits[0].source == f"{hits[0].note_id}#{hits[0].section}"
    assert hits[0].text and not hits[0].text.startswith(hits[0].title)


def test_uncovered_new_user_items_bring_up_the_cold_start_probe(built) -> None:
    _, retriever, _ = built
    probes = {"stage": "mvp", "question_id": "video-recs", "sections": ["Probing questions"]}
    cold = retriever.search(CF_ANSWER, toward=COLD_ITEMS, k=3, **probes)
    assert "cold-start" in [h.note_id for h in cold]
    other = retriever.search(CF_ANSWER, toward=OTHER_ITEMS, k=10, **probes)

    def score(hits: list) -> float:
        return next(h.score for h in hits if h.note_id == "cold-start")

    assert score(cold) > score(other)  # the new-user gaps lift the cold-start note
    assert cold[0].note_id == other[0].note_id == "collaborative-filtering"  # the answer leads


def test_probe_choice_text_is_the_answer_then_the_gaps() -> None:
    query = follow_up_query(CF_ANSWER, COLD_ITEMS)
    assert query.startswith("I'd use collaborative filtering") and len(query.split()) < 120
    assert query.endswith("gets recommended.")


def test_embedder_vectors_are_unit_length_and_meaningful() -> None:
    vectors = np.array(
        LocalMiniLM().embed(
            [
                "How do you recommend videos to brand new users?",
                "Cold start for users with no history in a recommender",
                "The weather in Paris is sunny today",
            ]
        )
    )
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_batches_pad_little_and_stay_within_budget() -> None:
    lengths = [256] * 20 + [12] * 50 + [80, 3]
    groups = minilm.batches(lengths)
    assert sorted(i for g in groups for i in g) == list(range(len(lengths)))
    for group in groups:
        longest = max(lengths[i] for i in group)
        assert len(group) <= minilm.BATCH and longest * len(group) <= minilm.BATCH_TOKENS
    texts = ["a short one", "a much longer text about feature stores and training data " * 20]
    batched = np.array(LocalMiniLM().embed(texts))
    alone = np.array(LocalMiniLM().embed(texts[:1]))
    assert float(batched[0] @ alone[0]) > 0.99999  # padding is masked out of the mean


def test_a_wrong_sha256_is_a_clear_error(tmp_path: Path) -> None:
    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"not the model")
    with pytest.raises(EmbeddingError, match=r"sha256 .* expected 8199be6f.*make install"):
        LocalMiniLM(model_path=fake).embed(["hello"])
    with pytest.raises(EmbeddingError, match="missing"):
        LocalMiniLM(model_path=tmp_path / "absent.onnx").embed(["hello"])


def test_reopening_the_index_from_a_fresh_process(built) -> None:
    settings, retriever, report = built
    question = "What do you show a brand-new user with no history at all?"
    code = (
        "import json\n"
        "from agent.config import load_settings\n"
        "from agent.retrieval.search import NotesRetriever\n"
        "from agent.retrieval.store import open_collection\n"
        "s = load_settings()\n"
        "r = NotesRetriever(s)\n"
        f"hits = r.search({question!r}, k=1)\n"
        "print(json.dumps({'count': open_collection(s).count(), 'embedded': r.report.passages,\n"
        "                  'top': hits[0].note_id}))\n"
    )
    env = os.environ | {"MLSD_DATA_DIR": str(settings.data_dir)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    # nothing re-embedded, and the same answer as the process that built the index
    top = retriever.search(question, k=1)[0].note_id
    assert out == {"count": report.passages, "embedded": 0, "top": top}
    assert top in {"cold-start", "content-based-filtering"}  # both say what a new user gets


def test_endpoint_embedder_and_a_changed_embedder_rebuilds(endpoint, tmp_path: Path) -> None:
    knowledge = load_knowledge(small_knowledge(tmp_path / "knowledge", ("cold-start",)))
    settings = load_settings(embeddings="endpoint", embedding_model="scripted-embed")
    embedder = make_embedder(settings)
    assert isinstance(embedder, EndpointEmbedder)
    first = refresh_index(settings, knowledge, embedder)
    assert first.added == 8 and embedder.dim == EMBED_DIM
    calls = [r for r in endpoint.requests if r["path"].endswith("/embeddings")]
    assert calls and calls[0]["body"]["model"] == "scripted-embed"
    hits = NotesRetriever(settings, knowledge, embedder).search("new users cold start", k=2)
    assert len(hits) == 2
    local = refresh_index(settings, knowledge, LocalMiniLM())
    assert local.rebuilt and local.added == 8 and local.passages == first.passages
    back = refresh_index(settings, knowledge, embedder)
    assert back.rebuilt and back.passages == first.passages


def test_eval_dataset_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "retrieval.yaml"
    bad.write_text(
        "items:\n  - {query: ok, stage: data, relevant: [cold-start]}\n"
        "  - {query: ok, stage: data, relevant: [no-such-note]}\n"
    )
    with pytest.raises(EvalDataError, match=rf"{bad}: item 2: unknown note id\(s\) no-such-note"):
        load_dataset(bad)
    bad.write_text("items:\n  - {query: ok, stage: lunch, relevant: [cold-start]}\n")
    with pytest.raises(EvalDataError, match="item 1: 'stage' must be one of"):
        load_dataset(bad)
    bad.write_text("- just a list\n")
    with pytest.raises(EvalDataError, match="top-level 'items' list"):
        load_dataset(bad)
    with pytest.raises(EvalDataError, match="not found"):
        load_dataset(tmp_path / "absent.yaml")


def test_retrieval_eval_reports_both_modes(built) -> None:
    settings, retriever, _ = built
    result = run_retrieval_eval(settings, embedder=retriever.embedder)
    for mode in ("in_context", "query_only"):
        assert set(result[mode]) >= {"recall@3", "hit@3", "mrr"}
        assert 0.5 <= result[mode]["recall@3"] <= 1 and 0.5 <= result[mode]["mrr"] <= 1
    assert result["in_context"]["hit@3"] >= result["in_context"]["recall@3"]


def test_commands_print_report_and_eval(built, monkeypatch, capsys) -> None:
    settings, _, _ = built
    monkeypatch.setenv("MLSD_DATA_DIR", str(settings.data_dir))
    assert index_command(argparse.Namespace(rebuild=False)) == 0
    out = capsys.readouterr().out
    assert "0 passages embedded" in out and len(out.strip().splitlines()) <= 2
    code = retrieval_eval_command(argparse.Namespace(json=True))
    results = json.loads(capsys.readouterr().out)
    assert set(results) == {"dev", "held-out"}
    assert results["held-out"]["dataset"].endswith("retrieval_heldout.yaml")
    recalls = {name: r["in_context"]["recall@3"] for name, r in results.items()}
    assert code == 0 and min(recalls.values()) >= 0.9, f"retrieval target missed: {recalls}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path: Path):
    """A real Chroma server (`chroma run`) on a free loopback port, stopped after the test."""
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    server = subprocess.Popen(
        [
            str(chroma),
            "run",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--path",
            str(tmp_path / "chroma-server"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)  # no readiness event to wait on: poll the heartbeat
    else:
        server.kill()
        pytest.fail("chroma server did not start")
    yield url
    server.terminate()
    server.wait(timeout=30)


def test_a_chroma_server_is_one_setting_away(chroma_server: str, tmp_path: Path) -> None:
    knowledge = load_knowledge(small_knowledge(tmp_path / "knowledge", ("cold-start", "ctc")))
    settings = load_settings(chroma_url=chroma_server)
    first = NotesRetriever(settings, knowledge)
    hits = first.search("What do you show a brand-new user with no history?", k=1)
    assert first.report.added == 9 and hits[0].note_id == "cold-start"
    assert not (settings.data_dir / "index").exists()
    again = NotesRetriever(settings, knowledge)
    assert again.refresh().passages == 0
    assert open_collection(settings).count() == first.report.passages


def test_chroma_url_parsing() -> None:
    assert parse_chroma_url("http://localhost:8000") == ("localhost", 8000, False)
    assert parse_chroma_url("https://chroma.example") == ("chroma.example", 443, True)
    assert parse_chroma_url("127.0.0.1:9000") == ("127.0.0.1", 9000, False)


def test_minilm_embeds_a_text_once_while_it_is_recent(monkeypatch):
    """A turn embeds the answer for grounding and again for coverage: the second is free."""
    from agent.retrieval import embeddings, minilm
    from agent.retrieval.embeddings import LocalMiniLM

    embedder = LocalMiniLM()
    first = embedder.embed(["log loss offline", "CTR online"])
    encoded: list[list[str]] = []
    real = minilm.encode
    monkeypatch.setattr(
        minilm, "encode", lambda texts, *a: encoded.append(texts) or real(texts, *a)
    )
    again = embedder.embed(["CTR online", "a new sentence", "CTR online"])
    assert encoded == [["a new sentence"]]
    assert again[0] == again[2] == first[1]
    monkeypatch.setattr(embeddings, "RECENT", 1)  # only the latest text stays
    embedder.embed(["log loss offline"])  # still recent: not encoded, and the rest let go
    assert len(encoded) == 1 and list(embedder._recent) == ["log loss offline"]
    embedder.embed(["CTR online"])
    assert encoded[-1] == ["CTR online"]  # let go, so encoded again

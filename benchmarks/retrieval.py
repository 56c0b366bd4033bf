"""Retrieval benchmark: index build time, embedding throughput, query latency, peak memory.

Two corpora, each in its own temporary data dir: the shipped knowledge, and the shipped
knowledge plus 500 synthetic topic notes (bullets recombined from the real notes, so chunk
lengths are realistic). Latency is one `Retriever.grounding` call end to end, as the
interviewer makes it (embedding the answer and the stage's first three gaps, Chroma query,
BM25, fusion) over 200 queries, half of them in a stage and half with no stage or gaps.
Prints numbers; asserts nothing.  Run: python -m benchmarks.retrieval
"""

from __future__ import annotations

import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from agent.config import load_settings
from agent.knowledge import STAGES, TOPIC_SECTIONS, Knowledge, Note, default_knowledge
from agent.retrieval.embeddings import LocalMiniLM
from agent.retrieval.evaluate import load_dataset
from agent.retrieval.index import note_passages
from agent.retrieval.search import NotesRetriever

QUERIES = 200
SYNTHETIC = 500
SEED = 7


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def synthetic_notes(knowledge: Knowledge, count: int, rng: random.Random) -> dict[str, Note]:
    """Topic notes whose sections are 3-6 bullets drawn from the same section of real notes."""
    topics = [n for n in knowledge.notes.values() if n.kind == "topic"]
    pool = {s: [b for n in topics for b in n.section_list(s)] for s in TOPIC_SECTIONS}
    notes = {}
    for i in range(count):
        base = rng.choice(topics)
        note_id = f"synthetic-{i:03d}"
        sections = {
            s: "\n".join(f"- {b}" for b in rng.sample(pool[s], rng.randint(3, 6)))
            for s in TOPIC_SECTIONS
        }
        notes[note_id] = Note(
            id=note_id,
            kind="topic",
            title=f"{base.title} (variant {i})",
            stages=rng.sample(STAGES, rng.randint(1, 3)),
            tags=base.tags,
            sections=sections,
        )
    return notes


def queries(knowledge: Knowledge, rng: random.Random) -> list[tuple[str, str | None]]:
    """Eval queries and probing questions, every other one with a stage filter."""
    texts = [item["query"] for item in load_dataset(knowledge=knowledge)]
    texts += [q for n in knowledge.notes.values() for q in n.section_list("Probing questions")]
    rng.shuffle(texts)
    return [(texts[i % len(texts)], rng.choice(STAGES) if i % 2 else None) for i in range(QUERIES)]


def throughput(knowledge: Knowledge, embedder: LocalMiniLM) -> tuple[int, float]:
    documents = [doc for n in knowledge.notes.values() for _, doc, _ in note_passages(n, "")]
    started = time.perf_counter()
    embedder.embed(documents)
    return len(documents), len(documents) / (time.perf_counter() - started)


def run(label: str, knowledge: Knowledge, embedder: LocalMiniLM, rng: random.Random) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp) / "data", embeddings="local", chroma_url=None)
        retriever = NotesRetriever(settings, knowledge, embedder)
        report = retriever.refresh()
        started = time.perf_counter()
        noop = NotesRetriever(settings, knowledge, embedder).refresh()
        noop_seconds = time.perf_counter() - started
        times = []
        for text, stage in queries(knowledge, rng):
            started = time.perf_counter()
            gaps = [i.text for i in knowledge.stages[stage].checklist] if stage else []
            retriever.grounding(text, gaps, stage=stage, question_id=None)
            times.append((time.perf_counter() - started) * 1000)
    p50 = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[18]
    print(f"[{label}] {len(knowledge.notes)} notes, {report.passages} passages")
    print(
        f"  index build: {report.seconds:.1f} s ({report.passages / report.seconds:.1f} passages/s "
        f"end to end); no-op refresh: {noop_seconds * 1000:.0f} ms "
        f"({noop.passages} embedded)"
    )
    print(f"  search latency over {len(times)} queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(f"  peak RSS so far: {peak_rss_mb():.0f} MB")


def main() -> None:
    rng = random.Random(SEED)
    shipped = default_knowledge()
    embedder = LocalMiniLM()
    started = time.perf_counter()
    embedder.embed(["warm up: load and verify the model"])
    print(f"model load (sha256 check + ONNX session): {time.perf_counter() - started:.2f} s")
    count, per_second = throughput(shipped, embedder)
    print(
        f"embedding throughput: {per_second:.1f} passages/s ({count} shipped passages, "
        f"embedder alone)"
    )
    run("shipped", shipped, embedder, rng)
    notes = shipped.notes | synthetic_notes(shipped, SYNTHETIC, rng)
    run(
        f"shipped + {SYNTHETIC} synthetic",
        shipped.model_copy(update={"notes": notes}),
        embedder,
        rng,
    )
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()

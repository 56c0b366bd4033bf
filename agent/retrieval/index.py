"""knowledge/ -> Chroma: note sections cut into passages, re-embedding only what changed.

A *chunk* is one note section: the unit retrieval returns, ranks lexically and shows as a
source. The vector store holds *passages*: each bullet or paragraph of a section, embedded on
its own with the note title and section name in front. MiniLM was trained on sentence-length
pairs and mean-pools over at most 256 tokens, so a 300-word section blurs into an average of
its ideas; one vector per idea keeps a candidate's single point findable. Search maps passages
back to their section (see search.py).

Every passage carries its note's content hash and the embedder's name, so a refresh compares
hashes (no model load, no embedding) and touches only added, edited or removed notes; a
passage embedded by a different embedder means the whole collection is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass
from typing import Any

from agent.config import Settings
from agent.knowledge import STAGES, Knowledge, Note, default_knowledge
from agent.retrieval.embeddings import Embedder, make_embedder
from agent.retrieval.store import drop_collection, open_collection

CHUNK_FORMAT = 3  # bump when chunk text or metadata changes: every note then re-embeds
ADD_BATCH = 1000
_PASSAGE_BREAK = re.compile(r"\n(?=[-*] )|\n\s*\n")  # a new bullet or a blank line


@dataclass
class IndexReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    passages: int = 0  # passages embedded in this refresh
    seconds: float = 0.0
    rebuilt: bool = False
    embedder: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        how = "rebuilt" if self.rebuilt else "refreshed"
        return (
            f"index {how} with {self.embedder}: {self.added} added, {self.updated} updated, "
            f"{self.removed} removed, {self.unchanged} unchanged; {self.passages} passages "
            f"embedded in {self.seconds:.2f} s"
        )


def note_hash(note: Note) -> str:
    """Hash of everything a note contributes to its chunks (text and metadata)."""
    fields = note.model_dump(
        include={"id", "kind", "title", "stages", "tags", "questions", "sections"}
    )
    payload = json.dumps([CHUNK_FORMAT, fields], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def chunk_id(note_id: str, section: str) -> str:
    return f"{note_id}#{section}"


def note_chunks(note: Note, embedder_name: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(id, document, metadata) for each non-empty section of a note."""
    base: dict[str, Any] = {
        "note_id": note.id,
        "title": note.title,
        "kind": note.kind,
        "tags": ", ".join(note.tags),
        "questions": ", ".join(note.questions),
        "hash": note_hash(note),
        "embedder": embedder_name,
    }
    base |= {f"stage_{stage}": stage in note.stages for stage in STAGES}
    return [
        (
            chunk_id(note.id, section),
            f"{note.title} — {section}: {text}",
            base | {"section": section},
        )
        for section, text in note.sections.items()
        if text.strip()
    ]


def passages(text: str) -> list[str]:
    """A section's bullets and paragraphs (a wrapped bullet stays whole)."""
    return [part.strip() for part in _PASSAGE_BREAK.split(text) if part.strip()]


def note_passages(note: Note, embedder_name: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(id, document, metadata) per passage; metadata names its section's chunk id, and the
    note's first passage is its `lead`, the one row a refresh reads to learn the note's hash."""
    found = [
        (
            f"{chunk}#{n}",
            f"{note.title} — {meta['section']}: {passage}",
            meta | {"chunk": chunk, "lead": False},
        )
        for chunk, _, meta in note_chunks(note, embedder_name)
        for n, passage in enumerate(passages(note.sections[meta["section"]]), 1)
    ]
    if found:
        found[0][2]["lead"] = True
    return found


def _indexed(collection: Any) -> dict[str, tuple[str, str]]:
    """note_id -> (hash, embedder) of what the collection holds now."""
    stored = collection.get(where={"lead": True}, include=["metadatas"])
    if not stored["ids"] and collection.count():  # a store written before lead markers
        stored = collection.get(include=["metadatas"])
    return {
        m["note_id"]: (m.get("hash", ""), m.get("embedder", "")) for m in stored["metadatas"] or []
    }


def _add(collection: Any, items: list[tuple[str, str, dict[str, Any]]], embedder: Embedder) -> None:
    if not items:
        return
    vectors = embedder.embed([document for _, document, _ in items])
    for start in range(0, len(items), ADD_BATCH):
        part = items[start : start + ADD_BATCH]
        # upsert: two processes refreshing at once end with the same chunks, not duplicates
        collection.upsert(
            ids=[c[0] for c in part],
            documents=[c[1] for c in part],
            metadatas=[c[2] for c in part],
            embeddings=vectors[start : start + ADD_BATCH],
        )


def refresh_index(
    settings: Settings,
    knowledge: Knowledge | None = None,
    embedder: Embedder | None = None,
    *,
    rebuild: bool = False,
) -> IndexReport:
    """Bring the collection in line with the notes; `rebuild` re-embeds everything."""
    started = time.perf_counter()
    knowledge = knowledge or default_knowledge()
    embedder = embedder or make_embedder(settings)
    collection = open_collection(settings)
    indexed = _indexed(collection)
    report = IndexReport(embedder=embedder.name)
    if rebuild or any(name != embedder.name for _, name in indexed.values()):
        drop_collection(settings)
        collection, indexed, report.rebuilt = open_collection(settings), {}, True
    fresh: list[tuple[str, str, dict[str, Any]]] = []
    for note in knowledge.notes.values():
        known = indexed.get(note.id)
        if known is not None and known[0] == note_hash(note):
            report.unchanged += 1
            continue
        if known is None:
            report.added += 1
        else:
            report.updated += 1
            collection.delete(where={"note_id": note.id})
        fresh.extend(note_passages(note, embedder.name))
    for note_id in sorted(set(indexed) - set(knowledge.notes)):
        collection.delete(where={"note_id": note_id})
        report.removed += 1
    _add(collection, fresh, embedder)
    report.passages = len(fresh)
    report.seconds = time.perf_counter() - started
    return report

"""What the interview engine needs from retrieval, as a protocol: the engine and the
interviewer depend on this, never on Chroma or a concrete retriever."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from agent.knowledge import Stage
from agent.retrieval.embeddings import Embedder

ANSWER_WORDS = 60  # of the answer, in a query
ITEM_WORDS = 20  # of each gap (a checklist item's text)
MAX_ITEMS = 3  # gaps that shape a query


@dataclass(frozen=True)
class Hit:
    """One retrieved note section, with the fused rank score that found it."""

    note_id: str
    section: str
    title: str
    text: str
    score: float

    @property
    def source(self) -> str:
        """How the UI and transcripts cite it: `note-id#Section`."""
        return f"{self.note_id}#{self.section}"


class Retriever(Protocol):
    embedder: Embedder  # also ranks probe questions and matches clarifying questions

    def ready(self) -> None:
        """Prepare the index (safe to call from a warm-up thread)."""

    def grounding(
        self, answer: str, gaps: list[str], *, stage: Stage, question_id: str | None
    ) -> list[Hit]:
        """The notes to ground a follow-up in: about `answer`, tilted toward `gaps`."""


def clip(text: str, words: int) -> str:
    return " ".join(text.split()[:words])


def follow_up_query(answer: str, uncovered: list[str]) -> str:
    """The answer and the stage's first gaps as one short text, for choosing among a note's
    probing questions (offline policy). Retrieval itself keeps them apart: see `grounding`."""
    parts = [clip(answer, ANSWER_WORDS)] if answer.strip() else []
    parts += [clip(item, ITEM_WORDS) for item in uncovered[:MAX_ITEMS] if item.strip()]
    return " ".join(p.rstrip(".") + "." for p in parts)

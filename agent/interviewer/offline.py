"""The curated offline interviewer: deterministic, no model needed.

After each answer it marks the checklist items whose cue words the candidate used, then
either probes deeper on something the candidate said (a probing question from the note
retrieval matched to the answer), follows up on the first gap in the checklist, or moves on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from agent.interviewer.hints import offline_hint
from agent.interviewer.policy import (
    MAX_QUESTIONS_PER_STAGE,
    Decision,
    TurnContext,
    acknowledgement,
    stream_words,
)
from agent.knowledge import ChecklistItem
from agent.matching import cued, nearest

MIN_PROBE_SCORE = 0.35  # fused rank score: below it the note is near the top of neither ranking
MIN_PROBE_WORDS = 15  # a probe needs an answer with something in it to dig into


def covered_items(ctx: TurnContext) -> list[str]:
    """Checklist items covered so far in this stage: before, plus cue words in the answers."""
    found = cued(" ".join(ctx.answers), ctx.spec.checklist)
    return [item.id for item in ctx.spec.checklist if item.id in found or item.id in ctx.covered]


def open_items(ctx: TurnContext) -> list[ChecklistItem]:
    """The stage's checklist items not covered yet, this answer included, in checklist order."""
    covered = covered_items(ctx)
    return [item for item in ctx.spec.checklist if item.id not in covered]


class OfflinePolicy:
    """`embedder` (optional) picks, among the matched notes' probing questions, the one
    closest to the answer; without it the best note's first unasked question is used."""

    name = "offline interviewer"

    def __init__(self, embedder: Any = None):
        self.embedder = embedder

    def coverage(self, ctx: TurnContext) -> list[str]:
        return covered_items(ctx)

    def gaps(self, ctx: TurnContext) -> list[ChecklistItem]:
        return open_items(ctx)

    def decide(self, ctx: TurnContext) -> Decision:
        covered, gaps = covered_items(ctx), open_items(ctx)
        if not gaps or len(ctx.asked) >= MAX_QUESTIONS_PER_STAGE:
            return Decision("advance", covered, reason="checklist covered or enough questions")
        last = ctx.answers[-1] if ctx.answers else ""
        already_probed = any(t.get("kind") == "probe" for t in ctx.asked)
        if not already_probed and len(last.split()) >= MIN_PROBE_WORDS:
            probe = self._probe(ctx)
            if probe is not None:
                return Decision(
                    "probe",
                    covered,
                    focus=probe[0],
                    sources=probe[1],
                    text=f"{acknowledgement(ctx)} {probe[2]}",
                    reason="grounded probe",
                )
        asked_texts = {t["text"] for t in ctx.state.get("turns", [])}
        for item in gaps:
            if not any(item.probe in text for text in asked_texts):
                return Decision(
                    "follow_up",
                    covered,
                    focus=item.id,
                    text=f"{acknowledgement(ctx)} {item.probe}",
                    reason="checklist gap",
                )
        return Decision("advance", covered, reason="every gap already asked about")

    def _probe(self, ctx: TurnContext) -> tuple[str, list[str], str] | None:
        """A probing question, not yet asked, from the notes that match the last answer."""
        asked = " ".join(
            t["text"] for t in ctx.state.get("turns", []) if t["role"] == "interviewer"
        )
        for hit in ctx.hits:  # the note most about what the candidate said comes first
            note = ctx.knowledge.notes.get(hit.note_id)
            if hit.score < MIN_PROBE_SCORE or note is None or note.kind != "topic":
                continue
            options = [q for q in note.section_list("Probing questions") if q not in asked]
            if options:
                sources = list(dict.fromkeys([hit.source, f"{note.id}#Probing questions"]))
                # the question nearest the answer and the stage's gaps
                return note.id, sources, nearest(self.embedder, ctx.query, options)[0]
        return None

    def ask(self, ctx: TurnContext, decision: Decision) -> Iterator[str]:
        return stream_words(decision.text)

    def hint(self, ctx: TurnContext) -> Iterator[str]:
        return stream_words(offline_hint(ctx, open_items(ctx), self.embedder))

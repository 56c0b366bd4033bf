"""The curated offline interviewer: deterministic, no model needed.

After each answer it marks the checklist items whose cue words the candidate used, then
either probes deeper on something the candidate said (a probing question from the note
retrieval matched to the answer), follows up on the first gap in the checklist, or moves on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from agent.hints import offline_hint
from agent.matching import matched
from agent.policy import (
    MAX_QUESTIONS_PER_STAGE,
    Decision,
    TurnContext,
    acknowledgement,
    words,
)

MIN_PROBE_SCORE = 0.35   # fused rank score: below it the note is near the top of neither ranking
MIN_PROBE_WORDS = 15     # a probe needs an answer with something in it to dig into


def covered_items(ctx: TurnContext) -> list[str]:
    """Checklist items covered so far in this stage: before, plus cue words in the answers."""
    said = " ".join(ctx.answers)
    found = {item.id for item in ctx.spec.checklist if matched(said, item.keywords)}
    return [item.id for item in ctx.spec.checklist if item.id in found or item.id in ctx.covered]


class OfflinePolicy:
    """`embedder` (optional) picks, among the matched notes' probing questions, the one
    closest to the answer; without it the best note's first unasked question is used."""

    name = "offline interviewer"

    def __init__(self, embedder: Any = None):
        self.embedder = embedder

    def decide(self, ctx: TurnContext) -> Decision:
        covered = covered_items(ctx)
        gaps = [item for item in ctx.spec.checklist if item.id not in covered]
        if not gaps or len(ctx.asked) >= MAX_QUESTIONS_PER_STAGE:
            return Decision("advance", covered, reason="checklist covered or enough questions")
        last = ctx.answers[-1] if ctx.answers else ""
        already_probed = any(t.get("kind") == "probe" for t in ctx.asked)
        if not already_probed and len(last.split()) >= MIN_PROBE_WORDS:
            probe = self._probe(ctx)
            if probe is not None:
                return Decision("probe", covered, focus=probe[0], sources=probe[1],
                                text=f"{acknowledgement(ctx)} {probe[2]}", reason="grounded probe")
        asked_texts = {t["text"] for t in ctx.state.get("turns", [])}
        for item in gaps:
            if not any(item.probe in text for text in asked_texts):
                return Decision("follow_up", covered, focus=item.id,
                                text=f"{acknowledgement(ctx)} {item.probe}", reason="checklist gap")
        return Decision("advance", covered, reason="every gap already asked about")

    def _probe(self, ctx: TurnContext) -> tuple[str, list[str], str] | None:
        """A probing question, not yet asked, from the notes that match the last answer."""
        asked = " ".join(t["text"] for t in ctx.state.get("turns", []) if t["role"] == "interviewer")
        for hit in ctx.hits:  # the note most about what the candidate said comes first
            note = ctx.knowledge.notes.get(hit.note_id)
            if hit.score < MIN_PROBE_SCORE or note is None or note.kind != "topic":
                continue
            options = [q for q in note.section_list("Probing questions") if q not in asked]
            if options:
                sources = list(dict.fromkeys([hit.source, f"{note.id}#Probing questions"]))
                return note.id, sources, self._closest(ctx, options)
        return None

    def _closest(self, ctx: TurnContext, options: list[str]) -> str:
        """The option nearest the answer mixed with the stage's gaps (the retrieval query)."""
        if len(options) == 1 or self.embedder is None:
            return options[0]
        query, *vectors = self.embedder.embed([ctx.query] + options)
        closeness = [sum(a * b for a, b in zip(query, v)) for v in vectors]
        return options[closeness.index(max(closeness))]

    def ask(self, ctx: TurnContext, decision: Decision) -> Iterator[str]:
        return words(decision.text)

    def hint(self, ctx: TurnContext) -> Iterator[str]:
        gaps = [item for item in ctx.spec.checklist if item.id not in covered_items(ctx)]
        return words(offline_hint(ctx, gaps, self.embedder))

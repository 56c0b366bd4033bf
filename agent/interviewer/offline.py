"""The curated offline interviewer: deterministic, no model needed.

After each answer it marks the checklist items the candidate covered (cue words, and what
grading's own test credits), then, in this order: pushes back on a red flag in the answer (a
wrong choice the scorecard would count, quoted back once a stage); when every point is covered,
probes one of them once and moves on; asks about a diagram just sent (a must-have edge it
misses, or a box with no arrows); steers a remark off the design back to the question; asks a
terse answer to say more; probes deeper on what the candidate said (a probing question of a
note retrieved for the answer, in the interview's domain); follows up on the first gap in the
checklist; or moves on. Nothing already answered is asked again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from agent.interviewer.drawing import diagram_question
from agent.interviewer.hints import offline_hint
from agent.interviewer.listening import (
    last_answer,
    noise,
    question_on_the_table,
    terse,
    with_lead_in,
)
from agent.interviewer.policy import (
    MAX_QUESTIONS_PER_STAGE,
    Decision,
    TurnContext,
    lines,
    stream_words,
)
from agent.knowledge import FRAMING, ChecklistItem, Note, Stage
from agent.matching import cued, nearest

MIN_PROBE_SCORE = 0.35  # fused rank score: below it the note is near the top of neither ranking
MIN_PROBE_WORDS = 15  # a probe needs an answer with something in it to dig into
NOVELTY = 2.0  # how much likeness to the answers counts against a probing question: the
# matched note's options share its subject, so likeness to what was said must weigh more than
# nearness to the gaps (dev sets, re-ask: 0.5 -> 0.026 / 0.037 / 0.07 / 0.105, 1.0 -> 0.017 /
# 0.044 / 0.07 / 0.084, 2.0 -> 0.017 / 0.044 / 0.058 / 0.053, 4.0 -> 0.026 / 0.037 / 0.058 / 0.053)
QUOTE_WORDS = 25  # of a red-flag sentence quoted back


def covered_items(ctx: TurnContext) -> list[str]:
    """Checklist items covered so far in this stage: before, cue words in the answers, and
    what grading's test credits (ctx.heard: paraphrases without the cue words)."""
    found = cued(" ".join(ctx.answers), ctx.checklist)
    found |= ctx.heard.covered if ctx.heard is not None else set()
    return [item.id for item in ctx.checklist if item.id in found or item.id in ctx.covered]


def open_items(ctx: TurnContext) -> list[ChecklistItem]:
    """The stage's checklist items not covered yet, this answer included, in checklist order."""
    covered = covered_items(ctx)
    return [item for item in ctx.checklist if item.id not in covered]


def _challenge(ctx: TurnContext) -> str | None:
    """Push back, once a stage, on a red flag in the last answer, quoting it without naming
    the fault: the candidate may defend it or correct it (a correction cancels the flag)."""
    flagged = getattr(ctx.heard, "flagged", None)
    opening = lines()["challenge"].split("{")[0]
    if not flagged or any(opening in t["text"] for t in ctx.stage_turns):
        return None
    words = flagged[0].split()
    quote = " ".join(words[:QUOTE_WORDS]) + (" ..." if len(words) > QUOTE_WORDS else "")
    if not quote.endswith((".", "!", "?")):  # 'You said "accuracy" What ...' reads as one run-on
        quote += "."
    return lines()["challenge"].format(quote=quote)


class OfflinePolicy:
    """`embedder` (optional) picks, among the matched notes' probing questions, the one
    closest to the stage's gaps; without it the best note's first open question is used."""

    name = "offline interviewer"

    def __init__(self, embedder: Any = None):
        self.embedder = embedder

    def coverage(self, ctx: TurnContext) -> list[str]:
        return covered_items(ctx)

    def gaps(self, ctx: TurnContext) -> list[ChecklistItem]:
        return open_items(ctx)

    def decide(self, ctx: TurnContext) -> Decision:
        covered = covered_items(ctx)
        gaps = [item for item in ctx.checklist if item.id not in covered]
        if len(ctx.asked) >= MAX_QUESTIONS_PER_STAGE:
            return Decision("advance", covered, reason="enough questions")
        if challenge := _challenge(ctx):  # a wrong choice stated with confidence: push back
            return Decision("probe", covered, text=challenge, reason="red flag")
        already_probed = any(t.get("kind") == "probe" for t in ctx.asked)
        if not gaps:  # every point named: dig into one before moving on, as interviewers do
            if not already_probed and (probe := self._probe(ctx, [])):
                note, sources, question = probe
                text = with_lead_in(ctx, question)
                return Decision("probe", covered, note, sources, text, reason="depth")
            return Decision("advance", covered, reason="checklist covered")
        if drawn := diagram_question(ctx):  # a diagram just sent: its gap first
            focus, text, reason = drawn
            return Decision("probe", covered, focus, text=text, reason=reason)
        # a diagram is on the design and says more than its word count
        just_drew = ctx.diagram is not None and ctx.diagram.just_sent
        on_the_table = question_on_the_table(ctx)
        # a message the facts just answered asked about the problem ("I'll assume English
        # only. Is that OK?"), however far its words are from the design
        aside = ctx.heard is not None and ctx.heard.aside and not ctx.told
        if aside and on_the_table and not just_drew:
            text = f"{lines()['redirect']} {on_the_table}"
            return Decision("follow_up", covered, text=text, reason="off the design")
        asked = ctx.interviewer_said
        said_more = lines()["probe_terse"].split("{")[0]
        if terse(ctx) and not noise(ctx) and said_more not in asked and not just_drew:
            text = lines()["probe_terse"].format(answer=last_answer(ctx).strip().rstrip("."))
            return Decision("probe", covered, text=text, reason="a terse answer")
        substantial = len(last_answer(ctx).split()) >= MIN_PROBE_WORDS
        if not already_probed and substantial and (probe := self._probe(ctx, gaps)):
            note, sources, question = probe
            text = with_lead_in(ctx, question)
            return Decision("probe", covered, note, sources, text, reason="grounded probe")
        for item in gaps:
            if item.probe not in asked and ctx.still_open(item.probe):
                text = with_lead_in(ctx, item.probe)
                return Decision("follow_up", covered, item.id, text=text, reason="checklist gap")
        return Decision("advance", covered, reason="every gap asked about or answered")

    def _probe(
        self, ctx: TurnContext, gaps: list[ChecklistItem]
    ) -> tuple[str, list[str], str] | None:
        """An open probing question from the notes that match the last answer (the engine
        keeps only notes in the interview's domain), the one nearest the stage's gaps: it digs
        into what was said toward what is missing, not back over what was answered. While the
        problem is framed only a note's framing questions are asked (knowledge-format.md): the
        others ask about the design ("what baseline would you build first?"). In later stages a
        note tagged for a neighbouring stage still probes (measured: limiting every stage to its
        own notes asked again what was answered more often, dev 0.034 -> 0.043, dev3 0.044 ->
        0.059), but only after the stage's own notes: scaling a speech assistant once asked how
        CTC computes its loss (preferring them: dev3 re-ask 0.052 -> 0.059, one turn of 269;
        dev, dev4, dev5 unchanged)."""
        asked = ctx.interviewer_said
        toward = " ".join(item.text for item in gaps[:2]) or ctx.query
        stage = ctx.state["stage"]
        notes = ctx.knowledge.notes
        # the note most about what the candidate said comes first, among the stage's own notes
        # before those of other stages (a serving note asked about CTC's loss while scaling)
        ranked = sorted(
            ctx.hits, key=lambda h: stage not in getattr(notes.get(h.note_id), "stages", ())
        )
        for hit in ranked:
            note = notes.get(hit.note_id)
            if hit.score < MIN_PROBE_SCORE or note is None or note.kind != "topic":
                continue
            # while the problem is framed, only a framing question: the probing ones are
            # about a design that is not on the table yet
            section = FRAMING if stage == "problem" else "Probing questions"
            open_ = [q for q in note.section_list(section) if q not in asked and ctx.still_open(q)]
            # of the note's open questions, those written for this stage first: "class weights
            # or focal loss?" is a training question, though the imbalance note is read for
            # metrics. Dev probes asked outside their stage 386 -> 171 of ~550, re-asks 23 ->
            # 27 of 706; preferring the stage's questions from any note (23 -> 36) or as a
            # bonus in _freshest (0.15: 293 outside, 25 re-asks) traded worse
            options = stage_first(note, stage, open_)
            if options:
                sources = list(dict.fromkeys([hit.source, f"{note.id}#{section}"]))
                return note.id, sources, self._freshest(toward, options, ctx.answers_so_far)
        return None

    def _freshest(self, toward: str, options: list[str], answers: list[str]) -> str:
        """The option nearest the gaps and farthest from what was said: a probe should take
        the candidate somewhere new, not back over their answer."""
        if self.embedder is None or len(options) == 1 or not answers:
            return nearest(self.embedder, toward, options)[0]
        target, *rest = np.asarray(self.embedder.embed([toward, *options, *answers]))
        choices, said = np.stack(rest[: len(options)]), np.stack(rest[len(options) :])
        score = choices @ target - NOVELTY * (choices @ said.T).max(axis=1)
        return options[int(np.argmax(score))]

    def ask(self, ctx: TurnContext, decision: Decision) -> Iterator[str]:
        return stream_words(decision.text)

    def hint(self, ctx: TurnContext) -> Iterator[str]:
        return stream_words(offline_hint(ctx, open_items(ctx), self.embedder))


def stage_first(note: Note, stage: Stage, questions: list[str]) -> list[str]:
    """The questions the note asks in `stage` ("Asked in:"), or all of them when it has none
    open there: a probe from another stage beats a checklist question answered in other words."""
    return [q for q in questions if stage in note.asked_in.get(q, note.stages)] or questions

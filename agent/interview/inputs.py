"""What the engine adds to a turn's context before the policy decides: what the candidate has
already answered (by the coverage grader's own test, so the interviewer never asks what the
scorecard would credit), the latest diagram held against the question's reference design, and
the notes retrieved for the answer, kept to the question's domain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from agent.diagrams import Diagram, match_design
from agent.interviewer.policy import DrawnDiagram, TurnContext
from agent.interviewer.told import with_told
from agent.knowledge import ChecklistItem, Knowledge, in_domain
from agent.retrieval.protocol import Retriever, follow_up_query
from agent.state import Turn

GROUNDING_NOTES = 3  # notes a follow-up may draw on


class TurnInputs:
    def __init__(self, knowledge: Knowledge, retriever: Retriever | None):
        self.knowledge, self.retriever = knowledge, retriever
        self._grader = None  # made on first use: it loads MiniLM

    @lru_cache(maxsize=64)  # noqa: B019 - one per engine, and a question is read once
    def _own_domain(self, question_text: str) -> frozenset[str]:
        """For a question of the candidate's own, the notes the grader judges it by
        (`question_notes`): the same set keeps probes and red flags in one domain (no speech
        probes in a job-recommender interview)."""
        from agent.scoring.flag_scope import question_notes
        from agent.scoring.vectors import shared_vectors

        return question_notes(self.knowledge, None, question_text, shared_vectors())

    def heard(self, ctx: TurnContext) -> TurnContext:
        """The context with what the candidate has answered so far."""
        from agent.scoring.coverage import CoverageGrader
        from agent.scoring.heard import StageHeard
        from agent.scoring.transcript import Transcript

        if self._grader is None:
            self._grader = CoverageGrader(self.knowledge)
        transcript = Transcript.from_state(ctx.state)
        heard = StageHeard(self._grader, transcript, ctx.state["stage"])
        # and what the interviewer told in the stage, this turn's facts included
        told = [*ctx.stage_turns, Turn(role="interviewer", stage=ctx.state["stage"], text=ctx.told)]
        embedder = self._grader.vectors.embedder
        return replace(ctx, heard=with_told(heard, ctx.knowledge, ctx.question, told, embedder))

    def drawn(self, ctx: TurnContext) -> TurnContext:
        """The context with the latest diagram drawn in the interview, matched against the
        question's design (with the retriever's MiniLM when there is one, else by names):
        a later answer may refer to a diagram drawn earlier. Its missing edges leave out those
        an earlier diagram draws, as the graders count them (scoring/drawn.py)."""
        design = self.knowledge.designs.get(ctx.state.get("question_id") or "")
        said = [t for t in ctx.state.get("turns", []) if t["role"] == "candidate"]
        # a diagram with no nodes (a sequence diagram, say) was not read: nothing to match
        drawn = [(n, d) for n, t in enumerate(said) for d in t.get("diagrams", []) if d["nodes"]]
        if design is None or not drawn:
            return ctx
        from agent.scoring.drawn import edges_not_drawn

        embedder = self.retriever.embedder if self.retriever is not None else None
        graphs = [Diagram.model_validate(data) for _, data in drawn]
        matches = [match_design(graph, design, embedder) for graph in graphs]
        # an edge drawn in an earlier diagram is not missing: "Kafka -> Flink" in one answer
        # and "Flink -> feature store" in the next is one design, drawn in two goes
        match = matches[-1].model_copy(update={"missing_edges": edges_not_drawn(matches, design)})
        just_sent = drawn[-1][0] == len(said) - 1
        return replace(ctx, diagram=DrawnDiagram(graphs[-1], match, just_sent=just_sent))

    def grounded(
        self, ctx: TurnContext, gaps_of: Callable[[TurnContext], list[ChecklistItem]]
    ) -> TurnContext:
        """The context with the notes retrieved for the latest answer, tilted toward the
        stage's gaps (`gaps_of`: the policy's), other domains' notes dropped."""
        if self.retriever is None or not ctx.answers:
            return ctx
        gaps = [item.text for item in gaps_of(ctx)]  # as of this answer
        try:
            hits = self.retriever.grounding(
                ctx.answers[-1],
                gaps,
                stage=ctx.state["stage"],
                question_id=ctx.state.get("question_id"),
                k=GROUNDING_NOTES * 2,  # room for the notes of other domains dropped next
            )
        except Exception:  # noqa: BLE001 - a broken index (a file in its place, a full disk,
            # a store chromadb cannot read) costs the follow-up its notes, never the turn;
            # the front ends say why once (Runtime.problem)
            return ctx
        notes = self.knowledge.notes
        domain = (
            self._own_domain(ctx.state.get("question_text", "")) if ctx.question is None else None
        )
        kept = [
            h
            for h in hits
            if h.note_id in notes
            and in_domain(notes[h.note_id], ctx.question)
            and (domain is None or h.note_id in domain)
        ]
        return replace(
            ctx, hits=kept[:GROUNDING_NOTES], query=follow_up_query(ctx.answers[-1], gaps)
        )

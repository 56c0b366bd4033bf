"""The offline, deterministic coverage grader: how much of a stage the candidate's words cover,
and whether they made any red flag's wrong choice.

Per stage, each checklist item (and, for a bank question, each of the question's key points
for the stage) is credited by the best answer sentence that matches it, by key term or by
MiniLM similarity to the item's text or one of its clauses. What a sentence earns depends on
what it does (credit.py): a reason, a number or a trade-off about the item earns full credit,
naming it partial credit, a keyword list a quarter; a sentence that raises a red flag
(flags.py) earns nothing and costs the stage; text addressed to the grader, and a truism about
ML systems in general ("input validation is always important"), earn nothing. A
must-have edge of the question's reference design drawn in a diagram credits its checklist
item too (drawn.py); sentences are read from the answers' prose, never from diagram syntax.
The constants and the mapping to 1-4 are documented in docs/scoring.md.
"""

from __future__ import annotations

import numpy as np

from agent.knowledge import Knowledge, Question, Stage, default_knowledge
from agent.llm.replies import Usage
from agent.matching import normalise
from agent.scoring import text as T
from agent.scoring.credit import (
    EXPLAINED,
    Item,
    StageCoverage,
    communication,
    rationale_of,
    reading,
    stage_items,
    unanswered,
    weight,
)
from agent.scoring.drawn import EdgeCredit, design_of, edge_credits
from agent.scoring.filler import pointless
from agent.scoring.flag_hits import findings, penalised
from agent.scoring.flag_scope import all_flags, question_notes, stage_flags
from agent.scoring.flags import detect
from agent.scoring.item_match import by_clause, distinct_things, terms_found
from agent.scoring.launch_forms import read_by_form
from agent.scoring.pushback import kept
from agent.scoring.rubric import Rubric, default_rubric
from agent.scoring.scorecard import StageGrade
from agent.scoring.transcript import Transcript
from agent.scoring.vectors import RELATED, SAME_POINT, Vectors, shared_vectors


class CoverageGrader:
    """Grades one stage at a time, so a live session can grade each stage as it closes."""

    name = "coverage"

    def __init__(
        self,
        knowledge: Knowledge | None = None,
        rubric: Rubric | None = None,
        vectors: Vectors | None = None,
    ):
        self.knowledge = knowledge or default_knowledge()
        self.rubric = rubric or default_rubric()
        self.vectors = vectors or shared_vectors()
        self.known_flags = all_flags(self.knowledge)  # a second mistake may be any stage's
        self.usage = Usage()  # no model calls: stays zero, but every Grader reports one

    def question(self, transcript: Transcript) -> Question | None:
        qid = transcript.question_id
        return self.knowledge.questions.get(qid) if qid else None

    def measure(self, transcript: Transcript, stage: Stage) -> tuple[list[Item], StageCoverage]:
        items = stage_items(self.knowledge, stage, self.question(transcript))
        answers = [T.sentences(a) for a in transcript.prose(stage)]
        points = tuple(i.text for i in items if i.kind == "key point")
        empty = pointless(answers, points)  # padding earns nothing (filler.py)
        # a number the interviewer gave ("the 50 ms you allowed") is no depth or reason of the
        # candidate's
        given = T.quantities(transcript.interviewer_text(stage))
        said = [s for a in answers for s in a if s not in empty]
        said = T.without_repeats([s for s in said if T.words(s) and not T.addresses_grader(s)])
        similar = self.similar(said, [i.text for i in items])
        found = [terms_found(s, items) for s in said]  # matched once: coverage and list test
        lexical = [[bool(terms) for terms in row] for row in found]
        # a reason often follows its point ("LR first. It trains fast, so ..."): a sentence
        # whose next one explains counts as explained, so connectives cannot buy credit
        followed = {
            s
            for a in answers
            for s, nxt in zip(a, a[1:])
            if T.explains(nxt, given) and nxt not in empty
        }
        notes = question_notes(
            self.knowledge, transcript.question_id, transcript.question_text, self.vectors
        )
        pool = stage_flags(self.knowledge, stage, transcript, notes)
        flags = detect(said, pool, self.vectors, self.known_flags)
        flags += read_by_form(said, pool, flags)  # a product's own words for a launch mistake
        flagged = {h.sentence for h in flags}  # one finding a sentence; the note's is sharper
        flags += [
            h
            for h in kept(transcript.stage_turns(stage), self.vectors)
            if h.sentence in said and h.sentence not in flagged
        ]
        wrong = {h.sentence for h in flags}  # a wrong choice covers nothing
        credit = [0.0] * len(items)
        evidence, numbers, trade_offs, explained, answered, asides = [], set(), set(), 0, 0, 0
        for row, sentence in enumerate(said):
            named = lexical[row]
            hits = [j for j in range(len(items)) if named[j] or similar[row, j] >= SAME_POINT]
            earned = (
                EXPLAINED
                if sentence in followed
                else weight(sentence, distinct_things(found[row]), given)
            )
            explained += earned == EXPLAINED
            asides += not (any(named) or similar[row].max(initial=0) >= RELATED)  # off-subject
            if not hits or sentence in wrong:
                continue
            for j in hits:
                credit[j] = max(credit[j], earned)
            # depth is a number or a trade-off in a sentence about an item: one in a line that
            # covers nothing ("Most teams regret skipping it, but 9 times in 10 ...") is filler
            numbers |= T.own_numbers(sentence, given)
            if T.states_trade_off(sentence):
                trade_offs.add(normalise(sentence))
            answered += 1
            if sentence not in evidence:
                evidence.append(sentence)
        position = {item.id: j for j, item in enumerate(items) if item.id}
        for edge in self.drawn(transcript, stage):  # the diagram shows what prose may not say
            credit[position[edge.item]] = max(credit[position[edge.item]], edge.credit)
            evidence.append(edge.quote)
        # filler is off the design like an aside: it counts against the allowance, so padding
        # an answer with it can only dilute, never buy credit
        filler = len(empty)
        asides += filler
        count = max(1, len(said) + filler)
        return items, StageCoverage(
            credit,
            evidence,
            numbers,
            len(trade_offs),
            explained / count,
            answered / count,
            asides / count,
            sum(len(T.words(s)) for s in said),
            any(T.signposts(s) for s in said),
            flags,
        )

    def drawn(self, transcript: Transcript, stage: Stage) -> list[EdgeCredit]:
        """What the diagrams drawn up to `stage` earn its checklist items."""
        design = design_of(self.knowledge, transcript)
        if design is None:
            return []
        return edge_credits(transcript.drawn(stage), design, stage, self.vectors.embedder)

    def similar(self, said: list[str], texts: list[str]) -> np.ndarray:
        return by_clause(self.vectors, said, texts)

    def still_missed(
        self, transcript: Transcript, stage: Stage, points: list[str], earlier: bool = False
    ) -> list[str]:
        """The points (another grader's "what a strong answer adds") that the stage's answers
        do not cover by this grader's test: said in so many words or the same point by
        meaning, or the checklist item the point restates is already credited. `earlier`:
        the answers are another stage's, and only an item they explain counts ("guardrails:
        latency, errors" while choosing metrics is no staged roll-out)."""
        if not points:
            return []
        items, cov = self.measure(transcript, stage)
        said = [] if earlier else [s for a in transcript.prose(stage) for s in T.sentences(a)]
        credited = [i for i, c in zip(items, cov.credit) if (c == EXPLAINED if earlier else c > 0)]
        # a credited item's text and cue words: "categorical embeddings" restates the
        # representation item a candidate covered with "learned embeddings for the IDs"
        known = said + [f"{i.text} {' '.join(i.terms)}" for i in credited]
        by_meaning = self.vectors.similarity(points, said + [i.text for i in credited])
        kept = []
        for row, point in enumerate(points):
            stated = any(T.term_in(point, normalise(s), T.stems(s)) for s in known)
            if not stated and by_meaning[row].max(initial=0) < SAME_POINT:
                kept.append(point)
        return kept

    def missed_items(self, transcript: Transcript, stage: Stage) -> list[str]:
        """The ids of the stage's checklist items no sentence covers, by the test that gives
        credit: what progress counts as missed, whichever grader wrote the scorecard."""
        items, cov = self.measure(transcript, stage)
        return [i.id for i, c in zip(items, cov.credit) if c == 0 and i.kind == "checklist"]

    def grade_stage(self, transcript: Transcript, stage: Stage) -> StageGrade:
        hints = transcript.hints.get(stage, 0)
        if not transcript.answers(stage):
            return unanswered(self.knowledge, stage, self.question(transcript), hints)
        items, cov = self.measure(transcript, stage)
        coverage, raw = reading(items, cov)
        raw = penalised(raw, len(cov.flags))
        score = self.rubric.apply_hints(raw, hints)
        # "To improve" names only checklist items, the stage's own descriptions of what a
        # complete answer covers, and only those no sentence of the stage covers by the
        # same test that gives credit; a key point is a term, too terse to judge as absent.
        missed = [i.text for i, c in zip(items, cov.credit) if c == 0 and i.kind == "checklist"]
        rationale = rationale_of(items, cov, coverage, raw, self.rubric.penalty(hints), hints)
        return StageGrade(
            score=round(score, 2),
            rationale=rationale,
            evidence=cov.evidence,
            missed=missed,
            red_flags=findings(cov.flags),
            hints=hints,
            communication=round(communication(cov), 2),
        )

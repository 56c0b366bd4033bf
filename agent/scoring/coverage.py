"""The offline, deterministic coverage grader: how much of a stage the candidate's words cover.

Per stage, each checklist item (and, for a bank question, each of the question's key points
for the stage) is credited by the best answer sentence that matches it, by key term or by
MiniLM similarity to the item's text. What a sentence can earn depends on what it does:
explaining (a reason, a condition, a trade-off or a number) earns full credit, a plain
statement half, a keyword list with no explanation a quarter; text addressed to the grader
earns nothing. Depth adds credit for distinct numbers and stated trade-offs among the credited
sentences, counted as distinct things and capped, so padding cannot raise a score. The
constants and the mapping to 1-4 are documented in docs/scoring.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.knowledge import Knowledge, Question, Stage, default_knowledge
from agent.matching import normalise
from agent.scoring import text as T
from agent.scoring.rubric import Rubric, default_rubric
from agent.scoring.scorecard import StageGrade
from agent.scoring.transcript import Transcript
from agent.scoring.vectors import RELATED, SAME_POINT, Vectors, grader_embedder

EXPLAINED, STATED = 1.0, 0.5
SENTENCE_POINTS = 99  # one sentence makes about two points; naming more spreads its credit
DEPTH_CAP = 2         # distinct numbers, and distinct trade-off sentences, that earn depth
DEPTH_WEIGHT = 0.25   # share of the stage score that depth can move
SHORT_STAGE = 8       # fewer words than this in a stage: one-word answers (communication 1)


@dataclass(frozen=True)
class Item:
    text: str
    terms: tuple[str, ...]
    kind: str  # "checklist" or "key point"


def stage_items(knowledge: Knowledge, stage: Stage, question: Question | None) -> list[Item]:
    """The stage checklist, then the question's key points for the stage when it is in the bank."""
    items = [Item(i.text, tuple(i.keywords), "checklist") for i in knowledge.stages[stage].checklist]
    if question is not None:
        items += [Item(kp, (kp,), "key point") for kp in question.stages[stage].key_points]
    return items


def weight(sentence: str) -> float:
    """What one sentence can earn per point: an explanation beats a bare statement."""
    return EXPLAINED if T.explains(sentence) else STATED


@dataclass
class StageCoverage:
    credit: list[float]        # per item, 0-1
    evidence: list[str]        # credited sentences, in the order spoken
    numbers: set[str]
    trade_offs: int
    explained_share: float     # of the stage's sentences
    answered_share: float      # sentences that earned any credit
    words: int


class CoverageGrader:
    """Grades one stage at a time, so a live session can grade each stage as it closes."""

    name = "coverage"

    def __init__(self, knowledge: Knowledge | None = None, rubric: Rubric | None = None,
                 vectors: Vectors | None = None):
        self.knowledge = knowledge or default_knowledge()
        self.rubric = rubric or default_rubric()
        self.vectors = vectors or Vectors(grader_embedder())

    def question(self, transcript: Transcript) -> Question | None:
        qid = transcript.question_id
        return self.knowledge.questions.get(qid) if qid else None

    def measure(self, transcript: Transcript, stage: Stage) -> tuple[list[Item], StageCoverage]:
        items = stage_items(self.knowledge, stage, self.question(transcript))
        said = [s for a in transcript.answers(stage) for s in T.sentences(a)]
        said = [s for s in said if T.words(s) and not T.addresses_grader(s)]
        similar = self.vectors.similarity(said, [i.text for i in items])
        credit = [0.0] * len(items)
        evidence, numbers, trade_offs, explained = [], set(), 0, 0
        for row, sentence in enumerate(said):
            normalised, stems = normalise(sentence), T.stems(sentence)
            lexical = [any(T.term_in(t, normalised, stems) for t in i.terms) for i in items]
            hits = [j for j in range(len(items)) if lexical[j] or similar[row, j] >= SAME_POINT]
            earned = weight(sentence)
            explained += earned == EXPLAINED
            if hits or similar[row].max(initial=0) >= RELATED:  # on the stage's subject
                numbers |= T.numbers(sentence)
                trade_offs += T.states_trade_off(sentence)
            if not hits:
                continue
            share = earned * min(1.0, SENTENCE_POINTS / len(hits))
            for j in hits:
                credit[j] = max(credit[j], share)
            evidence.append(sentence)
        count = max(1, len(said))
        return items, StageCoverage(credit, evidence, numbers, trade_offs, explained / count,
                                    len(evidence) / count, sum(len(T.words(s)) for s in said))

    def grade_stage(self, transcript: Transcript, stage: Stage) -> StageGrade:
        hints = transcript.hints.get(stage, 0)
        if not transcript.answers(stage):
            return StageGrade(score=None, rationale="The candidate gave no answer in this stage.",
                              hints=hints, communication=None)
        items, cov = self.measure(transcript, stage)
        coverage = _coverage(items, cov.credit)
        depth = (min(len(cov.numbers), DEPTH_CAP) + min(cov.trade_offs, DEPTH_CAP)) / (2 * DEPTH_CAP)
        raw = min(4.0, 1 + 4 * ((1 - DEPTH_WEIGHT) * coverage + DEPTH_WEIGHT * depth))
        score = self.rubric.apply_hints(raw, hints)
        missed = [i.text for i, c in zip(items, cov.credit) if c == 0]
        return StageGrade(score=round(score, 2), rationale=_rationale(items, cov, raw, hints,
                                                                      self.rubric),
                          evidence=cov.evidence, missed=missed, hints=hints,
                          communication=round(_communication(cov), 2))


def _coverage(items: list[Item], credit: list[float]) -> float:
    """Checklist and key points weigh the same: the stage's generic and specific expectations."""
    parts = []
    for kind in ("checklist", "key point"):
        got = [c for i, c in zip(items, credit) if i.kind == kind]
        if got:
            parts.append(sum(got) / len(got))
    return sum(parts) / len(parts)


def _communication(cov: StageCoverage) -> float:
    """Explains reasoning, and answers what was asked (rubric: communication 3), on 1-4."""
    if cov.words < SHORT_STAGE:
        return 1.0
    return 1 + 3 * (cov.explained_share + cov.answered_share) / 2


def _rationale(items: list[Item], cov: StageCoverage, raw: float, hints: int,
               rubric: Rubric) -> str:
    parts = []
    for kind, label in (("checklist", "checklist items"), ("key point", "question key points")):
        got = [c for i, c in zip(items, cov.credit) if i.kind == kind]
        if got:
            full = sum(c == EXPLAINED for c in got)
            parts.append(f"{sum(c > 0 for c in got)} of {len(got)} {label} covered "
                         f"({full} with reasons)")
    text = "; ".join(parts) + (f"; {len(cov.numbers)} distinct numbers and {cov.trade_offs} "
                               f"trade-offs stated. Coverage score {raw:.2f}")
    if hints:
        text += f", minus {rubric.penalty(hints):g} for {hints} hint(s)"
    return text + "."


def grade_stage(transcript: Transcript, stage: Stage, *,
                grader: CoverageGrader | None = None) -> StageGrade:
    """Grade one stage with the coverage grader (a live session calls this as a stage closes)."""
    return (grader or CoverageGrader()).grade_stage(transcript, stage)

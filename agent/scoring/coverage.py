"""The offline, deterministic coverage grader: how much of a stage the candidate's words cover.

Per stage, each checklist item (and, for a bank question, each of the question's key points
for the stage) is credited by the best answer sentence that matches it, by key term or by
MiniLM similarity to the item's text. What a sentence can earn depends on what it does:
explaining (a reason, a condition, a trade-off or a number) earns full credit, a plain
statement half, a keyword list with no explanation a quarter; text addressed to the grader
earns nothing. Depth adds credit for distinct numbers and distinct trade-off sentences on the
stage's subject, capped, so padding and repetition cannot raise a score. The constants and the
mapping to 1-4 are documented in docs/scoring.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from agent.knowledge import Knowledge, Question, Stage, default_knowledge
from agent.llm.client import Usage
from agent.matching import normalise
from agent.scoring import text as T
from agent.scoring.flags import Hit, all_flags, detect, findings, penalised
from agent.scoring.rubric import Rubric, default_rubric
from agent.scoring.scorecard import StageGrade
from agent.scoring.transcript import Transcript
from agent.scoring.vectors import RELATED, SAME_POINT, Vectors, shared_vectors

EXPLAINED, STATED, LISTED = 1.0, 0.75, 0.25
LIST_ITEMS, LIST_WORDS = 4, 3  # naming 4+ items at 3 words or fewer each, with no reason: a list
DEPTH_CAP = 2  # distinct numbers, and distinct trade-off sentences, that earn depth
DEPTH_WEIGHT = 0.25  # share of the stage score that depth can move
SHORT_STAGE = 8  # fewer words than this in a stage: one-word answers (communication 1)
ASIDE_ALLOWANCE = 0.3  # share of a stage's sentences that may be off its subject for free
ASIDE_WEIGHT = 1.0  # points lost per unit of off-subject share beyond the allowance
_CLAUSE = re.compile(r"[,;:()]|\s(?:and then|then|and|but|which|so)\s", re.IGNORECASE)
MIN_CLAUSE = 4  # words: a shorter piece ("pure and simple") is not a point of its own
STRETCH = 1.6  # calibration: coverage of broad checklists runs low, so a strong stage's
# reading of about 2.5 is stretched towards the reference 3.7 (fitted on the dev set's labels)


@dataclass(frozen=True)
class Item:
    label: str
    text: str
    terms: tuple[str, ...]
    kind: str  # "checklist" or "key point"


def stage_items(knowledge: Knowledge, stage: Stage, question: Question | None) -> list[Item]:
    """The stage checklist, then the question's key points for the stage when it is in the bank."""
    items = [
        Item(i.id.replace("-", " "), i.text, tuple(i.keywords), "checklist")
        for i in knowledge.stages[stage].checklist
    ]
    if question is not None:
        items += [Item(kp, kp, (kp,), "key point") for kp in question.stages[stage].key_points]
    return items


def unanswered(knowledge: Knowledge, stage: Stage, hints: int) -> StageGrade:
    """A reached stage with no answer: the scale's floor, everything missed, no model call."""
    return StageGrade(
        score=1.0,
        hints=hints,
        rationale="The candidate gave no answer here.",
        missed=[item.text for item in knowledge.stages[stage].checklist],
    )


def weight(sentence: str, items_named: int) -> float:
    """What one sentence earns per point it makes: an explanation beats a bare statement, which
    beats a keyword list ("Kafka, Kubernetes, embeddings, a feature store and MLOps")."""
    if T.explains(sentence):
        return EXPLAINED
    is_list = items_named >= LIST_ITEMS and len(T.words(sentence)) <= LIST_WORDS * items_named
    return LISTED if is_list else STATED


@dataclass
class StageCoverage:
    credit: list[float]  # per item, 0-1
    evidence: list[str]  # credited sentences, in the order spoken
    numbers: set[str]
    trade_offs: int  # distinct sentences stating one
    explained_share: float  # of the stage's sentences
    answered_share: float  # sentences that earned any credit
    aside_share: float  # sentences on no item's subject: filler, asides, rambling
    words: int
    signposted: bool
    flags: list[Hit]  # red flags raised and not corrected in the stage


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
        self.usage = Usage()  # no model calls: stays zero, but every Grader reports one

    def question(self, transcript: Transcript) -> Question | None:
        qid = transcript.question_id
        return self.knowledge.questions.get(qid) if qid else None

    def measure(self, transcript: Transcript, stage: Stage) -> tuple[list[Item], StageCoverage]:
        items = stage_items(self.knowledge, stage, self.question(transcript))
        answers = [T.sentences(a) for a in transcript.answers(stage)]
        # a reason often follows its point ("LR first. It trains fast, so ..."): a sentence
        # whose next one explains counts as explained, so connectives cannot buy credit
        followed = {s for a in answers for s, nxt in zip(a, a[1:]) if T.explains(nxt)}
        said = [s for a in answers for s in a]
        said = T.without_repeats([s for s in said if T.words(s) and not T.addresses_grader(s)])
        similar = self.similar(said, [i.text for i in items])
        flags = detect(said, all_flags(self.knowledge, stage), self.vectors)
        wrong = {h.sentence for h in flags}  # a wrong choice covers nothing
        credit = [0.0] * len(items)
        evidence, numbers, trade_offs, explained, answered, asides = [], set(), set(), 0, 0, 0
        for row, sentence in enumerate(said):
            normalised, stems = normalise(sentence), T.stems(sentence)
            lexical = [any(T.term_in(t, normalised, stems) for t in i.terms) for i in items]
            hits = [j for j in range(len(items)) if lexical[j] or similar[row, j] >= SAME_POINT]
            earned = EXPLAINED if sentence in followed else weight(sentence, sum(lexical))
            explained += earned == EXPLAINED
            if any(lexical) or similar[row].max(initial=0) >= RELATED:  # on the stage's subject
                numbers |= T.numbers(sentence)
                if T.states_trade_off(sentence):
                    trade_offs.add(normalised)
            else:
                asides += 1
            if not hits or sentence in wrong:
                continue
            for j in hits:
                credit[j] = max(credit[j], earned)
            answered += 1
            if sentence not in evidence:
                evidence.append(sentence)
        count = max(1, len(said))
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

    def similar(self, said: list[str], texts: list[str]) -> np.ndarray:
        """Each sentence's similarity to each text, the best of the whole sentence and its
        clauses: one long sentence making three points reads like each of them, as the same
        points said in three short sentences do, so how an answer is cut up changes nothing."""
        parts = [[s] + [c for c in _CLAUSE.split(s) if len(T.words(c)) >= MIN_CLAUSE] for s in said]
        flat = [p for group in parts for p in group]
        table = self.vectors.similarity(flat, texts)
        rows, start = [], 0
        for group in parts:
            rows.append(table[start : start + len(group)].max(axis=0))
            start += len(group)
        return np.array(rows).reshape(len(said), len(texts))

    def still_missed(self, transcript: Transcript, stage: Stage, points: list[str]) -> list[str]:
        """The points (another grader's "what a strong answer adds") that the stage's answers
        do not cover by this grader's test: said in so many words or the same point by
        meaning, or the checklist item the point restates is already credited."""
        if not points:
            return []
        items, cov = self.measure(transcript, stage)
        said = [s for a in transcript.answers(stage) for s in T.sentences(a)]
        credited = [i for i, c in zip(items, cov.credit) if c > 0]
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

    def grade_stage(self, transcript: Transcript, stage: Stage) -> StageGrade:
        hints = transcript.hints.get(stage, 0)
        if not transcript.answers(stage):
            return unanswered(self.knowledge, stage, hints)
        items, cov = self.measure(transcript, stage)
        coverage = _coverage(items, cov.credit)
        distinct = min(len(cov.numbers), DEPTH_CAP) + min(cov.trade_offs, DEPTH_CAP)
        depth = distinct / (2 * DEPTH_CAP)
        raw = min(4.0, 1 + 4 * ((1 - DEPTH_WEIGHT) * coverage + DEPTH_WEIGHT * depth))
        # Filler and asides dilute an answer: past the allowance they cost points, so padding a
        # stage cannot buy credit with the extra sentences it brings.
        raw = max(1.0, raw - ASIDE_WEIGHT * max(0.0, cov.aside_share - ASIDE_ALLOWANCE))
        raw = penalised(stretched(raw), len(cov.flags))
        score = self.rubric.apply_hints(raw, hints)
        # "To improve" names only checklist items, the stage's own descriptions of what a
        # complete answer covers, and only those no sentence of the stage covers by the
        # same test that gives credit; a key point is a term, too terse to judge as absent.
        missed = [i.text for i, c in zip(items, cov.credit) if c == 0 and i.kind == "checklist"]
        rationale = _rationale(items, cov, coverage, raw, self.rubric.penalty(hints), hints)
        return StageGrade(
            score=round(score, 2),
            rationale=rationale,
            evidence=cov.evidence,
            missed=missed,
            red_flags=findings(cov.flags),
            hints=hints,
            communication=round(_communication(cov), 2),
        )


def stretched(raw: float) -> float:
    """The reading on the rubric's scale: linear, so the order of answers never changes."""
    return min(4.0, 1.0 + STRETCH * (raw - 1.0))


def _coverage(items: list[Item], credit: list[float]) -> float:
    """Checklist and key points weigh the same: the stage's generic and specific expectations."""
    parts = []
    for kind in ("checklist", "key point"):
        got = [c for i, c in zip(items, credit) if i.kind == kind]
        if got:
            parts.append(sum(got) / len(got))
    return sum(parts) / len(parts)


def _communication(cov: StageCoverage) -> float:
    """A lexical reading of the rubric's communication 3 ("signposts the plan, explains
    reasoning and trade-offs, answers the question asked"): the share of sentences that explain,
    the share that address the stage, and whether the answer is signposted, on 1-4. One-word
    answers (communication 1) get 1."""
    if cov.words < SHORT_STAGE:
        return 1.0
    return 1 + 3 * (cov.explained_share + cov.answered_share + cov.signposted) / 3


def _rationale(
    items: list[Item], cov: StageCoverage, coverage: float, raw: float, penalty: float, hints: int
) -> str:
    explained = [i.label for i, c in zip(items, cov.credit) if c == EXPLAINED]
    named = [i.label for i, c in zip(items, cov.credit) if 0 < c < EXPLAINED]
    parts = [
        f"Covered with reasons: {', '.join(explained)}." if explained else "",
        f"Named without reasons: {', '.join(named)}." if named else "",
        "" if explained or named else "Covered none of the stage's expectations.",
        f"Red flags: {'; '.join(h.flag.flag.rstrip('.') for h in cov.flags)}." if cov.flags else "",
        f"{len(cov.numbers)} distinct numbers and {cov.trade_offs} trade-offs stated;",
        f"coverage {coverage:.0%} gives {raw:.2f}"
        + (f", minus {penalty:g} for {hints} hint(s)." if hints else "."),
    ]
    return " ".join(p for p in parts if p)

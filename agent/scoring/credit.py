"""What a stage's answers earn: the items they are judged on, the credit a sentence earns, and
the stage's reading on the rubric's scale (constants documented in docs/scoring.md)."""

from __future__ import annotations

from dataclasses import dataclass

from agent.knowledge import Knowledge, Question, Stage
from agent.plural import counted
from agent.scoring import text as T
from agent.scoring.flag_hits import Hit
from agent.scoring.key_terms import other_names
from agent.scoring.scorecard import StageGrade

EXPLAINED, STATED, LISTED = 1.0, 0.75, 0.25  # a reason beats naming, which beats a list
LIST_ITEMS, LIST_WORDS = 4, 3  # naming 4+ items at 3 words or fewer each, with no reason: a list
DEPTH_CAP = 2  # distinct numbers, and distinct trade-off sentences, that earn depth
DEPTH_WEIGHT = 0.25  # share of the stage score that depth can move
SHORT_STAGE = 8  # fewer words than this in a stage: one-word answers (communication 1)
ASIDE_ALLOWANCE = 0.3  # share of a stage's sentences that may be off its subject for free
ASIDE_WEIGHT = 1.0  # points lost per unit of off-subject share beyond the allowance


@dataclass(frozen=True)
class Item:
    label: str
    text: str
    terms: tuple[str, ...]
    kind: str  # "checklist" or "key point"
    id: str = ""  # a checklist item's id, which a reference design's edges name
    names: tuple[str, ...] = ()  # a key point's other names, normalised, found only whole


def stage_items(knowledge: Knowledge, stage: Stage, question: Question | None) -> list[Item]:
    """The stage checklist as the question judges it, then the question's key points for the
    stage when it is in the bank."""
    items = [
        Item(i.id.replace("-", " "), i.text, tuple(i.keywords), "checklist", i.id)
        for i in knowledge.checklist(stage, question)
    ]
    if question is not None:
        items += [
            Item(kp, kp, (kp,), "key point", names=other_names(kp))
            for kp in question.stages[stage].key_points
        ]
    return items


def unanswered(
    knowledge: Knowledge, stage: Stage, question: Question | None, hints: int
) -> StageGrade:
    """A reached stage with no answer: the scale's floor, everything missed, no model call."""
    return StageGrade(
        score=1.0,
        hints=hints,
        rationale="The candidate gave no answer here.",
        missed=[item.text for item in knowledge.checklist(stage, question)],
    )


def weight(sentence: str, items_named: int, given: frozenset[str] = frozenset()) -> float:
    """What one sentence earns per point it makes: an explanation beats a bare statement, which
    beats a keyword list ("Kafka, Kubernetes, embeddings, a feature store and MLOps"). A number
    the interviewer gave (`given`, as quantities) explains nothing."""
    if T.explains(sentence, given):
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


def reading(items: list[Item], cov: StageCoverage) -> tuple[float, float]:
    """(coverage, the stage's score before red flags and hints) on the rubric's 1-4 scale."""
    coverage = coverage_share(items, cov.credit)
    distinct = min(len(cov.numbers), DEPTH_CAP) + min(cov.trade_offs, DEPTH_CAP)
    depth = distinct / (2 * DEPTH_CAP)
    raw = min(4.0, 1 + 4 * ((1 - DEPTH_WEIGHT) * coverage + DEPTH_WEIGHT * depth))
    # Filler and asides dilute an answer: past the allowance they cost points, so padding a
    # stage cannot buy credit with the extra sentences it brings.
    raw = max(1.0, raw - ASIDE_WEIGHT * max(0.0, cov.aside_share - ASIDE_ALLOWANCE))
    return coverage, raw


def coverage_share(items: list[Item], credit: list[float]) -> float:
    """Checklist and key points weigh the same: the stage's generic and specific expectations."""
    parts = []
    for kind in ("checklist", "key point"):
        got = [c for i, c in zip(items, credit) if i.kind == kind]
        if got:
            parts.append(sum(got) / len(got))
    return sum(parts) / len(parts)


def communication(cov: StageCoverage) -> float:
    """A lexical reading of the rubric's communication 3 ("signposts the plan, explains
    reasoning and trade-offs, answers the question asked"): the share of sentences that explain,
    the share that address the stage, and whether the answer is signposted, on 1-4. One-word
    answers (communication 1) get 1."""
    if cov.words < SHORT_STAGE:
        return 1.0
    return 1 + 3 * (cov.explained_share + cov.answered_share + cov.signposted) / 3


def rationale_of(
    items: list[Item], cov: StageCoverage, coverage: float, raw: float, penalty: float, hints: int
) -> str:
    explained = [i.label for i, c in zip(items, cov.credit) if c == EXPLAINED]
    named = [i.label for i, c in zip(items, cov.credit) if 0 < c < EXPLAINED]
    parts = [
        f"Covered with reasons: {', '.join(explained)}." if explained else "",
        f"Named without reasons: {', '.join(named)}." if named else "",
        "" if explained or named else "Covered none of the stage's expectations.",
        f"Red flags: {'; '.join(h.flag.flag.rstrip('.') for h in cov.flags)}." if cov.flags else "",
        f"{counted(len(cov.numbers), 'distinct number')} and "
        f"{counted(cov.trade_offs, 'trade-off')} stated;",
        f"coverage {coverage:.0%} gives {raw:.2f}"
        + (f", minus {penalty:g} for {counted(hints, 'hint')}." if hints else "."),
    ]
    return " ".join(p for p in parts if p)

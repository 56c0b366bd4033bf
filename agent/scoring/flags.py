"""Red flags in the candidate's own words: the wrong choices the knowledge notes describe.

A sentence makes a red flag when it uses one of the flag's cues, commits to the practice
the cue names rather than rejecting it ("we can't score the whole catalogue per request";
stance.py), reads like the ways the mistake is typically said (MiniLM similarity to the flag's
examples), and reads more like the mistake than like the critique of it or its fix. A flag the
candidate corrects later in the same stage does not count. The constants are documented in
docs/scoring.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from agent.knowledge import Knowledge, Stage
from agent.matching import normalise
from agent.red_flags import RedFlag
from agent.scoring import text as T
from agent.scoring.scorecard import FlagFinding
from agent.scoring.stance import COMMITS, NEITHER, REJECTS, rebuts, stance
from agent.scoring.transcript import Transcript
from agent.scoring.vectors import Vectors

FLAG_PENALTY = 0.75  # points a stage loses per red flag the candidate raised in it
FLAG_CAP = 2  # flags that cost points in one stage (all are still shown)
FLAG_CEILING = 2.4  # a stage with a red flag is at best weak: the rubric's 3 ("covers the
# stage's essentials correctly") cannot hold when an essential choice is wrong
PROMPT_FLAGS = 8  # the most a grading prompt lists: the stage's own, then cued topic flags
SAYS_LIKE = 0.45  # similarity to one of the flag's examples: on the flag's subject (the cue
# already says the sentence names the mistake's own words)
CONTRAST = 0.1  # and that much closer to the examples than to the flag's critique or fix
CORRECTS = 0.6  # a later sentence this close to the fix (and closer to it) corrects the flag
ON_QUESTION = 0.35  # a question outside the bank this close to a domain note's title and tags
# takes its flags (hotel search: search ranking, learning to rank; a wake word: speech features)


def penalised(score: float, flags: int) -> float:
    """A stage score after its red-flag penalty, never below the scale's floor of 1."""
    if not flags:
        return score
    return max(1.0, min(FLAG_CEILING, score - FLAG_PENALTY * min(flags, FLAG_CAP)))


def for_prompt(
    knowledge: Knowledge, stage: Stage, answers: list[str], notes: frozenset[str] | None = None
) -> list[RedFlag]:
    """The flags a grading prompt lists for a stage: the stage note's own, then those of other
    notes (of `notes`, the question's) whose cues the candidate's answers use (a prompt cannot
    hold all of them)."""
    own = knowledge.stages[stage].red_flags
    said = [s for a in answers for s in T.sentences(a)]
    others = [
        f
        for f in all_flags(knowledge, stage, notes)
        if f not in own and any(cued(f, s) for s in said)
    ]
    return (list(own) + others)[:PROMPT_FLAGS]


def for_transcript(
    knowledge: Knowledge, stage: Stage, transcript: Transcript, vectors: Vectors
) -> list[RedFlag]:
    """`for_prompt` for one stage of an interview, with the flags of its question's notes."""
    notes = question_notes(knowledge, transcript.question_id, transcript.question_text, vectors)
    return for_prompt(knowledge, stage, transcript.prose(stage), notes)


def listed(flags: list[RedFlag]) -> str:
    """The flags as a grading prompt lists them, F1 ... Fn, read back with `flag_number`."""
    if not flags:
        return "(none listed for this stage)"
    return "\n".join(f"F{n}: {f.flag} Why it is wrong: {f.why}" for n, f in enumerate(flags, 1))


def flag_number(flag_id: str) -> int | None:
    digits = "".join(c for c in flag_id if c.isdigit())
    return int(digits) if digits else None


@dataclass(frozen=True)
class Hit:
    flag: RedFlag
    sentence: str


def all_flags(
    knowledge: Knowledge, stage: Stage | None = None, notes: frozenset[str] | None = None
) -> list[RedFlag]:
    """The flags of the notes for `stage` (every flag without one), stage notes first, of the
    notes in `notes` only when it is given (`question_notes`).

    A flag is judged only in the stages its note is for: "naming a model before the problem
    is framed" is a mistake in problem formulation, not when the training stage names one.
    (Judging topic flags in every stage was tried: four false alarms on the dev set's strong
    answers for one more flag found.)"""
    ordered = sorted(knowledge.notes.values(), key=lambda n: (n.kind != "stage", n.id))
    return [
        f
        for n in ordered
        if (stage is None or stage in n.stages) and (notes is None or n.id in notes)
        for f in n.red_flags
    ]


def question_notes(
    knowledge: Knowledge, question_id: str | None, question_text: str, vectors: Vectors
) -> frozenset[str]:
    """The notes whose red flags apply to an interview on this question. A domain's mistakes
    are mistakes in that domain only: "letting a dialog system's LLM answer policy questions"
    says nothing of a product categoriser that needs "no retrieval stage". So: every stage
    note, every note tagged `production` or `general` (calibration, drift, A/B tests ...), the
    notes tagged for a bank question, and for a question outside the bank the domain notes
    that read close to it (ON_QUESTION)."""
    notes = knowledge.notes.values()
    always = {n.id for n in notes if n.kind == "stage" or {"production", "general"} & set(n.tags)}
    if question_id in knowledge.questions:
        return frozenset(always | {n.id for n in notes if question_id in n.questions})
    domain = [n for n in notes if n.id not in always]
    if not question_text.strip() or not domain:
        return frozenset(always)
    near = vectors.similarity([question_text], [f"{n.title}. {', '.join(n.tags)}" for n in domain])
    return frozenset(always | {n.id for n, sim in zip(domain, near[0]) if sim >= ON_QUESTION})


@lru_cache(maxsize=16384)  # every sentence is checked against every flag's cues
def _stemmed(text: str) -> str:
    return " " + " ".join(T.stem(w) for w in normalise(text).split()) + " "


def cued(flag: RedFlag, sentence: str) -> bool:
    """Every part of one cue occurs in the sentence as a phrase, word endings aside
    ("shuffled" for "shuffle"), never as scattered words."""
    said = _stemmed(sentence)
    return any(all(_stemmed(part) in said for part in cue) for cue in flag.cues)


def detect(said: list[str], flags: list[RedFlag], vectors: Vectors) -> list[Hit]:
    """The flags `said` (one stage's sentences, in order) makes and does not correct: at
    most one per sentence (the closest of those not corrected), each flag once."""
    hits: list[Hit] = []
    for row, sentence in enumerate(said):
        raised = {h.flag for h in hits}
        fits = {
            flag: fit
            for flag in flags
            if flag not in raised and cued(flag, sentence) and commits(flag, sentence)
            if (fit := _reads_like(sentence, flag, vectors)) is not None
        }
        # the closest flag may be the one corrected later while another stands: try each
        for flag in sorted(fits, key=lambda f: -fits[f]):
            if not _corrected(said[row + 1 :], flag, vectors):
                hits.append(Hit(flag, sentence))
                break
    return hits


def commits(flag: RedFlag, sentence: str) -> bool:
    """Whether the sentence asserts the flagged practice rather than rejecting, doubting or
    supposing it (stance.py)."""
    return stance(flag.cues, sentence) == COMMITS


def _reads_like(sentence: str, flag: RedFlag, vectors: Vectors) -> float | None:
    """How closely the sentence reads like the mistake, or None when it does not (too far from
    the examples, or nearer to the critique or the fix than to them)."""
    says = float(vectors.similarity([sentence], list(flag.says))[0].max())
    critique = float(vectors.similarity([sentence], [flag.why, flag.instead])[0].max())
    return says if says >= SAYS_LIKE and says - critique > CONTRAST else None


def _corrected(later: list[str], flag: RedFlag, vectors: Vectors) -> bool:
    """A later sentence rejects the practice in its own words, or judges it right after ("That
    would leak the future."), or reads like the fix. One that asserts the practice again ("Not
    really - a random split is cleaner") defends it, however close to the fix it reads."""
    for n, sentence in enumerate(later):
        said = stance(flag.cues, sentence) if cued(flag, sentence) else NEITHER
        if said == REJECTS or (n == 0 and rebuts(sentence)):
            return True
        if said == COMMITS:
            continue
        fix = vectors.similarity([sentence], [flag.instead])[0, 0]
        says = vectors.similarity([sentence], list(flag.says))[0].max()
        if fix >= CORRECTS and fix > says:
            return True
    return False


def findings(hits: list[Hit]) -> list[FlagFinding]:
    return [
        FlagFinding(
            flag=h.flag.flag,
            quote=h.sentence,
            why=h.flag.why,
            instead=h.flag.instead,
            note=h.flag.note,
        )
        for h in hits
    ]

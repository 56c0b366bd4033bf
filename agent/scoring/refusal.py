"""Decide, without any model call, whether a transcript holds anything to grade.

A made-up score on an empty, garbage or off-topic transcript would be worse than none, so the
graders refuse those with a reason. The checks run cheapest first:

1. empty: the candidate said and drew nothing (commands such as /hint are not answers);
2. too little: fewer than MIN_WORDS words, about two short sentences (a diagram's box labels
   count: a drawn design is an answer; a transcript of diagrams only skips 3 and 4, its graph
   is graded against the question's reference design);
3. garbage: ordinary English prose, however informal, is about 40% function words ("the",
   "of", "I", "so"); keyboard mashing, filler Latin and symbol noise have almost none, so a
   share under MIN_FUNCTION_SHARE means the text is not prose;
4. off-topic: fewer than MIN_RELATED sentences (all of them, if there are fewer) relate to the
   question or to ML system design.
   A sentence relates when it names two or more of the design vocabulary's terms (every stage
   checklist's keywords and the question's key points), or
   when its MiniLM cosine to the question or to any stage checklist item reaches RELATED. Terms
   are checked first, so an on-topic transcript is accepted without computing any vector.
   A diagram counts as one more related statement when at least MIN_TERMS of its boxes name
   roles of the question's reference design: "Here is my design:" before a drawn design is
   not small talk.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.diagrams import Diagram, assign_roles
from agent.knowledge import Knowledge, Question
from agent.matching import normalise
from agent.plural import counted
from agent.scoring import text as T
from agent.scoring.transcript import Transcript
from agent.scoring.vectors import RELATED, Vectors

MIN_WORDS = 20
MIN_FUNCTION_SHARE = 0.15
MIN_RELATED = 2
MIN_TERMS = 2


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""


def vocabulary(knowledge: Knowledge, question: Question | None) -> list[str]:
    """Terms that signal ML system design talk: the checklists' keywords and the question's
    key points. The prompt's own words are left to the vector check: "system" or "large"
    would make small talk look related."""
    terms = {
        kw for spec in knowledge.stages.values() for item in spec.checklist for kw in item.keywords
    }
    if question is not None:
        terms |= {kp for expect in question.stages.values() for kp in expect.key_points}
    return sorted(terms)


def reference_texts(
    knowledge: Knowledge, question: Question | None, question_text: str
) -> list[str]:
    texts = [item.text for spec in knowledge.stages.values() for item in spec.checklist]
    texts.append(question.prompt if question is not None else question_text)
    return [t for t in texts if t.strip()]


def check(transcript: Transcript, knowledge: Knowledge, vectors: Vectors) -> Verdict:
    """(ok, reason): ok is False when the transcript must not be graded."""
    said = transcript.candidate_prose()  # Mermaid syntax would read as garbage
    tokens = T.words(said)
    # a diagram is an answer too: its boxes' words count toward having said enough
    diagrams = transcript.drawn()
    drawn = [w for d in diagrams for node in d.nodes for w in T.words(node.label)]
    if not tokens and not drawn:
        return Verdict(False, "empty: the candidate gave no answers to grade.")
    if (count := len(tokens) + len(drawn)) < MIN_WORDS:
        said_words = counted(count, "word")
        return Verdict(
            False,
            f"too little: the candidate said only {said_words}; at least "
            f"{MIN_WORDS} are needed to judge any stage.",
        )
    if not tokens:  # drawn, not written: the graph is graded as a graph
        return Verdict(True)
    share = T.function_word_share(tokens)
    if share < MIN_FUNCTION_SHARE:
        return Verdict(
            False,
            f"garbage: the answers are not prose ({share:.0%} common English "
            f"words, where ordinary speech has about 40%).",
        )
    sentences = [s for s in T.sentences(said) if T.words(s) and not T.addresses_grader(s)]
    needed = min(MIN_RELATED, len(sentences))
    related = _related(sentences, transcript, knowledge, vectors)
    if related < needed and related + _designs_drawn(diagrams, transcript, knowledge) < needed:
        return Verdict(
            False,
            f"off-topic: only {related} of the candidate's {len(sentences)} "
            "sentences relate to the question or to ML system design.",
        )
    return Verdict(True)


def _related(
    sentences: list[str], transcript: Transcript, knowledge: Knowledge, vectors: Vectors
) -> int:
    """How many sentences relate, up to MIN_RELATED: key terms first, vectors only if needed."""
    question = knowledge.questions.get(transcript.question_id) if transcript.question_id else None
    terms = vocabulary(knowledge, question)
    named, unnamed = 0, []
    for sentence in sentences:
        normalised, stems = normalise(sentence), T.stems(sentence)
        if sum(T.term_in(term, normalised, stems) for term in terms) < MIN_TERMS:
            unnamed.append(sentence)
            continue
        named += 1
        if named >= MIN_RELATED:
            return named
    references = reference_texts(knowledge, question, transcript.question_text)
    closest = vectors.similarity(unnamed, references).max(axis=1, initial=0.0)
    return named + int((closest >= RELATED).sum())


def _designs_drawn(diagrams: list[Diagram], transcript: Transcript, knowledge: Knowledge) -> int:
    """How many diagrams have MIN_TERMS boxes naming roles of the question's design (by name,
    no vectors: a box called "Redis" or "Ranker" is design talk, whatever else is said)."""
    design = knowledge.designs.get(transcript.question_id or "")
    if design is None:
        return 0
    return sum(len(assign_roles(d, design, embedder=None)) >= MIN_TERMS for d in diagrams)

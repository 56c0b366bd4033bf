"""Decide, without any model call, whether a transcript holds anything to grade.

A made-up score on an empty, garbage or off-topic transcript would be worse than none, so the
graders refuse those with a reason. The checks run cheapest first:

1. empty: the candidate said nothing (commands such as /hint are not answers);
2. too little: fewer than MIN_WORDS words, about two short sentences;
3. garbage: ordinary English prose, however informal, is about 40% function words ("the",
   "of", "I", "so"); keyboard mashing, filler Latin and symbol noise have almost none, so a
   share under MIN_FUNCTION_SHARE means the text is not prose;
4. off-topic: fewer than MIN_RELATED sentences relate to the question or to ML system design.
   A sentence relates when it names two or more of the design vocabulary's terms (every stage
   checklist's keywords, the question's key points and the distinctive words of its prompt), or
   when its MiniLM cosine to the question or to any stage checklist item reaches RELATED.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.knowledge import Knowledge, Question
from agent.matching import normalise
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


def vocabulary(knowledge: Knowledge, question: Question | None, question_text: str) -> list[str]:
    """Terms that signal ML system design talk about this question."""
    terms = {kw for spec in knowledge.stages.values() for item in spec.checklist
             for kw in item.keywords}
    if question is not None:
        terms |= {kp for expect in question.stages.values() for kp in expect.key_points}
    prompt = question.prompt if question is not None else question_text
    terms |= {w for w in normalise(prompt).split() if len(w) > 3 and w not in T.FUNCTION_WORDS}
    return sorted(terms)


def reference_texts(knowledge: Knowledge, question: Question | None, question_text: str) -> list[str]:
    texts = [item.text for spec in knowledge.stages.values() for item in spec.checklist]
    texts.append(question.prompt if question is not None else question_text)
    return [t for t in texts if t.strip()]


def check(transcript: Transcript, knowledge: Knowledge, vectors: Vectors) -> Verdict:
    """(ok, reason): ok is False when the transcript must not be graded."""
    said = transcript.candidate_text()
    tokens = T.words(said)
    if not tokens:
        return Verdict(False, "empty: the candidate gave no answers to grade.")
    if len(tokens) < MIN_WORDS:
        return Verdict(False, f"too little: the candidate said {len(tokens)} words; at least "
                              f"{MIN_WORDS} are needed to judge any stage.")
    share = T.function_word_share(tokens)
    if share < MIN_FUNCTION_SHARE:
        return Verdict(False, f"garbage: the answers are not prose ({share:.0%} common English "
                              f"words, where ordinary speech has about 40%).")
    sentences = [s for s in T.sentences(said) if T.words(s) and not T.addresses_grader(s)]
    related = _related(sentences, transcript, knowledge, vectors)
    if related < MIN_RELATED:
        return Verdict(False, f"off-topic: {related} of the candidate's {len(sentences)} "
                              "sentences relate to the question or to ML system design.")
    return Verdict(True)


def _related(sentences: list[str], transcript: Transcript, knowledge: Knowledge,
             vectors: Vectors) -> int:
    question = (knowledge.questions.get(transcript.question_id)
                if transcript.question_id else None)
    terms = vocabulary(knowledge, question, transcript.question_text)
    references = reference_texts(knowledge, question, transcript.question_text)
    closest = vectors.similarity(sentences, references).max(axis=1) if sentences else []
    count = 0
    for sentence, similarity in zip(sentences, closest):
        normalised, stems = normalise(sentence), T.stems(sentence)
        named = sum(T.term_in(term, normalised, stems) for term in terms)
        count += named >= MIN_TERMS or similarity >= RELATED
    return count

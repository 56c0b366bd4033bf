"""The lines under a note's questions: what answers each, and in which stages it is asked.

A bullet of a question section ("Probing questions", "Framing questions") is a question, with
indented lines of its own:

- `Answered by: a; b; c`: phrases an answer to it contains; any one of them said means the
  candidate already gave it, and the interviewer does not ask it (scoring/heard.py).
- `Asked in: training`: the stages an interviewer asks it in. A note serves several stages,
  but its questions do not: the imbalanced-data note is read while metrics are discussed,
  and "When would you prefer class weights or focal loss over resampling?" is still a
  training question (interviewer/offline.py).

The loader takes both lines out of the section, so readers (retrieval, prompts, the app) see
only the questions. The format is in docs/knowledge-format.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from agent.knowledge_files import KnowledgeError

_LINE = re.compile(r"\s*\b(Answered by|Asked in):\s*", re.I)


class QuestionLines(NamedTuple):
    questions: list[str]  # the bullets, without their lines
    answered_by: dict[str, list[str]]  # question -> phrases (only questions that have them)
    asked_in: dict[str, list[str]]  # question -> stages (only questions that have them)


def question_lines(bullets: Sequence[str], where: str, stages: Sequence[str]) -> QuestionLines:
    """Split each bullet into its question and its lines; `where` names the section in
    errors, and `stages` are the stage names an `Asked in:` line may use."""
    read = QuestionLines([], {}, {})
    for bullet in bullets:
        question, *rest = _LINE.split(bullet)
        question = question.strip()
        read.questions.append(question)
        for label, value in zip(rest[::2], rest[1::2]):
            if label.lower() == "answered by":
                read.answered_by[question] = _listed(value, ";", question, label, where)
            else:
                read.asked_in[question] = _stages(value, question, where, stages)
    return read


def _listed(value: str, separator: str, question: str, label: str, where: str) -> list[str]:
    items = [item.strip() for item in value.split(separator) if item.strip()]
    if not items:
        raise KnowledgeError(
            f"{where}: {question!r} has an empty '{label}:' line; list what it needs, "
            f"separated by '{separator} ', or remove the line"
        )
    return items


def _stages(value: str, question: str, where: str, stages: Sequence[str]) -> list[str]:
    named = _listed(value, ",", question, "Asked in", where)
    if unknown := [s for s in named if s not in stages]:
        raise KnowledgeError(
            f"{where}: {question!r}: 'Asked in:' names {', '.join(unknown)}; use stage "
            f"names from: {', '.join(stages)}"
        )
    return named

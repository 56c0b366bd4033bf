"""Load and validate everything under knowledge/: stage notes and topic notes
(agent/notes.py), questions (agent/questions.py), the reference designs (agent/designs.py),
the rubric.

Formats are documented in docs/knowledge-format.md. A malformed file raises KnowledgeError:
one line naming the file, the field and the fix (agent/knowledge_files.py).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from agent.designs import Design, DesignFile
from agent.knowledge_files import (
    FORMAT,
    KnowledgeError,
    named_after,
    validated,
    yaml_file,
    yaml_mapping,
)
from agent.notes import (
    FRAMING,
    STAGES,
    TOPIC_SECTIONS,
    ChecklistItem,
    Note,
    Stage,
    StageSpec,
    parse_note,
    stage_note_id,
    stages_through,
)
from agent.paths import KNOWLEDGE_DIR
from agent.questions import Clarification, Question, StageExpectation, in_domain
from agent.vocabulary import Role, Vocabulary

__all__ = [
    "FRAMING",
    "STAGES",
    "TOPIC_SECTIONS",
    "ChecklistItem",
    "Clarification",
    "Knowledge",
    "KnowledgeError",
    "Note",
    "Question",
    "Stage",
    "StageExpectation",
    "stages_through",
    "StageSpec",
    "default_knowledge",
    "in_domain",
    "load_knowledge",
    "load_rubric",
    "parse_note",
    "stage_note_id",
    "yaml_mapping",
]


class Knowledge(BaseModel):
    stages: dict[Stage, StageSpec]
    notes: dict[str, Note]  # topic and stage notes, by id
    questions: dict[str, Question]
    components: dict[str, Role] = {}  # the shared roles of knowledge/components.yaml
    designs: dict[str, Design] = {}  # reference designs, by question id

    def question(self, question_id: str) -> Question:
        if question_id not in self.questions:
            known = ", ".join(sorted(self.questions))
            raise KnowledgeError(f"unknown question {question_id!r}; known: {known}")
        return self.questions[question_id]

    def checklist(self, stage: Stage, question: Question | None) -> list[ChecklistItem]:
        """The stage's checklist as an interview on `question` is held to it: without the
        items the question does not judge."""
        skipped = question.stages[stage].not_judged if question is not None else []
        return [item for item in self.stages[stage].checklist if item.id not in skipped]

    def design(self, question_id: str) -> Design:
        if question_id not in self.designs:
            known = ", ".join(sorted(self.designs))
            raise KnowledgeError(f"no reference design for {question_id!r}; designed: {known}")
        return self.designs[question_id]


def load_knowledge(root: Path = KNOWLEDGE_DIR) -> Knowledge:
    notes = [parse_note(p) for p in sorted((root / "notes").glob("*.md"))]
    specs = [parse_note(p) for p in sorted((root / "stages").glob("*.md"))]
    by_stage = {s.stage: s for s in specs if isinstance(s, StageSpec)}
    if missing := [s for s in STAGES if s not in by_stage]:
        raise KnowledgeError(
            f"{root / 'stages'}: no stage note for {', '.join(missing)}; add <stage>.md ({FORMAT})"
        )
    stages = {stage: by_stage[stage] for stage in STAGES}
    checklists = {stage: [item.id for item in s.checklist] for stage, s in stages.items()}
    questions = {}
    for path in sorted((root / "questions").glob("*.yaml")):
        question = validated(Question, yaml_file(path), path, {"checklists": checklists})
        questions[named_after(path, question.id)] = question
    components, designs = _load_designs(root, checklists, questions)
    return Knowledge(
        stages=stages,
        notes={n.id: n for n in notes + specs},
        questions=questions,
        components=components,
        designs=designs,
    )


def _load_designs(
    root: Path, checklists: dict[Stage, list[str]], questions: dict[str, Question]
) -> tuple[dict[str, Role], dict[str, Design]]:
    """The shared roles and every question's reference design, checked against the roles,
    the stage checklists (item ids by stage) and the bank."""
    paths = sorted((root / "designs").glob("*.yaml"))
    shared = root / "components.yaml"
    if not paths and not shared.is_file():
        return {}, {}
    if not shared.is_file():
        raise KnowledgeError(
            f"{shared}: missing; the reference designs in {root / 'designs'} name its roles "
            f"({FORMAT})"
        )
    vocabulary = validated(Vocabulary, yaml_file(shared), shared)
    context = {
        "roles": {role.id: role for role in vocabulary.roles},
        "checklists": checklists,
    }
    designs = {}
    for path in paths:
        design = validated(DesignFile, yaml_file(path), path, context)
        if named_after(path, design.id) not in questions:
            raise KnowledgeError(
                f"{path}: id: {design.id!r} is not a question in the bank; name the file after "
                f"one of {', '.join(sorted(questions))}"
            )
        designs[design.id] = Design.resolve(design, vocabulary)
    return context["roles"], designs


@lru_cache(maxsize=1)
def default_knowledge() -> Knowledge:
    """The shipped knowledge, loaded once per process."""
    return load_knowledge()


def load_rubric(root: Path = KNOWLEDGE_DIR) -> dict[str, Any]:
    path = root / "rubric.yaml"
    return yaml_mapping(path.read_text(encoding="utf-8"), path)

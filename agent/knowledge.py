"""Load and validate everything under knowledge/: stage notes, topic notes, questions, the
reference designs (agent/designs.py), rubric.

Formats are documented in docs/knowledge-format.md. A malformed file raises KnowledgeError:
one line naming the file, the field and the fix.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from agent.designs import Design, DesignFile
from agent.errors import InterviewerError, Problem, not_a_mapping, problem_line, yaml_problem
from agent.paths import KNOWLEDGE_DIR
from agent.red_flags import RedFlag, parse_red_flags
from agent.vocabulary import Role, Vocabulary

Stage = Literal["problem", "metrics", "mvp", "data", "training", "inference", "scaling"]
STAGES: tuple[Stage, ...] = get_args(Stage)
TOPIC_SECTIONS = (
    "Key ideas",
    "Trade-offs",
    "Common mistakes",
    "Red flags",
    "Probing questions",
    "What a strong answer mentions",
    "Further reading",
)
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)
FORMAT = "docs/knowledge-format.md"
MIN_RED_FLAGS = {"stage": 4, "topic": 2}


class KnowledgeError(InterviewerError):
    """A knowledge file is malformed."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field fails, never silently defaults


class ChecklistItem(_Strict):
    id: str
    text: str
    keywords: list[str] = Field(min_length=1)
    probe: str
    hint: str = ""  # the nudge on /hint: an angle to think about, unlike the probe's question


class Note(_Strict):
    """A markdown note: a topic note, or a stage note (which also defines its stage)."""

    id: str
    kind: Literal["topic", "stage"]
    title: str
    stages: list[Stage] = Field(min_length=1)
    tags: list[str] = []
    questions: list[str] = []
    sections: dict[str, str] = {}  # set by the loader from the body, like path
    red_flags: list[RedFlag] = []  # parsed by the loader from the "Red flags" section
    path: Path | None = None

    def section_list(self, name: str) -> list[str]:
        """The bullets of one section, without their markers."""
        bullets: list[str] = []
        for line in self.sections.get(name, "").splitlines():
            stripped = line.strip()
            if stripped.startswith(("- ", "* ")):
                bullets.append(stripped[2:].strip())
            elif stripped and bullets:  # a wrapped continuation of the previous bullet
                bullets[-1] += " " + stripped
        return bullets


class StageSpec(Note):
    stage: Stage
    budget_minutes: float = Field(gt=0)
    objectives: list[str] = Field(min_length=1)
    opening: str
    checklist: list[ChecklistItem] = Field(min_length=1)


class StageExpectation(_Strict):
    questions: list[str] = []
    key_points: list[str] = []
    strong: str
    mixed: str
    weak: str


class Clarification(_Strict):
    topic: str
    answer: str
    # questions this fact alone answers, as candidates ask them: a clarifying question is
    # matched against these as well as the fact, so "Peak QPS?" finds the fact with the number
    asks: list[Annotated[str, StringConstraints(pattern=r"\?\s*$")]] = []


class Question(_Strict):
    id: str
    title: str
    prompt: str
    tags: list[str] = []
    notes: list[str] = []
    clarifications: list[Clarification] = []
    stages: dict[Stage, StageExpectation]

    @model_validator(mode="after")
    def _all_stages(self) -> Question:
        missing = [s for s in STAGES if s not in self.stages]
        if missing:
            raise Problem(
                ("stages",),
                f"missing {', '.join(missing)}; add an entry for each of the seven stages",
            )
        return self


def _validated(model: type[BaseModel], data: Any, path: Path, context: Any = None) -> Any:
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        line = problem_line(error, model, FORMAT, hidden={"path", "sections", "red_flags"})
        raise KnowledgeError(f"{path}: {line}") from None


def yaml_mapping(text: str, path: Path, first_line: int = 1) -> Any:
    """A YAML mapping from a knowledge file, or a KnowledgeError naming the file.

    `first_line` is the file line the text starts on (2 for front matter), for error positions.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise KnowledgeError(f"{path}: {yaml_problem(error, first_line)}") from None
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}: {not_a_mapping(data, 'see ' + FORMAT)}")
    return data


def stage_note_id(stage: str) -> str:
    """The id of a stage's own note (knowledge/stages/<stage>.md)."""
    return f"stage-{stage}"


def parse_note(path: Path) -> Note:
    match = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if not match:
        raise KnowledgeError(
            f"{path}: front matter: none found; start the file with a '---' line, the YAML "
            f"fields, and a closing '---' line ({FORMAT})"
        )
    meta = yaml_mapping(match.group(1), path, first_line=2)
    sections = dict(
        re.findall(r"^## (.+?)\n(.*?)(?=^## |\Z)", match.group(2), re.MULTILINE | re.DOTALL)
    )
    sections = {title.strip(): body.strip() for title, body in sections.items()}
    model = StageSpec if meta.get("kind") == "stage" else Note
    note = _validated(model, meta | {"sections": sections, "path": path}, path)
    if note.id != path.stem and not (note.kind == "stage" and note.id == stage_note_id(path.stem)):
        want = stage_note_id(path.stem) if note.kind == "stage" else path.stem
        raise KnowledgeError(
            f"{path}: id: {note.id!r} does not match the file name; set `id: {want}`"
        )
    if note.kind == "topic" and (absent := [s for s in TOPIC_SECTIONS if s not in sections]):
        raise KnowledgeError(
            f"{path}: sections: missing {', '.join(absent)}; add each as a '## ' heading, "
            f"in this order: {', '.join(TOPIC_SECTIONS)}"
        )
    note.red_flags = _red_flags(note, path)
    # readers of the section (retrieval, prompts, the app) get the flag, why and instead;
    # the examples and cues are the graders' business
    note.sections["Red flags"] = "\n".join(f"- {flag.explained()}" for flag in note.red_flags)
    return note


def _red_flags(note: Note, path: Path) -> list[RedFlag]:
    try:
        flags = parse_red_flags(note.id, note.section_list("Red flags"))
    except ValueError as error:
        raise KnowledgeError(f"{path}: {error}") from None
    if len(flags) < (least := MIN_RED_FLAGS[note.kind]):
        raise KnowledgeError(
            f"{path}: Red flags: {len(flags)} found; a {note.kind} note needs at least {least} "
            f"(see {FORMAT})"
        )
    return flags


GENERIC_TAG = "production"  # a note about running any ML system, whatever the domain


def in_domain(note: Note, question: Question | None) -> bool:
    """Whether a note may ground a probe in an interview on `question`: a stage note, one of
    the question's own notes, or a generic production note; never another domain's technique
    (no learning-to-rank gradients in a fraud interview). A free-text question allows all."""
    return (
        question is None
        or note.kind == "stage"
        or note.id in question.notes
        or GENERIC_TAG in note.tags
    )


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
    questions = {}
    for path in sorted((root / "questions").glob("*.yaml")):
        question = _validated(Question, _yaml_file(path), path)
        questions[_named_after(path, question.id)] = question
    components, designs = _load_designs(root, stages, questions)
    return Knowledge(
        stages=stages,
        notes={n.id: n for n in notes + specs},
        questions=questions,
        components=components,
        designs=designs,
    )


def _load_designs(
    root: Path, stages: dict[Stage, StageSpec], questions: dict[str, Question]
) -> tuple[dict[str, Role], dict[str, Design]]:
    """The shared roles and every question's reference design, checked against the roles,
    the stage checklists and the bank."""
    paths = sorted((root / "designs").glob("*.yaml"))
    shared = root / "components.yaml"
    if not paths and not shared.is_file():
        return {}, {}
    if not shared.is_file():
        raise KnowledgeError(
            f"{shared}: missing; the reference designs in {root / 'designs'} name its roles "
            f"({FORMAT})"
        )
    vocabulary = _validated(Vocabulary, _yaml_file(shared), shared)
    context = {
        "roles": {role.id: role for role in vocabulary.roles},
        "checklists": {stage: [item.id for item in s.checklist] for stage, s in stages.items()},
    }
    designs = {}
    for path in paths:
        design = _validated(DesignFile, _yaml_file(path), path, context)
        if _named_after(path, design.id) not in questions:
            raise KnowledgeError(
                f"{path}: id: {design.id!r} is not a question in the bank; name the file after "
                f"one of {', '.join(sorted(questions))}"
            )
        designs[design.id] = Design.resolve(design, vocabulary)
    return context["roles"], designs


def _yaml_file(path: Path) -> Any:
    return yaml_mapping(path.read_text(encoding="utf-8"), path)


def _named_after(path: Path, item_id: str) -> str:
    """`item_id`, checked to equal the file name (without .yaml)."""
    if item_id != path.stem:
        raise KnowledgeError(
            f"{path}: id: {item_id!r} does not match the file name; set `id: {path.stem}`"
        )
    return item_id


@lru_cache(maxsize=1)
def default_knowledge() -> Knowledge:
    """The shipped knowledge, loaded once per process."""
    return load_knowledge()


def load_rubric(root: Path = KNOWLEDGE_DIR) -> dict[str, Any]:
    path = root / "rubric.yaml"
    return yaml_mapping(path.read_text(encoding="utf-8"), path)

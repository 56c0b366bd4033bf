"""Markdown notes under knowledge/: topic notes and stage notes (which also define their
stage: budget, objectives, checklist), parsed from front matter and `## ` sections, with
their red flags (agent/red_flags.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal, get_args

from pydantic import Field

from agent.knowledge_files import FORMAT, KnowledgeError, Strict, validated, yaml_mapping
from agent.note_questions import question_lines
from agent.red_flags import RedFlag, parse_red_flags

Stage = Literal["problem", "metrics", "mvp", "data", "training", "inference", "scaling"]
STAGES: tuple[Stage, ...] = get_args(Stage)
# a stage in one word, where a title would not fit or would read as a list itself: the
# tracker, charts, and "3 stages unreached (Training, Inference, Scaling)" rather than titles
# with their own commas and "and"s
SHORT_NAMES: dict[Stage, str] = {
    "problem": "Problem",
    "metrics": "Metrics",
    "mvp": "MVP",
    "data": "Data",
    "training": "Training",
    "inference": "Inference",
    "scaling": "Scaling",
}


def named_short(stages: Iterable[Stage]) -> str:
    """Stages as a list a reader can split: "MVP, Data, Training"."""
    return ", ".join(SHORT_NAMES[s] for s in stages)


def stages_through(stage: Stage) -> tuple[Stage, ...]:
    """The stages up to and including `stage`, in interview order."""
    return STAGES[: STAGES.index(stage) + 1]


TOPIC_SECTIONS = (
    "Key ideas",
    "Trade-offs",
    "Common mistakes",
    "Red flags",
    "Probing questions",
    "What a strong answer mentions",
    "Further reading",
)
# what a note tagged for the problem stage asks while the problem is framed; its probing
# questions ask about the design, which is not on the table yet ("how would you trade model
# quality against latency?" right after the candidate framed the problem)
FRAMING = "Framing questions"
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)
MIN_RED_FLAGS = {"stage": 4, "topic": 2}


class ChecklistItem(Strict):
    id: str
    text: str
    keywords: list[str] = Field(min_length=1)
    probe: str
    hint: str = ""  # the nudge on /hint: an angle to think about, unlike the probe's question


class Note(Strict):
    """A markdown note: a topic note, or a stage note (which also defines its stage)."""

    id: str
    kind: Literal["topic", "stage"]
    title: str
    stages: list[Stage] = Field(min_length=1)
    tags: list[str] = []
    questions: list[str] = []
    # words that put the note in scope for a question of the candidate's own ("playlist" for
    # a recommender note): whole words, any case, a plural s/es (flag_scope.question_notes)
    question_words: list[str] = []
    sections: dict[str, str] = {}  # set by the loader from the body, like path
    red_flags: list[RedFlag] = []  # parsed by the loader from the "Red flags" section
    # question -> what an answer to it contains, and the stages it is asked in, from its
    # "Answered by:" and "Asked in:" lines (agent/note_questions.py)
    answered_by: dict[str, list[str]] = {}
    asked_in: dict[str, list[Stage]] = {}
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
    note = validated(model, meta | {"sections": sections, "path": path}, path)
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
    if note.kind == "topic" and ("problem" in note.stages) != bool(note.section_list(FRAMING)):
        raise KnowledgeError(
            f"{path}: sections: a topic note tagged for the problem stage needs a '## {FRAMING}'"
            " section (questions to ask while the problem is framed), and only such a note has one"
        )
    note.red_flags = _red_flags(note, path)
    for name in ("Probing questions", FRAMING):
        if name in note.sections:
            read = question_lines(note.section_list(name), f"{path}: {name}", STAGES)
            note.sections[name] = "\n".join(f"- {q}" for q in read.questions)
            note.answered_by |= read.answered_by
            note.asked_in |= read.asked_in  # type: ignore[arg-type]  # checked against STAGES
    # readers of the section (retrieval, prompts, the app) get the flag, why and instead;
    # the examples and cues are the graders' business
    note.sections["Red flags"] = "\n".join(f"- {flag.explained()}" for flag in note.red_flags)
    return note


def _red_flags(note: Note, path: Path) -> list[RedFlag]:
    try:
        flags = parse_red_flags(note.id, note.section_list("Red flags"))
    except ValueError as error:
        raise KnowledgeError(f"{path}: {error}") from None
    for flag in flags:
        if unknown := [s for s in flag.also if s not in STAGES]:
            raise KnowledgeError(
                f"{path}: Red flags, {flag.id}: 'Also judged in' names {unknown[0]!r}; use stage "
                f"ids: {', '.join(STAGES)}"
            )
    if len(flags) < (least := MIN_RED_FLAGS[note.kind]):
        raise KnowledgeError(
            f"{path}: Red flags: {len(flags)} found; a {note.kind} note needs at least {least} "
            f"(see {FORMAT})"
        )
    return flags

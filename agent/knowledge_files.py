"""Reading knowledge files: YAML mappings and validated models, each failure a KnowledgeError
of one line naming the file, the field and the fix (formats: docs/knowledge-format.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from agent.errors import InterviewerError, not_a_mapping, problem_line, yaml_problem

FORMAT = "docs/knowledge-format.md"


class KnowledgeError(InterviewerError):
    """A knowledge file is malformed."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field fails, never silently defaults


def validated(model: type[BaseModel], data: Any, path: Path, context: Any = None) -> Any:
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


def yaml_file(path: Path) -> Any:
    return yaml_mapping(path.read_text(encoding="utf-8"), path)


def string_lists(path: Path, what: str) -> dict[Any, list[str]]:
    """A file mapping each key to a list of non-empty strings (`what` they are, for the error):
    counted.yaml's words, key_terms.yaml's names."""
    data = yaml_file(path)
    for key, values in data.items():
        if not (isinstance(values, list) and all(isinstance(v, str) and v.strip() for v in values)):
            raise KnowledgeError(f"{path}: {key} needs a list of {what}")
    return data


def named_after(path: Path, item_id: str) -> str:
    """`item_id`, checked to equal the file name (without .yaml)."""
    if item_id != path.stem:
        raise KnowledgeError(
            f"{path}: id: {item_id!r} does not match the file name; set `id: {path.stem}`"
        )
    return item_id

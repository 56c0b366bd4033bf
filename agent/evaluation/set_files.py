"""Reading a labelled eval set's YAML file: the model it holds, or one error line naming the
file and the fix, whatever is wrong (unreadable, not YAML, not the format)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from agent.errors import InterviewerError, problem_line, yaml_problem

M = TypeVar("M", bound=BaseModel)


def read_set_file(
    path: Path,
    model: type[M],
    error: type[InterviewerError],
    doc: str,
    shaped: Callable[[Any], Any] = lambda raw: raw,
) -> M:
    """`path` parsed and validated as `model` (`shaped` first wraps the raw YAML, e.g. a bare
    list under its field name); `error` says what is wrong, pointing at `doc`."""
    try:
        return model.model_validate(shaped(yaml.safe_load(path.read_text(encoding="utf-8"))))
    except yaml.YAMLError as problem:
        raise error(f"{path}: {yaml_problem(problem)}") from None
    except (OSError, UnicodeDecodeError) as problem:
        raise error(f"{path}: cannot read it ({problem})") from None
    except ValidationError as problem:
        raise error(f"{path}: {problem_line(problem, model, doc)}") from None

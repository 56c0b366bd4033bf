"""The project's one error family: str() of any of them is a message a user can act on."""

from __future__ import annotations

import types
from collections.abc import Collection
from typing import Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError


class InterviewerError(Exception):
    """Base for errors shown to users as they are, never as a traceback."""


class EmptyAnswer(InterviewerError):
    """The candidate sent nothing but whitespace: nothing is recorded, the stage stays."""

    def __init__(self) -> None:
        super().__init__(
            "Your answer is empty, so nothing was sent. Type an answer, or /hint, /next, /end."
        )


class AnswerTooLong(InterviewerError):
    """An answer over MLSD_MAX_ANSWER_CHARS: refused whole, never cut, and nothing recorded;
    the front end hands the text back to be shortened."""

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(
            f"Your answer is {length:,} characters, over the limit of {limit:,}, so it was not "
            "sent. Shorten it, or raise the limit with MLSD_MAX_ANSWER_CHARS."
        )


class Problem(ValueError):
    """Raised by a validator that blames a field below the one pydantic reports: a model
    validator can only fail the whole model, but the user needs to know which field to fix."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc


def first_problem(error: ValidationError, root: str = "(top level)") -> str:
    """The first validation problem as 'where: what', for one-line error messages."""
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or root
    return f"{where}: {first['msg']}"


def yaml_problem(error: yaml.YAMLError, first_line: int = 1) -> str:
    """A YAML syntax error as 'line L, column C: what; fix', on one line."""
    mark = getattr(error, "problem_mark", None)
    at = f"line {mark.line + first_line}, column {mark.column + 1}" if mark else "(top level)"
    what = " ".join(str(getattr(error, "problem", None) or error).split())
    fix = "fix the syntax there (indentation, or quotes around text with ': ')"
    return f"{at}: not valid YAML ({what}); {fix}"


def not_utf8(error: UnicodeDecodeError) -> str:
    """The one-line problem for a file that is not UTF-8 text (binary, or another encoding)."""
    byte = error.object[error.start]
    return (
        f"not UTF-8 text (cannot decode byte 0x{byte:02x} at offset {error.start}); "
        "save it as UTF-8 YAML"
    )


def not_a_mapping(data: Any, fields: str) -> str:
    """The one-line problem for a YAML document that is not a mapping of fields."""
    got = "an empty file" if data is None else _short(data)
    what = f"expected a mapping of fields ({fields}), got {got}"
    return f"(top level): {what}; write `key: value` lines"


def where(loc: tuple[str | int, ...]) -> str:
    """A field location as a user writes it: `turns[3].stage`, `(top level)` for the root."""
    text = ""
    for part in loc:
        if part != "[key]":  # pydantic's marker after a dict key that failed: already named
            text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "(top level)"


def problem_line(
    error: ValidationError, model: type[BaseModel], doc: str, hidden: Collection[str] = ()
) -> str:
    """The first problem as 'where: what is wrong; how to fix it', on one line.

    `doc` names the format's documentation, for problems without a more specific fix; `hidden`
    are fields the loader fills in, never listed as allowed.
    """
    errors = error.errors()  # a misspelt field is also a missing one: the misspelling says more
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc, kind, ctx, value = first["loc"], first["type"], first.get("ctx", {}), first["input"]
    cause = ctx.get("error")
    if isinstance(cause, Problem):
        loc += cause.loc
    if kind == "extra_forbidden":
        allowed = [f for f in _fields_at(model, loc[:-1]) if f not in hidden]
        what = f"unknown field; remove it or use one of: {', '.join(allowed)}"
    elif kind == "missing":
        what = f"required field missing; add `{loc[-1]}:`"
    elif kind == "literal_error":
        what = f"{_short(value)} is not allowed; use {ctx['expected']}"
    elif kind == "too_short":
        what = f"has {ctx['actual_length']} item(s); give at least {ctx['min_length']}"
    elif kind in _BOUNDS:
        word, key = _BOUNDS[kind]
        what = f"{_short(value)} is out of range; use a value {word} {ctx[key]}"
    elif kind in ("value_error", "assertion_error") and cause is not None:
        what = str(cause)
    elif kind == "model_type":
        fields = ", ".join(f for f in _fields_at(model, loc) if f not in hidden)
        what = f"{_short(value)} is not a mapping; write it as `key: value` fields ({fields})"
    elif first["msg"].startswith("Input should be"):
        fix = first["msg"].split(",")[0].replace("Input should be", "make it")
        what = f"{_short(value)} is the wrong type; {fix}"
    else:
        what = f"{first['msg']}; see {doc}"
    return f"{where(loc)}: {what}"


_BOUNDS = {
    "less_than_equal": ("of at most", "le"),
    "less_than": ("below", "lt"),
    "greater_than_equal": ("of at least", "ge"),
    "greater_than": ("above", "gt"),
}


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The fields of the model found at `loc` below `model` (lists and dicts walked through)."""
    kind: Any = model
    for part in loc:
        kind = _unwrap(kind)
        if _is_model(kind) and str(part) in kind.model_fields:
            kind = kind.model_fields[str(part)].annotation
        elif get_origin(kind) in (list, dict):
            kind = get_args(kind)[-1]
        else:
            return []
    kind = _unwrap(kind)
    return list(kind.model_fields) if _is_model(kind) else []


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def _unwrap(kind: Any) -> Any:
    """`X | None` -> X."""
    if get_origin(kind) in (Union, types.UnionType):
        return next(a for a in get_args(kind) if a is not type(None))
    return kind

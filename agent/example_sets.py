"""Reading the labelled dev sets that the interviewer and the diagram matcher use as a memory
of how people put things (agent/interviewer/ask_examples.py, agent/diagrams/examples.py).

A file that cannot be read, or reads as something else, adds nothing: each set's eval loader
checks every file in the tests, and what reads the memory works without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")
# libyaml's parser when PyYAML has it: the conversation sets take 1.5 s to read in pure Python
# and 0.16 s with it, and they are read on an interview's first reply
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def by_question(
    root: Path, names: Iterable[str], read: Callable[[str, Any], tuple[str, list[T]]]
) -> dict[str, tuple[T, ...]]:
    """question id -> what read(set name, parsed file) gives for it, over every file of the
    named sets under root, in order."""
    found: dict[str, list[T]] = {}
    for name in names:
        for path in sorted((root / name).glob("*.yaml")):
            try:
                question, items = read(
                    name, yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
                )
            except (OSError, UnicodeDecodeError, yaml.YAMLError, LookupError, TypeError):
                continue
            found.setdefault(question, []).extend(items)
    return {question: tuple(items) for question, items in found.items()}

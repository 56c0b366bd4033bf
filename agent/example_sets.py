"""Reading the labelled dev sets that the interviewer and the diagram matcher use as a memory
of how people put things (agent/interviewer/ask_examples.py, agent/diagrams/examples.py).

A file that cannot be read, or reads as something else, adds nothing: each set's eval loader
checks every file in the tests, and what reads the memory works without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml

T = TypeVar("T")


def read_sets(root: Path, names: Iterable[str], read: Callable[[str, Any], T]) -> Iterator[T]:
    """read(set name, parsed file) for each file of the named sets under root, in order."""
    for name in names:
        for path in sorted((root / name).glob("*.yaml")):
            try:
                yield read(name, yaml.safe_load(path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError, yaml.YAMLError, LookupError, TypeError):
                continue

"""Boxes people labelled, as a memory the matcher reads a label against.

The diagram dev sets (`EXAMPLE_SETS` under evals/diagrams, format in FORMAT.md there) label
every box with the role it plays in its question's design, or `none`; four authors wrote them,
three without sight of the matcher. Candidates answering one question name its parts in the
same few ways ("ETA API" for the service in front of the model, "Campaign DB" for the ads
themselves), so a label close to a box labelled for the same question is likely what that box
was, and a label close to one labelled `none` ("Log-mel features") likely plays no role.
Only the same question's boxes count: "Feed" is the client in a news-feed design and nothing
in a harmful-content one.

The sets are read once per process (about half a second for 125 files) and a question's
boxes embedded on its first diagram (about a hundred labels, a third of a second on MiniLM).

The blind sets are never examples: they measure the matcher. A set measured here is left out of
the memory while it is measured (`held_out`), so its figures are not inflated by its own labels.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import NamedTuple

import yaml

from agent.diagrams.extract import extract
from agent.paths import EVALS_DIR

EXAMPLES_DIR = EVALS_DIR / "diagrams"
EXAMPLE_SETS = ("dev", "dev2", "dev3", "dev4")
NO_ROLE = "none"


class Example(NamedTuple):
    label: str  # as the author wrote it
    role: str  # a role id, or NO_ROLE
    source: str  # the set it comes from


def examples_for(question: str, held_out: str | None = None) -> list[Example]:
    """The labelled boxes of `question`'s diagrams in the example sets, but `held_out`'s."""
    return [e for e in _labelled(EXAMPLES_DIR).get(question, ()) if e.source != held_out]


@cache
def _labelled(root: Path) -> dict[str, tuple[Example, ...]]:
    """question id -> its labelled boxes. A file that cannot be read adds nothing: the sets are
    checked by the diagram eval's loader in the tests, and the matcher works without them."""
    found: dict[str, list[Example]] = {}
    for name in EXAMPLE_SETS:
        for path in sorted((root / name).glob("*.yaml")):
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
                diagram, roles = extract(data["diagram"])[0], data["roles"]
                boxes = [Example(n.label, roles[n.id], name) for n in diagram.nodes]
            except (OSError, UnicodeDecodeError, yaml.YAMLError, LookupError, TypeError):
                continue
            found.setdefault(data["question"], []).extend(boxes)
    return {question: tuple(boxes) for question, boxes in found.items()}

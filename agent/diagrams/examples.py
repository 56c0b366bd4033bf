"""Boxes people labelled, as a memory the matcher reads a label against.

The diagram dev sets (`EXAMPLE_SETS` under evals/diagrams, format in FORMAT.md there) label
every box with the role it plays in its question's design, or `none`; six authors wrote them,
five without sight of the matcher. Candidates answering one question name its parts in the
same few ways ("ETA API" for the service in front of the model, "Campaign DB" for the ads
themselves), so a label close to a box labelled for the same question is likely what that box
was, and a label close to one labelled `none` ("Log-mel features") likely plays no role.
Only the same question's boxes count: "Feed" is the client in a news-feed design and nothing
in a harmful-content one. And where a label is in nearly the same words as such a box, the
box's role beats the role its name says (`people_read`): people read "Reranker" in search as
the second-stage model, whatever the vocabulary says.

The sets are read once per process (under a second for 197 files) and a question's boxes
embedded on its first diagram (about 170 labels, half a second on MiniLM).

The blind sets are never examples: they measure the matcher. A set measured here is left out of
the memory while it is measured (`held_out`), so its figures are not inflated by its own labels.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

import numpy as np

from agent.diagrams.extract import extract
from agent.diagrams.wording import split_camel
from agent.example_sets import by_question
from agent.paths import EVALS_DIR

EXAMPLES_DIR = EVALS_DIR / "diagrams"
EXAMPLE_SETS = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6")
NO_ROLE = "none"
# A named label in nearly the same words as a box people labelled otherwise takes their role:
# dev..dev6 errors 135 -> 125 at 0.9 (0.85 scores alike, 0.95 gives 128, 0.98 130); asking for
# two agreeing boxes instead of one undoes it (135): the repeats are across writers, not within.
SAME_LABEL = 0.9

# texts' vectors, per embedder: role names and example labels are the same for every diagram
_VECTORS: WeakKeyDictionary[Any, dict[str, np.ndarray]] = WeakKeyDictionary()


class Example(NamedTuple):
    label: str  # as the author wrote it
    role: str  # a role id, or NO_ROLE
    source: str  # the set it comes from


def examples_for(question: str, held_out: str | None = None) -> list[Example]:
    """The labelled boxes of `question`'s diagrams in the example sets, but `held_out`'s."""
    return [e for e in _labelled(EXAMPLES_DIR).get(question, ()) if e.source != held_out]


def people_read(
    labels: list[str], named: list[str], examples: list[Example], embedder: Any
) -> list[tuple[str, Example] | None]:
    """For each named label, the role people gave a box in nearly the same words, when it is
    another role than its name says ("Reranker" is search's second-stage model, not business
    rules; "GCS: 5B images" the content, not the lake) and every box that close agrees."""
    if not labels or not examples:
        return [None] * len(labels)
    boxes = embedded(embedder, [split_camel(e.label) for e in examples])
    alike = np.asarray(embedder.embed([split_camel(label) for label in labels])) @ boxes.T
    read: list[tuple[str, Example] | None] = []
    for role_named, row in zip(named, alike):
        same = [e for e, score in zip(examples, row.tolist()) if score >= SAME_LABEL]
        roles = {e.role for e in same}
        role = roles.pop() if len(roles) == 1 else role_named
        read.append((role, same[0]) if role != role_named else None)
    return read


def embedded(embedder: Any, texts: list[str]) -> np.ndarray:
    """The texts' vectors, each computed once per embedder."""
    known = _VECTORS.setdefault(embedder, {})
    new = [text for text in dict.fromkeys(texts) if text not in known]
    if new:
        known.update(zip(new, np.asarray(embedder.embed(new))))
    return np.stack([known[text] for text in texts])


@cache
def _labelled(root: Path) -> dict[str, tuple[Example, ...]]:
    """question id -> its labelled boxes (a file that cannot be read adds none)."""
    return by_question(root, EXAMPLE_SETS, _boxes)


def _boxes(name: str, data: Any) -> tuple[str, list[Example]]:
    diagram, roles = extract(data["diagram"])[0], data["roles"]
    return data["question"], [Example(n.label, roles[n.id], name) for n in diagram.nodes]

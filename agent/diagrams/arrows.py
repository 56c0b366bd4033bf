"""Plain-text arrow chains (`Kafka -> Flink -> feature store`) read as a diagram.

The rule, so prose with a stray arrow ("latency goes 50 -> 20 ms") is not a diagram: a line is
a chain when, past a list bullet, it is nothing but names joined by arrows, and every name
starts with a letter, has at most four words, no `, ; ! ?`, and no word that marks a sentence
(a pronoun, a linking verb, a conjunction: see `_PROSE_WORDS`).
"""

from __future__ import annotations

import re

from agent.diagrams.model import Diagram, Edge, Node

# `-[label]->`, `--label-->` / `-- label -->`, then the bare arrows `->`, `-->`, `=>`, `==>`, `→`;
# labels are short, and the bound keeps a long line of dashes from costing quadratic time
_ARROW = re.compile(
    r"\s*(?:-\[(?P<bracketed>[^\]]{0,80})\]->|--(?P<dashed>[^->][^>]{0,80}?)-->|-{1,2}>|={1,2}>|→)\s*"
)
_BULLET = re.compile(r"(?:[-*+]|\d+[.)])\s+")
_PAIRS = (('"', '"'), ("'", "'"), ("[", "]"), ("(", ")"))
_MAX_WORDS = 4
_PROSE_WORDS = frozenset(
    {"i", "we", "you", "he", "she", "it", "they", "this", "that", "these", "those", "is", "are"}
    | {"was", "were", "be", "been", "goes", "go", "went", "becomes", "became", "then"}
    | {"because", "so", "but", "if", "when", "which", "while", "would", "will", "should", "could"}
)


def read_arrows(lines: list[str]) -> Diagram | None:
    """One diagram from the lines that are chains (a name written twice, in any case, is one
    node), or None when no line is."""
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    chains = []
    for line in lines:
        text = _chain_text(line)
        chain = _chain(text)
        if chain is None:
            continue
        chains.append(text)
        names, labels = chain
        for name in names:
            nodes.setdefault(_node_id(name), Node(id=_node_id(name), label=name))
        for source, target, label in zip(names, names[1:], labels):
            edge = Edge(source=_node_id(source), target=_node_id(target), label=label)
            if edge not in edges:
                edges.append(edge)
    if not chains:
        return None
    source = "\n".join(chains)
    return Diagram(
        kind="ascii", source=source, direction="LR", nodes=list(nodes.values()), edges=edges
    )


def is_chain(line: str) -> bool:
    """Whether the line, past a list bullet, is nothing but names joined by arrows."""
    return _chain(_chain_text(line)) is not None


def _chain_text(line: str) -> str:
    return _BULLET.sub("", line.strip(), count=1).removesuffix(".")


def _chain(line: str) -> tuple[list[str], list[str | None]] | None:
    """(names, arrow labels) when the whole line is names joined by arrows, else None."""
    names, labels, start = [], [], 0
    for arrow in _ARROW.finditer(line):
        names.append(line[start : arrow.start()])
        label = arrow["bracketed"] or arrow["dashed"]
        labels.append(" ".join(label.split()) if label and label.strip() else None)
        start = arrow.end()
    names.append(line[start:])
    names = [_unwrap(name) for name in names]
    if not labels or not all(_is_name(name) for name in names):
        return None
    return names, labels


def _unwrap(name: str) -> str:
    """`**Kafka**`, `[Flink]`, "`ranker`" -> the bare name; `feature store (Redis)` stays.
    Markdown marks go even when unpaired: "`A -> B`" splits into "`A" and "B`"."""
    name = name.strip().strip("`*").strip()
    pair = next((p for p in _PAIRS if _wrapped_in(name, *p)), None)
    return _unwrap(name[len(pair[0]) : -len(pair[1])]) if pair else name


def _wrapped_in(name: str, opening: str, closing: str) -> bool:
    return (
        len(name) > len(opening + closing) and name.startswith(opening) and name.endswith(closing)
    )


def _is_name(text: str) -> bool:
    words = text.split()
    return (
        bool(words)
        and len(words) <= _MAX_WORDS
        and text[0].isalpha()
        and not any(mark in text for mark in ",;!?")
        and not any(word.lower() in _PROSE_WORDS for word in words)
    )


def _node_id(name: str) -> str:
    return " ".join(name.lower().split())

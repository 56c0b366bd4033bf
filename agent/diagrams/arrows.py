"""Plain-text arrow chains (`Kafka -> Flink -> feature store`) read as a diagram.

The rule, so prose with a stray arrow ("latency goes 50 -> 20 ms") is not a diagram: a line is
a chain when, past a list bullet, it is nothing but names joined by arrows, and every name
starts with a letter, has at most four words, no `, ; ! ?`, and no word that marks a sentence
(a pronoun, a linking verb, a conjunction: see `_PROSE_WORDS`). Once one line of an answer is
a chain, the others are read as boxes too, with names of up to eight words and conjunctions
allowed ("Training examples with PIT features", "Delete if score high"): beside a diagram a
line of names and arrows is more of it, and dropping it would lose its edges unsaid.
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
_MAX_WORDS_BESIDE_A_CHAIN = 8
_SUBJECTS_AND_VERBS = frozenset(
    {"i", "we", "you", "he", "she", "it", "they", "this", "that", "these", "those", "is", "are"}
    | {"was", "were", "be", "been", "goes", "go", "went", "becomes", "became", "then"}
)
_PROSE_WORDS = _SUBJECTS_AND_VERBS | {
    "because", "so", "but", "if", "when", "which", "while", "would", "will", "should", "could"
}  # fmt: skip


def read_arrows(lines: list[str]) -> Diagram | None:
    """One diagram from the lines that are chains (a name written twice, in any case, is one
    node), or None when no line is."""
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    chains = []
    for at, (names, labels) in _chains(lines):
        chains.append(_chain_text(lines[at]))
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


def chain_lines(lines: list[str]) -> set[int]:
    """The indices of the lines that are chains (the module's rule)."""
    return {at for at, _ in _chains(lines)}


def _chains(lines: list[str]) -> list[tuple[int, tuple[list[str], list[str | None]]]]:
    """(index, (names, arrow labels)) of each chain line."""
    texts = [_chain_text(line) for line in lines]
    strict = [_chain(text) for text in texts]
    if not any(strict):
        return []
    loose = (chain or _chain(text, beside_a_chain=True) for text, chain in zip(texts, strict))
    return [(at, chain) for at, chain in enumerate(loose) if chain is not None]


def _chain_text(line: str) -> str:
    return _BULLET.sub("", line.strip(), count=1).removesuffix(".")


def _chain(line: str, beside_a_chain: bool = False) -> tuple[list[str], list[str | None]] | None:
    """(names, arrow labels) when the whole line is names joined by arrows, else None."""
    names, labels, start = [], [], 0
    for arrow in _ARROW.finditer(line):
        names.append(line[start : arrow.start()])
        label = arrow["bracketed"] or arrow["dashed"]
        labels.append(" ".join(label.split()) if label and label.strip() else None)
        start = arrow.end()
    names.append(line[start:])
    names = [_unwrap(name) for name in names]
    if not labels or not all(_is_name(name, beside_a_chain) for name in names):
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


def _is_name(text: str, beside_a_chain: bool = False) -> bool:
    words = text.split()
    most, prose = (
        (_MAX_WORDS_BESIDE_A_CHAIN, _SUBJECTS_AND_VERBS) if beside_a_chain
        else (_MAX_WORDS, _PROSE_WORDS)
    )  # fmt: skip
    return (
        bool(words)
        and len(words) <= most
        and text[0].isalpha()
        and not any(mark in text for mark in ",;!?")
        and not any(word.lower() in prose for word in words)
    )


def _node_id(name: str) -> str:
    return " ".join(name.lower().split())

"""Mermaid flowchart syntax inside one statement: node references with their shapes, and links.

`read_chain` turns `A[Feature store] & B --> |reads| C` into groups of node references joined by
links; it raises `Unreadable` with a message naming the spot, and the caller names the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.diagrams.model import Shape


class Unreadable(ValueError):
    """A statement that is not flowchart syntax; the message says what was expected where."""


@dataclass(frozen=True)
class NodeRef:
    id: str
    label: str | None  # None for a bare reference, which keeps any label given elsewhere
    shape: Shape | None


@dataclass(frozen=True)
class Link:
    label: str | None
    both_ways: bool  # `<-->`: an edge each way
    visible: bool  # `~~~` only places nodes side by side: no edge


# (opening, closing, shape); the longest opening that fits wins, then the closing found first
_SHAPES: list[tuple[str, str, Shape]] = [
    ("(((", ")))", "double_circle"),
    ("([", "])", "stadium"),
    ("[[", "]]", "subroutine"),
    ("[(", ")]", "database"),
    ("((", "))", "circle"),
    ("{{", "}}", "hexagon"),
    ("[/", "/]", "parallelogram"),
    ("[/", "\\]", "trapezoid"),
    ("[\\", "\\]", "parallelogram_alt"),
    ("[\\", "/]", "trapezoid_alt"),
    ("[", "]", "rect"),
    ("(", ")", "round"),
    ("{", "}", "decision"),
    (">", "]", "flag"),
]
_ID = re.compile(r"\w+(?:-\w+)*")  # a hyphen joins words (`feature-store`) but never starts `-->`
_CLASS_SUFFIX = re.compile(r":::[\w-]+")
_ARROW = re.compile(
    r"(?P<both><)?(?:-{2,}>|-{2,}[xo](?!\w)|-{3,}|-\.+->|-\.+-[xo](?!\w)|-\.+-"
    r"|={2,}>|={2,}[xo](?!\w)|={3,}|(?P<hidden>~{3,}))"
)
_NOT_MERMAID_ARROW = re.compile(r"->|=>|→")  # plain-text arrows Mermaid does not read
_PIPE_LABEL = re.compile(r"\s*\|(?P<text>[^|]*)\|")
# `-- text -->`, `-. text .->`, `== text ==>`: the closing must be of the opening's kind
_TEXT_ARROWS = [
    re.compile(rf"(?P<both><)?{opening}\s*(?P<text>[^-.=>|\s].*?)\s*(?:{closing})")
    for opening, closing in (
        ("--", r"-{2,}>|-{3,}|-{2,}[xo](?!\w)"),
        (r"-\.", r"\.+->|\.+-"),
        ("==", r"={2,}>|={3,}|={2,}[xo](?!\w)"),
    )
]


def clean_label(text: str) -> str:
    """Quotes, markdown-string backticks and <br> line breaks dropped, spaces collapsed."""
    text = re.sub(r"<br\s*/?>", " ", text.strip().strip('"').strip("`"), flags=re.IGNORECASE)
    return " ".join(text.split())


class _Cursor:
    def __init__(self, text: str) -> None:
        self.text, self.pos = text, 0

    def skip_spaces(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def at_end(self) -> bool:
        self.skip_spaces()
        return self.pos >= len(self.text)

    def rest(self) -> str:
        return self.text[self.pos :].strip()

    def match(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        found = pattern.match(self.text, self.pos)
        if found:
            self.pos = found.end()
        return found


def read_chain(statement: str) -> tuple[list[list[NodeRef]], list[Link]]:
    """Groups of nodes (`A & B`) and the links between them: n groups, n - 1 links."""
    cursor = _Cursor(statement)
    groups, links = [_read_group(cursor)], []
    while not cursor.at_end():
        link = _read_link(cursor)
        if link is None:
            if (near := _NOT_MERMAID_ARROW.match(cursor.rest())) is not None:
                raise Unreadable(f"`{near.group()}` is not a Mermaid arrow: write `-->`")
            raise Unreadable(f"expected an arrow such as `-->` before `{cursor.rest()}`")
        if cursor.at_end():
            raise Unreadable("the arrow points to nothing: add the node it leads to")
        links.append(link)
        groups.append(_read_group(cursor))
    return groups, links


def _read_group(cursor: _Cursor) -> list[NodeRef]:
    group = [_read_node(cursor)]
    while not cursor.at_end() and cursor.text[cursor.pos] == "&":
        cursor.pos += 1
        group.append(_read_node(cursor))
    return group


def _read_node(cursor: _Cursor) -> NodeRef:
    cursor.skip_spaces()
    found = cursor.match(_ID)
    if found is None:
        where = f"`{cursor.rest()}`" if cursor.rest() else "the end"
        raise Unreadable(f"expected a node id at {where}")
    node_id = found.group()
    label, shape = _read_shape(cursor, node_id)
    cursor.match(_CLASS_SUFFIX)
    return NodeRef(node_id, label, shape)


def _read_shape(cursor: _Cursor, node_id: str) -> tuple[str | None, Shape | None]:
    """The label and shape after an id, if any: the longest opening that is closed wins, so
    `A[(db)]` is a database and `A[(db]` falls back to a box labelled "(db"."""
    text, start = cursor.text, cursor.pos
    fits = [s for s in _SHAPES if text.startswith(s[0], start)]
    if not fits:
        return None, None
    for size in sorted({len(opening) for opening, _, _ in fits}, reverse=True):
        closed = [
            (found, shape)
            for opening, closing, shape in fits
            if len(opening) == size and (found := _closed(text, start + size, closing))
        ]
        if closed:
            (label, end), shape = min(closed, key=lambda c: c[0][1])
            cursor.pos = end
            return clean_label(label) or node_id, shape
    opening, closing, _ = fits[0]
    if text[start + len(opening) :].lstrip().startswith('"'):
        raise Unreadable(f'the label of `{node_id}` opens a `"` that is never closed')
    raise Unreadable(
        f"the shape of `{node_id}` opens `{opening}` but never closes it with `{closing}`"
    )


def _closed(text: str, inside: int, closing: str) -> tuple[str, int] | None:
    """(label, index past `closing`) when `closing` ends the label that starts at `inside`; a
    quoted label may hold any bracket, so only the closing after its quote counts."""
    body = inside + len(text[inside:]) - len(text[inside:].lstrip())
    if not text.startswith('"', body):
        end = text.find(closing, inside)
        return (text[inside:end], end + len(closing)) if end >= 0 else None
    quote_end = text.find('"', body + 1)
    if quote_end < 0:
        return None
    after = quote_end + 1 + len(text[quote_end + 1 :]) - len(text[quote_end + 1 :].lstrip())
    if not text.startswith(closing, after):
        return None
    return text[body + 1 : quote_end], after + len(closing)


def _read_link(cursor: _Cursor) -> Link | None:
    cursor.skip_spaces()
    arrow = cursor.match(_ARROW)
    if arrow:
        piped = cursor.match(_PIPE_LABEL)
        label = clean_label(piped["text"]) if piped else None
        return Link(label or None, bool(arrow["both"]), not arrow["hidden"])
    for pattern in _TEXT_ARROWS:
        texted = cursor.match(pattern)
        if texted:
            return Link(clean_label(texted["text"]) or None, bool(texted["both"]), True)
    return None

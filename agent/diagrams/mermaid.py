"""Mermaid flowcharts (`flowchart` / `graph`) parsed to a `Diagram`, line by line.

A line that cannot be read becomes a `LineError` and adds nothing; every other line still
counts, so a candidate with one typo keeps the rest of the design and learns which line failed.
"""

from __future__ import annotations

import re
from itertools import product

from agent.diagrams.model import Diagram, Direction, Edge, LineError, Node, Shape, Subgraph
from agent.diagrams.syntax import NodeRef, Unreadable, clean_label, read_chain

_HEADER = re.compile(r"(?:flowchart|graph)(?:\s+(?P<direction>\w+))?", re.IGNORECASE)
_DIRECTIONS = ("TD", "TB", "BT", "LR", "RL")
_OTHER_DIAGRAMS = re.compile(
    r"(sequenceDiagram|classDiagram|stateDiagram(?:-v2)?|erDiagram|gantt|pie|journey|mindmap"
    r"|gitGraph|timeline|quadrantChart|C4\w+|block-beta|architecture-beta)\b"
)
# styling and interaction: they change how the diagram looks, never what it connects
_IGNORED = re.compile(r"(classDef|class|style|linkStyle|click|direction|accTitle|accDescr)\b")
_SUBGRAPH = re.compile(r"subgraph\b\s*(?P<rest>.*)")
_ID_AND_TITLE = re.compile(r"(?P<id>\w+(?:-\w+)*)\s*\[(?P<title>.*)\]")


def parse(source: str) -> Diagram:
    """Parse one Mermaid flowchart; unreadable lines are listed in `errors`, never raised."""
    reader = _Reader()
    for number, line in _lines(source):
        reader.line, reader.text = number, line
        for statement in _statements(line):
            try:
                reader.read(statement)
            except Unreadable as problem:
                reader.fail(str(problem))
    return reader.diagram(source)


def _lines(source: str) -> list[tuple[int, str]]:
    """(number, stripped text) of the lines that can hold statements: no blanks, no `%%`
    comments or directives, no front matter between `---` lines at the top."""
    kept, in_front_matter = [], False
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.strip()
        if line == "---" and (in_front_matter or not kept):
            in_front_matter = not in_front_matter
        elif line and not in_front_matter and not line.startswith("%%"):
            kept.append((number, line))
    return kept


def _statements(line: str) -> list[str]:
    """Split on `;` outside quotes, `|labels|` and brackets: `graph TD; A-->B;` is two."""
    parts, current, depth, quoted, piped = [], [], 0, False, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char == "|":
            piped = not piped
        elif not (quoted or piped) and char in "[({":
            depth += 1
        elif not (quoted or piped) and char in "])}":
            depth = max(0, depth - 1)
        elif char == ";" and not (quoted or piped or depth):
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


class _Reader:
    def __init__(self) -> None:
        self.line, self.text = 0, ""  # the line being read
        self.started = False  # past the header slot, whatever filled it
        self.direction: Direction = "TD"
        self.other_kind: str | None = None
        self.nodes: dict[str, tuple[str, Shape]] = {}
        self.labelled: set[str] = set()
        self.edges: list[Edge] = []
        self.errors: list[LineError] = []
        # open subgraphs, innermost last: (subgraph, its line number and text, ids used inside)
        self.open: list[tuple[Subgraph, int, str, list[str]]] = []
        self.closed: list[Subgraph] = []  # innermost first, as they close
        self.opening: dict[str, int] = {}  # subgraph id -> its place in the source

    def fail(self, message: str, line: int | None = None, text: str | None = None) -> None:
        self.errors.append(
            LineError(line=line or self.line, text=text or self.text, message=message)
        )

    def read(self, statement: str) -> None:
        if self.other_kind:
            return
        if not self.started:
            self.started = True
            if self._header(statement):
                return
            self.fail("a flowchart starts with a line such as `flowchart LR` or `graph TD`")
        if (subgraph := _SUBGRAPH.fullmatch(statement)) is not None:
            self._open(subgraph["rest"].strip())
        elif statement == "end":
            self._close()
        elif not _IGNORED.match(statement):
            self._chain(statement)

    def _header(self, statement: str) -> bool:
        if (other := _OTHER_DIAGRAMS.match(statement)) is not None:
            self.other_kind = other.group(1)
            raise Unreadable(f"only flowcharts are read, and this is a `{self.other_kind}`")
        header = _HEADER.fullmatch(statement)
        if header is None:
            return False
        direction = (header["direction"] or "TD").upper()
        if direction not in _DIRECTIONS:
            raise Unreadable(f"the direction is one of {', '.join(_DIRECTIONS)}")
        self.direction = direction  # type: ignore[assignment]
        return True

    def _chain(self, statement: str) -> None:
        groups, links = read_chain(statement)
        if any(ref.id == "end" for group in groups for ref in group):  # Mermaid's own rule
            raise Unreadable("`end` in lower case closes a subgraph, so Mermaid cannot draw a "
                             "box of that name: write `End` or another name")  # fmt: skip
        for group in groups:
            for ref in group:
                self._node(ref)
        for (sources, targets), link in zip(zip(groups, groups[1:]), links):
            if not link.visible:
                continue
            for source, target in product(sources, targets):
                self._edge(Edge(source=source.id, target=target.id, label=link.label))
                if link.both_ways:
                    self._edge(Edge(source=target.id, target=source.id, label=link.label))

    def _node(self, ref: NodeRef) -> None:
        if ref.id not in self.nodes or (ref.label is not None and ref.id not in self.labelled):
            self.nodes[ref.id] = (ref.label or ref.id, ref.shape or "rect")
        if ref.label is not None:
            self.labelled.add(ref.id)
        if self.open:
            self.open[-1][3].append(ref.id)

    def _edge(self, edge: Edge) -> None:
        if edge not in self.edges:
            self.edges.append(edge)

    def _open(self, rest: str) -> None:
        if not rest:
            raise Unreadable("a subgraph needs a title: `subgraph online [Online serving]`")
        named = _ID_AND_TITLE.fullmatch(rest)
        title = clean_label(named["title"] if named else rest)
        if named:
            subgraph_id = named["id"]
        elif re.fullmatch(r"\w+(?:-\w+)*", rest):
            subgraph_id = rest
        else:  # a title with spaces gets a generated id, as Mermaid does
            subgraph_id = f"subGraph{len(self.opening)}"
        parent = self.open[-1][0].id if self.open else None
        self.opening.setdefault(subgraph_id, len(self.opening))
        subgraph = Subgraph(id=subgraph_id, title=title, parent=parent)
        self.open.append((subgraph, self.line, self.text, []))

    def _close(self) -> None:
        if not self.open:
            raise Unreadable("`end` closes no subgraph: remove it or add the `subgraph` line")
        subgraph, _, _, used = self.open.pop()
        claimed = {node for s in self.closed for node in s.nodes}
        members = [n for n in dict.fromkeys(used) if n not in claimed]
        self.closed.append(subgraph.model_copy(update={"nodes": members}))

    def diagram(self, source: str) -> Diagram:
        while self.open:
            subgraph, line, text, _ = self.open[-1]
            self.fail(f"subgraph `{subgraph.title}` is never closed with `end`", line, text)
            self._close()
        # an unlabelled id that names a subgraph is the group itself (`offline --> online`)
        groups = {s.id for s in self.closed} - self.labelled
        opened = sorted(self.closed, key=lambda s: self.opening[s.id])
        return Diagram(
            kind="mermaid",
            source=source,
            direction=self.direction,
            nodes=[
                Node(id=node_id, label=label, shape=shape)
                for node_id, (label, shape) in self.nodes.items()
                if node_id not in groups
            ],
            edges=self.edges,
            subgraphs=[
                s.model_copy(update={"nodes": [n for n in s.nodes if n not in groups]})
                for s in opened
            ],
            errors=sorted(self.errors, key=lambda e: e.line),
        )

"""The diagrams in an answer: Mermaid flowcharts, fenced or pasted bare, else arrow chains.

Chains are a fallback: an answer that holds Mermaid is read for its Mermaid only, so an
`A -> B` aside next to a real diagram does not add a second, partial one.
"""

from __future__ import annotations

import re

from agent.diagrams.arrows import chain_lines, read_arrows
from agent.diagrams.mermaid import parse
from agent.diagrams.model import Diagram

_FENCE = re.compile(r"(?P<marks>`{3,}|~{3,})\s*(?P<language>[\w-]*)")
# a bare diagram's first line: Mermaid's keywords are lower case, so a heading "Graph" is prose
_HEADER = re.compile(r"(?:flowchart|graph)(?:\s+(?:TD|TB|BT|LR|RL))?\s*(?:;.*)?")
# a line that carries a bare diagram on past a blank line
_DIAGRAM_LINE = re.compile(
    r"(?:%%|subgraph\b|end\b|classDef\b|class\b|style\b|linkStyle\b|click\b|direction\b"
    r"|\w+(?:-\w+)*\s*(?:[\[({&]|<?--|-\.|==|~~~))"
)


def extract(answer: str) -> list[Diagram]:
    """Every diagram in `answer`, in order: ```mermaid blocks, other fenced or bare blocks that
    start with `flowchart`/`graph`; when there are none, one diagram of the arrow chains."""
    sources, prose = _split(answer.splitlines())
    diagrams = [parse(source) for source in sources if source.strip()]
    if diagrams:
        return diagrams
    chains = read_arrows(prose)
    return [chains] if chains else []


def without_diagrams(answer: str) -> str:
    """`answer` with the lines of its diagrams (and their fences) taken out, or `answer` itself
    when it holds none: the prose that sentence-based rules read. Whole lines go, so every
    sentence of the rest is still a verbatim piece of the answer."""
    sources, prose = _split(answer.splitlines())
    if any(source.strip() for source in sources):
        return "\n".join(prose)
    chains = chain_lines(prose)  # when there is no Mermaid
    kept = [line for at, line in enumerate(prose) if at not in chains]
    return "\n".join(kept) if len(kept) < len(prose) else answer


def _split(lines: list[str]) -> tuple[list[str], list[str]]:
    """(the Mermaid sources, the lines outside them, where chains are looked for)."""
    sources: list[str] = []
    prose: list[str] = []
    at = 0
    while at < len(lines):
        fence = _FENCE.fullmatch(lines[at].strip())
        if fence:
            end = _fence_end(lines, at, fence["marks"])
            body = lines[at + 1 : end]
            if fence["language"].lower() == "mermaid" or _starts_with_header(body):
                sources.append("\n".join(body))
            else:
                prose += body
            at = end + 1
        elif _HEADER.fullmatch(lines[at].strip()):
            end = _bare_end(lines, at)
            sources.append("\n".join(lines[at:end]))
            at = end
        else:
            prose.append(lines[at])
            at += 1
    return sources, prose


def _fence_end(lines: list[str], start: int, marks: str) -> int:
    """The closing fence's index (same mark, at least as long), or the end of the answer."""
    for at in range(start + 1, len(lines)):
        line = lines[at].strip()
        if line.startswith(marks) and set(line) == {marks[0]}:
            return at
    return len(lines)


def _starts_with_header(body: list[str]) -> bool:
    first = next((line.strip() for line in body if line.strip()), "")
    return bool(_HEADER.fullmatch(first))


def _bare_end(lines: list[str], start: int) -> int:
    """Where a bare diagram stops: at a fence, or at a blank line whose next text is not
    diagram syntax (the prose after it)."""
    at = start + 1
    while at < len(lines):
        line = lines[at].strip()
        if _FENCE.fullmatch(line):
            return at
        if not line:
            following = next((text.strip() for text in lines[at:] if text.strip()), "")
            if not _DIAGRAM_LINE.match(following):
                return at
        at += 1
    return at

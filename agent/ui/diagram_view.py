"""Mermaid diagrams drawn in the page: the ```mermaid blocks of transcript text, and the editor's
preview. The rest of the text shows as before.

The drawing is done by streamlit-mermaid-interactive, a component whose package bundles the
Mermaid library; Streamlit serves it from this app's own server, so nothing is fetched from the
network. A block is drawn only when agent/diagrams reads it without a line error and it holds
no HTML tag but `<br>`: on a diagram Mermaid cannot draw, the component writes Mermaid's error
message, which quotes the source, into the page as HTML. Any other block shows as typed, with
what is wrong under it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import streamlit as st
from streamlit_mermaid_interactive import mermaid

from agent.diagrams import parse
from agent.ui.text import as_text, as_typed

_FENCE = re.compile(r" {0,3}(?P<marks>`{3,}|~{3,})\s*(?P<language>[\w-]*)\s*")
_TAG = re.compile(r"<(?!br\s*/?>)[a-z/!?]", re.IGNORECASE)
# The component's nodes answer a click with a rerun of the page; these drawings are to look at.
_INERT = "<style>[class*='st-key-drawn_'] { pointer-events: none; }</style>"
MARKUP = "Not drawn: it holds an HTML tag, and `<br>` is the only one a diagram may use."


def split(text: str) -> list[tuple[str, str]]:
    """`text` as ("text", lines) and ("mermaid", source) parts, in order. A ```mermaid block
    closes at a fence of the same mark at least as long, or runs to the end, as agent/diagrams
    reads it; a block in another language stays in the text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    parts: list[tuple[str, str]] = []
    prose: list[str] = []
    at = 0
    while at < len(lines):
        fence = _FENCE.fullmatch(lines[at])
        if fence is None:
            prose.append(lines[at])
            at += 1
            continue
        marks = fence["marks"]
        end = next(
            (
                j
                for j in range(at + 1, len(lines))
                if lines[j].strip().startswith(marks) and set(lines[j].strip()) == {marks[0]}
            ),
            len(lines),
        )
        if fence["language"].lower() == "mermaid":
            parts += [("text", "\n".join(prose))] if prose else []
            parts.append(("mermaid", "\n".join(lines[at + 1 : end])))
            prose = []
        else:
            prose += lines[at : end + 1]
        at = end + 1
    return parts + ([("text", "\n".join(prose))] if prose else [])


def fenced(source: str) -> str:
    """`source` as a ```mermaid block, its fence longer than any backtick run inside."""
    runs = [len(run) for run in re.findall(r"`{3,}", source)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    body = source.strip("\n")
    return f"{fence}mermaid\n{body}\n{fence}"


def problems(source: str) -> list[str]:
    """Why `source` is not drawn: agent/diagrams' line errors ("line 4 `C -->`: ..."), or
    the markup rule; none when it is drawn."""
    errors = [str(error) for error in parse(source).errors]
    return errors or ([MARKUP] if _TAG.search(source) else [])


def draw(source: str, key: str) -> None:
    """One diagram, drawn; or, when it is not, shown as typed with what is wrong."""
    with st.container(key=f"drawn_{key}"):
        wrong = problems(source)
        if wrong:
            st.code(source, language=None)
            for problem in wrong:
                st.caption(as_text(problem))
            return
        st.html(_INERT)
        mermaid(source, key=f"mermaid_{key}", hover_opacity=1.0)


def show(text: str, key: str, markdown: Callable[[str], str] = as_typed) -> None:
    """`text` with its ```mermaid blocks drawn, and the rest as `markdown` makes it (`as_typed`
    for what the candidate typed). `key` names the blocks, unique on the page."""
    for index, (kind, part) in enumerate(split(text)):
        if kind == "mermaid":
            draw(part, f"{key}_{index}")
        elif part.strip():
            st.markdown(markdown(part))

"""Candidate text as Markdown that shows exactly what was typed.

Line breaks, bullet and numbered lists, inline code and fenced code blocks keep their shape;
everything else is backslash-escaped, so typed Markdown, LaTeX or HTML shows as the characters
typed, never as markup. (Streamlit escapes raw HTML anyway unless unsafe_allow_html=True, which
this project never sets for candidate text.)
"""

from __future__ import annotations

import re

# CommonMark's ASCII punctuation that can start markup, plus $ (Streamlit renders LaTeX),
# & (entities) and = (a line of them turns the line above into a heading).
_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$&=])")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)")
_ITEM = re.compile(r"^(\s*)([-*+•]|\d{1,9}[.)])\s+(\S.*)$")
_NBSP = "\u00a0"


def as_text(text: str) -> str:
    """Escape Markdown so one line of user text shows exactly as typed."""
    return _SPECIALS.sub(r"\\\1", text)


def _inline(line: str) -> str:
    """One line with its `code spans` kept (their content is literal anyway)."""
    out, at = [], 0
    for span in _CODE_SPAN.finditer(line):
        out += [as_text(line[at : span.start()]), span.group(0)]
        at = span.end()
    return "".join(out) + as_text(line[at:])


def _fenced(lines: list[str], opening: re.Match) -> str:
    """A code block, its content verbatim; the fence is made longer than any inside it."""
    runs = [len(m) for line in lines for m in re.findall(r"`{3,}|~{3,}", line)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return "\n".join([fence + opening.group(2), *lines, fence])


def as_typed(text: str) -> str:
    """Markdown for a multi-line answer: paragraphs with their line breaks, lists and code
    blocks as typed, separated by blank lines so one never swallows the next."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[str] = []
    kind, block = "", []  # the block being built: "text" or "list" lines

    def close() -> None:
        nonlocal block
        if block:
            blocks.append(("  \n" if kind == "text" else "\n").join(block))
        block = []

    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        item = _ITEM.match(line)
        if fence:
            close()
            end = next(
                (j for j in range(i + 1, len(lines)) if lines[j].strip() == fence.group(1)),
                len(lines),  # never closed: the rest is code, as typed
            )
            blocks.append(_fenced(lines[i + 1 : end], fence))
            i = end + 1
            continue
        if not line.strip():
            close()
        elif item:
            if kind != "list":
                close()
            indent = item.group(1).replace("\t", "    ") if block else ""
            marker = "-" if item.group(2) == "•" else item.group(2)
            block.append(f"{indent}{marker} {_inline(item.group(3))}")
            kind = "list"
        else:
            if kind != "text":
                close()
            stripped = line.lstrip()
            indent = _NBSP * len(line[: len(line) - len(stripped)].replace("\t", "    "))
            block.append(indent + _inline(stripped.rstrip()))
            kind = "text"
        i += 1
    close()
    return "\n\n".join(blocks)

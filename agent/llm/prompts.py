"""Prompts live as files in prompts/; this renders them strictly.

`$name` placeholders (string.Template syntax) must all be supplied, and every supplied
value must be used: a typo on either side fails loudly instead of sending a broken prompt.
"""

from __future__ import annotations

import re
from functools import cache
from string import Template

from agent.paths import PROMPTS_DIR

_TAG = re.compile(r"<\s*/?\s*candidate\s*>", re.IGNORECASE)


class PromptError(KeyError):
    """A prompt file is missing, or its variables do not match what was supplied."""

    def __str__(self) -> str:
        return str(self.args[0])


@cache
def _template(name: str) -> Template:
    path = PROMPTS_DIR / f"{name}.md"
    if not path.is_file():
        raise PromptError(f"no prompt file {path}")
    return Template(path.read_text(encoding="utf-8"))


def placeholders(name: str) -> set[str]:
    template = _template(name)
    return {
        m.group("named") or m.group("braced")
        for m in template.pattern.finditer(template.template)
        if m.group("named") or m.group("braced")
    }


def render(name: str, **values: object) -> str:
    """Render prompts/<name>.md with exactly the variables it declares."""
    expected = placeholders(name)
    missing, unused = expected - values.keys(), values.keys() - expected
    if missing or unused:
        raise PromptError(
            f"prompt {name!r}: missing {sorted(missing)}, unexpected {sorted(unused)}"
        )
    return _template(name).substitute({k: str(v) for k, v in values.items()})


def candidate_block(text: str) -> str:
    """The candidate's words inside delimiters they cannot close themselves: text is data."""
    return f"<candidate>\n{_TAG.sub('(candidate)', text)}\n</candidate>"

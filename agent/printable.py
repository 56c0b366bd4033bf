"""Text from a case file, a transcript or a model, made inert before it reaches a terminal.

Such text may carry control characters: an escape sequence can clear the screen, switch to the
alternate screen or hide the cursor, and a carriage return or backspace can overwrite what was
printed. `printable` keeps line breaks and tabs, drops NUL and carriage returns, and shows every
other control character as a visible stand-in, so the reader sees that it was there.

It maps one character at a time, with no state: streamed text can be passed piece by piece,
and an escape sequence split across pieces still never reaches the terminal. C1 controls and
lone surrogates become `\\uXXXX`, which is also how JSON writes them: JSON text passed through
stays valid and means the same (JSON already escapes every C0 control).
"""

from __future__ import annotations

import re

_KEPT = {"\n", "\t"}
_DROPPED = {"\0", "\r"}  # NUL shows nothing anyway; a lone CR would overwrite the line
_PICTURES = 0x2400  # Unicode "Control Pictures": U+2400 + code for C0, e.g. ESC -> U+241B ␛


def _stand_in(code: int) -> str | None:
    char = chr(code)
    if char in _DROPPED:
        return None
    if code < 0x20:
        return chr(_PICTURES + code)
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\u{code:04x}"  # C1 controls: no picture exists, and terminals may obey them


_TABLE = {
    code: _stand_in(code)
    for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]
    if chr(code) not in _KEPT
}
_SURROGATE = re.compile("[\ud800-\udfff]")  # cannot be encoded: printing one raises


def printable(text: str) -> str:
    """`text` safe to print to a terminal: no control character but newline and tab."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", text.translate(_TABLE))

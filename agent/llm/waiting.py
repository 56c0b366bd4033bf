"""A wait the endpoint asked for (Retry-After), counted down where the candidate can see it.

Written to stderr so it never mixes with a command's output (`mlsd grade --json`); the line is
rewritten each second. The wait ends early, returning False, when the client is cut (Ctrl-C).
"""

from __future__ import annotations

import math
import sys
import threading
import time
from typing import TextIO


def count_down(seconds: float, why: str, stop: threading.Event, out: TextIO | None = None) -> bool:
    """Wait `seconds`, showing the time left; False if `stop` was set meanwhile."""
    out = out or sys.stderr
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        _show(out, f"The model endpoint asked to wait ({why}): retrying in {math.ceil(left)} s…")
        if stop.wait(min(1.0, left)):
            _show(out, "Stopped waiting for the model endpoint.", end="\n")
            return False
    _show(out, f"The model endpoint asked to wait ({why}): retrying now.", end="\n")
    return True


def _show(out: TextIO, line: str, end: str = "") -> None:
    out.write(f"\r  {line:<78}{end}")  # padded: a shorter line covers the one before
    out.flush()

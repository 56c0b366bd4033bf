"""Drive `mlsd interview` in a real subprocess, line by line, as a candidate at a terminal."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

PROMPT = "\nyou> "


class Terminal:
    def __init__(self, *args: str, env: dict[str, str] | None = None):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "agent", "interview", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )
        self.output = ""

    def expect(self, text: str = PROMPT, timeout: float = 120) -> str:
        """Read until the output ends with `text` (a prompt: the terminal then waits for us);
        returns what was read."""
        start, deadline = len(self.output), time.monotonic() + timeout
        while len(self.output) == start or not self.output.endswith(text):
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.process.stdout], [], [], max(left, 0))
            piece = os.read(self.process.stdout.fileno(), 65536) if ready else b""
            if not piece:
                raise AssertionError(f"no {text!r} within {timeout} s; got:\n{self.output}")
            self.output += piece.decode(errors="replace")
        return self.output[start:]

    def answer(self, line: str) -> str:
        """Type `line` at the prompt; returns everything up to the next prompt."""
        self.process.stdin.write(line.encode() + b"\n")
        self.process.stdin.flush()
        return self.expect()

    def quit(self, last: str | None = None, timeout: float = 120) -> int:
        """Type `last` (if given), close stdin (Ctrl-D) and return the exit code."""
        if last is not None:
            self.process.stdin.write(last.encode() + b"\n")
        self.process.stdin.close()
        rest = self.process.stdout.read().decode(errors="replace")
        self.output += rest
        return self.process.wait(timeout)

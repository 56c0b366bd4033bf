"""Drive `mlsd interview` through a real pseudo-terminal, as a candidate typing and pasting in
a terminal emulator: stdin and stdout are a TTY, so the line editor reads the answers."""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import select
import subprocess
import sys
import termios
import time

PROMPT = "you>"  # the editor draws the space after it by moving the cursor
ENTER, ALT_ENTER, CTRL_C, CTRL_D, CTRL_U = "\r", "\x1b\r", "\x03", "\x04", "\x15"
# escape sequences and carriage returns: what is left is the text as it was written
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\r")
ROWS, COLS = 40, 120


def pasted(text: str) -> str:
    """`text` as a terminal sends a paste in bracketed-paste mode."""
    return f"\x1b[200~{text}\x1b[201~"


class PtyTerminal:
    def __init__(self, *args: str, env: dict[str, str] | None = None):
        main, child = os.openpty()
        termios.tcsetwinsize(child, (ROWS, COLS))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "agent", "interview", *args],
            stdin=child,
            stdout=child,
            stderr=child,
            start_new_session=True,  # the pty becomes its controlling terminal
            env={**os.environ, "TERM": "xterm-256color", **(env or {})},
        )
        os.close(child)
        os.set_blocking(main, False)
        self.fd, self.raw, self.read_to = main, "", 0
        self._decode = codecs.getincrementaldecoder("utf-8")(errors="replace").decode

    @property
    def text(self) -> str:
        return _CONTROL.sub("", self.raw)

    def expect(self, text: str, timeout: float = 120) -> str:
        """Read until `text` is shown after what earlier calls read; returns the output up to
        and including it."""
        deadline = time.monotonic() + timeout
        while (found := self.text.find(text, self.read_to)) < 0:
            left = deadline - time.monotonic()
            if left <= 0 or not self._pump(left):
                raise AssertionError(f"no {text!r} within {timeout} s; got:\n{self.text}")
        start, self.read_to = self.read_to, found + len(text)
        return self.text[start : self.read_to]

    def send(self, keys: str) -> None:
        """Type `keys`, reading the output meanwhile, as a terminal does (a long paste would
        otherwise fill the pty's buffers both ways)."""
        data = keys.encode()
        while data:
            _, writable, _ = select.select([], [self.fd], [], 0.05)
            if writable:
                with contextlib.suppress(BlockingIOError):  # full after all: next round
                    data = data[os.write(self.fd, data[:4096]) :]
            self._pump(0)

    def close(self, timeout: float = 60) -> int:
        """Read to the end (the child has quit) and return its exit code."""
        while self._pump(timeout):
            pass
        return self.process.wait(timeout)

    def __enter__(self) -> PtyTerminal:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:  # a failed test: never leave the child behind
            self.process.kill()
            self.process.wait()
        os.close(self.fd)

    def _pump(self, timeout: float) -> bool:
        """Read what comes within `timeout`; False when nothing came (`timeout` > 0) or the
        child has closed the pty."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return timeout == 0
        try:
            piece = os.read(self.fd, 65536)
        except BlockingIOError:
            return True
        except OSError:  # EIO: every process holding the pty has exited
            return False
        if b"\x1b[6n" in piece:  # the editor asks where the cursor is; terminals answer
            os.write(self.fd, f"\x1b[{ROWS};1R".encode())
        self.raw += self._decode(piece)
        return bool(piece)

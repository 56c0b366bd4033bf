"""Kill-and-resume: a real `mlsd interview` process is killed mid-interview (SIGKILL), and a
new process resumes the session with the transcript intact."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

FIRST = "We should predict the click probability per impression to rank ads by expected revenue."
SECOND = "Offline I would use log loss and PR AUC because positives are rare."

pytestmark = pytest.mark.usefixtures("knowledge_index", "store")  # on SQLite and PostgreSQL


class Process:
    """A `python -m agent interview` child whose output is collected by a reader thread."""

    def __init__(self, *args: str):
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "agent", "interview", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=os.environ.copy(),
        )
        self.output = b""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while chunk := os.read(self.popen.stdout.fileno(), 4096):
            self.output += chunk

    def text(self) -> str:
        return self.output.decode(errors="replace")

    def send(self, line: str) -> None:
        self.popen.stdin.write(line.encode() + b"\n")
        self.popen.stdin.flush()

    def wait_for(self, marker: str, count: int = 1, timeout: float = 120) -> str:
        """Wait until `marker` has appeared `count` times (the prompt: the child waits for input)."""
        deadline = time.monotonic() + timeout
        while self.text().count(marker) < count:
            assert time.monotonic() < deadline, f"no {marker!r} x{count} in:\n{self.text()}"
            assert self.popen.poll() is None, f"process exited early:\n{self.text()}"
            time.sleep(0.05)
        return self.text()


def test_killed_process_resumes_with_transcript_intact():
    first = Process("--offline", "--question", "ads-ctr", "--session", "k1")
    first.wait_for("you> ")
    first.send(FIRST)
    first.wait_for("you> ", count=2)  # the answer was taken and the follow-up asked
    first.popen.kill()  # SIGKILL: no cleanup runs
    first.popen.wait()

    second = Process("--offline", "--session", "k1")
    shown = second.wait_for("you> ")
    assert "Resuming session k1" in shown and FIRST in shown
    second.send(SECOND)
    second.send("/end")
    second.send("/end")  # the first one is asked to be confirmed
    second.popen.stdin.close()
    assert second.popen.wait(timeout=120) == 0
    second.reader.join(timeout=10)
    assert "Interview over" in second.text()

    listing = subprocess.run(
        [sys.executable, "-m", "agent", "sessions"],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=True,
    ).stdout
    assert "k1" in listing and "ended" in listing

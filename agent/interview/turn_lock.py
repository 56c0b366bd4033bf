"""One writer per session, across processes and threads: a lock file per session id (the
PostgreSQL storage locks in the database instead, for app processes on many machines).

`flock` locks belong to an open file description, so two terminals, two app tabs in one
process and a terminal beside the app all exclude each other; the kernel drops the lock when
its holder dies, so a crashed window never leaves a session stuck.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from agent.errors import InterviewerError

WAIT_SECONDS = 3.0  # a send waits this long for another window's turn before giving up
POLL_SECONDS = 0.05


class SessionBusy(InterviewerError):
    """Another window is running a turn of this session; the text was not sent."""


class FileTurnLocks:
    """Lock files under one folder, one per session (the SQLite storage's locks)."""

    def __init__(self, folder: Path):
        self.folder = folder

    @contextmanager
    def hold(self, session_id: str, wait: float = WAIT_SECONDS) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / f"{session_id}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _acquire(fd, session_id, wait)
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock


def busy(session_id: str) -> SessionBusy:
    return SessionBusy(
        f"Another reply is in progress in session {session_id} (in another window or tab), "
        "so your answer was not sent; send it again in a moment."
    )


def _acquire(fd: int, session_id: str, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise busy(session_id) from None
            time.sleep(POLL_SECONDS)

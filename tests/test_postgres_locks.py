"""The PostgreSQL storage's one-writer lock, on a real server: two processes (two lock
holders with their own connections) and two threads of one process exclude each other on a
session, never across sessions, and a process keeps no entry for a session it has let go."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from agent.interview.postgres_storage import AdvisoryTurnLocks
from agent.interview.turn_lock import SessionBusy
from tests.support.postgres import PostgresServer


def test_two_processes_and_two_threads_exclude_each_other(postgres_server):
    url = postgres_server.new_database()
    here, there = AdvisoryTurnLocks(url), AdvisoryTurnLocks(url)  # as two app processes
    with here.hold("s1"):
        busy = "Another reply is in progress in session s1"
        with pytest.raises(SessionBusy, match=busy), there.hold("s1", wait=0.3):
            pass
        with there.hold("s2", wait=0.3):  # another session is free
            pass
        refused: list[Exception] = []

        def other_thread() -> None:
            try:
                with here.hold("s1", wait=0.3):
                    pass
            except SessionBusy as busy:
                refused.append(busy)

        worker = threading.Thread(target=other_thread)
        worker.start()
        worker.join()
        assert len(refused) == 1  # the same process's other thread waits, then is told
    with there.hold("s1", wait=0.3):  # released: the other process takes it at once
        pass
    assert here._threads == {} and there._threads == {}
    here.close(), there.close()


def test_a_killed_test_runs_server_is_stopped_by_the_next_run(postgres_server):
    """A run killed before its teardown leaves its server up; the next server started stops
    it, since its owner process is gone (servers of live runs are left alone)."""
    code = (
        "import os; from tests.support.postgres import PostgresServer; "
        "print(PostgresServer().folder, flush=True); os._exit(0)"  # no teardown, as if killed
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    orphan = Path(done.stdout.strip())
    assert (orphan / "data" / "postmaster.pid").exists()  # it outlived its owner
    after = PostgresServer()
    try:
        assert not orphan.exists()
        assert postgres_server.folder.exists()  # this run's own server is still up
    finally:
        after.stop()

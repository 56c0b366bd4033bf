"""The PostgreSQL storage's one-writer lock, on a real server: two processes (two lock
holders with their own connections) and two threads of one process exclude each other on a
session, never across sessions, and a process keeps no entry for a session it has let go."""

from __future__ import annotations

import threading

import pytest

from agent.interview.postgres_storage import AdvisoryTurnLocks
from agent.interview.turn_lock import SessionBusy


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

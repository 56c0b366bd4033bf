"""The sessions file: opened only when it is sound, read-only when we may not write.

A damaged store is never written to: a new interview written into a file SQLite cannot read
would crash later and could bury what is still readable. An emptied store (0 bytes) is damage
too, never a fresh start, or an old session id would silently begin a new interview.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from agent.errors import InterviewerError
from agent.interview.storage import OWNERS_SCHEMA

STORE_NAME = "sessions.sqlite"
TABLES = ("checkpoints", "writes", "session_owners")  # LangGraph's SqliteSaver schema, ours


class StorageError(InterviewerError):
    """The sessions store or its folder cannot be used as asked; the message names the fix."""


class StoreDamaged(StorageError):
    def __init__(self, path: Path, why: str):
        self.path = path
        super().__init__(
            f"the sessions store {path} is damaged ({why}); nothing was written to it. Run "
            "`mlsd sessions --repair` to keep it aside and start a fresh one with every session "
            "that can still be read, or point MLSD_DATA_DIR at another folder."
        )


def open_store(path: Path, *, writable: bool = True) -> sqlite3.Connection | None:
    """A connection to the sound store at `path`; read-only opens need no write access
    anywhere (None when there is no store yet)."""
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a sessions file; move it away.")
    if path.exists() and path.stat().st_size == 0:
        raise StoreDamaged(path, "it is empty: 0 bytes")
    if not writable and not path.exists():
        return None
    try:
        db = _connect(path, writable)
        verdict = db.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.Error as error:
        if writable or "unable to open" not in str(error):
            raise StoreDamaged(path, str(error)) from None
        raise StorageError(f"cannot read the sessions store {path} ({error}).") from None
    if verdict != "ok":
        db.close()
        first = [line for line in verdict.splitlines() if line.strip() and "***" not in line]
        raise StoreDamaged(path, first[0].strip() if first else "it fails SQLite's check")
    return db


def _connect(path: Path, writable: bool) -> sqlite3.Connection:
    if writable:
        return sqlite3.connect(path, check_same_thread=False)
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        db.execute("SELECT 1 FROM sqlite_master LIMIT 1")
        return db
    except sqlite3.OperationalError:
        # a WAL database in a folder we may not write: SQLite cannot make its shared-memory
        # file, so read it as immutable (nothing can be writing there either)
        return sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)


def repair(path: Path) -> tuple[Path, int]:
    """Keep the damaged store aside and start a fresh one with every readable row.

    Returns where the old file went and how many sessions the fresh store holds.
    """
    aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        stale = path.with_name(path.name + suffix)
        if stale.exists():
            stale.rename(aside.with_name(aside.name + suffix))
    fresh = sqlite3.connect(path)
    from langgraph.checkpoint.sqlite import SqliteSaver

    SqliteSaver(fresh).setup()
    for statement in OWNERS_SCHEMA:  # who owns each session survives a repair too
        fresh.execute(statement)
    if aside.stat().st_size:
        _salvage(aside, fresh)
    fresh.commit()
    saved = fresh.execute("SELECT COUNT(DISTINCT thread_id) FROM checkpoints").fetchone()[0]
    fresh.close()
    return aside, saved


def _salvage(source: Path, target: sqlite3.Connection) -> None:
    """Copy what can be read, row by row: a bad page costs the rows after it in its table,
    not the whole file."""
    try:
        old = _connect(source, writable=False)
    except sqlite3.Error:
        return
    for table in TABLES:
        try:
            rows = old.execute(f"SELECT * FROM {table}")  # noqa: S608 - our own table names
            columns = ", ".join(c[0] for c in rows.description)
            marks = ", ".join("?" * len(rows.description))
            insert = f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({marks})"
            for row in _readable(rows):
                target.execute(insert, row)
        except sqlite3.Error:
            continue
    old.close()


def _readable(rows: sqlite3.Cursor):
    """The rows up to the first one SQLite cannot read."""
    while True:
        try:
            row = rows.fetchone()
        except sqlite3.Error:
            return
        if row is None:
            return
        yield row

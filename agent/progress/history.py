"""The record across interviews: one row per graded interview or drill (a Record, record.py),
in history.sqlite beside the sessions (or in the sessions' PostgreSQL database:
postgres_history.py), filled when a scorecard is made. It never leaves your storage, and
each row names its user ("local" until sign-in is configured), who alone sees it.

Rows hold ids and scores, not text: a checklist item by its id, a red flag by its note and
name, so a history stays small and reads the same after the notes are reworded.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from agent.errors import InterviewerError
from agent.paths import usable_dir
from agent.progress.record import Record

HISTORY_NAME = "history.sqlite"
LOCAL_USER = "local"
# Written to run on SQLite and PostgreSQL alike ("user" is a reserved word in PostgreSQL).
SCHEMA = (
    """CREATE TABLE IF NOT EXISTS graded (
    session_id TEXT NOT NULL,
    "user" TEXT NOT NULL,
    kind TEXT NOT NULL,
    question TEXT NOT NULL,
    level TEXT,
    graded_at DOUBLE PRECISION NOT NULL,
    overall DOUBLE PRECISION,
    body TEXT NOT NULL,
    PRIMARY KEY ("user", session_id)
)""",
    'CREATE INDEX IF NOT EXISTS graded_by_time ON graded ("user", graded_at)',
)
UPSERT = (
    "INSERT INTO graded VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    'ON CONFLICT ("user", session_id) DO UPDATE SET kind = excluded.kind, '
    "question = excluded.question, level = excluded.level, graded_at = excluded.graded_at, "
    "overall = excluded.overall, body = excluded.body"
)


class HistoryError(InterviewerError):
    """The history file cannot be read or written; sessions and scorecards are unaffected."""


class History:
    """The history file of one user. Each call opens its own connection, so the app's
    threads and a terminal can share the file (SQLite serialises the writes)."""

    def __init__(self, folder: Path, user: str = LOCAL_USER):
        self.path, self.user = folder / HISTORY_NAME, user

    def add(self, record: Record) -> None:
        """Record (or re-record, after a regrade) one graded session."""
        body = {
            "stages": record.stages,
            "dimensions": record.dimensions,
            "hints": record.hints,
            "red_flags": record.red_flags,
            "missed": record.missed,
        }
        row = (record.session_id, self.user, record.kind, record.question, record.level)
        row += (record.graded_at, record.overall, json.dumps(body))
        with self._open(write=True) as db:
            db.execute(UPSERT, row)

    def remove(self, session_id: str) -> bool:
        if not self._exists():
            return False
        with self._open(write=True) as db:
            gone = db.execute(
                'DELETE FROM graded WHERE "user" = ? AND session_id = ?', (self.user, session_id)
            )
            return gone.rowcount > 0

    def records(self, last: int | None = None) -> list[Record]:
        """The user's records, oldest first: all, or the `last` most recent."""
        if not self._exists():
            return []
        query = 'SELECT * FROM graded WHERE "user" = ? ORDER BY graded_at DESC'
        params: tuple = (self.user,)
        if last is not None:
            query, params = query + " LIMIT ?", (self.user, last)
        with self._open(write=False) as db:
            rows = db.execute(query, params).fetchall()
        return [_record(row) for row in reversed(rows)]

    def _exists(self) -> bool:
        return self.path.exists()

    def _open(self, write: bool):
        if write:
            usable_dir(self.path.parent)  # e.g. `mlsd grade --record` before any interview
        try:
            db = sqlite3.connect(self.path, timeout=10)
            if write:
                for statement in SCHEMA:
                    db.execute(statement)
            return _Committing(db, self.path)
        except sqlite3.Error as error:
            raise _unusable(self.path, error) from None


class _Committing:
    """A connection that commits on success and always closes; a failure is a HistoryError."""

    def __init__(self, db: sqlite3.Connection, path: Path):
        self.db, self.path = db, path

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, kind, error, trace) -> bool:
        with closing(self.db):
            if kind is None:
                self.db.commit()
        if isinstance(error, sqlite3.Error):
            raise _unusable(self.path, error) from None
        return False


def _unusable(path: Path, error: sqlite3.Error) -> HistoryError:
    return HistoryError(
        f"cannot use the progress history {path} ({error}); your sessions and scorecards are "
        "unaffected. Move the file aside to start a fresh history."
    )


def _record(row: tuple) -> Record:
    session_id, _user, kind, question, level, graded_at, overall, body = row
    data = json.loads(body)
    return Record(
        session_id=session_id,
        kind=kind,
        question=question,
        level=level,
        graded_at=graded_at,
        overall=overall,
        stages=data["stages"],
        dimensions=data["dimensions"],
        hints=data["hints"],
        red_flags=[tuple(flag) for flag in data["red_flags"]],
        missed=data["missed"],
    )

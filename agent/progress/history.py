"""The record across interviews: one row per graded interview or drill, in history.sqlite
beside the sessions (or in the sessions' PostgreSQL database: postgres_history.py), filled
when a scorecard is made. It never leaves your storage, and each row names its user
("local" until sign-in is configured), who alone sees it.

Rows hold ids and scores, not text: a checklist item by its id, a red flag by its note and
name, so a history stays small and reads the same after the notes are reworded.
"""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from agent.errors import InterviewerError
from agent.knowledge import Knowledge
from agent.notes import stage_note_id
from agent.paths import usable_dir
from agent.scoring.scorecard import Scorecard

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


@dataclass(frozen=True)
class Record:
    """One graded interview (kind "interview") or drill, as progress reads it."""

    session_id: str
    kind: str  # "interview" | "drill"
    question: str  # the bank id, or the start of a free question's text
    level: str | None
    graded_at: float
    overall: float | None
    stages: dict[str, float]  # the scored stages only
    dimensions: dict[str, float] = field(default_factory=dict)
    hints: int = 0
    red_flags: list[tuple[str, str, str]] = field(default_factory=list)  # (stage, note, flag)
    missed: dict[str, dict[str, str]] = field(default_factory=dict)  # stage -> item -> note


def record_of(
    session_id: str,
    card: Scorecard,
    values: dict,
    knowledge: Knowledge,
    missed_ids: dict[str, list[str]] | None = None,
) -> Record | None:
    """The history row for a session's scorecard; None when the card has no score. Missed
    items are `missed_ids` (stage -> checklist item ids) when given, else the card's own
    "missed" texts read back as items (the coverage grader writes the items' texts)."""
    if not card.graded or card.overall is None:
        return None
    stages = {s: g.score for s, g in card.stages.items() if g.score is not None and g.supported}
    notes = {i.text: i.note for i in card.improvements}
    missed: dict[str, dict[str, str]] = {}
    for stage in stages:
        checklist, title = knowledge.stages[stage].checklist, knowledge.stages[stage].title
        if missed_ids is not None:
            gone = set(missed_ids.get(stage, []))
        else:
            gone = {i.id for i in checklist if i.text in card.stages[stage].missed}
        for item in checklist:
            if item.id in gone:
                note = notes.get(f"{title}: {item.text}") or stage_note_id(stage)
                missed.setdefault(stage, {})[item.id] = note
    return Record(
        session_id=session_id,
        kind="drill" if card.drill else "interview",
        question=values.get("question_id") or values.get("question_text", "")[:60],
        level=values.get("level"),
        graded_at=time.time(),
        overall=card.overall,
        stages=stages,
        dimensions={d: g.score for d, g in card.dimensions.items() if g.score is not None},
        hints=card.hints_used,
        red_flags=[
            (stage, f.note, f.flag) for stage, g in card.stages.items() for f in g.red_flags
        ],
        missed=missed,
    )


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

"""Where sessions live, by setting: a SQLite file in MLSD_DATA_DIR (the default) or a
PostgreSQL database (MLSD_CHECKPOINT_URL). Either one holds LangGraph's checkpoints, who owns
each session, and the progress history, and gives the one-writer-per-session lock.

A session's scorecard, graded once, is kept there too, so every app process shows the same
card. Owners are a table of our own beside LangGraph's, so a user's list is one indexed query,
never a read of every session. A session saved before owners existed has no row: it is the
local user's, which is whose it was (the app had no sign-in).
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol

from agent.config import Settings
from agent.errors import InterviewerError
from agent.progress.history import LOCAL_USER, History

SESSION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
OWNERS_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS session_owners ("
    "session_id TEXT PRIMARY KEY, owner TEXT NOT NULL, created DOUBLE PRECISION NOT NULL)",
    "CREATE INDEX IF NOT EXISTS session_owners_by_owner ON session_owners (owner)",
)


class SessionRefused(InterviewerError):
    """A session id that is malformed or names another user's session: it is not opened."""


def new_session_id() -> str:
    """128 random bits: a session id is its own key, so it must not be guessable."""
    return secrets.token_hex(16)


def checked_id(session_id: str) -> str:
    """A session id as typed in a URL or on the command line; ids name lock files, so
    anything but letters, digits, '-' and '_' is refused."""
    if not SESSION_ID.fullmatch(session_id):
        raise SessionRefused(
            f"{session_id[:80]!r} is not a session id (letters, digits, '-' and '_' only)."
        )
    return session_id


class TurnLocks(Protocol):
    def hold(self, session_id: str, wait: float = ...) -> AbstractContextManager[None]: ...


class Storage(Protocol):
    where: str  # the file or the database, for messages (never a password)
    checkpointer: Any
    locks: TurnLocks | None

    def owner_of(self, session_id: str) -> str | None: ...  # None: no owner recorded
    def claim(self, session_id: str, owner: str) -> None: ...
    def owned_by(self, owner: str) -> list[str]: ...
    def delete(self, session_id: str) -> None: ...
    def kept_card(self, session_id: str) -> str | None: ...
    def keep_card(self, session_id: str, card_json: str) -> None: ...
    def forget_card(self, session_id: str) -> None: ...
    def history(self, user: str) -> History: ...
    def close(self) -> None: ...


class Owners:
    """The owners table over any DB-API connection factory; `mark` is the driver's
    placeholder ("?" for SQLite, "%s" for psycopg)."""

    def __init__(self, run: Callable[[str, tuple], Iterator[tuple]], mark: str):
        self.run, self.mark = run, mark

    def owner_of(self, session_id: str) -> str | None:
        rows = list(self._sql("SELECT owner FROM session_owners WHERE session_id = ?", session_id))
        return rows[0][0] if rows else None

    def claim(self, session_id: str, owner: str) -> None:
        insert = "INSERT INTO session_owners VALUES (?, ?, ?) ON CONFLICT (session_id) DO NOTHING"
        list(self._sql(insert, session_id, owner, time.time()))

    def owned_by(self, owner: str) -> list[str]:
        if owner != LOCAL_USER:
            query = "SELECT session_id FROM session_owners WHERE owner = ?"
            return [row[0] for row in self._sql(query, owner)]
        # the local user also owns every session saved before owners were recorded
        query = (
            "SELECT DISTINCT c.thread_id FROM checkpoints c LEFT JOIN session_owners o "
            "ON o.session_id = c.thread_id WHERE COALESCE(o.owner, ?) = ?"
        )
        return [row[0] for row in self._sql(query, LOCAL_USER, LOCAL_USER)]

    def forget(self, session_id: str) -> None:
        list(self._sql("DELETE FROM session_owners WHERE session_id = ?", session_id))

    def _sql(self, query: str, *params: object) -> Iterator[tuple]:
        return self.run(query.replace("?", self.mark), params)


def open_storage(settings: Settings, *, read_only: bool = False) -> Storage:
    """The storage the settings name; a StorageError says what to fix when it cannot open."""
    if settings.checkpoint_url:
        from agent.interview.postgres_storage import PostgresStorage

        return PostgresStorage(settings.checkpoint_url, read_only=read_only)
    from agent.interview.sqlite_storage import SqliteStorage

    return SqliteStorage(settings.data_dir, read_only=read_only)


def user_history(settings: Settings) -> History:
    """The progress history of the settings' user (MLSD_USER), wherever sessions are kept."""
    if not settings.checkpoint_url:
        return History(settings.data_dir, settings.user)  # the sessions file stays unopened
    return open_storage(settings).history(settings.user)

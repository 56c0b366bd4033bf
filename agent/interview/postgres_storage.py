"""Sessions in PostgreSQL (MLSD_CHECKPOINT_URL): LangGraph's Postgres checkpointer, the owners
table, the kept scorecards and the progress history in one database, so app processes on many machines share them.

The one-writer-per-session lock is a PostgreSQL advisory lock, held by one connection per
process for the length of a turn; a thread lock per session keeps this process's own threads
apart (an advisory lock is re-entrant within its connection). A process that dies drops its
connection, and the server frees its locks.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from urllib.parse import urlparse

import psycopg
from langgraph.checkpoint.postgres import PostgresSaver
from psycopg.rows import dict_row, tuple_row
from psycopg_pool import ConnectionPool, PoolTimeout

from agent.interview.storage import OWNERS_SCHEMA, Owners
from agent.interview.store import StorageError
from agent.interview.turn_lock import POLL_SECONDS, WAIT_SECONDS, busy
from agent.progress.postgres_history import PostgresHistory, create_history_table

CARDS_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS scorecards (session_id TEXT PRIMARY KEY, body TEXT NOT NULL)"
)
POOL_SIZE = 20  # connections per process: checkpoints, owners and history share them
CONNECT_SECONDS = 10.0


def where(url: str) -> str:
    """The database a URL names, without its password."""
    parts = urlparse(url)
    return f"postgresql://{parts.hostname or 'localhost'}:{parts.port or 5432}{parts.path}"


class PostgresStorage:
    def __init__(self, url: str, *, read_only: bool = False):
        self.where = where(url)
        options = {"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row}
        try:
            self.pool = ConnectionPool(
                url,
                min_size=1,
                max_size=POOL_SIZE,
                kwargs=options,
                timeout=CONNECT_SECONDS,
                open=True,
                name="mlsd",
            )
            self.pool.wait(timeout=CONNECT_SECONDS)
            self.checkpointer = PostgresSaver(self.pool)
            self.checkpointer.setup()  # LangGraph's own migrations; idempotent
            with self.pool.connection() as conn:
                for statement in (*OWNERS_SCHEMA, CARDS_SCHEMA):
                    conn.execute(statement)
                create_history_table(conn)
        except (psycopg.Error, PoolTimeout) as error:
            self._close_pool()
            raise StorageError(
                f"cannot use the sessions database {self.where} ({_first_line(error)}); check "
                "MLSD_CHECKPOINT_URL and that the server is up."
            ) from None
        self.locks = None if read_only else AdvisoryTurnLocks(url)
        self.owners = Owners(self._run, "%s")

    def _run(self, query: str, params: tuple) -> Iterator[tuple]:
        with self.pool.connection() as conn:
            cursor = conn.cursor(row_factory=tuple_row).execute(query, params)
            return iter(cursor.fetchall() if cursor.description else [])

    def owner_of(self, session_id: str) -> str | None:
        return self.owners.owner_of(session_id)

    def claim(self, session_id: str, owner: str) -> None:
        self.owners.claim(session_id, owner)

    def owned_by(self, owner: str) -> list[str]:
        return self.owners.owned_by(owner)

    def delete(self, session_id: str) -> None:
        self.checkpointer.delete_thread(session_id)
        self.owners.forget(session_id)

    def kept_card(self, session_id: str) -> str | None:
        rows = list(self._run("SELECT body FROM scorecards WHERE session_id = %s", (session_id,)))
        return rows[0][0] if rows else None

    def keep_card(self, session_id: str, card_json: str) -> None:
        upsert = (
            "INSERT INTO scorecards VALUES (%s, %s) "
            "ON CONFLICT (session_id) DO UPDATE SET body = excluded.body"
        )
        self._run(upsert, (session_id, card_json))

    def forget_card(self, session_id: str) -> None:
        self._run("DELETE FROM scorecards WHERE session_id = %s", (session_id,))

    def history(self, user: str) -> PostgresHistory:
        return PostgresHistory(self.pool, user, self.where)

    def close(self) -> None:
        if self.locks is not None:
            self.locks.close()
        self._close_pool()

    def _close_pool(self) -> None:
        if getattr(self, "pool", None) is not None:
            self.pool.close()


class AdvisoryTurnLocks:
    def __init__(self, url: str):
        self.url = url
        self._conn: psycopg.Connection | None = None
        self._guard = threading.Lock()  # the shared connection and the table below
        # session -> its thread lock and how many threads hold or wait for it; dropped at
        # zero, so a long-running process keeps no entry per session it ever served
        self._threads: dict[str, tuple[threading.Lock, int]] = {}

    @contextmanager
    def hold(self, session_id: str, wait: float = WAIT_SECONDS) -> Iterator[None]:
        deadline = time.monotonic() + wait
        mine = self._enter(session_id)
        if not mine.acquire(timeout=wait):
            self._leave(session_id)
            raise busy(session_id)
        try:
            key = _key(session_id)
            while not self._sql("SELECT pg_try_advisory_lock(%s)", key):
                if time.monotonic() >= deadline:
                    raise busy(session_id)
                time.sleep(POLL_SECONDS)
            try:
                yield
            finally:
                with suppress(psycopg.Error):  # a lost connection has freed the lock already
                    self._sql("SELECT pg_advisory_unlock(%s)", key)
        finally:
            mine.release()
            self._leave(session_id)

    def _enter(self, session_id: str) -> threading.Lock:
        with self._guard:
            lock, count = self._threads.get(session_id, (threading.Lock(), 0))
            self._threads[session_id] = (lock, count + 1)
            return lock

    def _leave(self, session_id: str) -> None:
        with self._guard:
            lock, count = self._threads[session_id]
            if count == 1:
                del self._threads[session_id]
            else:
                self._threads[session_id] = (lock, count - 1)

    def _sql(self, query: str, key: int) -> bool:
        """Run a lock query; a driver error goes up as it is (the session's `saving` turns it
        into a message that hands the answer back)."""
        with self._guard:
            try:
                if self._conn is None or self._conn.closed:
                    # a new connection holds none of the old one's locks: the server freed
                    # them when it went
                    self._conn = psycopg.connect(self.url, autocommit=True)
                return bool(self._conn.execute(query, (key,)).fetchone()[0])
            except psycopg.Error:
                self._conn = None
                raise

    def close(self) -> None:
        with self._guard:
            if self._conn is not None:
                self._conn.close()


def _key(session_id: str) -> int:
    """A signed 64-bit advisory lock key for the session id."""
    digest = hashlib.blake2b(session_id.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]

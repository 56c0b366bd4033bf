"""The progress history in the sessions' PostgreSQL database: the same table and queries as
history.sqlite, through a psycopg connection pool."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.rows import tuple_row

from agent.progress.history import SCHEMA, History, HistoryError


class PostgresHistory(History):
    def __init__(self, pool: Any, user: str, where: str):
        self.pool, self.user, self.where = pool, user, where

    def _exists(self) -> bool:
        return True  # the table is made when the storage opens

    @contextmanager
    def _open(self, write: bool):
        try:
            with self.pool.connection() as conn:
                yield _Marks(conn)
        except psycopg.Error as error:
            raise HistoryError(
                f"cannot use the progress history in {self.where} ({error}); your sessions "
                "and scorecards are unaffected."
            ) from None


def create_history_table(conn: Any) -> None:
    for statement in SCHEMA:
        conn.execute(statement)


class _Marks:
    """A connection that takes the history's SQLite-style '?' placeholders."""

    def __init__(self, conn: Any):
        self.conn = conn

    def execute(self, query: str, params: tuple):
        cursor = self.conn.cursor(row_factory=tuple_row)
        return cursor.execute(query.replace("?", "%s"), params)

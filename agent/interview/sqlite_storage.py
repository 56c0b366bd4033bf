"""The default storage: sessions.sqlite and history.sqlite in MLSD_DATA_DIR, a lock file per
session, scorecards as JSON files. One machine, any number of processes on it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from langgraph.checkpoint.sqlite import SqliteSaver

from agent.interview.storage import OWNERS_SCHEMA, Owners
from agent.interview.store import STORE_NAME, StorageError, open_store
from agent.interview.turn_lock import FileTurnLocks
from agent.paths import readable_dir, usable_dir, write_atomically
from agent.progress.history import LOCAL_USER, History


class SqliteStorage:
    def __init__(self, folder: Path, *, read_only: bool = False):
        """`read_only`: for commands that only look: nothing is created or written, so they
        work on a read-only folder."""
        self.folder = folder
        (readable_dir if read_only else usable_dir)(folder)
        self.path = folder / STORE_NAME
        self.where = str(self.path)
        try:
            db = open_store(self.path, writable=not read_only)
        except (OSError, sqlite3.Error) as error:
            raise StorageError(
                f"cannot open the sessions store {self.path} ({error}); point MLSD_DATA_DIR "
                "at a folder you can write to."
            ) from None
        self.locks = None if read_only else FileTurnLocks(folder / "locks")
        if read_only and db is not None:
            self._db = db
            self.checkpointer = SqliteSaver(db)
            self.checkpointer.is_setup = True  # creating tables would be a write
        else:  # only looking with nothing stored yet: an empty store in memory stands in
            self._db = db or sqlite3.connect(":memory:", check_same_thread=False)
            self.checkpointer = SqliteSaver(self._db)
            try:
                self.checkpointer.setup()
                for statement in OWNERS_SCHEMA:
                    self._db.execute(statement)
                self._db.commit()
            except sqlite3.Error as error:
                raise StorageError(f"cannot prepare {self.path} ({error}).") from None
        self.owners = Owners(self._run, "?")
        # a store written before owners were recorded, opened read-only, has no owners table
        self._owned = bool(
            self._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'session_owners'").fetchone()
        )

    def _run(self, query: str, params: tuple) -> Iterator[tuple]:
        with self.checkpointer.lock:  # SqliteSaver's own lock: one connection, many threads
            rows = self._db.execute(query, params).fetchall()
            self._db.commit()
        return iter(rows)

    def owner_of(self, session_id: str) -> str | None:
        return self.owners.owner_of(session_id) if self._owned else None

    def claim(self, session_id: str, owner: str) -> None:
        self.owners.claim(session_id, owner)

    def owned_by(self, owner: str) -> list[str]:
        if self._owned:
            return self.owners.owned_by(owner)
        if owner != LOCAL_USER:
            return []
        return [row[0] for row in self._run("SELECT DISTINCT thread_id FROM checkpoints", ())]

    def delete(self, session_id: str) -> None:
        self.checkpointer.delete_thread(session_id)
        self.owners.forget(session_id)

    def kept_card(self, session_id: str) -> str | None:
        path = self._card(session_id)
        return path.read_text() if path.is_file() else None

    def keep_card(self, session_id: str, card_json: str) -> None:
        path = self._card(session_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, card_json)  # never half a card

    def forget_card(self, session_id: str) -> None:
        self._card(session_id).unlink(missing_ok=True)

    def _card(self, session_id: str) -> Path:
        return self.folder / "scorecards" / f"{session_id}.json"

    def history(self, user: str) -> History:
        return History(self.folder, user)

    def close(self) -> None:
        self._db.close()

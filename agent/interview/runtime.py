"""Assemble an interviewer from settings: knowledge, policy, retriever, SQLite checkpointer.

The app, the CLI and the evals each build one Runtime; nothing connects at import time.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from langgraph.checkpoint.sqlite import SqliteSaver

from agent.config import Settings, load_settings
from agent.interview.graph import build_graph
from agent.interview.pace import Pace
from agent.interview.scorecards import Scorecards
from agent.interview.session import Interview
from agent.interview.store import STORE_NAME, StorageError, open_store
from agent.interview.turn_lock import TurnLocks
from agent.interviewer import Policy, make_policy
from agent.knowledge import Knowledge, default_knowledge
from agent.paths import readable_dir, usable_dir
from agent.progress.history import History
from agent.retrieval import Retriever, make_retriever
from agent.scoring.live import LiveGrading


@dataclass
class SessionInfo:
    id: str
    question: str
    stage: str
    status: str
    updated: str


class Runtime:
    def __init__(
        self,
        settings: Settings | None = None,
        *,
        policy: Policy | None = None,
        knowledge: Knowledge | None = None,
        retriever: Retriever | None | str = "default",
        live_grading: bool = True,
        read_only: bool = False,
    ):
        """`read_only`: for commands that only look (sessions, export): nothing is created
        or written, so they work on a read-only folder."""
        self.settings = settings or load_settings()
        self.knowledge = knowledge or default_knowledge()
        self.retriever = (
            make_retriever(self.settings, self.knowledge) if retriever == "default" else retriever
        )
        self.policy = policy or make_policy(self.settings, self.retriever)
        self.read_only = read_only
        self.locks = None if read_only else TurnLocks(self.settings.data_dir / "locks")
        self.problem: str | None = None  # a fault the interview survives, for front ends to say
        self.store, db = self._open_store()
        if read_only and db is not None:
            self._db = db
            self.checkpointer = SqliteSaver(db)
            self.checkpointer.is_setup = True  # creating tables would be a write
        else:  # only looking with nothing stored yet: an empty store in memory stands in
            self._db = db or sqlite3.connect(":memory:", check_same_thread=False)
            self.checkpointer = SqliteSaver(self._db)
            try:
                self.checkpointer.setup()
            except sqlite3.Error as error:
                raise StorageError(f"cannot prepare {self.store} ({error}).") from None
        self.graph = build_graph(
            self.policy, self.knowledge, retriever=self.retriever, checkpointer=self.checkpointer
        )
        live = live_grading and self.settings.grading_mode == "live"
        self.grading = LiveGrading(self.settings) if live else None
        self.pace = Pace(self.settings)  # front ends say `pace.notice()` when it has one
        self.history = History(self.settings.data_dir)
        self.scorecards = Scorecards(
            self.settings, self.knowledge, self.history, self.grading, read_only
        )

    def _open_store(self) -> tuple[Path, sqlite3.Connection | None]:
        folder = self.settings.data_dir
        (readable_dir if self.read_only else usable_dir)(folder)
        path = folder / STORE_NAME
        try:
            db = open_store(path, writable=not self.read_only)
        except (OSError, sqlite3.Error) as error:
            raise StorageError(
                f"cannot open the sessions store {path} ({error}); point MLSD_DATA_DIR "
                "at a folder you can write to."
            ) from None
        return path, db

    def warm_up(self) -> None:
        """Load the embedder and refresh the index in the background, so the first answer
        does not wait for them (front ends call this once at start)."""
        if self.retriever is not None:
            threading.Thread(target=self._prepare_index, daemon=True).start()

    def _prepare_index(self) -> None:
        try:
            self.retriever.ready()
        except Exception as error:  # noqa: BLE001 - in a thread: kept to be said, not raised
            self.problem = (
                f"The knowledge index is unavailable ({error}), so follow-ups are not "
                "grounded in the notes this session; the interview itself is unaffected."
            )

    def interview(self, session_id: str | None = None) -> Interview:
        return Interview(
            self.graph,
            session_id or uuid.uuid4().hex[:10],
            on_change=self.grading.observe if self.grading else None,
            on_busy=self._busy,
            locks=self.locks,
            store=str(self.store),
            max_chars=self.settings.max_answer_chars,
        )

    def _busy(self, running: bool) -> None:
        """A turn starts or ends: live grading yields to it, and the pace is timed."""
        self.pace.busy(running)
        if self.grading is not None:
            self.grading.busy(running)

    def sessions(self) -> list[SessionInfo]:
        """Every saved session, most recently updated first."""
        rows = self._db.execute("SELECT DISTINCT thread_id FROM checkpoints").fetchall()
        found = []
        for (thread_id,) in rows:
            snapshot = self.graph.get_state({"configurable": {"thread_id": thread_id}})
            values = snapshot.values
            if not values:
                continue
            found.append(
                SessionInfo(
                    thread_id,
                    values.get("question_id") or values.get("question_text", "")[:40],
                    values.get("stage", "?"),
                    values.get("status", "?"),
                    snapshot.created_at or "",
                )
            )
        return sorted(found, key=lambda s: s.updated, reverse=True)

    def scorecard(self, interview: Interview):
        """The session's scorecard (agent/interview/scorecards.py): graded once, kept, and
        recorded in the progress history."""
        card = self.scorecards.of(interview)
        self.problem = self.scorecards.problem or self.problem
        return card

    def delete(self, session_id: str) -> bool:
        """Delete a saved session: its turns, its scorecard and its history row."""
        if not self.interview(session_id).exists:
            return False
        with self.locks.hold(session_id):  # never under a turn another window is running
            self.checkpointer.delete_thread(session_id)
            self._db.commit()
        self.scorecards.forget(session_id)
        return True

    def close(self) -> None:
        self._db.close()

"""Assemble an interviewer from settings: knowledge, policy, retriever, and the storage
(a SQLite file, or PostgreSQL: agent/interview/storage.py).

The app, the CLI and the evals each build one Runtime; nothing connects at import time. One
Runtime serves every user of an app process: each call names its user, who sees, resumes
and deletes only their own sessions.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from agent.config import Settings, load_settings
from agent.interview.graph import build_graph
from agent.interview.pace import Pace
from agent.interview.scorecards import Scorecards
from agent.interview.session import Interview
from agent.interview.storage import SessionRefused, checked_id, new_session_id, open_storage
from agent.interviewer import Policy, make_policy
from agent.knowledge import Knowledge, default_knowledge
from agent.progress.history import LOCAL_USER, History
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
        self.problem: str | None = None  # a fault the interview survives, for front ends to say
        self._warming: threading.Thread | None = None
        self.storage = open_storage(self.settings, read_only=read_only)
        self.graph = build_graph(
            self.policy,
            self.knowledge,
            retriever=self.retriever,
            checkpointer=self.storage.checkpointer,
        )
        live = live_grading and self.settings.grading_mode == "live"
        self.grading = LiveGrading(self.settings) if live else None
        self.pace = Pace(self.settings)  # front ends say `pace.notice()` when it has one
        self.scorecards = Scorecards(
            self.settings, self.knowledge, self.storage, self.grading, read_only
        )

    @property
    def history(self) -> History:
        """The progress history of the settings' user (MLSD_USER): the terminal's."""
        return self.storage.history(self.settings.user)

    def warm_up(self) -> None:
        """Load the embedder and refresh the index in the background, so the first answer
        does not wait for them (front ends call this once at start)."""
        if self.retriever is not None:
            self._warming = threading.Thread(target=self._prepare_index, daemon=True)
            self._warming.start()

    @property
    def preparing(self) -> str | None:
        """What to say while the warm-up still runs: the first reply that needs the notes waits
        for it, and on a first run (the index embedded from scratch) that is about half a
        minute of silence a candidate would take for a hang."""
        if self._warming is None or not self._warming.is_alive():
            return None
        return (  # said on every reply sent while it runs: the clarifying answers do not wait
            "Getting the knowledge notes ready for follow-ups: a few seconds, about half a "
            "minute on a first run; a reply that needs them waits for it."
        )

    def _prepare_index(self) -> None:
        try:
            self.retriever.ready()
        except Exception as error:  # noqa: BLE001 - in a thread: kept to be said, not raised
            self.problem = (
                f"The knowledge index is unavailable ({error}), so follow-ups are not "
                "grounded in the notes this session; the interview itself is unaffected."
            )

    def interview(self, session_id: str | None = None, user: str | None = None) -> Interview:
        """A session of `user` (default: MLSD_USER): a new one without `session_id`. Another
        user's session, or an id that cannot be one, is refused (SessionRefused)."""
        user = user or self.settings.user
        if session_id is not None and self._owner(checked_id(session_id), user) != user:
            raise SessionRefused(
                f"session {session_id} is not one of your sessions, so it was not opened."
            )
        session_id = session_id or new_session_id()
        return Interview(
            self.graph,
            session_id,
            storage=self.storage,
            owner=user,
            on_change=self.grading.observe if self.grading else None,
            on_busy=self._busy,
            max_chars=self.settings.max_answer_chars,
        )

    def _owner(self, session_id: str, user: str) -> str:
        """Whose session this is: its recorded owner; with none recorded, a saved session is
        the local user's (saved before owners were) and a new id is the asking user's."""
        owner = self.storage.owner_of(session_id)
        if owner is not None:
            return owner
        saved = self.graph.get_state({"configurable": {"thread_id": session_id}}).values
        return LOCAL_USER if saved else user

    def _busy(self, running: bool) -> None:
        """A turn starts or ends: live grading yields to it, and the pace is timed."""
        self.pace.busy(running)
        if self.grading is not None:
            self.grading.busy(running)

    def sessions(self, user: str | None = None) -> list[SessionInfo]:
        """The user's saved sessions (default: MLSD_USER's), most recently updated first."""
        found = []
        for thread_id in self.storage.owned_by(user or self.settings.user):
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

    def delete(self, session_id: str, user: str | None = None) -> bool:
        """Delete one of the user's saved sessions: its turns, its scorecard and its history
        row (False when there is no such session)."""
        interview = self.interview(session_id, user)
        if not interview.exists:
            return False
        with self.storage.locks.hold(session_id):  # never under a turn another window runs
            self.storage.delete(session_id)
        self.scorecards.forget(session_id, interview.owner)
        return True

    def close(self) -> None:
        self.storage.close()

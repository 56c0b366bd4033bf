"""One interview session over the compiled graph: what every front end talks to.

Front ends call `start`, `send` and `retry` and iterate the events: interviewer text as it
streams ("token"), each finished interviewer turn ("turn"). State lives in the checkpointer,
so a session id is all that is needed to resume, in this process or a new one. What one
graph step streams, and how a failed one is told and given up, is in steps.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from functools import partial
from typing import Any

from langgraph.types import Command

from agent.errors import AnswerTooLong, EmptyAnswer
from agent.interview.saving import DATABASE_ERRORS, AnswerNotTaken, saving
from agent.interview.steps import (
    Event,
    give_up_failed_step,
    refuse_stale_answer,
    step_failed,
    stream_events,
)
from agent.interview.storage import Storage
from agent.interview.store import StorageError
from agent.knowledge import STAGES, Stage
from agent.progress.history import LOCAL_USER
from agent.state import Turn


class Interview:
    def __init__(
        self,
        graph: Any,
        session_id: str,
        *,
        storage: Storage | None = None,
        owner: str = LOCAL_USER,
        on_change: Callable[[str, dict[str, Any]], None] | None = None,
        on_busy: Callable[[bool], None] | None = None,
        max_chars: int | None = None,
    ):
        """`storage`: where the graph's checkpointer keeps the session, for its turn lock,
        its name in messages and recording `owner` at the start (none: a session in memory)."""
        self.graph, self.session_id, self.storage, self.owner = graph, session_id, storage, owner
        self.on_change = on_change  # told the values after each step (live grading)
        self.on_busy = on_busy  # told when a turn starts and ends (live grading yields)
        self.max_chars = max_chars
        self.locks = storage.locks if storage else None
        self.store = storage.where if storage else "the sessions store"
        self.config = {"configurable": {"thread_id": session_id}}
        self.shown: int | None = None  # turns this front end has shown (read or streamed)
        self._before = 0  # turns on disk when the running step began

    # -- state -------------------------------------------------------------------------
    @property
    def values(self) -> dict[str, Any]:
        return self._snapshot().values

    def _snapshot(self) -> Any:
        """The session as stored; a store that cannot be read (a database server gone) is a
        StorageError naming it, never a driver's traceback."""
        try:
            return self.graph.get_state(self.config)
        except DATABASE_ERRORS as error:
            raise StorageError(
                f"cannot read session {self.session_id} from {self.store} ({error}); "
                "nothing was lost: open it again when the store is back."
            ) from None

    @property
    def exists(self) -> bool:
        return bool(self.values)

    @property
    def turns(self) -> list[Turn]:
        """The turns, as the front end will show them: a later `send` is checked against them."""
        turns = list(self.values.get("turns", []))
        self.shown = len(turns)
        return turns

    @property
    def ended(self) -> bool:
        return self.values.get("status") == "ended"

    @property
    def needs_retry(self) -> bool:
        """A step failed (e.g. the endpoint went down) after the candidate's input was saved."""
        return step_failed(self._snapshot())

    # -- actions -----------------------------------------------------------------------
    def start(
        self,
        *,
        question_id: str | None,
        question_text: str,
        level: str = "senior",
        budgets: dict[str, float] | None = None,
        drill: list[Stage] | None = None,
        at: float | None = None,
    ) -> Iterator[Event]:
        """Begin the interview: all seven stages, or with `drill` only those (in order)."""
        if self.exists:
            raise ValueError(f"session {self.session_id} already started")
        start = {
            "question_id": question_id,
            "question_text": question_text,
            "level": level,
            "budgets": budgets or {},
            "pending": None,
            "stage_started": time.time() if at is None else at,
        }
        if drill:
            start["drill"] = [s for s in STAGES if s in drill]
        if self.storage is not None:
            self.storage.claim(self.session_id, self.owner)
        return self._run(start)

    def send(self, text: str, at: float | None = None, seen: int | None = None) -> Iterator[Event]:
        """Hand the candidate's answer or command to the interviewer, as a reply to what the
        front end has shown: `seen` turns (default: what this object last read or streamed).
        Refused with the text kept, and nothing recorded, when it is whitespace (EmptyAnswer),
        longer than `max_chars` (AnswerTooLong: every front end's one limit), when the
        interview has moved on or ended in another window (AnswerNotTaken), or while another
        window is running a turn (SessionBusy)."""
        if not text.strip():
            raise EmptyAnswer()
        if self.max_chars is not None and len(text) > self.max_chars:
            raise AnswerTooLong(len(text), self.max_chars)
        seen = self.shown if seen is None else seen
        with saving(self.store, text, lambda _: False):  # a store gone: the text handed back
            # before the answer is echoed; again under the lock
            refuse_stale_answer(text, seen, self.graph.get_state(self.config))
        value = {"text": text, "at": time.time() if at is None else at}
        return self._run(Command(resume=value), answer=(text, seen))

    def retry(self) -> Iterator[Event]:
        """Re-run the step that failed, from its saved input."""
        return self._run(None)

    def end(self, at: float | None = None) -> Iterator[Event]:
        """Finish the interview now, already confirmed (the front end asked), even while a
        step is failing (an endpoint that stays down): the failed reply is given up, every
        saved answer stays and is graded."""
        if self.ended:
            return iter(())
        when = time.time() if at is None else at
        if not self.needs_retry:
            value = {"text": "/end", "at": when, "confirmed": True}
            return self._run(Command(resume=value), answer=("/end", None))
        give_up = partial(give_up_failed_step, self.graph, self.config, self.values["stage"], when)
        return self._run(None, first=give_up)

    def _run(
        self,
        command: Any,
        answer: tuple[str, int | None] | None = None,
        first: Callable[[], None] | None = None,
    ) -> Iterator[Event]:
        """Run a step as the session's one writer; `answer` is the text sent and the turns
        its sender saw, `first` a change to make under the same lock."""
        lock = self.locks.hold(self.session_id) if self.locks else nullcontext()
        if self.on_busy is not None:
            self.on_busy(True)
        try:
            # saving() outside the lock: a store gone while locking hands the answer back too
            with saving(self.store, answer[0] if answer else None, self._saved), lock:
                snapshot = self.graph.get_state(self.config)  # as this writer finds it
                self._before = len(snapshot.values.get("turns", []))
                if first is not None:
                    first()
                if answer is not None and step_failed(snapshot):
                    # the reply to the previous answer failed: it comes first, and this
                    # answer was typed before the candidate saw it
                    yield from stream_events(self.graph, None, self.config)
                    self.shown = len(self.values.get("turns", []))
                    raise AnswerNotTaken(answer[0], "the reply to your previous answer came first")
                if answer is not None:
                    refuse_stale_answer(*answer, snapshot)
                yield from stream_events(self.graph, command, self.config)
                self.shown = len(self.values.get("turns", []))
            # still part of the turn: a stage it closed is queued before grading may start,
            # so no grading call begins while this step reads the state back
            if self.on_change is not None:
                self.on_change(self.session_id, self.values)
        finally:
            if self.on_busy is not None:
                self.on_busy(False)

    def _saved(self, text: str) -> bool:
        """Whether this step saved `text` as the candidate's turn before it failed."""
        try:
            added = self.values.get("turns", [])[self._before :]
        except (StorageError, *DATABASE_ERRORS):
            return False
        return any(t["role"] == "candidate" and t["text"] == text for t in added)

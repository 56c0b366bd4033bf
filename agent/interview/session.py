"""One interview session over the compiled graph: what every front end talks to.

Front ends call `start`, `send` and `retry` and iterate the events: interviewer text as it
streams ("token"), each finished interviewer turn ("turn"). State lives in the checkpointer,
so a session id is all that is needed to resume, in this process or a new one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from langgraph.types import Command

from agent.errors import EmptyAnswer
from agent.state import Turn


@dataclass
class Event:
    kind: Literal["token", "turn"]
    text: str = ""
    turn: Turn | None = None


class Interview:
    def __init__(
        self,
        graph: Any,
        session_id: str,
        on_change: Callable[[str, dict[str, Any]], None] | None = None,
        on_busy: Callable[[bool], None] | None = None,
    ):
        self.graph, self.session_id, self.on_change = graph, session_id, on_change
        self.on_busy = on_busy  # told when a turn starts and ends (live grading yields)
        self.config = {"configurable": {"thread_id": session_id}}

    # -- state -------------------------------------------------------------------------
    @property
    def values(self) -> dict[str, Any]:
        return self.graph.get_state(self.config).values

    @property
    def exists(self) -> bool:
        return bool(self.values)

    @property
    def turns(self) -> list[Turn]:
        return list(self.values.get("turns", []))

    @property
    def ended(self) -> bool:
        return self.values.get("status") == "ended"

    @property
    def needs_retry(self) -> bool:
        """A step failed (e.g. the endpoint went down) after the candidate's input was saved."""
        snapshot = self.graph.get_state(self.config)
        return bool(snapshot.values) and bool(snapshot.next) and snapshot.next != ("listen",)

    # -- actions -----------------------------------------------------------------------
    def start(
        self,
        *,
        question_id: str | None,
        question_text: str,
        level: str = "senior",
        budgets: dict[str, float] | None = None,
        at: float | None = None,
    ) -> Iterator[Event]:
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
        return self._run(start)

    def send(self, text: str, at: float | None = None) -> Iterator[Event]:
        """Hand the candidate's answer or command to the interviewer. Whitespace alone is
        refused here, before anything is recorded (EmptyAnswer)."""
        if not text.strip():
            raise EmptyAnswer()
        return self._send({"text": text, "at": time.time() if at is None else at})

    def _send(self, value: dict[str, Any]) -> Iterator[Event]:
        if self.needs_retry:
            yield from self.retry()
        if self.ended:
            return
        yield from self._run(Command(resume=value))

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
            return self._send({"text": "/end", "at": when, "confirmed": True})
        command = Turn(
            role="candidate",
            stage=self.values["stage"],
            text="/end",
            kind="command",
            at=when,
            confirmed=True,
        )
        # as if `listen` had just taken "/end": its router sends the graph to `finish`
        self.graph.update_state(
            self.config, {"turns": [command], "pending": command}, as_node="listen"
        )
        return self._run(None)

    def _run(self, command: Any) -> Iterator[Event]:
        if self.on_busy is not None:
            self.on_busy(True)
        try:
            yield from self._stream(command)
        finally:
            if self.on_busy is not None:
                self.on_busy(False)
        if self.on_change is not None:
            self.on_change(self.session_id, self.values)

    def _stream(self, command: Any) -> Iterator[Event]:
        # durability="sync": each step's checkpoint is on disk before the next step (and its
        # model call) starts, so a crash or an interrupted request never loses an answer.
        for mode, chunk in self.graph.stream(
            command, self.config, durability="sync", stream_mode=["custom", "updates"]
        ):
            if mode == "custom":
                yield Event("token", text=chunk.get("token", ""))
                continue
            for node, update in chunk.items():
                if node.startswith("__") or not update:
                    continue
                for turn in update.get("turns", []):
                    if turn["role"] == "interviewer":
                        yield Event("turn", text=turn["text"], turn=turn)

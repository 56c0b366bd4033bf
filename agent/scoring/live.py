"""Grade each stage in the background as soon as it closes, so the scorecard is ready within
moments of /end instead of after seven grading calls, without ever making the candidate wait.

Grading yields to the interview. It runs one call at a time and only while no interviewer turn
is running (the candidate is reading or typing). When a turn starts, a grading call in flight is
cancelled (its connection closed: a single-slot local server stops generating) and that stage
goes back to the front of the queue, to be graded again at the next pause or at the end.
`collect` waits for a session's queue to drain, so the final scorecard is the same as grading
everything at the end.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

from agent.config import Settings
from agent.errors import InterviewerError
from agent.knowledge import STAGES, Stage
from agent.scoring.graders import make_grader
from agent.scoring.scorecard import StageGrade
from agent.scoring.transcript import Transcript

COLLECT_WAIT = 600.0  # seconds at most for the queue to drain before the final grading


class LiveGrading:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.cancelled = 0  # calls given up because a turn started (shown by the benchmark)
        self._lock = threading.Condition()
        self._busy = 0  # interviewer turns running now
        self._queue: deque[tuple[str, Transcript, Stage]] = deque()
        self._grades: dict[str, dict[Stage, StageGrade]] = {}
        self._known: dict[str, set[Stage]] = {}  # queued, running or done, per session
        self._running: tuple[str, Any] | None = None  # (session, grader) of the call in flight
        self._worker: threading.Thread | None = None

    def observe(self, session_id: str, values: dict[str, Any]) -> None:
        """Queue every stage the session has moved past and not queued yet."""
        if not values or values.get("status") == "ended":
            return  # the final scorecard grades what is left, with the full transcript
        transcript = Transcript.from_state(values)
        current = STAGES.index(values.get("stage", STAGES[0]))
        closed = [s for s in transcript.stages_reached() if STAGES.index(s) < current]
        with self._lock:
            known = self._known.setdefault(session_id, set())
            for stage in closed:
                if stage not in known:
                    known.add(stage)
                    self._queue.append((session_id, transcript, stage))
            self._start()
            self._lock.notify_all()

    def busy(self, running: bool) -> None:
        """An interviewer turn starts (True) or ends (False). A start cancels grading."""
        with self._lock:
            self._busy += 1 if running else -1
            running_grader = self._running[1] if running and self._running else None
            self._lock.notify_all()
        if running_grader is not None and hasattr(running_grader, "cancel"):
            running_grader.cancel()

    def collect(self, session_id: str) -> dict[Stage, StageGrade]:
        """The session's stage grades, once its queued stages are graded; a failed one is
        left out (the final scorecard redoes it)."""
        with self._lock:  # bounded: a turn that never ended must not hang the scorecard
            self._lock.wait_for(lambda: not self._pending(session_id), COLLECT_WAIT)
            return dict(self._grades.get(session_id, {}))

    def _pending(self, session_id: str) -> bool:
        running = self._running is not None and self._running[0] == session_id
        return running or any(job[0] == session_id for job in self._queue)

    def _start(self) -> None:
        if self._worker is None:
            self._worker = threading.Thread(target=self._work, name="stage-grading", daemon=True)
            self._worker.start()

    def _work(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._queue and not self._busy)
                session_id, transcript, stage = self._queue.popleft()
                grader = make_grader(self.settings)
                self._running = (session_id, grader)
            grade, retry = None, False
            try:
                grade = grader.grade_stage(transcript, stage)
            except InterviewerError:
                retry = getattr(grader, "cancelled", False)
            with self._lock:
                self._running = None
                if grade is not None:
                    self._grades.setdefault(session_id, {})[stage] = grade
                elif retry:  # given up for a turn: first in line at the next pause
                    self.cancelled += 1
                    self._queue.appendleft((session_id, transcript, stage))
                self._lock.notify_all()

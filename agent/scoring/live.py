"""Grade each stage in the background as soon as it closes, so the scorecard is ready within
moments of /end instead of after seven grading calls."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from agent.config import Settings
from agent.errors import InterviewerError
from agent.knowledge import STAGES, Stage
from agent.scoring.graders import make_grader
from agent.scoring.scorecard import StageGrade
from agent.scoring.transcript import Transcript


class LiveGrading:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stage-grading")
        self._started: dict[str, dict[Stage, Future]] = {}
        self._lock = threading.Lock()

    def _grade(self, transcript: Transcript, stage: Stage) -> StageGrade:
        return make_grader(self.settings).grade_stage(transcript, stage)

    def observe(self, session_id: str, values: dict[str, Any]) -> None:
        """Start grading every stage the session has moved past and not graded yet."""
        if not values or values.get("status") == "ended":
            return  # the final scorecard grades what is left, with the full transcript
        transcript = Transcript.from_state(values)
        current = STAGES.index(values.get("stage", STAGES[0]))
        closed = [s for s in transcript.stages_reached() if STAGES.index(s) < current]
        with self._lock:
            started = self._started.setdefault(session_id, {})
            for stage in closed:
                if stage not in started:
                    started[stage] = self._pool.submit(self._grade, transcript, stage)

    def collect(self, session_id: str) -> dict[Stage, StageGrade]:
        """Stage grades made so far; a failed one is left out (the final scorecard redoes it)."""
        with self._lock:
            started = dict(self._started.get(session_id, {}))
        grades = {}
        for stage, future in started.items():
            try:
                grades[stage] = future.result()
            except InterviewerError:
                continue
        return grades

"""A session's scorecard: graded once when the interview ends, kept beside the sessions as
JSON, and recorded in the progress history.

When the model endpoint cannot grade, the offline coverage grader does, with the reason in
`reason`; that card is not kept, so the next look tries the model again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from agent.config import Settings
from agent.interview.session import Interview
from agent.knowledge import Knowledge
from agent.paths import write_atomically
from agent.progress.history import History, HistoryError, record_of
from agent.scoring.live import LiveGrading


class Scorecards:
    def __init__(
        self,
        settings: Settings,
        knowledge: Knowledge,
        history_of: Callable[[str], History],
        grading: LiveGrading | None,
        read_only: bool,
    ):
        self.settings, self.knowledge, self.history_of = settings, knowledge, history_of
        self.grading, self.read_only = grading, read_only
        self.problem: str | None = None  # a history row that could not be written

    def path(self, session_id: str) -> Path:
        return self.settings.data_dir / "scorecards" / f"{session_id}.json"

    def of(self, interview: Interview):
        from agent.llm.client import LLMError
        from agent.llm.structured import NoValidReply
        from agent.scoring.graders import default_grader
        from agent.scoring.scorecard import Scorecard

        path = self.path(interview.session_id)
        if path.is_file():
            return Scorecard.model_validate_json(path.read_text())
        grader = default_grader(self.settings)
        try:
            card = self._grade(interview, grader)
        except LLMError as error:
            if grader != "llm":
                raise
            card = self._grade(interview, "coverage", live=False)
            again = (
                "a more capable model grades reliably"  # the server answered, the model failed
                if isinstance(error, NoValidReply)
                else "open this session again when the endpoint is back for the model's grades"
            )
            card.reason = f"{error} Graded offline by the coverage grader instead; {again}."
            return self._remember(interview, card)
        with contextlib.suppress(OSError):  # a full or read-only disk: shown, not kept
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, card.model_dump_json(indent=2))  # never half a card
        return self._remember(interview, card)

    def forget(self, session_id: str, user: str) -> None:
        """Remove the session's kept card and its row in its user's history."""
        self.path(session_id).unlink(missing_ok=True)
        self.history_of(user).remove(session_id)

    def _remember(self, interview: Interview, card):
        """Add the graded session to the progress history (a regrade replaces its row)."""
        values = interview.values
        missed = None if card.grader == "coverage" or not card.graded else self._missed(values)
        record = record_of(interview.session_id, card, values, self.knowledge, missed)
        if record is not None and not self.read_only:
            try:
                self.history_of(interview.owner).add(record)
            except HistoryError as error:  # the scorecard stands; progress misses one row
                self.problem = f"This scorecard is not in your progress history: {error}"
        return card

    def _missed(self, values: dict) -> dict[str, list[str]]:
        """The checklist items missed in each reached stage, by the coverage grader's test:
        a model's "what a strong answer adds" is free text, not the checklist's items."""
        from agent.scoring.coverage import CoverageGrader
        from agent.scoring.transcript import Transcript

        transcript = Transcript.from_state(values)
        grader = CoverageGrader(self.knowledge)
        return {s: grader.missed_items(transcript, s) for s in transcript.stages_reached()}

    def _grade(self, interview: Interview, grader: str, live: bool = True):
        from agent.scoring.grade import grade_transcript
        from agent.scoring.transcript import Transcript

        grades = self.grading.collect(interview.session_id) if self.grading and live else None
        return grade_transcript(
            Transcript.from_state(interview.values),
            grader=grader,
            settings=self.settings,
            grades=grades,
        )

"""A session's scorecard: graded once when the interview ends, kept in the storage (a JSON
file beside the SQLite sessions, or a row in PostgreSQL), and recorded in the progress
history.

When the model endpoint cannot grade (it fails, or every stage's grade quotes words the
candidate never said and is withheld), the offline coverage grader does, with the reason in
`reason`; that card is not kept, so the next look tries the model again.
"""

from __future__ import annotations

import contextlib

from agent.config import Settings
from agent.interview.saving import DATABASE_ERRORS
from agent.interview.session import Interview
from agent.interview.storage import Storage
from agent.knowledge import Knowledge
from agent.progress.history import HistoryError
from agent.progress.record import record_of
from agent.scoring.live import LiveGrading


class Scorecards:
    def __init__(
        self,
        settings: Settings,
        knowledge: Knowledge,
        storage: Storage,
        grading: LiveGrading | None,
        read_only: bool,
    ):
        self.settings, self.knowledge, self.storage = settings, knowledge, storage
        self.grading, self.read_only = grading, read_only
        self.problem: str | None = None  # a history row that could not be written

    def of(self, interview: Interview):
        from agent.llm.replies import LLMError
        from agent.llm.structured import NoValidReply
        from agent.scoring.grade import WITHHELD
        from agent.scoring.graders import default_grader
        from agent.scoring.scorecard import Scorecard

        kept = self.storage.kept_card(interview.session_id)
        if kept is not None:
            return Scorecard.model_validate_json(kept)
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
        if grader == "llm" and card.all_withheld():  # a small model's quotes, none verified
            card = self._grade(interview, "coverage", live=False)
            card.reason = WITHHELD
            return self._remember(interview, card)
        if not self.read_only:
            with contextlib.suppress(OSError, *DATABASE_ERRORS):  # a full disk: shown, not kept
                self.storage.keep_card(interview.session_id, card.model_dump_json(indent=2))
        return self._remember(interview, card)

    def forget(self, session_id: str, user: str) -> None:
        """Remove the session's kept card and its row in its user's history."""
        self.storage.forget_card(session_id)
        self.storage.history(user).remove(session_id)

    def _remember(self, interview: Interview, card):
        """Add the graded session to the progress history (a regrade replaces its row)."""
        values = interview.values
        missed = None if card.grader == "coverage" or not card.graded else self._missed(values)
        record = record_of(interview.session_id, card, values, self.knowledge, missed)
        if record is not None and not self.read_only:
            try:
                self.storage.history(interview.owner).add(record)
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

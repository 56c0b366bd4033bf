"""What the candidate has already answered, judged by the test grading uses, so the interviewer
never asks again what the scorecard would credit as said.

The engine builds one `StageHeard` per turn and hands it to the policy (as `TurnContext.heard`):
- `covered`: the stage's checklist items the answers earn credit for (named or explained,
  by key term or by meaning: the coverage grader's own reading of the stage);
- `settles(question)`: whether a question the interviewer is about to ask is already
  answered. It is when the checklist item or key point it asks about is explained (a reason, a
  number or a trade-off, not only named: naming invites the probe that asks why), or when a
  sentence said anywhere in the interview so far is a close paraphrase of what it asks.
"""

from __future__ import annotations

from agent.knowledge import STAGES, Stage
from agent.scoring import text as T
from agent.scoring.coverage import CoverageGrader
from agent.scoring.credit import EXPLAINED, STATED
from agent.scoring.transcript import Transcript

ASKS_ABOUT = 0.45  # question-to-item similarity: the question is about that item
ANSWERED_BY = 0.5  # question-to-sentence similarity: the sentence already answers it
# an answer of this many words whose every sentence is below OFF_SUBJECT to everything the
# interview is about ("did you watch the game?": 0.15) is a remark, not an answer; shorter
# ones ("XGBoost": 0.17) are terse answers, probed rather than redirected
OFF_SUBJECT, REMARK_WORDS = 0.2, 4


class StageHeard:
    def __init__(self, grader: CoverageGrader, transcript: Transcript, stage: Stage):
        self.grader = grader
        self.items, coverage = grader.measure(transcript, stage)
        self.credit = coverage.credit
        checklist = grader.knowledge.stages[stage].checklist
        self.covered = {item.id for item, credit in zip(checklist, self.credit) if credit >= STATED}
        reached = STAGES[: STAGES.index(stage) + 1]
        self.said = [s for st in reached for a in transcript.answers(st) for s in T.sentences(a)]
        answers = transcript.answers(stage)
        self.aside = bool(answers) and self._aside(answers[-1], transcript)

    def _aside(self, answer: str, transcript: Transcript) -> bool:
        """The answer is addressed to the grader, or a remark off the design altogether."""
        said = T.sentences(answer)
        if any(T.addresses_grader(s) for s in said):
            return True
        if len(T.words(answer)) < REMARK_WORDS:
            return False
        knowledge = self.grader.knowledge
        subject = [i.text for st in STAGES for i in knowledge.stages[st].checklist]
        subject += [transcript.question_text] if transcript.question_text else []
        return bool(self.grader.similar(said, subject).max() < OFF_SUBJECT)

    def settles(self, question: str) -> bool:
        about = self.grader.vectors.similarity([question], [i.text for i in self.items])[0]
        best = int(about.argmax()) if len(about) else -1
        if best >= 0 and about[best] >= ASKS_ABOUT and self.credit[best] >= EXPLAINED:
            return True
        said = self.grader.similar(self.said, [question]) if self.said else []
        return any(row[0] >= ANSWERED_BY for row in said)

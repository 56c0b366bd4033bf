"""What the candidate has already answered, judged by the test grading uses, so the interviewer
never asks again what the scorecard would credit as said.

The engine builds one `StageHeard` per turn and hands it to the policy (as `TurnContext.heard`):
- `covered`: the stage's checklist items the answers earn credit for (named or explained,
  by key term or by meaning: the coverage grader's own reading of the stage), or come close
  enough to that a generic question about the item would sound deaf;
- `flagged`: the last answer's sentences that make a red flag the scorecard would count (a
  wrong choice stated with confidence), for the interviewer to push back on as a real one does;
- `settles(question)`: whether a question the interviewer is about to ask is already
  answered. It is when the checklist item or key point it asks about is explained in this
  stage (a reason, a number or a trade-off, not only named: naming invites the probe that asks
  why) or was named in an earlier one (that stage is over), when a sentence said anywhere in
  the interview so far, or a whole answer of this stage, is a close paraphrase of what it asks,
  when the candidate has already used most of its own words, or said a phrase its note lists
  as answering it (a note question's "Answered by:" line), when what it asks for is plain
  from its form and was given (a retraining cadence, one of two named options, a share of
  traffic for exploration: answered_in_kind.py), or when the interviewer already asked it in
  other words in this stage (the stage's opening "Which offline metric would you use to
  compare two fraud models?" and the checklist's "Which offline metric would you use to
  compare two candidate models?" are one question: once answered, right or wrong, asking it
  again says the answer was not heard);
- `left_to_ask(question)`: what is still open of a question half answered ("why that one?"
  once the metric a which-and-why question asks for was named).
"""

from __future__ import annotations

from functools import cached_property

from agent.knowledge import STAGES, Stage, stages_through
from agent.matching import normalise
from agent.retrieval.lexical import tokens
from agent.scoring import answered_in_kind as kind
from agent.scoring import text as T
from agent.scoring.coverage import CoverageGrader
from agent.scoring.credit import EXPLAINED, STATED, Item
from agent.scoring.filler import pointless
from agent.scoring.transcript import Transcript
from agent.state import QUESTION_KINDS

MENTIONED = 0.42  # sentence-to-item similarity: enough not to ask the item's generic question
SHARED_WORDS, MIN_WORDS = 0.5, 3  # the question's own words the candidate already used
ASKS_ABOUT = 0.45  # question-to-item similarity: the question is about that item
ANSWERED_BY = 0.5  # question-to-sentence similarity: the sentence already answers it
# question-to-answer similarity (a whole answer of this stage): a point made over several
# sentences, none close enough alone; chosen on the conversation dev sets (dev, dev3)
ANSWERED_OVER = 0.4
# an answer of this many words whose every sentence is below OFF_SUBJECT to everything the
# interview is about ("did you watch the game?": 0.15) is a remark, not an answer; shorter
# ones ("XGBoost": 0.17) are terse answers, probed rather than redirected
OFF_SUBJECT, REMARK_WORDS = 0.2, 4
ON_POINT = 0.35  # answer-to-key-point similarity: on one of the question's own points
# question-to-question: the same question reworded. A bank question and its checklist twin
# read 0.75-0.77; two different questions of one stage read at most 0.70 ("How would you
# frame this as an ML problem?" against "Could this be solved without ML?")
ASKED_BEFORE = 0.72
_GIVEN_IN_KIND = (kind.cadence_given, kind.share_given, kind.split_given)


class StageHeard:
    def __init__(self, grader: CoverageGrader, transcript: Transcript, stage: Stage):
        self.grader, self.transcript, self.stage = grader, transcript, stage
        self.items, coverage = grader.measure(transcript, stage)
        self.credit = coverage.credit
        checklist = grader.knowledge.checklist(stage, grader.question(transcript))
        answers = transcript.prose(stage)
        wrong = {h.sentence for h in coverage.flags}  # a wrong choice covers nothing
        in_stage = [s for a in answers for s in T.sentences(a) if s not in wrong]
        near = grader.similar(in_stage, [i.text for i in checklist]).max(axis=0, initial=0)
        self.covered = {
            item.id
            for item, credit, closeness in zip(checklist, self.credit, near)
            if credit >= STATED or closeness >= MENTIONED
        }
        reached = stages_through(stage)
        self.said = [s for st in reached for a in transcript.prose(st) for s in T.sentences(a)]
        # answers of several sentences (prose: a diagram is judged as a graph); one sentence
        # is already held to the closer bar of ANSWERED_BY
        self.answers = [a for a in answers if len(T.sentences(a)) > 1]
        self.words = T.stems(" ".join(self.said))
        self.prompt_words = T.stems(transcript.question_text)
        self.aside = bool(answers) and self._aside(answers[-1], transcript)
        last = set(T.sentences(answers[-1])) if answers else set()
        self.flagged = [h.sentence for h in coverage.flags if h.sentence in last]
        self.asked = [
            s
            for t in transcript.stage_turns(stage)
            if t["role"] == "interviewer" and t.get("kind") in QUESTION_KINDS
            for s in T.sentences(t["text"])
            if s.endswith("?")
        ]

    def _about(self, question: str, items: list[Item], credit: list[float], bar: float) -> bool:
        """The question is about one of `items` (the item it probes, else the closest) and its
        credit reaches `bar`. A checklist probe reads as little as 0.39 to its own item's text
        ("How would you choose the test set so that its score predicts how the model does after
        launch?"), so it is known by its text."""
        if probed := self._probes.get(question):
            return any(i.id == probed and c >= bar for i, c in zip(items, credit))
        about = self.grader.vectors.similarity([question], [i.text for i in items])[0]
        best = int(about.argmax()) if len(about) else -1
        return best >= 0 and about[best] >= ASKS_ABOUT and credit[best] >= bar

    def _answer_given(self, question: str) -> bool:
        """A note's question whose answer the candidate already said, by a phrase of its
        "Answered by:" line ("a final pass so no author appears twice in a row" answers "Where
        in the funnel would you enforce diversity?", which MiniLM reads at 0.12 to it)."""
        phrases = self._answers.get(question)
        return bool(phrases) and any(
            T.term_in(p, normalised, stems) for normalised, stems in self._stated for p in phrases
        )

    @cached_property
    def _stated(self) -> list[tuple[str, set[str]]]:
        """The sentences said so far that state something (asked is not said), each read once
        for phrase matching: a turn checks several questions against them."""
        return [(normalise(s), T.stems(s)) for s in self.said if not s.endswith("?")]

    @cached_property
    def _answers(self) -> dict[str, list[str]]:
        notes = self.grader.knowledge.notes.values()
        return {q: phrases for note in notes for q, phrases in note.answered_by.items()}

    @cached_property
    def _probes(self) -> dict[str, str]:
        stages = self.grader.knowledge.stages
        return {i.probe: i.id for st in STAGES for i in stages[st].checklist}

    @cached_property
    def _earlier(self) -> list[tuple[list[Item], list[float]]]:
        """Each earlier stage's items and credit, measured only when a question needs them."""
        return [
            (items, coverage.credit)
            for st in self._stages_before
            for items, coverage in [self.grader.measure(self.transcript, st)]
        ]

    @cached_property
    def _said_before(self) -> list[float]:
        """This stage's items as the earlier stages' answers cover them, by grading's own test."""
        earlier = self.transcript.earlier_as(self.stage)
        if earlier is None:
            return [0.0] * len(self.items)
        return self.grader.measure(earlier, self.stage)[1].credit

    @cached_property
    def _stages_before(self) -> tuple[Stage, ...]:
        return stages_through(self.stage)[:-1]

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
        if self.grader.similar(said, subject).max() >= OFF_SUBJECT:
            return False
        # or one of the question's own points: "Lowercase everything and strip extra spaces."
        # reads 0.18 at best to the checklists, 0.47 to query autocomplete's "whitespace and
        # punctuation cleanup"; a key point is a phrase, so the bar is higher ("It was a great
        # match." reads 0.22 to "champion-challenger")
        question = self.grader.question(transcript)
        points = [p for st in STAGES for p in question.stages[st].key_points] if question else []
        return not points or bool(self.grader.similar(said, points).max() < ON_POINT)

    def filler(self, sentences: list[str]) -> set[str]:
        # with the question's key points, as grading reads it: a truism naming one is a point
        points = tuple(i.text for i in self.items if i.kind == "key point")
        return pointless([sentences], points)

    def left_to_ask(self, question: str) -> str:
        """What is still open of the question: after the online metric was named, "Which online
        metric would tell you ..., and why that one rather than ...?" asks only why."""
        why = kind.why_part(question)
        return why if why and self._about(question, self.items, self.credit, STATED) else question

    def settles(self, question: str) -> bool:
        """Answered: its item explained (or named in an earlier stage), a sentence or a whole
        answer of the stage paraphrasing it, or most of its own words (beyond the interview
        question's) already used."""
        own = {w for w in T.stems(" ".join(tokens(question))) if w not in self.prompt_words}
        if len(own) >= MIN_WORDS and len(own & self.words) >= SHARED_WORDS * len(own):
            return True
        if self._answer_given(question):
            return True
        # read from its form alone: before the checks that measure items and earlier stages
        if any(given(question, self.said) for given in _GIVEN_IN_KIND):
            return True
        if kind.choice_made(question, self.words):
            return True
        if self._about(question, self.items, self.credit, EXPLAINED):
            return True
        # an earlier stage is over: a point it made, even only named, is not asked for again
        # later ("what must not get worse for you to launch?" while scaling, after the
        # metrics stage listed guardrails; "how would you split the data?" in training, after
        # the data stage split by query and time)
        if self._about(question, self.items, self._said_before, STATED):
            return True
        if any(self._about(question, *earlier, STATED) for earlier in self._earlier):
            return True
        said = self.grader.similar(self.said, [question]) if self.said else []
        if any(row[0] >= ANSWERED_BY for row in said):
            return True
        whole = self.grader.similar(self.answers, [question]) if self.answers else []
        if any(row[0] >= ANSWERED_OVER for row in whole):
            return True
        before = self.grader.vectors.similarity([question], self.asked) if self.asked else []
        return any(sim >= ASKED_BEFORE for row in before for sim in row)

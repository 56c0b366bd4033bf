"""The LLM grader: one structured call per stage, in a fresh context, with checked evidence.

Each stage is graded on its own transcript, its rubric descriptors, its checklist and the
question's expectations, so one stage's answers cannot colour another's grade and a live
session can grade each stage as it closes. The candidate's words are delimited and declared
data. Every quote is verified (evidence.py); a grade with a quote the candidate never said is
re-asked once, then withheld as unsupported, never kept (llm_verdicts.py makes the grades).
"""

from __future__ import annotations

from agent.knowledge import Knowledge, Question, Stage, default_knowledge
from agent.llm.client import LLM
from agent.llm.prompts import candidate_block, render
from agent.llm.replies import Messages, Usage
from agent.llm.structured import structured
from agent.red_flags import RedFlag
from agent.retrieval.embeddings import Embedder
from agent.scoring.assessment import StageAssessment
from agent.scoring.credit import unanswered
from agent.scoring.drawn import prompt_section
from agent.scoring.evidence import check_quotes
from agent.scoring.flag_hits import listed
from agent.scoring.flag_scope import for_transcript
from agent.scoring.llm_verdicts import median_grade, verified_grade, withheld_grade
from agent.scoring.pushback import QUESTIONED
from agent.scoring.rubric import Rubric, default_rubric
from agent.scoring.scorecard import StageGrade
from agent.scoring.transcript import Transcript
from agent.scoring.vectors import Vectors, shared_vectors
from agent.state import Turn

GRADE_TOKENS = 1024  # the bounded verdict is at most ~1,400 characters: ~400 tokens of
# English, but a small model writing junk can need 2 chars/token or less


def _line(turn: Turn) -> str:
    if turn["role"] == "candidate":
        return (
            f"Candidate used the command {turn['text'].strip()}"
            if turn.get("kind") == "command"
            else f"Candidate:\n{candidate_block(turn['text'])}"
        )
    return f"Interviewer{' (hint)' if turn.get('kind') == 'hint' else ''}: {turn['text']}"


def _expectations(question: Question | None, stage: Stage) -> str:
    if question is None:
        return "The question is not in the question bank: judge against the checklist alone."
    expect = question.stages[stage]
    return (
        f"Key points: {', '.join(expect.key_points)}\nStrong: {expect.strong}\n"
        f"Mixed: {expect.mixed}\nWeak: {expect.weak}"
    )


class LLMGrader:
    """Grades stages through `llm`, `repeats` runs each (median); `usage` totals the tokens of
    every call it made."""

    def __init__(
        self,
        llm: LLM,
        knowledge: Knowledge | None = None,
        rubric: Rubric | None = None,
        repeats: int = 1,
        vectors: Vectors | None = None,
    ):
        self.llm, self.repeats = llm, repeats
        self.knowledge = knowledge or default_knowledge()
        self.rubric = rubric or default_rubric()
        self._vectors = vectors
        self.usage = Usage()
        self.cancelled = False

    def cancel(self) -> None:
        """Give up the call in flight (from another thread): it fails with an LLMError."""
        self.cancelled = True
        self.llm.close()

    @property
    def name(self) -> str:
        return self.llm.model

    @property
    def embedder(self) -> Embedder:
        """MiniLM, which places a diagram's boxes in the reference design (loaded on first use)."""
        return (self._vectors or shared_vectors()).embedder

    def messages(
        self, transcript: Transcript, stage: Stage, flags: list[RedFlag] | None = None
    ) -> Messages:
        """The fresh context for one stage: rubric, expectations and that stage's lines only."""
        rubric, spec = self.rubric, self.knowledge.stages[stage]
        question = self._question(transcript)
        scale = "\n".join(f"{n} ({a.label}): {a.anchor}" for n, a in rubric.scale.items())
        comm = rubric.dimensions["communication"].descriptors
        user = render(
            "grade_stage",
            question=question.prompt if question else transcript.question_text,
            stage_title=spec.title,
            descriptors="\n".join(f"{n}: {d}" for n, d in rubric.stages[stage].items()),
            checklist="\n".join(
                f"- {item.text}" for item in self.knowledge.checklist(stage, question)
            ),
            expectations=_expectations(question, stage),
            communication="\n".join(f"{n}: {d}" for n, d in comm.items()),
            transcript="\n\n".join(_line(line) for line in transcript.stage_turns(stage)),
            red_flags=listed(self.flags_for(transcript, stage) if flags is None else flags),
            diagrams=prompt_section(transcript, stage, self.knowledge, self.embedder),
        )
        return [
            {"role": "system", "content": render("grade_system", scale=scale)},
            {"role": "user", "content": user},
        ]

    def _question(self, transcript: Transcript) -> Question | None:
        qid = transcript.question_id
        return self.knowledge.question(qid) if qid else None

    def flags_for(self, transcript: Transcript, stage: Stage) -> list[RedFlag]:
        vectors = self._vectors or shared_vectors()
        # and the one mistake any stage can show: a questioned choice kept (pushback.py)
        return [*for_transcript(self.knowledge, stage, transcript, vectors), QUESTIONED]

    def _ask(self, messages: Messages, seed: int | None) -> StageAssessment:
        params: dict[str, object] = {
            "max_tokens": max(self.llm.settings.answer_tokens, GRADE_TOKENS)
        }
        if seed is not None:
            params["seed"] = seed
        assessment, usage = structured(self.llm, messages, StageAssessment, **params)
        self.usage.add(usage)
        return assessment

    def assess(self, transcript: Transcript, stage: Stage, seed: int | None) -> StageGrade:
        """One graded run: ask, verify the quotes, re-ask once if any is not found."""
        listed = self.flags_for(transcript, stage)  # the prompt's F1..Fn, for verified_grade
        messages = self.messages(transcript, stage, listed)
        first = self._ask(messages, seed)
        checked = check_quotes(first.evidence, transcript, stage)
        if checked.all_valid and checked.valid:
            return verified_grade(first, transcript, stage, listed)
        missing = "\n".join(f"- {q}" for q in checked.invalid) or "- (no quote was given)"
        messages += [
            {"role": "assistant", "content": first.model_dump_json()},
            {"role": "user", "content": render("grade_reask", missing=missing)},
        ]
        second = self._ask(messages, seed)
        rechecked = check_quotes(second.evidence, transcript, stage)
        if rechecked.all_valid and rechecked.valid:
            return verified_grade(second, transcript, stage, listed)
        return withheld_grade(second, rechecked)

    def grade_stage(self, transcript: Transcript, stage: Stage) -> StageGrade:
        """The stage grade: the median of `repeats` runs, minus the hint penalty."""
        hints = transcript.hints.get(stage, 0)
        if not transcript.answers(stage):
            return unanswered(self.knowledge, stage, self._question(transcript), hints)
        seed = self.llm.settings.seed
        runs = [
            self.assess(transcript, stage, None if seed is None else seed + i)
            for i in range(self.repeats)
        ]
        grade = median_grade(runs)
        if grade.score is not None:
            grade.score = self.rubric.apply_hints(grade.score, hints)
        grade.hints = hints
        return grade

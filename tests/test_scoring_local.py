"""The LLM grader against the real llama.cpp server and its 135M model: schema-valid output.

The tiny model grades poorly; this checks the pipeline (prompt, json_schema output, quote
checking, re-ask, assembly), not the quality of its judgement.
"""

import pytest

from agent.scoring.evidence import check_quotes
from agent.scoring.grade import grade_transcript
from agent.scoring.llm_grader import LLMGrader
from agent.scoring.transcript import Transcript
from agent.state import make_turn

pytestmark = pytest.mark.local_model


@pytest.mark.timeout(900)  # seconds per call when other jobs load the two cores
def test_a_short_case_yields_a_schema_valid_scorecard(local_model, monkeypatch):
    monkeypatch.setenv("MLSD_TIMEOUT", "400")
    transcript = Transcript(
        None,
        "Design a spam filter for a large email service.",
        [
            make_turn("metrics", "interviewer", "How would you know the filter works well?"),
            make_turn(
                "metrics",
                "candidate",
                "Spam is rare, so accuracy is misleading; I'd report "
                "precision at a fixed recall offline, and online the rate of user spam reports, "
                "with p99 latency under 50 ms as a guardrail.",
                "answer",
            ),
        ],
    )
    asks = []  # one per verdict asked for: the first, and a re-ask if a quote was not found
    ask = LLMGrader._ask

    def spy(self, messages, seed):
        asks.append(len(messages))
        return ask(self, messages, seed)

    monkeypatch.setattr(LLMGrader, "_ask", spy)
    card = grade_transcript(transcript, grader="llm")
    assert card.grader == "smollm2-135m" and card.usage.calls >= len(asks)
    metrics = card.stages["metrics"]
    # Deliberately either way: whether the 135M model quotes the answer verbatim is its call.
    if metrics.supported:
        assert len(asks) in (1, 2) and 1 <= metrics.score <= 4
        checked = check_quotes(metrics.evidence, transcript, "metrics")
        assert metrics.evidence and checked.all_valid, checked.invalid
        assert card.graded and card.overall is not None
    else:
        assert asks == [2, 4] and metrics.score is None  # re-asked once, with its own reply
        assert metrics.rationale.startswith("Unsupported")
        assert not card.graded and card.reason

"""The LLM grader against the real llama.cpp server and its 135M model: schema-valid output.

The tiny model grades poorly; this checks the pipeline (prompt, json_schema output, quote
checking, re-ask, assembly), not the quality of its judgement.
"""

import pytest

from agent.scoring.grade import grade_transcript
from agent.scoring.scorecard import Scorecard
from agent.scoring.transcript import Line, Transcript

pytestmark = pytest.mark.local_model


@pytest.mark.timeout(900)  # seconds per call when other jobs load the two cores
def test_a_short_case_yields_a_schema_valid_scorecard(local_model, monkeypatch):
    monkeypatch.setenv("MLSD_TIMEOUT", "400")
    transcript = Transcript(
        None,
        "Design a spam filter for a large email service.",
        [
            Line("metrics", "interviewer", "How would you know the filter works well?"),
            Line(
                "metrics",
                "candidate",
                "Spam is rare, so accuracy is misleading; I'd report "
                "precision at a fixed recall offline, and online the rate of user spam reports, "
                "with p99 latency under 50 ms as a guardrail.",
                "answer",
            ),
        ],
    )
    card = grade_transcript(transcript, grader="llm")
    assert Scorecard.model_validate_json(card.model_dump_json()) == card
    assert card.grader == "smollm2-135m" and card.usage.calls >= 1
    metrics = card.stages["metrics"]
    assert metrics.supported == (metrics.score is not None)
    assert card.graded == metrics.supported

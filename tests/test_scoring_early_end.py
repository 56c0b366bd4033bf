"""An interview that ends early is graded on the stages reached only, and a live session's target
level decides the recommendation; real coverage grades, no doubles."""

import statistics

import pytest

from agent.cases import load_case
from agent.knowledge import STAGES, default_knowledge
from agent.llm.replies import Usage
from agent.notes import named_short
from agent.paths import EVALS_DIR
from agent.scoring.assemble import assemble
from agent.scoring.grade import grade_transcript
from agent.scoring.render import render_markdown
from agent.scoring.rubric import default_rubric
from agent.scoring.scorecard import Scorecard, StageGrade
from agent.scoring.transcript import Transcript
from agent.scoring.vectors import shared_vectors

STRONG = load_case(EVALS_DIR / "cases" / "ads-ctr-strong-1.yaml")
REACHED, UNREACHED = list(STAGES[:3]), list(STAGES[3:])


def _state(stages: list[str], level: str | None = None) -> dict:
    """A live session's values: the strong case's turns in `stages`, and its target level."""
    turns = [t for t in Transcript.from_case(STRONG).turns if t["stage"] in stages]
    values = {"question_id": STRONG.question, "question_text": "", "turns": turns}
    return values | ({"level": level} if level else {})


@pytest.fixture(scope="module")
def early() -> Scorecard:
    return grade_transcript(Transcript.from_state(_state(REACHED)), grader="coverage")


def test_the_overall_is_the_mean_of_the_stages_reached_only(early):
    assert early.graded and not early.complete and early.provisional
    assert early.not_reached == UNREACHED
    reached = [early.stages[s].score for s in REACHED]
    assert None not in reached
    assert early.overall == round(statistics.mean(reached), 2)
    assert all(early.stages[s].score is None for s in UNREACHED)


def test_no_dimension_averages_a_stage_not_reached(early):
    for name, dim in early.dimensions.items():
        if dim.score is None:
            continue
        parts = dim.rationale.rsplit("(from ", 1)[1]
        named = {p.split()[0] for p in parts.rstrip(")").split(", ")}
        assert named and named <= set(REACHED), (name, dim.rationale)


def test_stages_not_reached_get_a_pacing_item_but_no_score(early):
    titles = [default_knowledge().stages[s].title for s in UNREACHED]
    pacing = [i for i in early.improvements if "not reached" in i.text]
    # named short, since titles hold commas of their own ("MVP, baseline and ...")
    assert len(pacing) == 1 and pacing[0].text.startswith(f"{named_short(UNREACHED)}: not reached")
    assert not any(t in s for s in early.strengths for t in titles)
    assert early.sample_answer.stage in REACHED


def test_the_markdown_says_the_recommendation_is_provisional(early):
    text = render_markdown(early)
    assert "(provisional: 3 of 7 stages reached)" in text
    assert f"Not reached (graded on the stages reached only): {named_short(UNREACHED)}." in text


def test_a_complete_interview_is_not_provisional():
    card = grade_transcript(Transcript.from_state(_state(list(STAGES))), grader="coverage")
    assert card.complete and not card.provisional and card.not_reached == []
    assert "provisional" not in render_markdown(card)


def _meets_mid_only(target: str | None) -> Scorecard:
    """Stage grades whose pattern meets the mid bar and not the senior one (overall 2.86)."""
    scores = dict.fromkeys(STAGES, 3.0) | {"training": 2.0}  # no 4s: not senior
    grades = {
        s: StageGrade(score=v, rationale="graded", missed=["more"]) for s, v in scores.items()
    }
    return assemble(
        grades,
        Transcript.from_state(_state(list(STAGES), target)),
        grader="coverage",
        usage=Usage(),
        knowledge=default_knowledge(),
        rubric=default_rubric(),
        vectors=shared_vectors(),
    )


def test_the_session_target_decides_the_recommendation():
    senior = _meets_mid_only("senior")
    assert senior.target_level == "senior" and senior.overall == 2.86
    assert (senior.level, senior.recommendation) == ("mid", "no_hire")
    assert senior.verdict == "meets the mid bar, below the senior target"
    text = render_markdown(senior)
    assert "recommendation: no hire · level: mid · target: senior" in text
    assert "Level: meets the mid bar, below the senior target." in text
    mid = _meets_mid_only("mid")
    assert (mid.level, mid.recommendation, mid.verdict) == ("mid", "hire", "meets the mid target")
    none = _meets_mid_only(None)  # a case file: the scale anchor, as `mlsd eval` reports it
    assert (none.target_level, none.level, none.recommendation) == (None, "mid", "hire")
    assert "target: none" in render_markdown(none)

"""The rubric loads and validates, and its decision rules do what docs/scoring.md says."""

import pytest

from agent.knowledge import STAGES, KnowledgeError, load_rubric
from agent.scoring.rubric import default_rubric, level, parse_rubric, recommendation


def test_shipped_rubric_is_complete():
    rubric = default_rubric()
    assert set(rubric.scale) == {1, 2, 3, 4}
    assert set(rubric.stages) == set(STAGES)
    assert rubric.dimensions["communication"].stages == list(STAGES)
    assert rubric.scale[3].recommendation == "hire"


def test_a_missing_descriptor_is_a_clear_error():
    raw = load_rubric()
    raw["stages"]["metrics"] = {k: v for k, v in raw["stages"]["metrics"].items() if k != 4}
    with pytest.raises(KnowledgeError, match=r"rubric.yaml.*stages.metrics: scores \[1, 2, 3\]"):
        parse_rubric(raw)


def test_a_missing_dimension_is_a_clear_error():
    raw = load_rubric()
    del raw["dimensions"]["communication"]
    with pytest.raises(KnowledgeError, match="dimensions.communication: missing"):
        parse_rubric(raw)


@pytest.mark.parametrize(
    ("overall", "expected"),
    [
        (1.0, "strong_no_hire"),
        (1.49, "strong_no_hire"),
        (1.5, "no_hire"),
        (2.49, "no_hire"),
        (2.5, "hire"),
        (3.49, "hire"),
        (3.5, "strong_hire"),
        (4.0, "strong_hire"),
    ],
)
def test_recommendation_is_the_nearest_anchor(overall, expected):
    assert recommendation(overall) == expected


def test_hint_penalty_is_per_hint_and_capped():
    rubric = default_rubric()
    assert rubric.penalty(0) == 0
    assert rubric.penalty(1) == rubric.hint_penalty.per_hint == 0.5
    assert rubric.penalty(5) == rubric.hint_penalty.max == 1.0
    assert rubric.apply_hints(1.2, 2) == 1.0  # never below the scale


def _all(score):
    return dict.fromkeys(STAGES, score)


def test_levels_follow_the_rubric_text():
    assert level(4.0, _all(4.0)) == "staff"
    assert level(4.0, _all(4.0), hints=1) == "senior"  # staff needs no hints
    senior = _all(3.0) | {"metrics": 4.0, "data": 4.0}
    assert level(3.3, senior) == "senior"
    assert level(3.3, senior, hints=3) == "mid"  # more than "few" hints
    mid = _all(3.0) | {"scaling": 2.0, "training": 2.0}
    assert level(2.9, mid) == "mid"
    assert level(2.9, mid | {"scaling": 1.0}) == "below_mid"  # a stage not covered
    assert level(2.2, _all(2.2)) == "below_mid"
    assert level(3.0, {}) == "below_mid"

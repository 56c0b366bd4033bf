"""The rules that turn a rubric's scores into a decision: the level a pattern of stage scores
shows, the recommendation, and the verdict against the target level (docs/scoring.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from agent.knowledge import Stage
from agent.scoring.rubric import Rubric, default_rubric
from agent.scoring.scorecard import LEVELS, Level, Recommendation

CORE_STAGES: tuple[Stage, ...] = ("metrics", "data", "training")  # named by the mid level text


def recommendation(
    overall: float,
    rubric: Rubric | None = None,
    *,
    demonstrated: Level | None = None,
    target: Level | None = None,
) -> Recommendation:
    """With no target: the recommendation of the scale anchor nearest to `overall` (halves
    round up). With a target: for that target. A hire only when the `demonstrated` level is at
    or above it, strong when above it or at the strong_hire anchor; a no-hire otherwise, strong
    at the strong_no_hire anchor."""
    rubric = rubric or default_rubric()
    anchor = rubric.scale[nearest_anchor(overall)].recommendation
    if target is None or demonstrated is None:
        return anchor
    gap = LEVELS.index(demonstrated) - LEVELS.index(target)
    if gap >= 0:
        return "strong_hire" if gap > 0 or anchor == "strong_hire" else "hire"
    return "strong_no_hire" if anchor == "strong_no_hire" else "no_hire"


MAX_RED_FLAGS: dict[Level, int] = {"mid": 2, "senior": 1, "staff": 0}


def nearest_anchor(score: float) -> int:
    return int(min(4, max(1, int(score + 0.5))))


def level(
    overall: float, stage_scores: Mapping[Stage, float], hints: int = 0, red_flags: int = 0
) -> Level:
    """The highest level whose expectations (knowledge/rubric.yaml `levels`) the pattern meets.

    Each stage score is read as its nearest anchor. staff: "mostly 4s, needs no hints";
    senior: "mostly 3s with several 4s, few hints"; mid: "covers every stage, mostly 3s in
    the core stages, 2s acceptable". "Mostly" means more than half; "several" means two or
    more; "few hints" means at most one per three stages. Red flags are wrong fundamentals:
    staff allows none, senior one, mid two (MAX_RED_FLAGS).
    """
    anchors = {s: nearest_anchor(v) for s, v in stage_scores.items()}
    allowed = [lv for lv, most in MAX_RED_FLAGS.items() if red_flags <= most]
    if not anchors or not allowed:
        return "below_mid"
    return min(_pattern_level(overall, anchors, hints), allowed[-1], key=LEVELS.index)


def _pattern_level(overall: float, anchors: Mapping[Stage, int], hints: int) -> Level:
    values = list(anchors.values())
    mostly = len(values) / 2

    def count(at_least: int) -> int:
        return sum(v >= at_least for v in values)

    if overall >= 3.5 and count(4) > mostly and min(values) >= 3 and hints == 0:
        return "staff"
    if (
        overall >= 3.0
        and count(3) > mostly
        and count(4) >= 2
        and min(values) >= 2
        and hints <= len(values) // 3
    ):
        return "senior"
    core = [anchors[s] for s in CORE_STAGES if s in anchors]
    if overall >= 2.5 and core and sum(v >= 3 for v in core) > len(core) / 2 and min(values) >= 2:
        return "mid"
    return "below_mid"


@dataclass(frozen=True)
class Decision:
    level: Level
    recommendation: Recommendation
    verdict: str  # the level against the target, in words


def decide(
    overall: float,
    stage_scores: Mapping[Stage, float],
    hints: int = 0,
    target: Level | None = None,
    rubric: Rubric | None = None,
    red_flags: int = 0,
) -> Decision:
    """Level, recommendation and verdict, consistent with each other and with the target.

    With no target the scale anchor stands (so eval figures keep their meaning) and bounds the
    level: a hire meets at least the mid bar, a no-hire at most the mid bar.
    """
    shown = level(overall, stage_scores, hints, red_flags)
    chosen = recommendation(overall, rubric, demonstrated=shown, target=target)
    if target is None:
        hire = chosen in ("hire", "strong_hire")
        if hire and shown == "below_mid" and red_flags > MAX_RED_FLAGS["mid"]:
            chosen = "no_hire"  # too many wrong fundamentals for any level
        elif (hire and shown == "below_mid") or (not hire and shown in ("senior", "staff")):
            shown = "mid"
    return Decision(shown, chosen, verdict(shown, target))


def verdict(shown: Level, target: Level | None) -> str:
    """E.g. "meets the mid bar, below the senior target"."""
    bar = "below the mid bar" if shown == "below_mid" else f"meets the {shown} bar"
    if target is None:
        return bar
    if shown == target:
        return f"meets the {target} target"
    if shown == "below_mid" and target == "mid":
        return "below the mid target"
    side = "above" if LEVELS.index(shown) > LEVELS.index(target) else "below"
    return f"{bar}, {side} the {target} target"

"""A red flag once raised: the sentence that made it (`Hit`), what it costs the stage, and
how the grading prompt lists flags and the scorecard shows them (constants in docs/scoring.md).
Which sentences raise one is flags.py's business."""

from __future__ import annotations

from dataclasses import dataclass

from agent.red_flags import RedFlag
from agent.scoring.scorecard import FlagFinding

FLAG_PENALTY = 0.75  # points a stage loses per red flag the candidate raised in it
FLAG_CAP = 2  # flags that cost points in one stage (all are still shown)
FLAG_CEILING = 2.4  # a stage with a red flag is at best weak: the rubric's 3 ("covers the
# stage's essentials correctly") cannot hold when an essential choice is wrong


def penalised(score: float, flags: int) -> float:
    """A stage score after its red-flag penalty, never below the scale's floor of 1."""
    if not flags:
        return score
    return max(1.0, min(FLAG_CEILING, score - FLAG_PENALTY * min(flags, FLAG_CAP)))


def listed(flags: list[RedFlag]) -> str:
    """The flags as a grading prompt lists them, F1 ... Fn, read back with `flag_number`."""
    if not flags:
        return "(none listed for this stage)"
    return "\n".join(f"F{n}: {f.flag} Why it is wrong: {f.why}" for n, f in enumerate(flags, 1))


def flag_number(flag_id: str) -> int | None:
    digits = "".join(c for c in flag_id if c.isdigit())
    return int(digits) if digits else None


@dataclass(frozen=True)
class Hit:
    flag: RedFlag
    sentence: str


def findings(hits: list[Hit]) -> list[FlagFinding]:
    return [
        FlagFinding(
            flag=h.flag.flag,
            quote=h.sentence,
            why=h.flag.why,
            instead=h.flag.instead,
            note=h.flag.note,
        )
        for h in hits
    ]

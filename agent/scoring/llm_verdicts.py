"""What the LLM grader keeps of the model's verdicts: a verified assessment as a StageGrade, a
grade withheld when its quotes stay unfound after the re-ask, and the median of repeated runs.
"""

from __future__ import annotations

import statistics

from agent.knowledge import Stage
from agent.red_flags import RedFlag
from agent.scoring.assessment import StageAssessment
from agent.scoring.evidence import Checked, check_quotes
from agent.scoring.flag_hits import Hit, findings, flag_number, penalised
from agent.scoring.scorecard import StageGrade
from agent.scoring.transcript import Transcript


def verified_grade(
    assessment: StageAssessment,
    transcript: Transcript,
    stage: Stage,
    listed: list[RedFlag],
) -> StageGrade:
    """The grade of a verified assessment; a red flag counts only with a verbatim quote of
    a flag the prompt listed, and costs what it costs in the coverage grader."""
    by_number = dict(enumerate(listed, 1))
    raised = [
        Hit(by_number[n], r.quote)
        for r in assessment.red_flags
        if (n := flag_number(r.id)) in by_number
        and check_quotes([r.quote], transcript, stage).all_valid
    ]
    raised = list({h.flag.id: h for h in raised}.values())
    return StageGrade(
        score=penalised(float(assessment.score), len(raised)),
        rationale=assessment.rationale,
        evidence=assessment.evidence,
        missed=assessment.missed,
        red_flags=findings(raised),
        communication=float(assessment.communication),
    )


def withheld_grade(assessment: StageAssessment, checked: Checked) -> StageGrade:
    """No score for an assessment whose quotes are still not found after the re-ask: the valid
    quotes are kept, and the rationale names the rest."""
    bad = "; ".join(f'"{q}"' for q in checked.invalid) or "no quote at all"
    return StageGrade(
        score=None,
        supported=False,
        evidence=checked.valid,
        missed=assessment.missed,
        rationale=f"Unsupported: the grader's evidence was not found in the "
        f"candidate's answers after one re-ask ({bad}), so its "
        f"score is withheld.",
    )


def median_grade(runs: list[StageGrade]) -> StageGrade:
    """Median score and communication over the supported runs; the text of the run nearest it."""
    supported = [r for r in runs if r.supported and r.score is not None]
    if not supported:
        return runs[-1]
    score = statistics.median(r.score for r in supported)
    comms = [r.communication for r in supported if r.communication is not None]
    chosen = min(supported, key=lambda r: abs((r.score or 0) - score)).model_copy()
    chosen.score = float(score)
    chosen.communication = float(statistics.median(comms)) if comms else None
    if len(supported) < len(runs):
        chosen.rationale += (
            f" ({len(runs) - len(supported)} of {len(runs)} runs were "
            "unsupported and left out of the median.)"
        )
    return chosen

"""Eval metrics on small hand-computed examples built from synthetic scorecards."""

from __future__ import annotations

import numpy as np
import pytest

from agent.cases import Case
from agent.evaluation import metrics, safeguards
from agent.evaluation.runs import Run
from agent.evaluation.stats import icc_2_1, measured, on_scale, proportion, qwk
from agent.scoring.scorecard import Scorecard, StageGrade

# Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges; they report ICC(2,1) = .29.
SHROUT_FLEISS = np.array(
    [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
)
ANSWER = "We rank by predicted click-through rate because revenue is bid times CTR."


def case(cid: str, question: str = "q1", **fields) -> Case:
    turns = [
        {"role": "interviewer", "stage": "problem", "text": "Design it."},
        {"role": "candidate", "text": ANSWER},
    ]
    return Case.model_validate({"id": cid, "question": question, "turns": turns} | fields)


def run(
    c: Case,
    score: float | None,
    repeat: int = 0,
    *,
    evidence=(ANSWER,),
    stage_score: float | None = None,
) -> Run:
    if score is None:
        card = Scorecard(graded=False, reason="garbage")
    else:
        grade = StageGrade(score=stage_score or score, evidence=list(evidence))
        card = Scorecard(overall=score, stages={"problem": grade})
    return Run(c, "coverage", repeat, card)


def test_icc_matches_shrout_and_fleiss_table_2():
    assert icc_2_1(SHROUT_FLEISS) == pytest.approx(0.29, abs=0.005)


def test_icc_is_one_on_perfect_agreement_and_nan_without_variance():
    assert icc_2_1(np.array([[1, 1], [2, 2], [4, 4]])) == pytest.approx(1.0)
    assert np.isnan(icc_2_1(np.array([[3, 3], [3, 3]])))


def test_scale_rounds_half_up_and_qwk_uses_it():
    assert on_scale([0.2, 1.49, 2.5, 3.5, 4.7]).tolist() == [1, 1, 3, 4, 4]
    assert qwk([1.2, 2.4, 3.6], [1, 2, 4]) == pytest.approx(1.0)


def test_measured_reports_null_with_a_reason_instead_of_a_number():
    few = measured(lambda i: 1.0, 2, least=3, what="cases")
    assert few.value is None and few.reason == "needs at least 3 cases, got 2"
    flat = measured(lambda i: float("nan"), 5, what="cases")
    assert flat.value is None and "no variance" in flat.reason


def test_proportion_has_an_exact_interval():
    rate = proportion(8, 8, "garbage runs")
    assert rate.value == 1.0 and rate.ci95[1] == 1.0
    assert rate.ci95[0] == pytest.approx(0.6306, abs=1e-3)  # 0.025 ** (1 / 8)
    assert proportion(0, 0, "garbage runs").reason == "no garbage runs in this run"


def test_ordering_counts_ties_and_inversions_as_wrong():
    scores = {
        ("q1", "strong"): 3.5,
        ("q1", "mixed"): 2.5,
        ("q1", "weak"): 1.5,
        ("q2", "strong"): 3.0,
        ("q2", "mixed"): 3.0,
        ("q2", "weak"): 3.2,
    }
    runs = [run(case(f"{q}-{lvl}", q, level=lvl), s) for (q, lvl), s in scores.items()]
    found = metrics.grader_metrics(runs)
    assert found["ordering.pairs_correct"].value == 0.5  # q1: 3 of 3, q2: 0 of 3
    assert found["ordering.pairs_correct"].n == 2
    assert found["ordering.kendall_tau"].n == 6


def test_robustness_deltas_against_the_base_case():
    strong, mixed, weak = (
        case("strong", level="strong"),
        case("mixed", level="mixed"),
        case("weak", level="weak"),
    )
    variants = {
        "padded": ("strong", 3.7),
        "reordered": ("strong", 3.3),
        "injected": ("mixed", 2.5),
        "buzzword": ("weak", 2.0),
    }
    runs = [run(strong, 3.5), run(mixed, 2.5), run(weak, 1.5)]
    runs += [
        run(case(v, level="adversarial", variant=v, base=b), s) for v, (b, s) in variants.items()
    ]
    found = metrics.grader_metrics(runs)
    assert found["robustness.padded.max_increase"].value == pytest.approx(0.2)
    assert found["robustness.reordered.max_abs_delta"].value == pytest.approx(0.2)
    assert found["robustness.reordered.max_increase"].value == pytest.approx(-0.2)
    assert found["robustness.injected.max_abs_delta"].value == 0
    assert found["robustness.buzzword.max_increase"].value == pytest.approx(0.5)
    assert found["robustness.buzzword.min_gap_to_strong"].value == pytest.approx(1.5)


def test_refusal_rates_per_run_and_failed_runs():
    garbage, real = case("garbage", refuse=True), case("real")
    runs = [
        run(garbage, None, 0),
        run(garbage, 2.0, 1),
        run(real, 3.0, 0),
        run(real, None, 1),
        Run(real, "coverage", 2, error="endpoint down"),
    ]
    found = safeguards.refusal(runs)
    assert found["refusal.garbage_refusal_rate"].value == 0.5
    assert found["refusal.false_refusal_rate"].value == 0.5
    assert found["runs.failed"].value == 1 and found["runs.failed"].n == 5


def test_test_retest_is_null_with_one_repeat_and_computed_with_more():
    cases = [case(f"c{i}") for i in range(4)]
    once = metrics.grader_metrics([run(c, 2.0 + i * 0.5) for i, c in enumerate(cases)])
    assert once["test_retest.icc_2_1"].value is None
    assert once["test_retest.icc_2_1"].reason == "needs --repeats 2 or more"
    table = [[1.0, 1.0], [2.0, 2.5], [3.0, 3.0], [4.0, 4.0]]
    twice = [run(c, s, r) for c, row in zip(cases, table) for r, s in enumerate(row)]
    found = metrics.grader_metrics(twice)
    # by hand (Shrout & Fleiss case 2): MSR 307/96, MSE 1/32, MSC 1/32, so 152/155
    assert found["test_retest.icc_2_1"].value == pytest.approx(152 / 155, abs=1e-4)
    assert found["test_retest.mean_spread"].value == pytest.approx(0.125)
    # per case: refusal, overall, 7 stages = 9 items; c1 disagrees on overall and problem
    assert found["test_retest.exact_agreement"].value == pytest.approx(34 / 36, abs=1e-4)


def test_reference_agreement_against_labels():
    labels = [1.0, 2.0, 3.0, 4.0]
    runs = [
        run(case(f"c{i}", expect={"overall": lbl, "stages": {"problem": lbl}}), 1 + (lbl - 1) * 0.9)
        for i, lbl in enumerate(labels)
    ]
    found = metrics.grader_metrics(runs)
    assert found["reference.qwk_overall"].value == pytest.approx(1.0)
    assert found["reference.spearman_stages"].value == pytest.approx(1.0)
    assert found["reference.qwk_overall"].n == 4


def test_evidence_validity_checks_quotes_against_the_stage_answers():
    c = case("c")
    runs = [run(c, 3.0, evidence=(ANSWER, "words the candidate never said"))]
    found = safeguards.evidence(runs)
    assert found["evidence.validity"].value == 0.5 and found["evidence.validity"].n == 2


def test_agreement_between_graders_on_shared_cases():
    cases = [case(f"c{i}") for i in range(4)]
    coverage = [run(c, s) for c, s in zip(cases, [1.0, 2.0, 3.0, 4.0])]
    llm = [run(c, s) for c, s in zip(cases, [1.2, 2.2, 2.9, None])]
    found = metrics.agreement(coverage, llm)
    assert found["agreement.spearman"].value == pytest.approx(1.0)
    assert found["agreement.qwk"].n == 3


def test_a_failed_grading_leaves_its_pairs_out_of_the_ordering():
    strong, weak = case("q1-strong", level="strong"), case("q1-weak", level="weak")
    runs = [Run(strong, "llm", 0, error="timed out"), run(weak, 1.5)]
    found = metrics.grader_metrics(runs)
    assert found["ordering.pairs_correct"].value is None
    assert "questions with two designed levels graded" in found["ordering.pairs_correct"].reason
    refused = metrics.grader_metrics([run(strong, None), run(weak, 1.5)])
    assert refused["ordering.pairs_correct"].value == 0  # refusing a strong answer ranks it wrong


def test_withheld_stages_count_even_when_the_whole_card_is_ungraded():
    withheld = StageGrade(score=None, supported=False, rationale="Unsupported")
    unreached = StageGrade(score=None, rationale="Not reached in this interview.")
    card = Scorecard(
        graded=False,
        reason="no stage could be graded with verified evidence.",
        stages={"problem": withheld, "metrics": unreached},
    )
    found = safeguards.evidence([Run(case("c"), "llm", 0, card)])
    assert found["evidence.unsupported_stages"].value == 1.0
    assert found["evidence.unsupported_stages"].n == 1
    assert found["evidence.validity"].value is None

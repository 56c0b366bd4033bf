"""Every grading set in the repository loads, and every red flag planted in it quotes its
case: a planted quote nothing contains would count as missed by any grader."""

from __future__ import annotations

import pytest

from agent.cases import load_cases
from agent.evaluation.judgement import load_planted
from agent.paths import EVALS_DIR

SETS = ["cases", "dev2", "dev3", "dev4", "blind"]


@pytest.mark.parametrize("name", SETS)
def test_a_grading_set_loads_with_its_planted_flags_quoted_verbatim(name):
    cases = {c.id: c for c in load_cases(EVALS_DIR / name)}
    planted = load_planted(EVALS_DIR / name)
    assert cases and planted
    for case_id, flags in planted.items():
        case = cases[case_id]
        said = " ".join(t.text for t in case.turns if t.role == "candidate")
        missing = [
            f.quote for f in flags if " ".join(f.quote.split()) not in " ".join(said.split())
        ]
        assert not missing, (case_id, missing)

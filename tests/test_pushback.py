"""A choice the interviewer questioned and the candidate kept is a red flag in any domain; a
reply that takes the concern up is not."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
import yaml

from agent.config import load_settings
from agent.llm.client import LLM
from agent.notes import STAGES
from agent.paths import EVALS_DIR
from agent.scoring.coverage import CoverageGrader
from agent.scoring.flag_hits import FLAG_CEILING
from agent.scoring.llm_grader import LLMGrader
from agent.scoring.pushback import KEPT, QUESTIONED, kept, questioning, waves_away
from agent.scoring.transcript import Transcript
from agent.scoring.vectors import shared_vectors
from agent.state import make_turn

CLAIM = "I'd train with MSE on the log of the value and exponentiate the prediction for the bids."
ANSWER = f"{CLAIM} LightGBM, with early stopping on the last month as validation."
DOUBT = (
    "Exponentiating a prediction made in log space gives roughly a geometric mean. "
    "Is that a problem for the bids?"
)


def _training(*turns: tuple[str, str]) -> Transcript:
    said = [make_turn("training", "interviewer", "How would you train the value model?")]
    said += [make_turn("training", role, text) for role, text in turns]
    return Transcript(None, "Predict each new customer's 12-month value to set ad bids.", said)


@pytest.mark.parametrize(
    ("reply", "flagged"),
    [
        ("No, the order of customers is what matters, so the bids come out the same.", True),
        ("Not really. The order of customers is what counts.", True),
        ("Yes, it would bias every bid low, so I'd use a Tweedie loss on the raw value.", False),
        ("Good point: I'd switch to a Tweedie loss and check calibration per campaign.", False),
    ],
)
def test_a_questioned_choice_kept_is_flagged_and_one_taken_up_is_not(reply, flagged):
    """No note's flag knows this mistake (the answer alone raises nothing): the interviewer's
    doubt and the reply that waves it away are what flag it, quoting the choice."""
    grader = CoverageGrader()
    alone = grader.grade_stage(_training(("candidate", ANSWER)), "training")
    assert not alone.red_flags
    grade = grader.grade_stage(
        _training(("candidate", ANSWER), ("interviewer", DOUBT), ("candidate", reply)),
        "training",
    )
    found = [f for f in grade.red_flags if f.flag == KEPT]
    assert bool(found) == flagged
    if flagged:
        assert found[0].quote == CLAIM and reply.split(".")[0] in found[0].why
        assert grade.score <= FLAG_CEILING


@pytest.mark.parametrize(
    ("turn", "questions"),
    [
        ("Trips share the traffic of their hour. Is a random split safe here?", True),
        ("With lag features in play, are you comfortable with a random split?", True),
        ("Doesn't a result's position affect whether it gets clicked?", True),
        ("You said you'd ship on the offline win. What could go wrong with that?", True),
        ("Can you walk me through the serving path?", False),
        ("Would you use a GBDT or a neural network here?", False),
        ("Is there anything else you'd monitor?", False),
        ("How would you split the data?", False),
        ("Tell me about the features.", False),
    ],
)
def test_a_choice_is_questioned_by_a_closed_question_not_a_request_or_an_open_one(turn, questions):
    assert bool(questioning(turn)) == questions


@pytest.mark.parametrize(
    ("question", "reply", "waved"),
    [
        ("Is a random split safe here?", "It's fine: every trip is a separate journey.", True),
        ("Is a random split safe here?", "Yes, each trip is independent of the others.", True),
        ("Is a random split safe here?", "No, you're right: I'd split by time.", False),
        ("Does that matter?", "Yes, it does, so I'd hold out whole speakers.", False),
        ("Does position affect clicks?", "A bit, but position is evidence of relevance.", True),
        ("Does that fit in 100 ms?", "Yes, it's a capacity question: add GPUs.", True),
        ("Would your metric notice?", "It wouldn\u2019t, but that\u2019s fine.", True),
        ("Is that a concern?", "Fair point, it is; I'd add a time-based holdout.", False),
        # a hedged yes is a yes; a concern judged too big, or a choice kept in so many words
        ("Are you comfortable with that?", "I think so, as long as the model is good.", True),
        ("Does that cause problems?", "I think so: I'd correct for it with IPS.", False),
        ("Isn't deciding on CTR risky?", "I think the risk is a bit overstated.", True),
        (
            "Does it bias the test?",
            "Yes, the lift would be overstated, so I'd split by user.",
            False,
        ),
        ("Is that the number you'd ship on?", "I'd still go with it: it moves fast.", True),
    ],
)
def test_a_reply_waves_a_concern_away_or_takes_it_up(question, reply, waved):
    assert waves_away(question, reply) == waved


def test_the_llm_grader_is_offered_the_questioned_choice_and_can_cite_it(endpoint):
    """The grading prompt lists the kept choice as one more red flag; a model that cites it
    with the choice's own sentence gets it on the scorecard, at the usual cost."""
    reply = "No, the order of customers is what matters, so the bids come out the same."

    def model(body: dict) -> str:
        prompt = body["messages"][1]["content"]
        listed = re.search(r"^(F\d+): " + re.escape(KEPT), prompt, re.MULTILINE)
        flags = [{"id": listed[1], "quote": CLAIM}] if listed else []
        return json.dumps(
            {
                "rationale": "Scripted.",
                "evidence": [CLAIM],
                "missed": [],
                "red_flags": flags,
                "communication": 3,
                "score": 4,
            }
        )

    endpoint.responder = model
    transcript = _training(("candidate", ANSWER), ("interviewer", DOUBT), ("candidate", reply))
    grade = LLMGrader(LLM(load_settings())).grade_stage(transcript, "training")
    assert [f.flag for f in grade.red_flags] == [QUESTIONED.flag]
    assert grade.red_flags[0].quote == CLAIM and grade.score == FLAG_CEILING


def test_on_exchanges_written_outside_the_code_no_right_choice_is_flagged():
    """evals/pushback/exchanges.yaml (a development set now; its README says how it moved):
    the rule's risk is a strong candidate who rightly keeps a choice, so none of the 36
    exchanges that keep or take back a choice rightly may be flagged."""
    rows = yaml.safe_load((EVALS_DIR / "pushback" / "exchanges.yaml").read_text())
    vectors = shared_vectors()
    flagged = {kind: 0 for kind in {r["kind"] for r in rows}}
    for r in rows:
        turns = [
            make_turn(r["stage"], "interviewer", "Tell me about that part."),
            make_turn(r["stage"], "candidate", r["answer"]),
            make_turn(r["stage"], "interviewer", r["question"]),
            make_turn(r["stage"], "candidate", r["reply"]),
        ]
        flagged[r["kind"]] += bool(kept(turns, vectors))
    assert flagged.pop("kept_mistake") >= 8
    assert flagged == {
        "corrected_mistake": 0,
        "defended_right_choice": 0,
        "right_choice_tradeoff": 0,
    }


def test_the_blind_exchanges_load_and_hold_twenty_of_each_kind():
    """evals/pushback/blind is measured in aggregate only (its README logs each look); this
    checks its shape, never its figures, so nobody tunes to it through a test."""
    rows = yaml.safe_load((EVALS_DIR / "pushback" / "blind" / "exchanges.yaml").read_text())
    assert Counter(r["kind"] for r in rows) == {
        "kept_mistake": 20,
        "corrected_mistake": 20,
        "defended_right_choice": 20,
        "right_choice_tradeoff": 20,
    }
    for r in rows:
        assert r["stage"] in STAGES and r["answer"] and r["reply"]
        assert r["question"].rstrip().endswith("?")

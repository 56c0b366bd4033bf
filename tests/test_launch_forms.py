"""An A/B test randomised by an event of the product's own (a ride request, a support chat, a
checkout) is the scaling note's per-request red flag, found by the sentence's form whatever
the event is called; a person-level unit, a negation or an exploration policy is not."""

import pytest

from agent.knowledge import default_knowledge
from agent.scoring.coverage import CoverageGrader
from agent.scoring.flag_scope import all_flags
from agent.scoring.launch_forms import AT_ONCE, PER_REQUEST, all_at_once, per_event
from agent.scoring.transcript import Transcript
from agent.scoring.vectors import shared_vectors
from agent.state import make_turn


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("In the experiment every ride request flips a coin between the old and new model.", True),
        ("We randomise each checkout into treatment or control to get samples fast.", True),
        ("Ticket-level randomisation for the test, since tickets are what we score.", True),
        ("For the test we randomise by rider id, so each request of a rider sees one arm.", False),
        ("We randomise shoppers into treatment and control; each checkout logs its arm.", False),
        ("We wouldn't randomise the test per request: riders would see both models.", False),
        ("Each new listing explores three photos at random per impression.", False),
        ("Every ride request is priced in under 50 ms by the new model.", False),
    ],
)
def test_the_unit_of_randomisation_is_read_from_the_sentence(sentence, flagged):
    assert per_event(sentence) is flagged


def test_the_forms_raise_the_scaling_notes_own_flags():
    """Flag ids are positional: a reordered section must not make a form raise another flag."""
    flags = {f.id: f.flag for f in all_flags(default_knowledge())}
    assert "per request instead of per user" in flags[PER_REQUEST]
    assert "all traffic to a new model at once" in flags[AT_ONCE]


def _scaling(*answers: str):
    turns = [make_turn("scaling", "interviewer", "How would you roll it out?")]
    turns += [make_turn("scaling", "candidate", a) for a in answers]
    grader = CoverageGrader(vectors=shared_vectors())
    question = "Design the product recommendations shown at checkout in an online store"
    return grader.measure(Transcript(None, question, turns), "scaling")[1]


def test_a_test_randomised_by_event_is_flagged_until_corrected():
    said = "For the A/B test each checkout flips a coin between the old and new ranking model."
    assert [h.flag.id for h in _scaling(said).flags] == [PER_REQUEST]
    fixed = _scaling(said, "On reflection, randomise by shopper so nobody sees both models.")
    assert fixed.flags == []


def test_a_unit_said_of_something_else_does_not_correct_the_flag():
    """A unit "per region" in a monitoring plan is not the experiment's; "By shopper, then." is."""
    said = "For the A/B test each checkout flips a coin between the old and new ranking model."
    monitoring = "We'd watch add-to-cart per region and alert when the score distribution shifts."
    assert [h.flag.id for h in _scaling(said, monitoring).flags] == [PER_REQUEST]
    assert _scaling(said, monitoring, "By shopper, then.").flags == []


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        (
            "Once it wins offline, I'd move all 40 warehouses to the new model the same morning.",
            True,
        ),
        ("We flip every one of the six regions to the new ranker overnight.", True),
        ("Then we roll it out to everyone in one go, since the offline gain is large.", True),
        ("We ramp from 1% to all warehouses over two weeks, with a rollback switch.", False),
        ("After a 5% canary, every region moves over on the same day.", False),
        ("We would never switch all regions at once.", False),
        ("All features are computed at once in the nightly batch job.", False),
    ],
)
def test_a_switch_of_everything_at_once_is_read_from_the_sentence(sentence, flagged):
    assert all_at_once(sentence) is flagged


def test_a_switch_at_once_is_flagged_until_a_staged_step_is_said():
    said = "Once it beats the current model offline, we switch all 40 warehouses over the same day."
    assert [h.flag.id for h in _scaling(said).flags] == [AT_ONCE]
    staged = _scaling(said, "Actually, a 5% canary first, then ramp over two weeks.")
    assert staged.flags == []

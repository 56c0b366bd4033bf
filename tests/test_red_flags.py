"""Red flags: the loader's form and counts, and how the offline grader finds them in a stage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agent.knowledge import KnowledgeError, default_knowledge, load_knowledge, parse_note
from agent.paths import KNOWLEDGE_DIR
from agent.red_flags import parse_red_flags
from agent.scoring.coverage import CoverageGrader
from agent.scoring.flags import FLAG_CEILING, detect, penalised
from agent.scoring.grade import grade_transcript
from agent.scoring.render import render_markdown
from agent.scoring.transcript import Transcript
from agent.scoring.vectors import shared_vectors
from agent.state import make_turn

FLAG = (  # one bullet of a section, without its marker
    "**Splitting time-ordered data at random.** Sounds like: \"I'd shuffle everything and "
    'split 80/10/10."; "A random split keeps the sets alike." Why it is wrong: it leaks the '
    "future into training. Instead: split by time. Cues: shuffle, random + split."
)


def test_a_flag_in_the_form_is_parsed_with_its_parts():
    [flag] = parse_red_flags("x", [FLAG])
    assert flag.id == "x#1" and flag.flag == "Splitting time-ordered data at random."
    assert flag.says[1] == "A random split keeps the sets alike."
    assert flag.cues == (("shuffle",), ("random", "split"))
    assert flag.why.startswith("it leaks") and flag.instead == "split by time."


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Splitting at random is bad.", "not in the red-flag form"),
        (FLAG.replace('; "A random split keeps the sets alike."', ""), "1 quoted example"),
        (FLAG.replace("Cues: shuffle, random + split", "Cues: leakage"), "uses none of the cues"),
        (FLAG.replace("Cues: shuffle", "Cues: Shuffle"), "lower-case"),
    ],
)
def test_a_malformed_flag_is_one_line_naming_the_bullet_and_the_fix(text, says):
    with pytest.raises(ValueError, match=says) as error:
        parse_red_flags("x", [text])
    assert str(error.value).startswith("Red flags, bullet 1:") and "\n" not in str(error.value)


def test_every_shipped_note_has_its_minimum_of_flags():
    knowledge = default_knowledge()
    for note in knowledge.notes.values():
        assert len(note.red_flags) >= (4 if note.kind == "stage" else 2), note.id
        assert all(f.cued(example) for f in note.red_flags for example in f.says), note.id


def test_a_topic_note_with_too_few_flags_fails_to_load(tmp_path):
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, root)
    path = root / "notes" / "calibration.md"
    text = path.read_text()
    start = text.index("## Red flags")
    end = text.index("## Probing questions")
    path.write_text(text[:start] + "## Red flags\n- " + FLAG + "\n\n" + text[end:])
    with pytest.raises(KnowledgeError, match="Red flags: 1 found; a topic note needs at least 2"):
        load_knowledge(root)
    assert parse_note(Path(KNOWLEDGE_DIR / "notes" / "calibration.md")).red_flags


@pytest.fixture(scope="module")
def training_flags():
    from agent.scoring.flags import all_flags

    return all_flags(default_knowledge(), "training")


@pytest.mark.parametrize(
    ("said", "raised"),
    [
        (["I'd shuffle all six months of trips and split them 80/10/10 at random."], True),
        (["I would never shuffle: train on the first five months, test on the sixth."], False),
        (
            [
                "I'd shuffle all six months of trips and split them 80/10/10 at random.",
                "Actually no, a random split would leak the future: split by time instead.",
            ],
            False,
        ),
    ],
)
def test_a_flag_is_raised_when_made_not_when_warned_against_or_corrected(
    training_flags, said, raised
):
    hits = detect(said, training_flags, shared_vectors())
    assert bool(hits) == raised, [h.flag.flag for h in hits]
    assert all(h.sentence == said[0] for h in hits)


def test_a_flagged_stage_is_capped_and_the_scorecard_says_why():
    assert penalised(3.9, 1) == FLAG_CEILING and penalised(3.9, 0) == 3.9
    assert penalised(2.0, 3) == pytest.approx(1.0)  # two count, never below the floor
    said = (
        "I'd train on three years of trips, validated with a thorough hyperparameter search. "
        "I'd shuffle all six months of trips and split them 80/10/10 at random, which keeps "
        "the three sets alike."
    )
    turns = [
        make_turn("training", "interviewer", "How would you train and evaluate it?"),
        make_turn("training", "candidate", said),
    ]
    transcript = Transcript("eta-prediction", "", turns)
    grade = CoverageGrader().grade_stage(transcript, "training")
    assert grade.red_flags and grade.score <= FLAG_CEILING
    assert grade.red_flags[0].quote in said and grade.red_flags[0].why
    card = grade_transcript(transcript, grader="coverage")
    assert "## Red flags" in render_markdown(card)
    assert f'You said "{grade.red_flags[0].quote}"' in render_markdown(card)


def test_red_flags_cap_the_level_and_too_many_turn_a_hire_into_a_no_hire():
    from agent.scoring.rubric import decide

    staff = {s: 4.0 for s in ("problem", "metrics", "mvp", "data", "training", "inference")}
    assert decide(4.0, staff).level == "staff"
    assert decide(4.0, staff, red_flags=1).level == "senior"  # staff allows none
    assert decide(4.0, staff, red_flags=2).level == "mid"
    fluent = decide(3.2, {s: 3.2 for s in staff}, red_flags=3)
    assert (fluent.level, fluent.recommendation) == ("below_mid", "no_hire")

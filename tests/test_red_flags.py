"""Red flags: the loader's form and counts, and how the offline grader finds them in a stage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agent.knowledge import KnowledgeError, default_knowledge, load_knowledge, parse_note
from agent.paths import KNOWLEDGE_DIR
from agent.red_flags import parse_red_flags
from agent.scoring.coverage import CoverageGrader
from agent.scoring.flag_hits import FLAG_CEILING, penalised
from agent.scoring.flag_scope import PROMPT_FLAGS, for_transcript
from agent.scoring.flags import detect
from agent.scoring.grade import grade_transcript
from agent.scoring.render import render_markdown
from agent.scoring.stance import COMMITS, NEITHER, REJECTS, stance
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


def test_a_flag_may_name_stages_besides_its_notes():
    [flag] = parse_red_flags("x", [FLAG + " Also judged in: data, mvp."])
    assert flag.also == ("data", "mvp") and flag.cues == (("shuffle",), ("random", "split"))
    assert parse_red_flags("x", [FLAG])[0].also == ()


def test_a_split_planned_while_the_data_is_described_is_a_red_flag_there():
    """A user's data-stage answer "I'd shuffle all the sessions from the last year and split
    them randomly 80/10/10" was neither pushed back on nor on the scorecard: the random-split
    flag belongs to the training note, and the data stage judged only its own notes' flags."""
    said = (
        "Play logs: each play with the session, track, listen duration and skip. I'd shuffle all "
        "the sessions from the last year and split them randomly 80/10/10 into train, "
        "validation and test."
    )

    def flagged(stage: str) -> list[str]:
        turns = [make_turn(stage, "candidate", said, kind="answer")]
        transcript = Transcript(None, "Design the next songs once a user's playlist ends.", turns)
        return [h.flag.id for h in CoverageGrader().measure(transcript, stage)[1].flags]

    assert flagged("data") == ["stage-training#1"]
    # judged in the stages named, not in every one (the mvp stage has a recommender note's
    # own random-split flag)
    assert "stage-training#1" not in flagged("mvp")


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
    from agent.scoring.flag_scope import all_flags

    return all_flags(default_knowledge(), "training")


@pytest.fixture(scope="module")
def training_note_flags(training_flags):
    """The training stage note's own flags, without the domain notes' twins of them."""
    return [f for f in training_flags if f.note == "stage-training"]


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


# Sentences that name a flag's practice to reject it, by stage: each uses a cue of one of the
# stage's flags (and reads close enough to its examples), so only its stance keeps it clean.
REJECTING = {
    "training": [
        "Rather than a random split I'd split by time: train on five months, test on the sixth.",
        "We can't shuffle and split the trips at random, because that leaks the future into training.",
        "A common mistake is to shuffle everything and split at random; I'd hold out the last month.",
        "Unlike a random 80/10/10 split, a time split tells us how the model does next month.",
        "Would a random 80/10/10 split of the trips work here?",
    ],
    "inference": [
        "We can't score the whole catalogue with the heavy model per request, so we retrieve a few hundred candidates first.",
        "Scoring the whole catalogue with the heavy model on every request is not an option at 50 ms, so candidate generation comes first.",
        "Instead of scoring the whole catalogue with the heavy model on every request, we retrieve 500 candidates and rank those.",
    ],
    "scaling": [
        "I'd avoid automatically retraining and deploying whenever a drift alert fires; an alert starts triage.",
        "We won't automatically retrain and redeploy on every drift alert, since many alerts are pipeline bugs.",
        "We never switch all traffic to a new model at once: a 1% canary with automatic rollback comes first.",
    ],
    "metrics": [
        "Accuracy as our headline metric would be misleading.",
        "Although accuracy is the usual headline metric, here it says nothing.",
        "The naive choice for our headline metric is accuracy.",
        "If the new model beats the old one offline, we still don't ship it to everyone without an A/B test.",
    ],
    "data": [
        "Labelling every impression the user didn't click as a negative would be wrong.",
        "We won't label every unclicked impression as a negative.",
    ],
    "mvp": [  # read apart, the clause after "so" is retraining in batch, not scoring in batch
        "Online learning from day one adds failure modes we can't debug yet, so I'd retrain "
        "daily in batch until we know the model helps.",
    ],
}
# The same practices asserted, with the flag each must raise.
COMMITTING = [
    (
        "training",
        "stage-training#1",
        "I'd shuffle all six months of trips and split them 80/10/10 at random.",
    ),
    (
        "inference",
        "latency-budgets#2",
        "The heavy ranking model scores the whole catalogue of ten million items on every request.",
    ),
    (
        "scaling",
        "stage-scaling#6",
        "When a drift alert fires, the pipeline automatically retrains the model and deploys it.",
    ),
    (
        "scaling",
        "stage-scaling#3",
        "We switch all traffic to the new model at once, with no canary.",
    ),
    ("metrics", "stage-metrics#1", "Our headline metric is accuracy."),
    (
        "metrics",
        "stage-metrics#5",
        "If the new model beats the old one offline, we ship it to everyone.",
    ),
    ("data", "stage-data#2", "Every impression the user didn't click is labelled as a negative."),
    ("data", "stage-data#2", "Every not-clicked impression is labelled as a negative."),
    (  # two mistakes in one sentence: each is read on the clauses the other's cue is not in
        "metrics",
        "stage-metrics#1",
        "Offline I'd use accuracy, since it's easy to explain, on a random split of transactions.",
    ),
    (  # ... and other domains' flags for the same mistake, cued in the same clause, are no
        # second mistake (a user's churn interview: the random split went unflagged)
        "training",
        "stage-training#1",
        "I'd shuffle all subscriber-months and split 80/10/10 at random, then tune XGBoost on "
        "the validation set and report the test accuracy.",
    ),
    (  # mistakes of omission, said by turning the fix down in words the examples do not use
        "metrics",
        "stage-metrics#4",
        "Online we track daily actives and time spent, and we don't need guardrails because "
        "engagement already captures everything that matters.",
    ),
    (
        "scaling",
        "stage-scaling#3",
        "Once it wins offline we ship it to all users on Monday; we don't need a canary since the "
        "offline replay already covers regressions.",
    ),
]


@pytest.mark.parametrize(
    ("stage", "sentence"), [(stage, s) for stage, said in REJECTING.items() for s in said]
)
def test_a_sentence_rejecting_a_flag_is_not_flagged(stage, sentence):
    from agent.scoring.flag_scope import all_flags
    from agent.scoring.flags import cued

    flags = all_flags(default_knowledge(), stage)
    assert any(cued(f, sentence) for f in flags)  # it names the practice
    assert not detect([sentence], flags, shared_vectors())


@pytest.mark.parametrize(("stage", "flag_id", "sentence"), COMMITTING)
def test_a_sentence_committing_a_flag_is_flagged(stage, flag_id, sentence):
    from agent.scoring.flag_scope import all_flags

    hits = detect([sentence], all_flags(default_knowledge(), stage), shared_vectors())
    assert flag_id in [h.flag.id for h in hits]


@pytest.mark.parametrize(
    ("flag_id", "sentence", "expected"),
    [
        (
            "stage-training#1",
            "No, I'd keep the random split, it keeps the three sets alike.",
            COMMITS,
        ),
        ("stage-training#1", "With no timestamps in the logs we'd split at random.", COMMITS),
        (
            "stage-training#1",
            "If we shuffled and split at random, we would leak the future.",
            NEITHER,
        ),
        ("stage-scaling#3", "We never switch all traffic at once with no canary.", REJECTS),
        (  # "against" compares here; it opposes only after a word such as "decided"
            "stage-mvp#2",
            "The cross-encoder scores each draft against all 50 million questions.",
            COMMITS,
        ),
        (
            "stage-mvp#2",
            "We decided against a cross-encoder over all 50 million questions.",
            REJECTS,
        ),
        ("stage-problem#3", "The objective isn't just clicks, it's satisfied watch time.", REJECTS),
        (
            "stage-mvp#1",
            "I'd reject a large vision transformer as the starting point: it is slow to validate.",
            REJECTS,
        ),
        ("stage-metrics#1", "The objective is more than accuracy.", REJECTS),
        ("stage-metrics#1", "We'd want more than 95% accuracy.", COMMITS),
        ("stage-metrics#1", "If we get 99% accuracy, that's really good.", COMMITS),
        ("stage-metrics#1", "Accuracy would reward a model that never predicts fraud.", NEITHER),
        ("stage-metrics#1", "Accuracy would be my headline metric.", COMMITS),
        (  # what "maximise" governs follows it, unless nothing but a preposition does
            "stage-problem#3",
            "We'd predict clicks per ad impression to maximise revenue for the business.",
            NEITHER,
        ),
        ("stage-problem#3", "Clicks are what we maximise in the feed.", COMMITS),
        (  # a qualified quantity is not the raw one the flag warns about
            "stage-problem#3",
            "We maximise meaningful engagement: comments and shares weighted above likes.",
            NEITHER,
        ),
        ("stage-problem#3", "We maximise engagement: comments, shares and likes.", COMMITS),
        (  # "error" warns ("the error is to ..."), but not as a metric's name
            "stage-metrics#1",
            "We report word error rate alongside accuracy as the headline metric.",
            COMMITS,
        ),
        ("offline-online-metrics#3", "When they disagree we trust the offline metric.", COMMITS),
        (  # what is being looked into is neither made nor rejected
            "stage-training#1",
            "Let me think about how the random split was drawn last year.",
            NEITHER,
        ),
        ("stage-training#1", "Let me think: we shuffle and split at random.", COMMITS),
        (  # a former practice, and one a later clause replaces, are set aside
            "stage-training#1",
            "We used to split at random and the offline numbers lied to us.",
            REJECTS,
        ),
        (
            "stage-training#1",
            "Everyone reaches for a random split first, so I'd split by date instead.",
            REJECTS,
        ),
        ("stage-training#1", "The held-out week is used to check a random split.", COMMITS),
        (  # a comparison's yardstick is not the choice
            "stage-training#8",
            "Fine-tune the whole network with a learning rate 10x lower than training from scratch.",
            REJECTS,
        ),
        (
            "stage-training#8",
            "Compare a linear probe vs full fine-tuning vs from scratch.",
            REJECTS,
        ),
        ("stage-training#8", "With 800 labelled images we'd train from scratch.", COMMITS),
        (  # a cue that opens as what would happen is supposed whole
            "stage-training#1",
            "A random split would put copies of one campaign in both sets, so we split by cluster.",
            NEITHER,
        ),
        (  # ... but not when only its last part is
            "offline-online-metrics#1",
            "If it beats the current one on offline NDCG I'd ship it, and an A/B test would only "
            "slow us down.",
            COMMITS,
        ),
        (  # a consequence that condemns the practice
            "stage-training#8",
            "Training from scratch memorises 300 examples in a few epochs, so we start pretrained.",
            REJECTS,
        ),
        (  # the cue's words in two segments are two claims, neither of them the flag
            "offline-online-metrics#3",
            "We trust the A/B test for launches - the offline metric only picks what to test.",
            NEITHER,
        ),
        # "our X would be Y" is the speaker's plan, not a supposition
        ("text-classification#1", "Our headline metric would be accuracy per facing.", COMMITS),
        # what a practice assumes is a verdict on it; "regardless of X" sets X aside
        (
            "stage-metrics#1",
            "First, top-1 accuracy assumes there is one correct category.",
            REJECTS,
        ),
        ("stage-metrics#1", "Higher numbers attract clicks regardless of accuracy.", REJECTS),
        (  # a segment on "it" after a warning says what the tempting choice does...
            "stage-training#2",
            "The tempting choice is a random split over postings; it puts reposts and clones of "
            "the same job on both sides.",
            REJECTS,
        ),
        (  # ... not after a choice made
            "stage-training#2",
            "We split postings at random; it puts reposts and clones of the same job on both "
            "sides, which is fine.",
            COMMITS,
        ),
    ],
)
def test_stance_reads_the_clause_the_cue_sits_in(flag_id, sentence, expected):
    from agent.scoring.flag_scope import all_flags

    [flag] = [f for f in all_flags(default_knowledge()) if f.id == flag_id]
    assert stance(flag.cues, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "refused"),
    [
        ("We don't need a canary for a ranking tweak this small.", True),
        ("I wouldn't reserve any slots for exploration; every slot costs watch time.", True),
        ("We ship it to every region with no canary.", True),
        ("We start with a canary at 1% of traffic and ramp up daily.", False),
        ("The naive plan of never using a canary lets one bad model reach everyone.", False),
        ("Without a canary, one bad model would reach everyone.", False),
        ("Should we skip the canary here?", False),
        ("We never see labels for declined payments and keep a small canary slice.", False),
    ],
)
def test_a_mistake_of_omission_is_read_from_the_fix_turned_down(sentence, refused):
    from agent.scoring.stance import refuses

    assert refuses((("canary",), ("exploration",)), sentence) is refused


def test_a_denied_cue_is_parsed_apart_from_the_cues():
    from agent.scoring.flag_scope import all_flags

    [flag] = [f for f in all_flags(default_knowledge()) if f.id == "stage-scaling#3"]
    assert ("canary",) in flag.denied and ("canary",) not in flag.cues


def test_a_fix_cue_is_parsed_apart_and_no_example_may_use_one():
    fixed = FLAG.replace("random + split.", "random + split, !by time.")
    [flag] = parse_red_flags("stage-training", [fixed])
    assert ("by time",) in flag.fixed and ("by time",) not in flag.cues
    with pytest.raises(ValueError, match="states the fix"):
        parse_red_flags("stage-training", [fixed.replace("!by time", "!sets alike")])


@pytest.mark.parametrize(
    ("flag_id", "sentence", "raised"),
    [
        (
            "stage-training#3",
            "Thresholds per claim type are picked on validation and confirmed once on test.",
            False,
        ),
        ("stage-training#3", "We pick the checkpoint with the best WER on the test set.", True),
        (  # the fix's words turned down are no fix
            "stage-training#3",
            "We pick the checkpoint on the test set, not on validation, to use every label.",
            True,
        ),
        (
            "stage-data#11",
            "Null checks halt the job when sessions drop to zero; missing values get training "
            "defaults.",
            False,
        ),
        ("stage-data#11", "Nulls are set to zero before training, which keeps it simple.", True),
        (
            "calibration#1",
            "Before going online I want ROC AUC of at least 0.74 and a calibration slope between "
            "0.9 and 1.1 per hospital.",
            False,
        ),
        ("calibration#1", "The AUC is 0.92, so the probabilities are well calibrated.", True),
        (
            "offline-online-metrics#3",
            "I'd only trust the offline metric as a launch gate once the two move together.",
            False,
        ),
        (  # found in an app interview; a metric at a cutoff ("recall@k") is the metric
            "candidate-generation-ranking#2",
            "Offline I'd use recall@k for retrieval and NDCG on held-out days for ranking.",
            False,
        ),
        (
            "candidate-generation-ranking#2",
            "We use NDCG@10 as the single metric for both retrieval and ranking.",
            True,
        ),
    ],
)
def test_a_sentence_stating_the_flags_fix_in_its_words_is_no_red_flag(flag_id, sentence, raised):
    from agent.scoring.flag_scope import all_flags

    knowledge = default_knowledge()
    note = knowledge.notes[flag_id.split("#")[0]]
    flags = [f for f in all_flags(knowledge, note.stages[0]) if f.note == note.id]
    found = [h.flag.id for h in detect([sentence], flags, shared_vectors())]
    assert (flag_id in found) is raised


def test_every_flags_own_examples_read_as_committed():
    from agent.scoring.flag_scope import all_flags

    examples = [(f, q) for f in all_flags(default_knowledge()) for q in f.says]
    misread = [(f.id, q) for f, q in examples if stance(f.cues, q) != COMMITS]
    assert len(misread) <= len(examples) // 100, misread  # a rule that misreads more is wrong


@pytest.mark.parametrize(
    ("reply", "raised"),
    [
        ("That would leak the future into training.", False),
        ("No, a random split is the cleaner choice: it keeps the three sets alike.", True),
        ("Not really - a random split is the cleaner choice.", True),
    ],
)
def test_a_flag_judged_right_after_is_corrected_and_a_defence_is_not(training_flags, reply, raised):
    said = ["I'd shuffle all six months of trips and split them 80/10/10 at random.", reply]
    hits = detect(said, training_flags, shared_vectors())
    assert any(h.sentence == said[0] for h in hits) == raised, [h.flag.id for h in hits]


ECHO = "Test metrics are reported on a random sample of the data held out as the test set."


@pytest.mark.parametrize(
    "time_split",
    [
        "I'd train on weeks 1 to 8, validate on week 9 and test on week 10, split by time.",
        # terse, in the fix's own words (its `!` cues) rather than its wording
        "Chronological: months one to five to fit, month six to tune, month seven to report.",
    ],
)
def test_a_fix_stated_earlier_in_the_stage_clears_a_later_echo_of_the_mistake(
    training_note_flags, time_split
):
    """After a time split, "the random-sample set" is a sample of live traffic, not a random
    split; the same sentence with no time split before it is still read as one."""
    alone = detect([ECHO], training_note_flags, shared_vectors())
    assert any("randomly" in h.flag.flag for h in alone), [h.flag.flag for h in alone]
    after_fix = detect([time_split, ECHO], training_note_flags, shared_vectors())
    assert not any("randomly" in h.flag.flag for h in after_fix), [h.flag.flag for h in after_fix]


def test_a_random_split_into_train_validation_and_test_reads_as_the_mistake_not_its_fix(
    training_note_flags,
):
    """The fix is worded on time, not on the three sets' names a random split shares with it."""
    said = (
        "We shuffle the two years of policies and split them at random into train, validation "
        "and test, 80/10/10, so each part has the same mix of products."
    )
    assert [h.flag.id for h in detect([said], training_note_flags, shared_vectors())] == [
        "stage-training#1"
    ]


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
    from agent.scoring.decision import decide

    staff = {s: 4.0 for s in ("problem", "metrics", "mvp", "data", "training", "inference")}
    assert decide(4.0, staff).level == "staff"
    assert decide(4.0, staff, red_flags=1).level == "senior"  # staff allows none
    assert decide(4.0, staff, red_flags=2).level == "mid"
    fluent = decide(3.2, {s: 3.2 for s in staff}, red_flags=3)
    assert (fluent.level, fluent.recommendation) == ("below_mid", "no_hire")


def test_a_domains_flag_is_judged_only_on_questions_of_that_domain():
    from agent.scoring.flag_scope import all_flags, question_notes

    knowledge, vectors = default_knowledge(), shared_vectors()
    said = ["There's no retrieval stage needed, the LLM already knows the policy and answers it."]

    def raised(question_id, question_text):
        notes = question_notes(knowledge, question_id, question_text, vectors)
        hits = detect(said, all_flags(knowledge, "mvp", notes), vectors)
        return {h.flag.note for h in hits}

    assert "dialog-systems" in raised("speech-assistant", "")  # a bank question tagged for it
    assert "dialog-systems" in raised(None, "Design a customer-support chatbot for a bank.")
    assert not raised(None, "Design a classifier that suggests a category for each listing.")
    assert not raised("ads-ctr", "")  # stage notes and general notes only
    notes = question_notes(knowledge, "ads-ctr", "", vectors)
    assert set(knowledge.stages["training"].red_flags) <= set(
        all_flags(knowledge, "training", notes)
    )


@pytest.mark.parametrize(
    ("question_id", "question_text", "raised"),
    [
        ("video-recs", "", True),  # new items and tastes every day
        ("ads-ctr", "", True),  # new ads and campaigns every day
        (None, "Design the restaurant recommendations on a food delivery app's home feed.", True),
        (None, "Predict which approved personal loans will default within a year.", False),
    ],
)
def test_a_yearly_retrain_is_a_red_flag_where_the_data_changes_daily(
    question_id, question_text, raised
):
    """Annual retraining is common practice for credit models, whose labels take a year to
    mature, and a mistake for a recommender or a click model: the flag is the domains'."""
    from agent.scoring.flag_scope import all_flags, question_notes

    knowledge, vectors = default_knowledge(), shared_vectors()
    notes = question_notes(knowledge, question_id, question_text, vectors)
    said = ["Tastes are pretty stable, so I'd retrain the model once a year."]
    assert bool(detect(said, all_flags(knowledge, "scaling", notes), vectors)) is raised


@pytest.mark.parametrize(
    ("sentence", "raised"),
    [
        (  # the practice under its safeguard is the right practice
            "Downsampling negatives to 1:1 is fine for the click model, as long as we correct "
            "the scores for the sampling rate and recalibrate them before bidding.",
            False,
        ),
        (
            "A random split is okay if whole users go to one side and the test weeks come "
            "after the training weeks.",
            False,
        ),
        (  # a condition that is no safeguard changes nothing
            "After downsampling negatives to 1:1, the model's output is the click probability "
            "we use for bidding, as long as the model has plenty of data.",
            True,
        ),
        ("A random split of the impressions is fine as long as the dataset is large.", True),
    ],
)
def test_a_practice_conditioned_on_its_fix_is_no_red_flag(sentence, raised):
    from agent.scoring.flag_scope import all_flags

    knowledge = default_knowledge()
    flags = all_flags(knowledge, "training")
    assert bool(detect([sentence], flags, shared_vectors())) is raised


@pytest.mark.parametrize(
    ("sentence", "raised"),
    [
        (  # the sentence goes on to the fix itself
            "With a billion impressions a day I'd downsample negatives to about 10 percent and "
            "then correct the predicted probability for the sampling rate, because the auction "
            "needs calibrated values.",
            False,
        ),
        (  # a continuation that carries the mistake further
            "With a billion impressions a day I'd downsample negatives to about 10 percent and "
            "then feed the model's predictions straight into the auction.",
            True,
        ),
    ],
)
def test_a_practice_followed_by_its_fix_is_no_red_flag(sentence, raised):
    from agent.scoring.flag_scope import all_flags

    flags = all_flags(default_knowledge(), "data", frozenset({"ctr-prediction"}))
    assert bool(detect([sentence], flags, shared_vectors())) is raised


@pytest.mark.parametrize(
    ("stage", "sentence", "raised"),
    [
        (  # a small hand-labelled test set is the right use of human labels
            "data",
            "For diarization I'd mix the remote participants' separate streams into one channel "
            "with noise added, which gives perfect speaker labels; a few dozen hours of real room "
            "recordings, hand-labelled, stay as the test set.",
            False,
        ),
        ("data", "Every support ticket from the last three years gets hand-labelled.", True),
        (  # "never" belongs to the rule's content, not to a verdict on rules
            "problem",
            "I'll assume price rules such as never charging more than the original are business "
            "policy outside the model.",
            False,
        ),
        ("problem", "Rules will never keep up with this, so a model is the only option.", True),
        (  # "immediately" is when the retrain happens, not when a label is given
            "scaling",
            "Retraining is monthly on fresh moderator labels and immediately after a policy "
            "change, with the changed category relabelled.",
            False,
        ),
        (  # a random holdout slice and a per-call log, not calls split between models
            "scaling",
            "The permanent 5% random slice, plus logging each call's propensity, keeps "
            "retraining honest.",
            False,
        ),
        ("scaling", "Each call is randomly routed to model A or model B.", True),
        ("scaling", "The nudge affects hosts, so randomise by host.", False),
        (  # deduplicating before the split is the fix, fitting statistics there the mistake
            "data",
            "Duplicate receipts are removed before splitting, so no copy lands on both sides.",
            False,
        ),
        ("data", "The scaler's statistics are computed before splitting the data.", True),
        (  # "clean" describes queries, not a belief that the labels are clean
            "data",
            "About 90 percent of labels are the identity, so I'd downsample easy clean queries.",
            False,
        ),
        (  # "scores" is a logged field, not the model scoring every video
            "mvp",
            "We log every candidate's frame id, features, scores and the model version, and "
            "impression logs join on video id.",
            False,
        ),
        (  # found in a terminal interview: tuned on the week before the held-out test week
            "training",
            "Train the ranker with a pairwise loss on impressions, holding out the most recent "
            "week for testing, and tune on the week before.",
            False,
        ),
        ("training", "We can tune the hyperparameters until the test accuracy is good.", True),
        (  # found in an app interview: riders' trust, and an offline metric, in one sentence
            "metrics",
            "Offline MAE and MAPE sliced by city, hour and trip length, plus mean signed error "
            "because underestimates hurt trust more than overestimates.",
            False,
        ),
        (
            "metrics",
            "The A/B test was noisy, so when the two disagree I'd trust the offline metric.",
            True,
        ),
    ],
)
def test_a_cue_whose_words_serve_another_point_raises_no_flag(stage, sentence, raised):
    from agent.scoring.flag_scope import all_flags

    flags = all_flags(default_knowledge(), stage)
    assert bool(detect([sentence], flags, shared_vectors())) is raised


@pytest.mark.parametrize(
    ("stage", "sentence", "flag"),
    [
        (
            "scaling",
            "We launch to all shoppers and compare conversion in the two weeks after launch with "
            "the two weeks before.",
            "Judging a launch by comparing before and after it, with no control group.",
        ),
        (
            "scaling",
            "A before-and-after comparison would mix the launch with the season, so we keep a "
            "randomised control group.",
            None,
        ),
        (
            "inference",
            "For older devices without the sensor I'd fill those features with zeros, and the "
            "trees will work it out.",
            "Filling missing values with zero or another value the model reads as a real "
            "measurement.",
        ),
        (
            "inference",
            "Devices without the sensor keep those features missing, with a missing indicator, "
            "since a zero would read as a real measurement.",
            None,
        ),
        (
            "scaling",
            "Every week we retrain on the outcomes of the accounts sales chose to call, so the "
            "model keeps learning from its own picks.",
            "Retraining only on the outcomes of the model's own decisions, closing a feedback "
            "loop.",
        ),
        (
            "data",
            "Support tickets are lowercased and we strip numbers, since amounts and order ids "
            "are just noise to the classifier.",
            "Normalising text so hard that it erases what the task needs.",
        ),
        (
            "data",
            "I'd add the CRM fields too, the calls logged with each lead and its current status, "
            "because those are the strongest signals.",
            "Building features with information from after the prediction time.",
        ),
    ],
)
def test_the_field_s_common_mistakes_are_known(stage, sentence, flag):
    """Mistakes that writers of unseen transcripts made on questions of their own (a before-
    and-after launch, zero-filled gaps, retraining on the model's own picks, digits stripped
    from text, the sales team's own activity as features), and the same subjects said well."""
    from agent.scoring.flag_scope import all_flags

    hits = detect([sentence], all_flags(default_knowledge(), stage), shared_vectors())
    assert [h.flag.flag for h in hits] == ([flag] if flag else [])


@pytest.mark.parametrize(
    ("stage", "sentence", "raised"),
    [
        (
            "training",
            "We report accuracy on a random split of the sessions as a sanity check, but the "
            "model is chosen on the out-of-time test month.",
            False,
        ),
        (
            "training",
            "We report accuracy on a random split of the sessions as a sanity check.",
            True,
        ),
        (
            "metrics",
            "Accuracy goes on the dashboard as a secondary number, while launches are judged on "
            "PR AUC at the 0.5% base rate.",
            False,
        ),
    ],
)
def test_a_practice_kept_in_a_minor_role_beside_the_real_choice_is_no_red_flag(
    stage, sentence, raised
):
    from agent.scoring.flag_scope import all_flags

    flags = all_flags(default_knowledge(), stage)
    assert bool(detect([sentence], flags, shared_vectors())) is raised


def test_an_answer_to_a_notes_probing_question_is_judged_against_that_notes_flags():
    """Asked the imbalanced-data note's question while framing the problem, a candidate who
    defends accuracy on a rebalanced test set raises that note's flag there, though the note is
    for the metrics, data and training stages; the same answer unasked raises nothing."""
    knowledge = default_knowledge()
    note = knowledge.notes["imbalanced-data"]
    assert "problem" not in note.stages
    question = note.section_list("Probing questions")[0]  # why is accuracy misleading ...
    answer = "We oversample fraud to 50/50 in the test set, so accuracy treats both classes alike."

    def flagged(asked: str) -> list[str]:
        turns = [
            make_turn("problem", "interviewer", f"You mentioned binary classification. {asked}"),
            make_turn("problem", "candidate", answer, kind="answer"),
        ]
        transcript = Transcript("fraud-detection", "Design fraud detection.", turns)
        return [h.flag.note for h in CoverageGrader().measure(transcript, "problem")[1].flags]

    assert flagged(question) == ["imbalanced-data"]
    assert flagged("What would you want to clarify first?") == []


def test_a_grading_prompt_lists_the_flags_the_answer_touches_before_the_stage_notes_others():
    """A stage note holds more flags than a prompt lists: the ones whose cues the answer uses
    (a late one of the stage note's, a topic note's) come first, the note's others fill up."""
    answer = (
        "The validation AUC came out near perfect, so the problem is basically solved. We "
        "downsampled legitimate payments and read the scores as real probabilities."
    )
    turns = [
        make_turn("training", "interviewer", "How would you train it?"),
        make_turn("training", "candidate", answer, kind="answer"),
    ]
    transcript = Transcript("fraud-detection", "Design fraud detection.", turns)
    knowledge = default_knowledge()
    own = knowledge.stages["training"].red_flags
    assert len(own) > PROMPT_FLAGS  # the case this ordering exists for
    listed = [f.id for f in for_transcript(knowledge, "training", transcript, shared_vectors())]
    assert len(listed) == PROMPT_FLAGS
    touched = {"stage-training#4", "stage-training#10", "imbalanced-data#2"}
    assert set(listed[:3]) == touched
    assert listed[3:] == [f.id for f in own if f.id not in touched][: PROMPT_FLAGS - 3]


@pytest.mark.parametrize(
    "sentence",
    [
        "Pitfalls: no current loyalty tier or lifetime order counts, only rebuilds as of day 7.",
        "Leakage: a customer's current loyalty tier or lifetime order count is from the future.",
    ],
)
def test_a_sentence_under_a_warning_label_lists_what_to_avoid(sentence):
    flag = default_knowledge().stages["data"].red_flags[0]  # information from after the time
    assert stance(flag.cues, sentence) == REJECTS
    assert stance(flag.cues, sentence.split(": ", 1)[1]) == COMMITS  # the label is what rejects


def test_a_cue_reaches_across_a_justified_choice_but_not_across_two_thoughts():
    """A choice and its justification run long ("the label is just the queue ..., since that
    field is recorded cleanly"): its cue's parts 18 words apart are one thought; 30 words apart
    they belong to two."""
    cues = (("labels", "clean"),)
    one = (
        "The label is just the queue each ticket was first routed to by the support tool, "
        "since that field is recorded cleanly for every ticket we have."
    )
    two = (
        "The label is the queue each ticket was first routed to, and we keep six months of "
        "tickets in the warehouse with their text, their metadata, the customer's plan and "
        "their history, all stored cleanly."
    )
    assert stance(cues, one) == COMMITS
    assert stance(cues, two) == NEITHER


def test_a_second_mistake_of_another_stage_is_still_read_apart():
    """A fraud interview's metrics stage does not judge the random split (a training flag), yet
    "on a random split" still dilutes the accuracy mistake beside it: found in a terminal
    interview, where the scorecard said nothing about accuracy at 0.1% fraud."""
    said = (
        "Offline I'd use accuracy, since it's easy to explain, on a random split of transactions."
    )
    turns = [
        make_turn("metrics", "interviewer", "Which offline metric would you compare models by?"),
        make_turn("metrics", "candidate", said),
    ]
    transcript = Transcript("fraud-detection", "Design payment fraud detection.", turns)
    _, coverage = CoverageGrader().measure(transcript, "metrics")
    assert [h.flag.id for h in coverage.flags] == ["stage-metrics#1"]


def test_a_tap_is_read_as_a_click_and_quoted_as_said():
    from agent.scoring.flag_scope import all_flags

    flags = all_flags(default_knowledge(), "metrics")
    sentence = (
        "The primary online metric I'd launch on is tap-through rate on the Live now row, "
        "because a tap is the clearest signal that the recommendation was relevant."
    )
    hits = detect([sentence], flags, shared_vectors())
    assert [h.sentence for h in hits] == [sentence]  # the candidate's words, not the notes'
    assert (
        hits[0].flag.id
        == detect([sentence.replace("tap", "click")], flags, shared_vectors())[0].flag.id
    )
    # "tap into" is no click
    from agent.scoring.synonyms import same_words

    assert same_words("Taps and tapped rows; we tap into the logs.") == (
        "clicks and clicked rows; we tap into the logs."
    )

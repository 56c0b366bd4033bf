"""Evidence quotes must be the candidate's own words, in the stage being graded."""

from agent.scoring.evidence import check_quotes, is_verbatim
from agent.scoring.transcript import Transcript
from agent.state import make_turn

TRANSCRIPT = Transcript(
    "ads-ctr",
    "",
    [
        make_turn("metrics", "interviewer", "How would you measure the model?"),
        make_turn(
            "metrics",
            "candidate",
            "Offline I'd use log loss,\n  because it punishes “miscalibration”.",
            "answer",
        ),
        make_turn("metrics", "candidate", "Online, revenue per thousand impressions.", "answer"),
        make_turn(
            "data", "candidate", "Each row is an impression joined with its click.", "answer"
        ),
    ],
)


def test_whitespace_case_and_quote_styles_are_folded():
    checked = check_quotes(
        [
            'offline i\'d use LOG LOSS, because it punishes "miscalibration"',
            "Offline I’d use log loss",
        ],
        TRANSCRIPT,
        "metrics",
    )
    assert checked.all_valid and len(checked.valid) == 2


def test_surrounding_quote_marks_and_edge_punctuation_are_ignored():
    assert is_verbatim(
        '"Online, revenue per thousand impressions."', ["Online, revenue per thousand impressions."]
    )


def test_fabricated_paraphrased_and_stitched_quotes_are_invalid():
    checked = check_quotes(
        [
            "I would use log loss",  # paraphrase
            "log loss ... revenue per thousand impressions",  # stitched across answers
            "How would you measure the model",  # the interviewer's words
            "joined with its click",  # another stage
            "",  # empty
            "...",  # no words at all
        ],
        TRANSCRIPT,
        "metrics",
    )
    assert checked.valid == [] and len(checked.invalid) == 6


def test_a_quote_cannot_span_two_answers():
    assert not is_verbatim(
        "miscalibration. Online, revenue",
        ["because it punishes miscalibration.", "Online, revenue per thousand impressions."],
    )


def test_a_stage_row_quotes_a_statement_before_a_question():
    from agent.scoring.render import headline

    asked = "How many queries per second do we serve at peak?"
    framed = "We rank completions of the prefix by the chance the user picks each one."
    assert headline([asked, framed]) == framed
    assert headline([asked]) == asked  # only questions: still quoted, never left blank


def test_a_fragment_or_a_lone_word_of_a_longer_answer_is_no_evidence():
    """A small model cited "1" (of "recall at 1%") for a score and a red flag."""
    said = "PR-AUC and recall at 1% false positive rate offline, fraud loss in bps online."
    transcript = Transcript(
        "fraud-detection",
        "",
        [
            make_turn("metrics", "candidate", said, "answer"),
            make_turn("metrics", "candidate", "Accuracy. Because it is easy to explain.", "answer"),
        ],
    )
    quotes = ["1", "ecall at 1% false", "PR-AUC", "recall at 1%", "accuracy"]
    checked = check_quotes(quotes, transcript, "metrics")
    assert checked.invalid == ["1", "ecall at 1% false", "PR-AUC"]
    assert checked.valid == ["recall at 1%", "accuracy"]  # a phrase; a whole sentence

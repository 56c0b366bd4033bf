"""Untrusted text and bad input through the real `mlsd`: escape sequences in a case, a
transcript or a model's words never reach the terminal raw; a binary case file, a case longer
than the interview and an empty MLSD_DATA_DIR are each one clear line, never a traceback."""

from __future__ import annotations

import io
import json

import pytest
import yaml

from agent.cli.terminal import stream_to
from agent.interview.session import Event
from agent.printable import printable
from tests.test_cli import mlsd
from tests.test_eval_harness import grade_reply

ESCAPES = "\x1b[2J\x1b[?1049h\x1b[?25l"  # clear, alternate screen, hide the cursor
ANSWER = (
    f"The business goal{ESCAPES} is revenue\0 from ads: we predict the probability that a user "
    "clicks an ad, to rank ads by expected value, bid times predicted CTR, with a calibrated model."
)


def write_case(path, turns, **fields) -> str:
    case = {"id": path.stem, **fields, "turns": turns}
    path.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    return str(path)


def inert(done) -> str:
    """Everything the command printed, after checking no control byte got through."""
    shown = done.stdout + done.stderr
    assert "\x1b" not in shown and "\0" not in shown
    assert "Traceback" not in shown
    return shown


@pytest.mark.usefixtures("knowledge_index")
@pytest.mark.parametrize("command", [("replay", "--offline"), ("grade",)])
def test_escapes_and_nul_in_a_case_are_shown_not_obeyed(tmp_path, command):
    case = write_case(
        tmp_path / "ansi.yaml",
        [
            {"role": "interviewer", "stage": "problem", "text": f"Clarify{ESCAPES} the goal."},
            {"role": "candidate", "text": ANSWER},
        ],
        question="ads-ctr",
    )
    done = mlsd(command[0], case, *command[1:])
    assert done.returncode == 0, done.stderr
    shown = inert(done)
    assert "The business goal␛[2J␛[?1049h␛[?25l is revenue from ads" in shown


@pytest.mark.usefixtures("knowledge_index")
def test_a_replayed_session_lists_and_exports_inert(tmp_path):
    question = f"Design{ESCAPES} a feed\0 ranker for a social app."
    turns = [
        {"role": "interviewer", "stage": "problem", "text": "Go."},
        {"role": "candidate", "text": ANSWER},
    ]
    case = write_case(tmp_path / "q.yaml", turns, question_text=question)
    replay = mlsd("replay", case, "--offline", "--json")
    assert replay.returncode == 0, replay.stderr
    session = json.loads(inert(replay))["session"]
    listing = mlsd("sessions")
    assert "Design␛[2J" in inert(listing) and session in listing.stdout
    export = mlsd("export", session)
    assert export.returncode == 0, export.stderr
    exported = yaml.safe_load(inert(export))  # YAML escapes them: the export stays exact
    assert exported["question_text"] == question and exported["turns"][1]["text"] == ANSWER


def test_streamed_text_stays_inert_when_a_sequence_is_split_across_pieces():
    pieces = ["Hello \x1b", "[?1049h wor", "ld\x1b[", "2J?\r\n"]
    out = io.StringIO()
    stream_to([Event("token", text=p) for p in pieces] + [Event("turn", turn={})], out)
    assert out.getvalue() == "\ninterviewer> Hello ␛[?1049h world␛[2J?\n\n"
    whole = "".join(pieces)
    assert "".join(printable(p) for p in pieces) == printable(whole)  # per piece = whole


def test_printable_keeps_json_valid_and_equal():
    found = {"text": f"a{ESCAPES}\0b\x9b\ud800\tc\nd"}
    for text in (json.dumps(found), json.dumps(found, ensure_ascii=False)):
        assert json.loads(printable(text)) == found
    assert printable(f"x{ESCAPES}\0\x7f\x9b") == "x␛[2J␛[?1049h␛[?25l␡\\u009b"


def escaping_model(body: dict) -> str:
    """A model whose questions and stage grades carry escape sequences."""
    schema = (body.get("response_format") or {}).get("json_schema", {}).get("name")
    if schema == "StageAssessment":
        return json.dumps(json.loads(grade_reply(body)) | {"rationale": f"Graded{ESCAPES}."})
    if schema == "InterviewerDecision":
        return json.dumps({"assessment": "ok", "covered": [], "action": "follow_up", "focus": ""})
    return f"Which about\x1b [?1049h trade-off matters{ESCAPES} most?\x1b"


@pytest.mark.usefixtures("knowledge_index")
def test_the_terminal_interview_shows_a_models_escapes_inert(endpoint):
    endpoint.responder = escaping_model
    done = mlsd("interview", "--question", "ads-ctr", input=f"{ANSWER}\n/end\n/end\n")
    assert done.returncode == 0, done.stderr
    shown = inert(done)
    assert "Which about␛ [?1049h trade-off matters␛[2J␛[?1049h␛[?25l most?␛" in shown
    assert "Interview over" in shown and "The business goal␛[2J" in shown


@pytest.mark.parametrize("command", [("grade",), ("replay", "--offline")])
def test_a_binary_case_file_is_one_line_naming_it(tmp_path, command):
    case = tmp_path / "garbage.yaml"
    case.write_bytes(bytes(range(256)) * 8)
    done = mlsd(command[0], str(case), *command[1:])
    assert done.returncode == 2
    assert done.stderr == (
        f"error: {case}: not UTF-8 text (cannot decode byte 0x80 at offset 128); "
        "save it as UTF-8 YAML\n"
    )
    assert done.stdout == ""


def test_eval_names_a_binary_case_file(tmp_path):
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "x.yaml").write_bytes(b"\xff\xfe\x00garbage")
    done = mlsd("eval", "--cases", str(tmp_path / "cases"), "--out", str(tmp_path / "out"))
    assert done.returncode == 2 and "x.yaml: not UTF-8 text" in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


@pytest.mark.usefixtures("knowledge_index")
def test_replay_names_every_answer_the_interview_did_not_take(tmp_path):
    turns = [{"role": "interviewer", "stage": "problem", "text": "Go."}]
    for n in range(5000):
        turns.append({"role": "candidate", "text": f"Answer {n}: rank ads by predicted CTR."})
        turns.append({"role": "interviewer", "stage": "problem", "text": "More?"})
    case = write_case(tmp_path / "long.yaml", turns[:-1], question="ads-ctr")
    done = mlsd("replay", case, "--offline", "--json")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr == (
        f"error: {case}: 28 of the case's 5000 candidate turns were sent; the last 4972 "
        "(turns[57] to turns[9999]) were not, because the interviewer had finished all 7 "
        "stages: it moves on after at most 4 questions a stage, sooner when it judges the "
        "stage covered or the stage's time is up (replay counts 60 s an answer). Shorten the "
        "case, or split it into several.\n"
    )
    result = json.loads(done.stdout)
    sent = [t["text"] for t in result["transcript"] if t.get("kind") == "answer"]
    assert sent == [f"Answer {n}: rank ads by predicted CTR." for n in range(28)]
    assert result["not_sent"] == list(range(57, 10000, 2))


@pytest.mark.usefixtures("knowledge_index")
def test_replay_passes_over_an_empty_answer_with_a_note(tmp_path):
    turns = [
        {"role": "interviewer", "stage": "problem", "text": "Go."},
        {"role": "candidate", "text": "  "},
        {"role": "candidate", "text": ANSWER},
    ]
    case = write_case(tmp_path / "empty.yaml", turns, question="ads-ctr")
    done = mlsd("replay", case, "--offline")
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"note: {case}: turns[1] is empty, so it was not sent.\n"
    assert "The business goal" in done.stdout


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_data_dir_is_a_settings_error(isolated, value):
    done = mlsd("sessions", env={"MLSD_DATA_DIR": value})
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr == (
        "error: Bad setting. MLSD_DATA_DIR: is empty; unset it for the default folder, or "
        f"name a folder (got {value!r})\n"
    )
    assert list(isolated.iterdir()) == []  # nothing stored in the current folder

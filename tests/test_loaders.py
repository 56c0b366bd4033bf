"""A malformed case, note or question is one line naming the file, the field and the fix."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from collections.abc import Callable

import pytest
import yaml

from agent.cases import CaseError, load_case, load_cases
from agent.interview.export import session_case
from agent.knowledge import KnowledgeError, load_knowledge
from agent.paths import EVALS_DIR, KNOWLEDGE_DIR

STRONG = EVALS_DIR / "cases" / "ads-ctr-strong-1.yaml"
CASE = yaml.safe_load(STRONG.read_text())


def edited(change: Callable[[dict], object]) -> str:
    case = copy.deepcopy(CASE)
    change(case)
    return yaml.safe_dump(case, sort_keys=False)


def one_line(message: str, path: object, field: str, fix: str) -> None:
    assert "\n" not in message
    assert message.startswith(f"{path}: {field}: "), message
    assert fix in message, message


BAD_CASES = {
    "not a mapping": ("- id: x\n", "(top level)", "write `key: value` lines"),
    "empty file": ("", "(top level)", "got an empty file"),
    "invalid yaml": ("id: x\nturns: [\n", "line 3, column 1", "fix the syntax there"),
    "no question": (
        edited(lambda c: c.pop("question")),
        "question",
        "add `question: <id from knowledge/questions>` or `question_text:",
    ),
    "both questions": (
        edited(lambda c: c.update(question_text="Design ads.")),
        "question_text",
        "keep one",
    ),
    "candidate first": (
        edited(lambda c: c["turns"].insert(0, {"role": "candidate", "text": "hi"})),
        "turns[0].role",
        "start with an interviewer turn",
    ),
    "interviewer without stage": (
        edited(lambda c: c["turns"][2].pop("stage")),
        "turns[2].stage",
        "add `stage:`",
    ),
    "stage goes back": (
        edited(lambda c: c["turns"].append({"role": "interviewer", "stage": "mvp", "text": "?"})),
        f"turns[{len(CASE['turns'])}].stage",
        "stage 'mvp' goes back after 'scaling'; put the turns in interview order",
    ),
    "overall out of scale": (
        edited(lambda c: c["expect"].update(overall=5)),
        "expect.overall",
        "use a score from 1 to 4",
    ),
    "stage score out of scale": (
        edited(lambda c: c["expect"]["stages"].update(data=0)),
        "expect.stages.data",
        "use a score from 1 to 4",
    ),
    "unknown stage name": (
        edited(lambda c: c["turns"][0].update(stage="intro")),
        "turns[0].stage",
        "use 'problem', 'metrics'",
    ),
    "unknown stage in expect": (
        edited(lambda c: c["expect"]["stages"].update(design=3)),
        "expect.stages.design",
        "use 'problem', 'metrics'",
    ),
    "unknown role": (
        edited(lambda c: c["turns"][1].update(role="moderator")),
        "turns[1].role",
        "use 'interviewer' or 'candidate'",
    ),
    "unknown top-level key": (
        edited(lambda c: c.update(author="me")),
        "author",
        "remove it or use one of: id, question, question_text, level",
    ),
    "unknown turn key": (
        edited(lambda c: c["turns"][1].update(speaker="me")),
        "turns[1].speaker",
        "remove it or use one of: role, text, stage, kind, diagrams",
    ),
    "unknown expect key": (
        edited(lambda c: c["expect"].update(notes="x")),
        "expect.notes",
        "remove it or use one of: overall, stages",
    ),
    "empty turns": (edited(lambda c: c.update(turns=[])), "turns", "give at least 1"),
    "turn not a mapping": (
        edited(lambda c: c["turns"].insert(1, "hello")),
        "turns[1]",
        "write it as `key: value` fields (role, text, stage, kind, diagrams)",
    ),
}


@pytest.mark.parametrize(("text", "field", "fix"), BAD_CASES.values(), ids=BAD_CASES.keys())
def test_a_bad_case_is_one_line_naming_file_field_and_fix(tmp_path, text, field, fix):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(CaseError) as caught:
        load_case(path)
    one_line(str(caught.value), path, field, fix)


def test_any_file_name_loads_but_the_eval_dataset_insists_on_the_id(tmp_path):
    mine = tmp_path / "mine.yaml"
    shutil.copy(STRONG, mine)
    assert load_case(mine).id == "ads-ctr-strong-1"
    with pytest.raises(CaseError) as caught:
        load_cases(tmp_path)
    one_line(str(caught.value), mine, "id", "rename the file to ads-ctr-strong-1.yaml or set")


def test_every_shipped_case_and_an_exported_session_load(tmp_path):
    assert len(load_cases(EVALS_DIR / "cases")) == 80
    mine = tmp_path / "mine.yaml"
    mine.write_text(exported())
    assert load_case(mine).id == "abfb04c8d7"


def test_an_exported_session_is_graded_against_its_target_level(tmp_path):
    """Re-grading an export gives the scorecard the interview gave: the same target level."""
    from agent.scoring.grade import grade_transcript
    from agent.scoring.transcript import Transcript

    mine = tmp_path / "mine.yaml"
    mine.write_text(exported(level="staff"))
    case = load_case(mine)
    assert case.target_level == "staff"
    card = grade_transcript(Transcript.from_case(case), grader="coverage")
    assert card.target_level == "staff" and "staff target" in card.verdict
    mine.write_text(exported())  # a session from before levels were saved: no target
    assert load_case(mine).target_level is None


def test_a_replayed_export_is_interviewed_at_its_target_level(tmp_path, monkeypatch):
    from agent.cli.replay import replay_case
    from agent.config import load_settings
    from agent.interview.runtime import Runtime

    monkeypatch.setenv("MLSD_DATA_DIR", str(tmp_path / "data"))
    mine = tmp_path / "mine.yaml"
    mine.write_text(exported(level="mid"))
    runtime = Runtime(load_settings(offline=True), retriever=None, live_grading=False)
    try:
        replayed = replay_case(runtime, load_case(mine))
        assert replayed.interview.values["level"] == "mid"
    finally:
        runtime.close()


def exported(level: str | None = None) -> str:
    """What `mlsd export` writes for a session of the strong ads case."""
    turns, stage = [], None
    for turn in CASE["turns"]:
        stage = turn.get("stage", stage)
        kind = "opening" if turn["role"] == "interviewer" else "answer"
        turns.append({"role": turn["role"], "stage": stage, "text": turn["text"], "kind": kind})
    return session_case("abfb04c8d7", {"question_id": "ads-ctr", "turns": turns, "level": level})


def knowledge_with(tmp_path, rel: str, old: str, new: str):
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, root)
    path = root / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return root, path


BAD_KNOWLEDGE = {
    "misspelt note field": (
        "notes/cold-start.md",
        ("tags:", "tagz:"),
        "tagz",
        "remove it or use one of: id, kind, title, stages, tags, questions",
    ),
    "no front matter": (
        "notes/cold-start.md",
        ("---\n", ""),
        "front matter",
        "start the file with a '---' line",
    ),
    "front matter not yaml": (
        "notes/cold-start.md",
        ("stages: [", "stages: [: ["),
        "line 5, column 10",
        "fix the syntax there",
    ),
    "wrong note id": (
        "notes/cold-start.md",
        ("id: cold-start", "id: cold"),
        "id",
        "set `id: cold-start`",
    ),
    "missing section": (
        "notes/cold-start.md",
        ("## Trade-offs", "## Tradeoffs"),
        "sections",
        "missing Trade-offs; add each as a '## ' heading",
    ),
    "framing questions on a note not tagged for the problem stage": (
        "notes/cold-start.md",
        (
            "## What a strong answer",
            "## Framing questions\n- Who is new here?\n\n## What a strong answer",
        ),
        "sections",
        "a topic note tagged for the problem stage needs a '## Framing questions' section",
    ),
    "a note tagged for the problem stage without framing questions": (
        "notes/latency-budgets.md",
        ("## Framing questions", "## Framing"),
        "sections",
        "(questions to ask while the problem is framed)",
    ),
    "a red flag judged in a stage that does not exist": (
        "stages/training.md",
        (
            "!on the next month. Also\n  judged in: data.",
            "!on the next month. Also\n  judged in: datum.",
        ),
        "Red flags, stage-training#1",
        "names 'datum'; use stage ids",
    ),
    "checklist item with a misspelt probe": (
        "stages/metrics.md",
        ("    probe:", "    prob:"),
        "checklist[0].prob",
        "remove it or use one of: id, text, keywords, probe, hint",
    ),
    "bad budget": (
        "stages/metrics.md",
        ("budget_minutes: 5", "budget_minutes: 0"),
        "budget_minutes",
        "use a value above 0",
    ),
    "question stage misspelt": (
        "questions/video-recs.yaml",
        ("  scaling:", "  scale:"),
        "stages.scale",
        "use 'problem', 'metrics'",
    ),
    "question without title": (
        "questions/video-recs.yaml",
        ("title:", "# title:"),
        "title",
        "add `title:`",
    ),
    "an item not judged that is not on the stage's checklist": (
        "questions/translation-service.yaml",
        ("not_judged: [imbalance]", "not_judged: [class-imbalance]"),
        "stages.metrics.not_judged",
        "class-imbalance not in the metrics checklist; use its item ids: offline-metric",
    ),
    "clarification key misspelt": (
        "questions/video-recs.yaml",
        ("  - topic:", "  - subject:"),
        "clarifications[0].subject",
        "remove it or use one of: topic, answer",
    ),
}


@pytest.mark.parametrize(
    ("rel", "edit", "field", "fix"), BAD_KNOWLEDGE.values(), ids=BAD_KNOWLEDGE.keys()
)
def test_a_bad_knowledge_file_is_one_line_naming_file_field_and_fix(
    tmp_path, rel, edit, field, fix
):
    root, path = knowledge_with(tmp_path, rel, *edit)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    one_line(str(caught.value), path, field, fix)


def mlsd(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "agent", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=300,
    )


@pytest.mark.parametrize("source", ["copy", "export"])
def test_grade_takes_a_case_under_any_name(tmp_path, source):
    mine = tmp_path / "mine.yaml"
    mine.write_text(STRONG.read_text() if source == "copy" else exported())
    done = mlsd("grade", str(mine), "--grader", "coverage")
    assert done.returncode == 0, done.stderr
    assert "**Overall " in done.stdout


def test_grade_on_a_bad_file_is_one_error_line_and_exit_2(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(BAD_CASES["unknown turn key"][0])
    done = mlsd("grade", str(mine), "--grader", "coverage")
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"error: {mine}: turns[1].speaker: unknown field")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr

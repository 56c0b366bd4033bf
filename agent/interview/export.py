"""Export a session: Markdown for people, the eval case format for `mlsd grade` and replays."""

from __future__ import annotations

from typing import Any

import yaml

from agent.cases import case_turn
from agent.scoring.scorecard import Scorecard
from agent.state import TARGET_LEVELS


def transcript_markdown(values: dict[str, Any], card: Scorecard | None = None) -> str:
    lines = [f"# Mock interview: {values.get('question_text', '')}", ""]
    stage = None
    for turn in values.get("turns", []):
        if turn["stage"] != stage:
            stage = turn["stage"]
            lines += [f"## {stage}", ""]
        who = "**Interviewer**" if turn["role"] == "interviewer" else "**You**"
        lines += [f"{who}: {turn['text']}", ""]
        if turn.get("sources"):  # why a probe was asked: the note sections it came from
            lines += [f"_Grounded in: {', '.join(dict.fromkeys(turn['sources']))}_", ""]
    if card is not None:
        from agent.scoring.render import render_markdown

        lines += ["---", "", render_markdown(card)]
    return "\n".join(lines)


def scorecard_json(card: Scorecard) -> str:
    return card.model_dump_json(indent=2)


def session_case(session_id: str, values: dict[str, Any]) -> str:
    """The session as an eval case (evals/README.md), so `mlsd grade` can grade it."""
    turns = [case_turn(turn) for turn in values.get("turns", [])]
    case: dict[str, Any] = {"id": session_id}
    if values.get("question_id"):
        case["question"] = values["question_id"]
    else:
        case["question_text"] = values.get("question_text", "")
    if values.get("drill"):
        case["drill"] = list(values["drill"])
    if values.get("level") in TARGET_LEVELS:
        case["target_level"] = values["level"]
    case["turns"] = turns
    return yaml.safe_dump(case, sort_keys=False, allow_unicode=True, width=100)

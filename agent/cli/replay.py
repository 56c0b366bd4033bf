"""`mlsd replay CASE.yaml`: send a scripted candidate's turns to the live interviewer.

Replay stays aligned with the case's stages: when the case moves to a later stage while the
live interviewer is still in an earlier one, the candidate says /next first, as a real
candidate would. Answers are never dropped.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from agent.cases import Case, load_case
from agent.interview.runtime import Runtime
from agent.interview.session import Interview
from agent.knowledge import STAGES


def replay_case(runtime: Runtime, case: Case, session_id: str | None = None) -> Interview:
    """Run the case through a new interview; returns it (ended)."""
    question = runtime.knowledge.questions.get(case.question or "")
    text = question.prompt if question else case.question_text or ""
    interview = runtime.interview(session_id)
    clock = 0.0
    list(
        interview.start(question_id=question.id if question else None, question_text=text, at=clock)
    )
    for turn in case.to_turns():
        if turn["role"] != "candidate" or interview.ended:
            continue
        behind = STAGES.index(turn["stage"])
        while not interview.ended and STAGES.index(interview.values["stage"]) < behind:
            clock += 1
            list(interview.send("/next", at=clock))
        clock += 60
        list(interview.send(turn["text"], at=clock))
    if not interview.ended:
        list(interview.end(at=clock + 1))
    return interview


def replay_command(args: argparse.Namespace) -> int:
    from agent.cli.terminal import runtime_for

    case = load_case(Path(args.case))
    runtime = runtime_for(args)
    interview = replay_case(runtime, case)
    turns = interview.turns
    card = runtime.scorecard(interview)
    if args.json:
        print(
            json.dumps(
                {
                    "case": case.id,
                    "session": interview.session_id,
                    "interviewer": runtime.policy.name,
                    "transcript": turns,
                    "scorecard": card.model_dump(mode="json"),
                },
                indent=2,
            )
        )
        return 0
    print(f"Replayed {case.id} with the {runtime.policy.name} (session {interview.session_id}).")
    for turn in turns:
        who = f"interviewer [{turn['stage']}]" if turn["role"] == "interviewer" else "candidate"
        print(f"\n{who}> {turn['text']}")
    from agent.scoring.render import render_markdown

    print("\n" + render_markdown(card))
    return 0

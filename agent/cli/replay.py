"""`mlsd replay CASE.yaml`: send a scripted candidate's turns to the live interviewer.

Replay stays aligned with the case's stages: when the case moves to a later stage while the
live interviewer is still in an earlier one, the candidate says /next first, as a real
candidate would. The interview has limits of its own (a few questions a stage, a time budget,
seven stages): when it ends before the case does, the turns it never took are named and the
command exits 1, so an answer is never dropped silently.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from agent.cases import Case, load_case
from agent.interview.runtime import Runtime
from agent.interview.session import Interview
from agent.interviewer.policy import MAX_QUESTIONS_PER_STAGE
from agent.knowledge import STAGES
from agent.printable import printable

SECONDS_PER_ANSWER = 60.0  # the replay's clock: stage time budgets are counted against it


@dataclass
class Replayed:
    interview: Interview
    not_sent: list[int] = field(default_factory=list)  # turns[i] of the case: interview over
    empty: list[int] = field(default_factory=list)  # turns[i] with no text: nothing to send


def replay_case(runtime: Runtime, case: Case, session_id: str | None = None) -> Replayed:
    """Run the case through a new interview; returns it (ended) and the turns not sent."""
    question = runtime.knowledge.questions.get(case.question or "")
    text = question.prompt if question else case.question_text or ""
    interview = runtime.interview(session_id)
    replayed, clock = Replayed(interview), 0.0
    qid, level = (question.id if question else None), case.target_level or "senior"
    list(interview.start(question_id=qid, question_text=text, level=level, at=clock))
    for i, turn in enumerate(case.to_turns()):
        if turn["role"] != "candidate":
            continue
        if interview.ended:
            replayed.not_sent.append(i)
            continue
        if not turn["text"].strip():  # the interview refuses an empty answer: nothing is lost
            replayed.empty.append(i)
            continue
        behind = STAGES.index(turn["stage"])
        while not interview.ended and STAGES.index(interview.values["stage"]) < behind:
            clock += 1
            list(interview.send("/next", at=clock))
        if interview.ended:  # the /next above was the last stage's: it ended the interview
            replayed.not_sent.append(i)
            continue
        clock += SECONDS_PER_ANSWER
        list(interview.send(turn["text"], at=clock))
    if not interview.ended:
        list(interview.end(at=clock + 1))
    return replayed


def not_sent_problem(case: Case, replayed: Replayed) -> str:
    """One line: which of the case's turns the interview never took, and why it ended. They
    are always the last ones: once the interview is over, nothing more is sent."""
    missed = replayed.not_sent
    total = sum(t.role == "candidate" for t in case.turns)
    sent = total - len(missed) - len(replayed.empty)
    which = (
        f"the last one (turns[{missed[0]}]) was"
        if len(missed) == 1
        else f"the last {len(missed)} (turns[{missed[0]}] to turns[{missed[-1]}]) were"
    )
    if replayed.interview.values.get("ended_by") == "candidate":
        why = "the case's own /end ended the interview"
    else:
        why = (
            f"the interviewer had finished all {len(STAGES)} stages: it moves on after at most "
            f"{MAX_QUESTIONS_PER_STAGE} questions a stage, sooner when it judges the stage "
            f"covered or the stage's time is up (replay counts {SECONDS_PER_ANSWER:g} s an "
            "answer)"
        )
    return (
        f"{case.path}: {sent} of the case's {total} candidate turns were sent; {which} not, "
        f"because {why}. Shorten the case, or split it into several."
    )


def replay_command(args: argparse.Namespace) -> int:
    from agent.cli.terminal import runtime_for

    case = load_case(Path(args.case))
    runtime = runtime_for(args)
    replayed = replay_case(runtime, case)
    interview = replayed.interview
    card = runtime.scorecard(interview)
    if args.json:
        found = {
            "case": case.id,
            "session": interview.session_id,
            "interviewer": runtime.policy.name,
            "not_sent": replayed.not_sent,
            "empty": replayed.empty,
            "fallbacks": interview.values.get("fallbacks") or [],
            "transcript": interview.turns,
            "scorecard": card.model_dump(mode="json"),
        }
        print(printable(json.dumps(found, indent=2)))
    else:
        print(
            printable(
                f"Replayed {case.id} with the {runtime.policy.name} "
                f"(session {interview.session_id})."
            )
        )
        for turn in interview.turns:
            who = f"interviewer [{turn['stage']}]" if turn["role"] == "interviewer" else "candidate"
            print(printable(f"\n{who}> {turn['text']}"))
        from agent.scoring.render import render_markdown

        print(printable("\n" + render_markdown(card)))
        if fallbacks := interview.values.get("fallbacks"):
            print(
                f"{len(fallbacks)} turn(s) fell back to the offline interviewer's move: the "
                "model gave no valid decision."
            )
    for i in replayed.empty:
        note = f"note: {case.path}: turns[{i}] is empty, so it was not sent."
        print(printable(note), file=sys.stderr)
    if replayed.not_sent:
        print(printable(f"error: {not_sent_problem(case, replayed)}"), file=sys.stderr)
        return 1
    return 0

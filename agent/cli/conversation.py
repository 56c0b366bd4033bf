"""`mlsd eval --conversation [--cases DIR ...] [--offline] [--json]`: replay the labelled
candidate turns (evals/conversation/FORMAT.md) through the interviewer the settings give (the
offline one, or the model at the endpoint) and report re-ask rate, off-domain questions and
clarifying accuracy per set, side by side. Exits 1 when a set misses a bar of the interviewer
issue. Each turn runs in a fresh in-memory session: move to the turn's stage with /next, send
the earlier answers, send the answer, judge the reply (agent/evaluation/conversation.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from langgraph.checkpoint.memory import InMemorySaver

from agent.errors import InterviewerError
from agent.evaluation.conversation import Reply, conversation_metrics, judge, missed_bars
from agent.evaluation.conversation_set import (
    ConversationFile,
    LabelledTurn,
    load_conversation_set,
)
from agent.interview.graph import build_graph
from agent.interview.session import Interview
from agent.interviewer.ask_examples import holding_out
from agent.knowledge import STAGES, Question
from agent.paths import EVALS_DIR
from agent.printable import printable

DEFAULT_SET = EVALS_DIR / "conversation" / "dev"
SECONDS_PER_ANSWER = 30.0  # well inside every stage's budget: the clock never moves a stage on
COLUMNS = (
    "turns",
    "reask_rate",
    "moved_on",
    "off_domain_questions",
    "clarifying_top1",
    "wrong_facts",
    "failed_turns",
)


def eval_command(args: argparse.Namespace) -> int:
    """`mlsd eval`: grading consistency, or with --conversation how the interviewer listens,
    or with --diagrams how diagram nodes are matched to reference roles, or with --flags how
    the red-flag detector reads single sentences, or with --domains which notes a question of
    one's own is scoped to."""
    if args.diagrams:
        from agent.cli.diagram_eval import diagram_eval_command

        return diagram_eval_command(args)
    if args.conversation:
        return conversation_command(args)
    if args.domains:
        from agent.cli.domain_eval import domain_eval_command

        return domain_eval_command(args)
    if args.flags:
        from agent.cli.flag_eval import flag_eval_command

        return flag_eval_command(args)
    from agent.evaluation.commands import eval_command as grading_eval

    return grading_eval(args)


def conversation_command(args: argparse.Namespace) -> int:
    from agent.cli.terminal import runtime_for

    runtime = runtime_for(args)
    sets = [Path(c) for c in args.cases or []] or [DEFAULT_SET]
    report, passed = {}, True
    for folder in sets:
        files = load_conversation_set(folder, runtime.knowledge)
        with holding_out(folder.name):  # a dev set is not measured against its own labels
            replies, seconds = timed_replay(runtime, files)
        metrics = conversation_metrics(replies) | {"seconds": seconds}
        missed = missed_bars(metrics)
        passed &= not missed
        report[folder.name] = {
            "metrics": metrics,
            "missed": missed,
            "failures": [
                vars(r) for r in replies if r.reasked or r.off_domain or r.error or _wrong(r)
            ],
        }
        for line in missed:
            print(printable(f"missed bar: {line} (in {folder})"), file=sys.stderr)
    if args.json:
        print(printable(json.dumps({"interviewer": runtime.policy.name, "sets": report}, indent=2)))
    else:
        print(printable(table(runtime.policy.name, report)))
    return 0 if passed else 1


def _wrong(reply) -> bool:
    return bool(reply.wrong_facts) or reply.correct < reply.asks


def table(interviewer: str, report: dict) -> str:
    rows = [f"interviewer: {interviewer}", "set      " + "  ".join(f"{c:>20}" for c in COLUMNS)]
    for name, found in report.items():
        values = [found["metrics"][c] for c in COLUMNS]
        cells = "  ".join(f"{'null' if v is None else f'{v:g}':>20}" for v in values)
        rows.append(f"{name:<8} {cells}")
    return "\n".join(rows)


def replay(runtime: Any, files: list[ConversationFile]) -> list[Reply]:
    """Every labelled turn through the runtime's interviewer, in fresh throwaway sessions."""
    graph = build_graph(
        runtime.policy, runtime.knowledge, retriever=runtime.retriever, checkpointer=InMemorySaver()
    )
    replies = []
    for file in files:
        question = runtime.knowledge.question(file.question)
        for n, turn in enumerate(file.turns):
            interview = Interview(graph, f"conversation-{file.question}-{n}")
            try:
                said = _reply(interview, question, turn)
            except InterviewerError as error:  # e.g. a model with no valid decision
                replies.append(Reply(file.question, turn.id, turn.stage, "", [], error=str(error)))
                continue
            reply = judge(file, turn, question, " ".join(t["text"] for t in said))
            reply.kinds = [t.get("kind", "") for t in said]
            replies.append(reply)
    return replies


def _reply(interview: Interview, question: Question, turn: LabelledTurn) -> list[dict]:
    clock = 0.0
    list(interview.start(question_id=question.id, question_text=question.prompt, at=clock))
    earlier = {e.stage: e.answer for e in turn.earlier}
    while STAGES.index(interview.values["stage"]) < STAGES.index(turn.stage):
        if answer := earlier.pop(interview.values["stage"], None):
            clock += SECONDS_PER_ANSWER
            list(interview.send(answer, at=clock))
            continue  # the answer may have covered the stage and moved on by itself
        clock += 1
        list(interview.send("/next", at=clock))
    for answer in [*turn.before, turn.answer]:
        clock += SECONDS_PER_ANSWER
        events = list(interview.send(answer, at=clock))
    return [e.turn for e in events if e.kind == "turn"]


def timed_replay(runtime: Any, files: list[ConversationFile]) -> tuple[list[Reply], float]:
    started = time.perf_counter()
    replies = replay(runtime, files)
    return replies, round(time.perf_counter() - started, 1)

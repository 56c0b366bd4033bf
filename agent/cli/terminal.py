"""Terminal front end: `mlsd interview`, `mlsd sessions`, `mlsd questions`."""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterable

from agent.config import load_settings
from agent.errors import InterviewerError
from agent.interview.runtime import Runtime
from agent.interview.session import Event, Interview
from agent.llm.client import LLMError


class SessionError(InterviewerError):
    """A session id that does not exist."""


def stream_to(events: Iterable[Event], out=sys.stdout) -> None:
    """Print interviewer text as it streams, one message per paragraph."""
    started = False
    for event in events:
        if event.kind == "token":
            if not started:
                out.write("\ninterviewer> ")
                started = True
            out.write(event.text)
            out.flush()
        elif event.kind == "turn":
            if not started:  # a turn that did not stream (should not happen, but never lose it)
                out.write(f"\ninterviewer> {event.text}")
            sources = (event.turn or {}).get("sources") or []
            out.write(
                f"\n  (grounded in {', '.join(dict.fromkeys(sources))})\n" if sources else "\n"
            )
            started = False


def runtime_for(args: argparse.Namespace) -> Runtime:
    settings = load_settings(**({"offline": True} if getattr(args, "offline", False) else {}))
    return Runtime(settings)


def interview_command(args: argparse.Namespace) -> int:
    runtime = runtime_for(args)
    runtime.warm_up()
    print(f"Interviewer: {runtime.policy.name}.")
    interview = runtime.interview(args.session)
    try:
        return _converse(runtime, interview, args)
    except KeyboardInterrupt:  # every answer was checkpointed before the call it interrupted
        print(
            f"\nInterrupted. Every answer you sent is saved; resume with: "
            f"mlsd interview --session {interview.session_id}",
            file=sys.stderr,
        )
        return 130


def _converse(runtime: Runtime, interview: Interview, args: argparse.Namespace) -> int:
    if interview.exists:
        print(f"Resuming session {interview.session_id}.")
        for turn in interview.turns:
            who = "interviewer" if turn["role"] == "interviewer" else "you"
            print(f"\n{who}> {turn['text']}")
        if interview.needs_retry:
            _guarded(interview.retry(), interview)
    else:
        question = _pick_question(runtime, args.question)
        print(
            f"Session {interview.session_id}: {question.title}. "
            f"Resume any time with: mlsd interview --session {interview.session_id}"
        )
        stream_to(
            interview.start(
                question_id=question.id, question_text=question.prompt, level=args.level
            )
        )
    told_fallback = False
    while not interview.ended:
        try:
            text = input("\nyou> ").strip()
        except EOFError:
            print(f"\nSaved. Resume with: mlsd interview --session {interview.session_id}")
            return 0
        if not text and not interview.needs_retry:
            print("  (Nothing was sent: type an answer, or /hint, /next, /status, /end.)")
            continue
        if interview.needs_retry and text.lower() == "/end":
            _guarded(interview.end(), interview)
        elif interview.needs_retry and text:  # never send past an unanswered message
            print(
                "! The interviewer has not replied to your last message yet, so this one was "
                "not sent. Press Enter to retry, or type /end to finish and get your scorecard."
            )
        else:
            _guarded(interview.retry() if not text else interview.send(text), interview)
        told_fallback = told_fallback or _tell_fallback(interview)
    print(f"\nInterview over. Session {interview.session_id} is saved. Grading…")
    from agent.scoring.render import render_markdown

    print(render_markdown(runtime.scorecard(interview)))
    return 0


def _tell_fallback(interview: Interview) -> bool:
    """Say once that the model's decisions are being replaced; True once said."""
    fallbacks = interview.values.get("fallbacks") or []
    if fallbacks:
        print(
            "\n! The model gave no valid decision for a turn, so the offline interviewer chose "
            f"the next move ({fallbacks[0]['why'][:160]}). It will do so again when needed; "
            "a larger model avoids it."
        )
    return bool(fallbacks)


def _guarded(events: Iterable[Event], interview: Interview) -> None:
    """Stream events; an endpoint failure is a message, and the answer stays saved."""
    try:
        stream_to(events)
    except LLMError as error:
        print(
            f"\n! {error}\n  Your answer is saved. Press Enter to retry, type /end to finish "
            f"now, or quit and resume later with: mlsd interview --session {interview.session_id}"
        )


def _pick_question(runtime: Runtime, question_id: str | None):
    if question_id:
        return runtime.knowledge.question(question_id)
    return random.choice(list(runtime.knowledge.questions.values()))


def sessions_command(args: argparse.Namespace) -> int:
    runtime = Runtime(load_settings(), retriever=None)
    found = runtime.sessions()
    if not found:
        print("No saved sessions yet. Start one with: mlsd interview")
    for s in found:
        print(
            f"{s.id}  {s.updated[:19].replace('T', ' ')}  {s.status:<6}  {s.stage:<9}  {s.question}"
        )
    return 0


def questions_command(args: argparse.Namespace) -> int:
    from agent.knowledge import default_knowledge

    for question in default_knowledge().questions.values():
        print(f"{question.id:<22} {question.title}")
    return 0


def export_command(args: argparse.Namespace) -> int:
    from agent.interview.export import session_case

    interview = Runtime(load_settings(), retriever=None).interview(args.session)
    if not interview.exists:
        raise SessionError(f"no saved session {args.session!r}; see `mlsd sessions`.")
    print(session_case(interview.session_id, interview.values), end="")
    return 0

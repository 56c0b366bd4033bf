"""Terminal front end: `mlsd interview`, `mlsd sessions`, `mlsd questions`."""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterable

from agent.cli.reader import AnswerReader
from agent.config import load_settings
from agent.errors import AnswerTooLong, InterviewerError
from agent.grounding import note_titles
from agent.interview.asked import asked, of_bank
from agent.interview.runtime import Runtime
from agent.interview.saving import AnswerNotTaken
from agent.interview.session import Interview
from agent.interview.steps import Event
from agent.interview.store import StorageError
from agent.interview.turn_lock import SessionBusy
from agent.knowledge import default_knowledge
from agent.llm.replies import LLMError
from agent.printable import printable
from agent.state import is_command


def stream_to(events: Iterable[Event], out=sys.stdout) -> None:
    """Print interviewer text as it streams, one message per paragraph. Each piece is made
    printable on its own: an escape sequence split across pieces still never gets through."""
    started = False
    for event in events:
        if event.kind == "token":
            if not started:
                out.write("\ninterviewer> ")
                started = True
            out.write(printable(event.text))
            out.flush()
        elif event.kind == "turn":
            if not started:  # a turn that did not stream (should not happen, but never lose it)
                out.write(printable(f"\ninterviewer> {event.text}"))
            # titles only, as in the app: the sections are an answer key until the end
            titles = note_titles((event.turn or {}).get("sources") or [], default_knowledge())
            grounded = f"\n  (grounded in {'; '.join(titles)})" if titles else ""
            out.write(printable(grounded) + "\n")
            started = False


WEAKEST = "weakest"  # `--drill` with no stage named


def runtime_for(args: argparse.Namespace) -> Runtime:
    settings = load_settings(**({"offline": True} if getattr(args, "offline", False) else {}))
    return Runtime(settings)


def interview_command(args: argparse.Namespace) -> int:
    runtime = runtime_for(args)
    if args.question:  # a mistyped id fails at once, not after the models load
        asked(runtime.knowledge, args.question)
    runtime.warm_up()
    print(printable(f"Interviewer: {runtime.policy.name}."))
    interview = runtime.interview(args.session)
    reader = AnswerReader()
    try:
        return _converse(runtime, interview, args, reader)
    except KeyboardInterrupt:  # every answer was checkpointed before the call it interrupted
        print(
            f"\nInterrupted. Every answer you sent is saved; resume with: "
            f"mlsd interview --session {interview.session_id}",
            file=sys.stderr,
        )
        return 130
    finally:
        reader.close()


def _converse(
    runtime: Runtime, interview: Interview, args: argparse.Namespace, reader: AnswerReader
) -> int:
    if interview.exists:
        print(f"Resuming session {interview.session_id}.")
        _print_turns(interview.turns)
        if interview.needs_retry:
            _guarded(interview.retry(), interview)
    else:
        question, drill = _plan(runtime, args)
        what = f"drill of {runtime.knowledge.stages[drill[0]].title}, " if drill else ""
        print(
            f"Session {interview.session_id}: {what}{question.title}. "
            f"Resume any time with: mlsd interview --session {interview.session_id}"
        )
        stream_to(
            interview.start(
                question_id=question.id,
                question_text=question.prompt,
                level=args.level,
                drill=drill,
            )
        )
    told_fallback = told_problem = False
    while not interview.ended:
        try:
            text = reader.read()
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
            # a command (/end, /next, /status) never waits for the notes
            if text and not is_command(text) and (preparing := runtime.preparing):
                print(printable(f"  ({preparing})"))
            try:
                _guarded(_answer(interview, text), interview)
            except AnswerTooLong as error:
                back = " It is back at the prompt to shorten." if reader.give_back(text) else ""
                print(f"\n! {error}{back}")
                continue
        told_fallback = told_fallback or _tell_fallback(interview)
        if slow := runtime.pace.notice():
            print(printable(f"\n! {slow}"))
        if runtime.problem and not told_problem:
            print(printable(f"\n! {runtime.problem}"))
            told_problem = True
    print(f"\nInterview over. Session {interview.session_id} is saved. Grading…")
    from agent.scoring.render import render_markdown

    print(printable(render_markdown(runtime.scorecard(interview))))
    return 0


def _answer(interview: Interview, text: str) -> Iterable[Event]:
    """Enter alone retries a failed reply; anything else is sent, checked against what this
    terminal has shown (refused eagerly when another window already moved on)."""
    if not text:
        yield from interview.retry()
    else:
        yield from interview.send(text)


def _tell_fallback(interview: Interview) -> bool:
    """Say once that the model's decisions are being replaced; True once said."""
    fallbacks = interview.values.get("fallbacks") or []
    if fallbacks:
        said = (
            "\n! The model gave no valid decision for a turn, so the offline interviewer chose "
            f"the next move ({fallbacks[0]['why'][:160]}). It will do so again when needed; "
            "a larger model avoids it."
        )
        print(printable(said))
    return bool(fallbacks)


def _guarded(events: Iterable[Event], interview: Interview) -> None:
    """Stream events; an endpoint failure is a message, and the answer stays saved. An answer
    the session could not take (another window moved on, a full disk) comes back in the
    message, after what the other window said."""
    shown = interview.shown
    try:
        stream_to(events)
    except LLMError as error:
        said = (
            f"\n! {error}\n  Your answer is saved. Press Enter to retry, type /end to finish "
            f"now, or quit and resume later with: mlsd interview --session {interview.session_id}"
        )
        print(printable(said))
    except (StorageError, SessionBusy) as error:
        if isinstance(error, AnswerNotTaken) and shown is not None:
            _print_turns(interview.turns[shown:])
        print(printable(f"\n! {error}"))


def _print_turns(turns: Iterable[dict]) -> None:
    for turn in turns:
        who = "interviewer" if turn["role"] == "interviewer" else "you"
        print(printable(f"\n{who}> {turn['text']}"))


def _plan(runtime: Runtime, args: argparse.Namespace):
    """The question, and the stage to drill (none for a full interview). A drill takes the
    weakest stage from the progress history unless one is named, and a question not used
    lately unless one is named."""
    knowledge = runtime.knowledge
    if not args.drill:
        if args.question:
            return asked(knowledge, args.question), None
        return of_bank(random.choice(list(knowledge.questions.values()))), None
    from agent.progress import drill_question, drill_stage

    records = runtime.history.records()
    stage = drill_stage(records) if args.drill == WEAKEST else args.drill
    if stage is None:
        raise InterviewerError(
            "no graded interview yet to find your weakest stage; finish one first, or name "
            "the stage to drill, e.g. `mlsd interview --drill training`."
        )
    if args.question:
        return asked(knowledge, args.question), [stage]
    return of_bank(drill_question(records, knowledge)), [stage]

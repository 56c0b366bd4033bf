"""`mlsd sessions` (list, delete, repair), `mlsd export` and `mlsd questions`."""

from __future__ import annotations

import argparse
from pathlib import Path

from agent.config import load_settings
from agent.errors import InterviewerError
from agent.interview.runtime import Runtime
from agent.interview.store import STORE_NAME
from agent.printable import printable


class SessionError(InterviewerError):
    """A session id that does not exist."""


def sessions_command(args: argparse.Namespace) -> int:
    settings = load_settings()
    if args.repair and settings.checkpoint_url:
        print(
            "Sessions are kept in PostgreSQL (MLSD_CHECKPOINT_URL): --repair mends the SQLite "
            "file only; use PostgreSQL's own tools there."
        )
        return 0
    if args.repair:
        return _repair(settings.data_dir / STORE_NAME)
    if args.delete:
        return _delete(settings, args.delete)
    runtime = Runtime(settings, retriever=None, read_only=True)
    found = runtime.sessions()
    if not found:
        print("No saved sessions yet. Start one with: mlsd interview")
    for s in found:
        when = s.updated[:19].replace("T", " ")
        print(printable(f"{s.id}  {when}  {s.status:<6}  {s.stage:<9}  {s.question}"))
    return 0


def _delete(settings, session_id: str) -> int:
    runtime = Runtime(settings, retriever=None)
    try:
        if not runtime.delete(session_id):
            raise SessionError(f"no saved session {session_id!r}; see `mlsd sessions`.")
    finally:
        runtime.close()
    print(f"Deleted session {session_id}: its transcript, scorecard and progress row.")
    return 0


def _repair(path: Path) -> int:
    from agent.interview.store import StoreDamaged, open_store, repair

    if not path.exists():
        print(f"There is no sessions file at {path}: nothing to repair.")
        return 0
    try:
        open_store(path, writable=False)
    except StoreDamaged:
        aside, saved = repair(path)
        print(f"Kept the damaged file as {aside}; a fresh {path} holds {saved} session(s).")
        return 0
    print(f"{path} is sound: nothing to repair.")
    return 0


def questions_command(args: argparse.Namespace) -> int:
    from agent.knowledge import default_knowledge

    for question in default_knowledge().questions.values():
        print(f"{question.id:<22} {question.title}")
    return 0


def export_command(args: argparse.Namespace) -> int:
    from agent.interview.export import session_case

    runtime = Runtime(load_settings(), retriever=None, read_only=True)
    interview = runtime.interview(args.session)
    if not interview.exists:
        raise SessionError(f"no saved session {args.session!r}; see `mlsd sessions`.")
    # YAML already escapes control characters; printable() guards the rest and keeps the case
    print(printable(session_case(interview.session_id, interview.values)), end="")
    return 0

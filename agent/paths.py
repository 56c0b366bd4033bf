"""Where the project's data folders are: beside the package (the project is installed editable),
and the checked ways to write into a folder the user chose."""

import os
import tempfile
import uuid
from pathlib import Path

from agent.errors import InterviewerError

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = ROOT / "knowledge"
PROMPTS_DIR = ROOT / "prompts"
EVALS_DIR = ROOT / "evals"


def usable_dir(path: Path, setting: str = "MLSD_DATA_DIR") -> Path:
    """`path`, created if missing; a path that is a file, or a folder we may not write, is a
    one-line error naming the setting to change, never a traceback."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _unusable(path, _why(path, error), setting) from None
    return path


def readable_dir(path: Path, setting: str = "MLSD_DATA_DIR") -> Path:
    """`path` for commands that only look: never created; missing is fine (nothing saved
    yet), but a file in its place or on its way is the same error as usable_dir's."""
    blocker = next((p for p in (path, *path.parents) if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        raise _unusable(path, "it is a file" if blocker == path else "Not a directory", setting)
    return path


def _why(path: Path, error: OSError) -> str:
    return "it is a file" if path.is_file() else error.strerror or type(error).__name__


def _unusable(path: Path, reason: str, setting: str) -> InterviewerError:
    return InterviewerError(
        f"cannot use {path} as a data folder ({reason}); point {setting} at a folder "
        "you can write to."
    )


def writable_dir(path: Path, option: str) -> Path:
    """`path`, created if missing and proven writable by creating a file in it: checked before
    long work whose results go there, so a bad `option` fails at once, not after the work."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as error:
        raise InterviewerError(
            f"cannot write to {path} ({_why(path, error)}); point {option} at a folder you can "
            "write to."
        ) from None
    return path


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` whole or not at all: into a temporary file beside it, then
    renamed over it. A failed write (a full disk) raises OSError and leaves no partial file."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    file = temporary.open("x", encoding="utf-8")  # "x": a new file, with the umask's mode
    try:
        with file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())  # the bytes are on disk before the name points at them
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise

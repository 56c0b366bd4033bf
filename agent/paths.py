"""Where the project's data folders are: beside the package (the project is installed editable)."""

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
        reason = "it is a file" if path.is_file() else error.strerror or type(error).__name__
        raise InterviewerError(
            f"cannot use {path} as a data folder ({reason}); point {setting} at a folder "
            "you can write to."
        ) from None
    return path

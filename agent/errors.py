"""The project's one error family: str() of any of them is a message a user can act on."""

from pydantic import ValidationError


class InterviewerError(Exception):
    """Base for errors shown to users as they are, never as a traceback."""


def first_problem(error: ValidationError, root: str = "(top level)") -> str:
    """The first validation problem as 'where: what', for one-line error messages."""
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or root
    return f"{where}: {first['msg']}"

"""The project's one error family: str() of any of them is a message a user can act on."""


class InterviewerError(Exception):
    """Base for errors shown to users as they are, never as a traceback."""

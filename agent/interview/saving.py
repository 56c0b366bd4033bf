"""What a front end hears when an answer was not recorded: the reason, and the answer itself.

An answer refused or unsaved is handed back whole inside the message, so no front end can
lose it: the terminal prints it, the app shows it, a script sees it in the exception.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg

from agent.interview.store import StorageError

DATABASE_ERRORS = (sqlite3.Error, psycopg.Error)  # the two storages' drivers


def _kept(text: str, resend: bool = True) -> str:
    where = "here it is to send again" if resend else "it was"
    return f'Your answer was not recorded; {where}: "{text}"'


class AnswerNotTaken(StorageError):
    """The session changed under the front end (another window answered, moved on or ended
    it), so an answer typed against what was on screen is refused, not filed elsewhere."""

    def __init__(self, text: str, why: str, resend: bool = True):
        self.text = text
        super().__init__(f"{why}. {_kept(text, resend)}")


class NotSaved(StorageError):
    """The store refused a write (disk full, read-only, damaged underneath us)."""

    def __init__(self, store: str, error: Exception, text: str | None, saved: bool):
        self.text = None if saved else text
        why = str(error)
        fix = (
            "free some space there"
            if "full" in why
            else "make it writable, or point MLSD_DATA_DIR elsewhere"
            if store.endswith(".sqlite")
            else "check that the database server is up"
        )
        what = f"could not save to {store} ({why}); {fix}."
        if text is None:
            super().__init__(f"{what} Everything said before this step is saved.")
        elif saved:
            super().__init__(f"{what} Your answer is saved; the reply to it is not, retry it.")
        else:
            super().__init__(f"{what} {_kept(text)}")


@contextmanager
def saving(store: str, text: str | None, is_saved: Callable[[str], bool]) -> Iterator[None]:
    """Turn a storage failure inside a turn into NotSaved, saying whether `text` is on disk."""
    try:
        yield
    except DATABASE_ERRORS as error:
        saved = text is not None and is_saved(text)
        raise NotSaved(store, error, text, saved) from None

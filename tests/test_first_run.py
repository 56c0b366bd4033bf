"""A first run embeds the knowledge notes (about half a minute here) while the candidate reads
the opening; an answer sent before that is done waits, and the terminal says why."""

from __future__ import annotations

from tests.support.terminal import Terminal

FIRST = (
    "We rank completions of the typed prefix by how likely the user is to pick each one: a "
    "prefix lookup finds candidates and a ranker orders them on every keystroke."
)
SECOND = "The offline metric is the share of searches where the chosen query was in the top three."


def test_the_first_reply_that_waits_for_the_index_says_so(tmp_path):
    env = {"MLSD_DATA_DIR": str(tmp_path / "data"), "MLSD_OFFLINE": "1"}
    terminal = Terminal("--question", "query-autocomplete", "--session", "first", env=env)
    terminal.expect()
    status = terminal.answer("/status")  # a command needs no notes: nothing to wait for
    assert "Getting the knowledge notes ready" not in status and "stage 1 of 7" in status, status
    waited = terminal.answer(FIRST)  # sent at once: the notes are still being embedded
    assert "Getting the knowledge notes ready" in waited, waited
    assert "grounded in" in waited, waited  # the wait ended in a grounded follow-up
    after = terminal.answer(SECOND)
    assert "knowledge notes ready" not in after, after
    assert terminal.quit() == 0
    assert "Traceback" not in terminal.output, terminal.output

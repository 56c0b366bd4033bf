"""Ending the interview is asked twice: `/end`, or `/next` in the last stage, first gets a
question saying what ending now means, and ends only when the candidate repeats it (or the
front end sends it already confirmed, as the app's "End now" button does). A stray click
must not throw away the stages still to come.
"""

from __future__ import annotations

from agent.interviewer.policy import lines
from agent.knowledge import Knowledge, Stage
from agent.notes import SHORT_NAMES, named_short
from agent.plural import counted
from agent.state import InterviewState, stages_answered, stages_of


def ends_interview(state: InterviewState, command: str) -> bool:
    return command == "/end" or (command == "/next" and state["stage"] == stages_of(state)[-1])


def confirmed(state: InterviewState) -> bool:
    """The pending command was confirmed: by the front end, or by repeating it right after
    the interviewer asked."""
    pending = state["pending"]
    if pending.get("confirmed"):
        return True
    turns = state.get("turns", [])[:-1]  # the pending command is the last turn
    asked, said = _last(turns, "interviewer"), _last(turns, "candidate")
    return (
        asked is not None
        and asked.get("kind") == "confirm"
        and said is not None
        and said["text"].lower() == pending["text"].lower()
    )


AFFIRMATIVES = {"y", "yes", "yep", "yeah", "ok", "okay", "sure", "confirm", "end", "end it"}


def affirmed(state: InterviewState, text: str) -> str | None:
    """The command to repeat when `text` answers the confirmation question with a yes ("y"
    after "Type /end again to end"): a yes is not an answer to probe."""
    said = text.strip().lower().rstrip(".!")
    turns = state.get("turns", [])
    asked = _last(turns, "interviewer")
    if said not in AFFIRMATIVES or asked is None or asked.get("kind") != "confirm":
        return None
    command = _last(turns, "candidate")
    return command["text"] if command is not None and command.get("kind") == "command" else None


def needs_confirmation(state: InterviewState) -> bool:
    command = state["pending"]["text"].lower()
    return ends_interview(state, command) and not confirmed(state)


def confirmation(state: InterviewState, knowledge: Knowledge) -> str:
    """What ending now means, and how to confirm it."""
    command = state["pending"]["text"].lower()
    stages = stages_of(state)
    here = stages.index(state["stage"])
    unreached = stages[here + 1 :]
    # a stage opened and not answered (this one, or one skipped with /next) is reached: it
    # is graded, at the floor
    answered = stages_answered(state)
    silent = _unanswered([s for s in stages[: here + 1] if s not in answered], knowledge)
    if unreached:
        titles = named_short(unreached)
        count = counted(len(unreached), "stage")
        return lines()["confirm_early"].format(
            unreached=count, titles=titles, command=command, unanswered=silent
        )
    return lines()["confirm_last"].format(command=command, unanswered=silent)


def _unanswered(silent: list[Stage], knowledge: Knowledge) -> str:
    """The line naming the reached stages without an answer, or nothing when there are none:
    one by its title, several by their short names (titles hold commas and "and"s)."""
    if not silent:
        return ""
    if len(silent) == 1:
        return lines()["unanswered_now"].format(stages=knowledge.stages[silent[0]].title)
    named = f"{named_short(silent[:-1])} and {SHORT_NAMES[silent[-1]]}"
    return lines()["unanswered_several"].format(stages=named)


def _last(turns: list, role: str) -> dict | None:
    return next((t for t in reversed(turns) if t["role"] == role), None)

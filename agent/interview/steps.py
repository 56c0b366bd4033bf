"""One step of the interview graph as a session runs it: the events it streams to a front end,
whether it failed past the candidate's saved input, and the checks and repairs around it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from agent.interview.saving import AnswerNotTaken
from agent.knowledge import Stage
from agent.state import Turn


@dataclass
class Event:
    kind: Literal["token", "turn"]
    text: str = ""
    turn: Turn | None = None


def stream_events(graph: Any, command: Any, config: dict) -> Iterator[Event]:
    """Run one step of `graph`, yielding the interviewer's streamed text and finished turns."""
    # durability="sync": each step's checkpoint is on disk before the next step (and its
    # model call) starts, so a crash or an interrupted request never loses an answer.
    for mode, chunk in graph.stream(
        command, config, durability="sync", stream_mode=["custom", "updates"]
    ):
        if mode == "custom":
            yield Event("token", text=chunk.get("token", ""))
            continue
        for node, update in chunk.items():
            if node.startswith("__") or not update:
                continue
            for turn in update.get("turns", []):
                if turn["role"] == "interviewer":
                    yield Event("turn", text=turn["text"], turn=turn)


def step_failed(snapshot: Any) -> bool:
    """A step is pending past the candidate's saved input: its reply failed or was cut off."""
    return bool(snapshot.values) and bool(snapshot.next) and snapshot.next != ("listen",)


def refuse_stale_answer(text: str, seen: int | None, snapshot: Any) -> None:
    """Refuse `text` when the session (`snapshot`, as just read) is not what its sender saw."""
    values = snapshot.values
    if values.get("status") == "ended":
        raise AnswerNotTaken(text, "the interview has ended", resend=False)
    count = len(values.get("turns", []))
    if seen is not None and count != seen and not step_failed(snapshot):
        raise AnswerNotTaken(
            text, f"the interview moved on in another window ({count - seen:+d} messages)"
        )


def give_up_failed_step(graph: Any, config: dict, stage: Stage, at: float) -> None:
    """Record a confirmed "/end" in place of the failed step's reply."""
    command = Turn(
        role="candidate", stage=stage, text="/end", kind="command", at=at, confirmed=True
    )
    # as if `listen` had just taken "/end": its router sends the graph to `finish`
    graph.update_state(config, {"turns": [command], "pending": command}, as_node="listen")

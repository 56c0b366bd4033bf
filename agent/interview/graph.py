"""The interview as a LangGraph state machine. Wiring only: the nodes live in nodes.py (the
commands' in commands.py).

START -> begin -> listen -(answer)-> respond -(follow-up)-> listen
                    |                   `-(covered / time up)-> advance -> listen | finish
                    `-(/hint /repeat /status)-> hint | repeat | status -> listen
                    `-(/next)-> advance      `-(/end)-> finish -> END
                    `-(/end, or /next in the last stage, not yet confirmed)-> confirm -> listen
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from langgraph.graph import END, START, StateGraph

from agent.interview.nodes import InterviewNodes
from agent.interviewer.policy import Policy
from agent.knowledge import Knowledge
from agent.retrieval.protocol import Retriever
from agent.state import InterviewState

UNTIMED = ("listen", "finish")  # every other node replies, and may wait on a model or the notes


def off_the_clock(node: Callable[[InterviewState], dict]) -> Callable[[InterviewState], dict]:
    """A node whose running time does not count on the stage clock: the candidate's budget is
    for answering, not for waiting on a slow local model or a first-run index build. The
    stage's start moves on by the node's time (a node that opens a stage starts its clock
    when the opening is said), so every reader of the clock, the app's included, agrees."""

    @functools.wraps(node)
    def timed(state: InterviewState) -> dict:
        began = time.monotonic()
        update = node(state)
        waited = time.monotonic() - began
        started = update.get("stage_started", state.get("stage_started"))
        return update if started is None else {**update, "stage_started": started + waited}

    return timed


def build_graph(
    policy: Policy,
    knowledge: Knowledge,
    *,
    retriever: Retriever | None = None,
    checkpointer: Any = None,
):
    """Compile the interview graph; callers attach their own checkpointer and retriever."""
    nodes = InterviewNodes(policy, knowledge, retriever)
    graph = StateGraph(InterviewState)
    for name in (
        "begin",
        "listen",
        "respond",
        "hint",
        "repeat",
        "status",
        "confirm",
        "advance",
        "finish",
    ):
        node = getattr(nodes, name)
        graph.add_node(name, node if name in UNTIMED else off_the_clock(node))
    graph.add_edge(START, "begin")
    graph.add_edge("begin", "listen")
    graph.add_conditional_edges("listen", nodes.route_input)
    graph.add_conditional_edges("respond", nodes.route_respond)
    graph.add_conditional_edges("advance", nodes.route_advance)
    for name in ("hint", "repeat", "status", "confirm"):
        graph.add_edge(name, "listen")
    graph.add_edge("finish", END)
    return graph.compile(checkpointer=checkpointer)

"""The interview as a LangGraph state machine. Wiring only: the nodes live in nodes.py (the
commands' in commands.py).

START -> begin -> listen -(answer)-> respond -(follow-up)-> listen
                    |                   `-(covered / time up)-> advance -> listen | finish
                    `-(/hint /repeat /status)-> hint | repeat | status -> listen
                    `-(/next)-> advance      `-(/end)-> finish -> END
                    `-(/end, or /next in the last stage, not yet confirmed)-> confirm -> listen
"""

from __future__ import annotations

from typing import Any

from langgraph.graph import END, START, StateGraph

from agent.interview.nodes import InterviewNodes
from agent.interviewer.policy import Policy
from agent.knowledge import Knowledge
from agent.retrieval.protocol import Retriever
from agent.state import InterviewState


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
        graph.add_node(name, getattr(nodes, name))
    graph.add_edge(START, "begin")
    graph.add_edge("begin", "listen")
    graph.add_conditional_edges("listen", nodes.route_input)
    graph.add_conditional_edges("respond", nodes.route_respond)
    graph.add_conditional_edges("advance", nodes.route_advance)
    for name in ("hint", "repeat", "status", "confirm"):
        graph.add_edge(name, "listen")
    graph.add_edge("finish", END)
    return graph.compile(checkpointer=checkpointer)

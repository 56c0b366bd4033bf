"""The interview engine: the LangGraph state machine (graph, nodes), a session API for front
ends (session, which runs the graph's steps through steps), and the runtime that assembles
them from settings with a SQLite checkpointer.

It knows the interviewer only through `agent.interviewer.Policy` and retrieval only through
`agent.retrieval.Retriever`; the state it checkpoints is `agent.state.InterviewState`.
"""

from agent.interview.graph import build_graph
from agent.interview.runtime import Runtime, SessionInfo
from agent.interview.session import Interview
from agent.interview.steps import Event

__all__ = ["Event", "Interview", "Runtime", "SessionInfo", "build_graph"]

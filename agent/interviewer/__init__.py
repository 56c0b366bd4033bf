"""The interviewer: what to ask next and how to say it, behind the `Policy` protocol.

Two policies: the curated offline one (`offline.py`) and the model-backed one (`model.py`),
with the prompt context they share (`context.py`), hints, answers to clarifying questions and
stage summaries. The engine (agent/interview) only ever sees `Policy` and `make_policy`.
"""

from __future__ import annotations

from agent.config import Settings
from agent.interviewer.policy import Decision, Policy, TurnContext
from agent.retrieval.protocol import Retriever

__all__ = ["Decision", "Policy", "TurnContext", "make_policy"]


def make_policy(settings: Settings, retriever: Retriever | None = None) -> Policy:
    """The model-backed interviewer when an endpoint is configured, else the offline one."""
    if not settings.endpoint_configured:
        from agent.interviewer.offline import OfflinePolicy

        return OfflinePolicy(retriever.embedder if retriever is not None else None)
    from agent.interviewer.model import LLMPolicy
    from agent.llm.client import LLM

    return LLMPolicy(LLM(settings))

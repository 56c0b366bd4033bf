"""Retrieval: embed the knowledge notes, keep them in Chroma, and find the ones a turn needs.

Indexing (index.py) is separate from querying (search.py); the store sits behind one factory
(store.py) so the embedded store and a Chroma server are one setting apart.
"""

from agent.config import Settings
from agent.knowledge import Knowledge
from agent.retrieval.protocol import Hit, Retriever

__all__ = ["Hit", "Retriever", "make_retriever"]


def make_retriever(settings: Settings, knowledge: Knowledge) -> Retriever:
    """The knowledge-index retriever (imported here, on use: Chroma is slow to import)."""
    from agent.retrieval.search import NotesRetriever

    return NotesRetriever(settings, knowledge)

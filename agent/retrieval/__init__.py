"""Retrieval: embed the knowledge notes, keep them in Chroma, and find the ones a turn needs.

Indexing (index.py) is separate from querying (search.py); the store sits behind one factory
(store.py) so the embedded store and a Chroma server are one setting apart.
"""

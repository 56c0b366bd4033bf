"""Counts in prose: "1 hint", "2 hints", "0 stages"."""

from __future__ import annotations


def counted(n: int, thing: str) -> str:
    """`n` and `thing`, plural unless `n` is 1; `thing` takes a plain s."""
    return f"{n} {thing}" + ("" if n == 1 else "s")

"""Compact, deterministic summaries of closed stages, for later prompts.

Extractive on purpose: no model call at a stage boundary, and the same transcript always
gives the same summary, which keeps the prompt prefix stable for KV-cache reuse.
"""

from __future__ import annotations

from agent.knowledge import StageSpec
from agent.llm.tokens import truncate_to_tokens

SUMMARY_TOKENS = 120


def summarise_stage(spec: StageSpec, covered: list[str], answers: list[str]) -> str:
    labels = {item.id: item.text for item in spec.checklist}
    done = "; ".join(labels[i] for i in covered if i in labels) or "nothing on the checklist"
    said = " / ".join(" ".join(a.split()[:40]) for a in answers if a.strip()) or "(no answer)"
    return truncate_to_tokens(
        f"{spec.title}. Covered: {done}. Candidate said: {said}", SUMMARY_TOKENS
    )

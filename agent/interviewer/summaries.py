"""Compact, deterministic summaries of closed stages, for later prompts.

Extractive on purpose: no model call at a stage boundary, and the same transcript always
gives the same summary, which keeps the prompt prefix stable for KV-cache reuse.
"""

from __future__ import annotations

from agent.knowledge import StageSpec
from agent.llm.tokens import truncate_to_tokens

# every later call of the interview carries each closed stage's summary: at 120 tokens they
# were a quarter of all the prompt tokens an interview sends (a slow server reads them once,
# but they count against the whole); the checklist ids name what was covered in a word or two
SUMMARY_TOKENS = 70


def summarise_stage(spec: StageSpec, covered: list[str], answers: list[str]) -> str:
    ids = {item.id for item in spec.checklist}
    done = ", ".join(i for i in covered if i in ids) or "nothing on the checklist"
    said = " / ".join(" ".join(a.split()[:40]) for a in answers if a.strip()) or "(no answer)"
    return truncate_to_tokens(
        f"{spec.title}. Covered: {done}. Candidate said: {said}", SUMMARY_TOKENS
    )

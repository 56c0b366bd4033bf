"""Assemble a bounded prompt for one interviewer turn.

Order is chosen for KV-cache reuse (llama.cpp, vLLM, OpenAI all reuse an identical prefix):
the stable instructions and question first, then summaries of closed stages (they change only
at a stage boundary), then the current stage's checklist and transcript (append-only), then the
notes retrieved for the latest answer (shared by that turn's decide and ask calls), and last the
task, which changes every call. Held under the context budget with tiktoken.
"""

from __future__ import annotations

from agent.interviewer.policy import TurnContext
from agent.knowledge import STAGES
from agent.llm.prompts import candidate_block, render
from agent.llm.tokens import count_message_tokens, truncate_to_tokens

NOTE_TOKENS = 180  # per retrieved note excerpt
MIN_TURNS_KEPT = 2  # never trim the latest exchange away


def system_message(ctx: TurnContext) -> dict[str, str]:
    return {
        "role": "system",
        "content": render(
            "interviewer_system",
            level=ctx.state.get("level", "senior"),
            question=ctx.state["question_text"],
            stages=", ".join(STAGES),
        ),
    }


def transcript_lines(ctx: TurnContext) -> list[str]:
    lines = []
    for turn in ctx.stage_turns:
        if turn["role"] == "interviewer" and turn.get("kind") not in ("status", "repeat"):
            lines.append(f"Interviewer: {turn['text']}")
        elif turn["role"] == "candidate" and turn.get("kind") == "answer":
            lines.append(f"Candidate:\n{candidate_block(turn['text'])}")
    return lines


def notes_text(ctx: TurnContext) -> str:
    if not ctx.hits:
        return "(none)"
    return "\n".join(
        f"[{hit.source}] {truncate_to_tokens(hit.text, NOTE_TOKENS)}" for hit in ctx.hits
    )


def build_messages(ctx: TurnContext, task: str, *, budget: int, model: str | None) -> list[dict]:
    """System + one user message (context then task), trimmed to `budget` tokens."""
    summaries = ctx.state.get("summaries", {})
    closed = "\n".join(f"- {summaries[s]}" for s in STAGES if s in summaries) or "(none yet)"
    objectives = "\n".join(f"- {o}" for o in ctx.spec.objectives)
    checklist = "\n".join(f"- {item.id}: {item.text}" for item in ctx.spec.checklist)
    lines, omitted = transcript_lines(ctx), 0
    while True:
        shown = (["(earlier turns of this stage omitted)"] if omitted else []) + lines[omitted:]
        context = render(
            "interview_context",
            summaries=closed,
            stage_title=ctx.spec.title,
            objectives=objectives,
            checklist=checklist,
            transcript="\n".join(shown) or "(nothing yet)",
        )
        notes = render("notes_block", notes=notes_text(ctx))
        messages = [system_message(ctx), {"role": "user", "content": context + notes + task}]
        if (
            count_message_tokens(messages, model) <= budget
            or len(lines) - omitted <= MIN_TURNS_KEPT
        ):
            return messages
        omitted += 1  # drop the oldest turn of this stage first

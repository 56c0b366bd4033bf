"""Assemble a bounded prompt for one interviewer turn.

Order is chosen for KV-cache reuse (llama.cpp, vLLM, OpenAI all reuse an identical prefix):
the stable instructions and question first, then summaries of closed stages (they change only
at a stage boundary), then the current stage's checklist and transcript, then the candidate's
latest diagram with the must-have edges it misses, and last the task, which changes every
call. The transcript is append-only: each answer is followed by the notes retrieved for it,
and they stay there in later turns (rebuilt from the reply's sources), so a call repeats the
whole previous prompt but its diagram and task, and the server reads only what is new.
Held under the context budget with tiktoken.
"""

from __future__ import annotations

from agent.interviewer.drawing import edge_names, edges_to_probe
from agent.interviewer.policy import TurnContext
from agent.knowledge import STAGES
from agent.llm.prompts import candidate_block, render
from agent.llm.tokens import count_message_tokens, truncate_to_tokens
from agent.state import minutes_planned, stages_of

NOTE_TOKENS = 100  # per retrieved note excerpt: each is read again by the server
MIN_TURNS_KEPT = 2  # never trim the latest exchange away
DIAGRAM_TOKENS = 200  # of the diagram's edge list: a whiteboard sketch fits, a dump is cut
MISSING_SHOWN = 3  # missing must-have edges shown, the current stage's first


def system_message(ctx: TurnContext) -> dict[str, str]:
    return {
        "role": "system",
        "content": render(
            "interviewer_system",
            level=ctx.state.get("level", "senior"),
            question=ctx.state["question_text"],
            scope=_scope(ctx),
            stages=", ".join(stages_of(ctx.state)),
        ),
    }


def _scope(ctx: TurnContext) -> str:
    """What the session is: a full interview, or a drill of one or two of its stages."""
    length = f"a {minutes_planned(ctx.state, ctx.knowledge):g}-minute"
    if ctx.state.get("drill"):
        return f"{length} drill of part of a machine learning system design interview"
    return f"{length} machine learning system design interview"


def transcript_lines(ctx: TurnContext, notes: list[str] | None = None) -> list[str]:
    """The stage's exchanges; an answer is followed by the notes its reply was written with,
    the latest (no reply yet) by `notes`, default every note retrieved for it."""
    lines = []
    turns = ctx.stage_turns
    latest = [hit.source for hit in ctx.hits] if notes is None else notes
    for n, turn in enumerate(turns):
        if turn["role"] == "interviewer" and turn.get("kind") not in ("status", "repeat"):
            lines.append(f"Interviewer: {turn['text']}")
        elif turn["role"] == "candidate" and turn.get("kind") == "answer":
            lines.append(f"Candidate:\n{candidate_block(turn['text'])}")
            reply = next((t for t in turns[n + 1 :] if t["role"] == "interviewer"), None)
            sources = reply.get("notes", []) if reply else latest
            if sources:
                lines.append(notes_text(ctx, sources))
    return lines


def notes_text(ctx: TurnContext, sources: list[str]) -> str:
    """The notes behind a reply, for the interviewer's eyes only, the same text every time
    they are shown (a changed byte would end the reusable prefix there)."""
    excerpts = []
    for source in dict.fromkeys(sources):
        note_id, _, section = source.partition("#")
        note = ctx.knowledge.notes.get(note_id)
        if note is not None and section in note.sections:
            excerpts.append(f"[{source}] {truncate_to_tokens(note.sections[section], NOTE_TOKENS)}")
    return render("notes_block", notes="\n".join(excerpts)) if excerpts else ""


def diagram_text(ctx: TurnContext) -> str:
    """The latest diagram as its edge list, then the must-have edges it misses that are still
    open, with the question for each; empty when nothing is drawn (or there is no design)."""
    if ctx.diagram is None:
        return ""
    edges = truncate_to_tokens(ctx.diagram.graph.edge_list(), DIAGRAM_TOKENS)
    missing = [f"- {edge_names(ctx, e)}: {e.probe}" for e in edges_to_probe(ctx)[:MISSING_SHOWN]]
    text = render("diagram_block", edges=edges)
    return text + render("diagram_missing", missing="\n".join(missing)) if missing else text


def build_messages(
    ctx: TurnContext, task: str, *, budget: int, model: str | None, notes: list[str] | None = None
) -> list[dict]:
    """System + one user message (context then task), trimmed to `budget` tokens; `notes`:
    what the latest answer is shown with (default: every note retrieved for it)."""
    summaries = ctx.state.get("summaries", {})
    closed = "\n".join(f"- {summaries[s]}" for s in STAGES if s in summaries) or "(none yet)"
    objectives = "\n".join(f"- {o}" for o in ctx.spec.objectives)
    checklist = "\n".join(f"- {item.id}: {item.text}" for item in ctx.spec.checklist)
    lines, omitted = transcript_lines(ctx, notes), 0
    task = diagram_text(ctx) + task
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
        messages = [system_message(ctx), {"role": "user", "content": context + task}]
        if (
            count_message_tokens(messages, model) <= budget
            or len(lines) - omitted <= MIN_TURNS_KEPT
        ):
            return messages
        omitted += 1  # drop the oldest turn of this stage first

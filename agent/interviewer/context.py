"""Assemble a bounded prompt for one interviewer turn.

Order is chosen for KV-cache reuse (llama.cpp, vLLM, OpenAI all reuse an identical prefix):
the stable instructions and question first, then summaries of closed stages (they change only
at a stage boundary), then the current stage's checklist, then the stage as chat messages.
Each of the interviewer's questions is an assistant message, preceded by the user message it
answered: the candidate's answer, the notes retrieved for it and the instruction the question
was written to (kept with the reply). So a call repeats the previous call's prompt and the
question the server just generated, byte for byte, and the server reads only the new answer,
its notes and the new instruction. Held under the context budget with tiktoken.
"""

from __future__ import annotations

from agent.interviewer.drawing import edge_names, edges_to_probe
from agent.interviewer.policy import TurnContext
from agent.knowledge import STAGES
from agent.llm.prompts import candidate_block, render
from agent.llm.tokens import count_message_tokens, truncate_to_tokens
from agent.state import minutes_planned, stages_of

NOTE_TOKENS = 100  # per retrieved note excerpt: each is read again by the server
KEPT = 4  # pieces never trimmed: the latest answer, its notes, the task (and a question)
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


def exchanges(ctx: TurnContext, notes: list[str] | None = None) -> list[tuple[str, str]]:
    """The stage as (role, text) pieces: an interviewer question is the instruction it was
    written to (a user piece) then its text (an assistant piece); an answer is followed by the
    notes its reply was written with, the latest (no reply yet) by `notes`, default every note
    retrieved for it."""
    pieces: list[tuple[str, str]] = []
    turns = ctx.stage_turns
    latest = [hit.source for hit in ctx.hits] if notes is None else notes
    for n, turn in enumerate(turns):
        if turn["role"] == "interviewer" and turn.get("kind") not in ("status", "repeat"):
            if turn.get("task"):  # the model wrote it: its words alone, as the server holds
                pieces.append(("user", turn["task"]))  # them (the task names the lead's facts)
            pieces.append(("assistant", turn["text"].removeprefix(turn.get("lead", "")).lstrip()))
        elif turn["role"] == "candidate" and turn.get("kind") == "answer":
            pieces.append(("user", f"Candidate:\n{candidate_block(turn['text'])}"))
            reply = next((t for t in turns[n + 1 :] if t["role"] == "interviewer"), None)
            sources = reply.get("notes", []) if reply else latest
            if sources:
                pieces.append(("user", notes_text(ctx, sources)))
    return pieces


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


def instruction(ctx: TurnContext, task: str) -> str:
    """What ends a turn's prompt: the latest diagram, if any, then the task. A question keeps
    it (`Turn.task`) so later prompts show it where it was."""
    return diagram_text(ctx) + task


def build_messages(
    ctx: TurnContext, said: str, *, budget: int, model: str | None, notes: list[str] | None = None
) -> list[dict]:
    """System, the stage's header, the stage as chat messages, then `said` (the turn's
    `instruction`); trimmed to `budget` tokens by dropping the stage's oldest pieces. `notes`:
    what the latest answer is shown with (default: every note retrieved for it)."""
    summaries = ctx.state.get("summaries", {})
    closed = "\n".join(f"- {summaries[s]}" for s in STAGES if s in summaries) or "(none yet)"
    pieces = exchanges(ctx, notes) + [("user", said)]
    omitted = 0
    while True:
        header = render(
            "interview_context",
            summaries=closed,
            stage_title=ctx.spec.title,
            objectives="\n".join(f"- {o}" for o in ctx.spec.objectives),
            checklist="\n".join(f"- {item.id}: {item.text}" for item in ctx.checklist),
            omitted="(earlier turns of this stage omitted)\n" if omitted else "",
        )
        messages = [system_message(ctx), *_merged([("user", header), *pieces[omitted:]])]
        if count_message_tokens(messages, model) <= budget or len(pieces) - omitted <= KEPT:
            return messages
        omitted += 1  # drop the oldest piece of this stage first


def _merged(pieces: list[tuple[str, str]]) -> list[dict]:
    """Chat messages from pieces, a role's consecutive pieces in one message (chat templates
    want user and assistant to alternate)."""
    messages: list[dict] = []
    for role, text in pieces:
        if messages and messages[-1]["role"] == role:
            messages[-1]["content"] += "\n" + text
        else:
            messages.append({"role": role, "content": text})
    return messages

"""The scorecard as Markdown: printed by `mlsd grade` and offered as a download by the UI."""

from __future__ import annotations

from agent.knowledge import STAGES, default_knowledge
from agent.notes import named_short
from agent.plural import counted
from agent.scoring.drawn import EDGE_QUOTE
from agent.scoring.scorecard import FlagFinding, Scorecard

QUOTE_CHARS = 140  # a table cell shows the start of the first quote; the JSON keeps it whole


def _cell(text: str) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _titles() -> dict[str, str]:
    return {s: spec.title for s, spec in default_knowledge().stages.items()}


def _stage_rows(card: Scorecard) -> list[str]:
    titles = _titles()
    rows = ["| Stage | Score | Evidence |", "|---|---|---|"]
    for stage in STAGES:
        grade = card.stages.get(stage)
        if grade is None:
            continue
        if not grade.supported:
            shown = "unsupported: " + grade.rationale
        elif grade.evidence:
            first = headline(grade.evidence)  # an edge quote carries its own quote marks
            shown = first if first.startswith(EDGE_QUOTE) else f'"{first}"'
        else:
            shown = grade.rationale
        hints = f" ({counted(grade.hints, 'hint')})" if grade.hints else ""
        rows.append(f"| {titles[stage]} | {_score(grade.score)}{hints} | {_cell(shown)} |")
    return rows


def headline(evidence: list[str]) -> str:
    """The quote a stage's row shows: its first statement. A question the candidate asked
    ("How many queries per second at peak?") shows what they wanted to know, not what they
    decided, though it counts as evidence of asking."""
    return next((quote for quote in evidence if not quote.rstrip().endswith("?")), evidence[0])


def red_flag_sentence(finding: FlagFinding, quote: str) -> str:
    """A red flag as the candidate should read it (Markdown and the app): their words (`quote`,
    clipped or not by the caller), which flag, why, and what a strong answer says."""
    flag = finding.flag.rstrip(".")
    return (
        f'You said "{quote}": this is a red flag ({flag[0].lower()}{flag[1:]}) because '
        f"{finding.why.rstrip('.')}. A strong answer: {finding.instead}"
    )


def red_flag_lines(card: Scorecard) -> list[str]:
    found = [f for stage in STAGES if stage in card.stages for f in card.stages[stage].red_flags]
    if not found:
        return []
    return ["", "## Red flags", ""] + [f"- {red_flag_sentence(f, _cell(f.quote))}" for f in found]


def diagram_lines(card: Scorecard) -> list[str]:
    """The candidate's last diagram as drawn, and the must-have edges no diagram of theirs has."""
    drawn = card.diagram
    if drawn is None:
        return []
    fence = "```" + ("mermaid" if drawn.kind == "mermaid" else "")
    lines = ["", "## Your diagram", "", fence, drawn.source.strip("\n"), "```"]
    if drawn.missing:
        lines += ["", "Missing from your diagram:", ""]
        lines += [f"- {m.edge} ({m.probe})" for m in drawn.missing]
    return lines


def reach_note(card: Scorecard) -> str:
    """E.g. "provisional: 3 of 7 stages reached"; empty for a complete interview."""
    if not card.provisional:
        return ""
    scope = len(card.drill or STAGES)
    return f"provisional: {scope - len(card.not_reached)} of {scope} stages reached"


def _words(value: str | None) -> str:
    return (value or "–").replace("_", " ")


def render_markdown(card: Scorecard) -> str:
    """A readable scorecard: headline, per-stage table, dimensions and feedback."""
    drilled = " and ".join(_titles()[s] for s in card.drill)
    lines = [f"# Drill scorecard: {drilled}" if drilled else "# Interview scorecard", ""]
    if not card.graded:
        return (
            "\n".join(lines + [f"**Not graded**: {card.reason}", "", f"Grader: {card.grader}"])
            + "\n"
        )
    provisional = f" ({reach_note(card)})" if card.provisional else ""
    headline = (
        f"**Drill score {_score(card.overall)} / 4**, graded as in a full interview · "
        f"hints used: {card.hints_used} · grader: {card.grader}"
        if card.drill
        else f"**Overall {_score(card.overall)} / 4** · recommendation: "
        f"{_words(card.recommendation)}{provisional} · level: {_words(card.level)} · "
        f"target: {card.target_level or 'none'} · hints used: {card.hints_used} · "
        f"grader: {card.grader}"
    )
    lines += [headline, ""] + ([f"Level: {card.verdict}.", ""] if card.verdict else [])
    if card.not_reached:
        titles = named_short(card.not_reached)
        lines += [f"Not reached (graded on the stages reached only): {titles}.", ""]
    lines += [f"Note: {card.reason}", ""] if card.reason else []
    lines += _stage_rows(card) + red_flag_lines(card) + diagram_lines(card)
    lines += ["", "## Dimensions", ""]
    lines += [
        f"- **{name.replace('_', ' ')}** {_score(dim.score)}: {dim.rationale}"
        for name, dim in card.dimensions.items()
        if dim.score is not None or not card.drill  # a drill feeds only its stages' dimensions
    ]
    if card.strengths:
        lines += ["", "## Strengths", ""] + [f"- {s}" for s in card.strengths]
    if card.improvements:
        lines += ["", "## To improve", ""]
        lines += [
            f"- {i.text}" + (f" (study: {_note_title(i.note)}, `{i.note}`)" if i.note else "")
            for i in card.improvements
        ]
    if card.sample_answer.stage:
        title = default_knowledge().stages[card.sample_answer.stage].title
        lines += ["", f"## A strong answer outline: {title}", ""]
        lines += [f"- {point}" for point in card.sample_answer.outline]
    if card.usage.calls:
        usage = card.usage
        lines += [
            "",
            (
                f"Tokens: {usage.prompt_tokens} prompt + {usage.completion_tokens} "
                f"completion in {usage.calls} calls."
            ),
        ]
    return "\n".join(lines) + "\n"


def _note_title(note_id: str) -> str:
    note = default_knowledge().notes.get(note_id)
    return f"*{note.title}*" if note else note_id

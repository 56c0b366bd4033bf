"""The progress page's charts, on the rubric's fixed scale so a 2.5 looks the same wherever it
shows: scores over the interviews shown, and a stage-by-interview heat map. Each interview is
one place along x, labelled by its number, day and question, so two on one day stay apart and
a drill says so."""

from __future__ import annotations

from datetime import datetime

import altair as alt

from agent.knowledge import Knowledge
from agent.progress import Trend

SCORE_AXIS = alt.Scale(domain=[0, 4])  # fixed: a chart never zooms in on a small change
DRILL = "Drill"  # how a drill's label starts, after its number
LABEL_ROOM = 180  # pixels under a chart for the slanted interview labels
TITLE_CHARS = 36  # the longest bank title; a free question's text is cut to fit


def interview_labels(interviews: list[dict], knowledge: Knowledge) -> list[str]:
    """One label per interview, e.g. "2. Drill · 14 May · News feed ranking"; the number
    keeps the labels unique and in order."""
    labels = []
    for number, shown in enumerate(interviews, 1):
        question = knowledge.questions.get(shown["question"])
        title = question.title if question else shown["question"]
        if len(title) > TITLE_CHARS:
            title = title[: TITLE_CHARS - 1] + "…"
        day = datetime.fromtimestamp(shown["graded_at"]).strftime("%d %b")
        kind = f"{DRILL} · " if shown["kind"] == "drill" else ""
        labels.append(f"{number}. {kind}{day} · {title}")
    return labels


def _interview_axis(labels: list[str], numbers_only: bool = False) -> alt.X:
    """Every interview along x in order, even one with no score in this chart; a drill's label
    bold. `numbers_only` cuts a label at its first " · " ("1. 14 May", "3. Drill"): a half-width
    chart has no room for the whole label (the heat map above has, and the tooltip)."""
    bold = f"indexof(datum.value, '. {DRILL} · ') >= 0 ? 'bold' : 'normal'"
    axis = alt.Axis(labelAngle=-30, labelLimit=400, labelFontWeight=alt.expr(bold))
    if numbers_only:
        axis = alt.Axis(
            labelAngle=0, labelExpr="split(datum.value, ' · ')[0]", labelFontWeight=alt.expr(bold)
        )
    return alt.X("interview:N", scale=alt.Scale(domain=labels), title=None, axis=axis)


def trend_chart(trends: dict[str, Trend], labels: list[str]) -> alt.Chart:
    """A line per stage or dimension (named by the keys), through the interviews that scored
    it: an interview that did not (a drill of another stage) is stepped over, not a zero."""
    rows = [
        {"interview": labels[index], "name": name, "score": score}
        for name, trend in trends.items()
        for index, score in enumerate(trend.scores)
        if score is not None
    ]
    wide = max(len(name) for name in trends)
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=_interview_axis(labels, numbers_only=True),
            y=alt.Y("score:Q", scale=SCORE_AXIS, axis=alt.Axis(tickCount=4), title="score"),
            color=alt.Color(
                "name:N",
                sort=list(trends),
                title=None,
                # rows that fit a half-width column: four short names, or two long ones
                legend=alt.Legend(orient="bottom", columns=4 if wide <= 12 else 2),
            ),
            tooltip=["name:N", "interview:N", "score:Q"],
        )
        .properties(height=300)
    )


def heat_map(stages: dict[str, Trend], labels: list[str]) -> alt.LayerChart:
    """Stage (rows, in interview order) by interview (columns), each cell its score; a blank
    cell is a stage that interview did not score (not reached, or outside a drill)."""
    rows = [
        {"interview": labels[index], "stage": stage, "score": score}
        for stage, trend in stages.items()
        for index, score in enumerate(trend.scores)
        if score is not None
    ]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=_interview_axis(labels),
        y=alt.Y("stage:N", scale=alt.Scale(domain=list(stages)), title=None),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "score:Q",
            # the rubric's own range (1-4), so the colours use the whole scheme
            scale=alt.Scale(domain=[1, 4], scheme="redyellowgreen"),
            title="score",
        ),
        tooltip=["stage:N", "interview:N", "score:Q"],
    )
    values = base.mark_text(fontSize=13).encode(
        text=alt.Text("score:Q", format=".1f"),
        # white on the scheme's dark ends (deep red, deep green), black on the light middle
        color=alt.condition(
            "datum.score < 1.6 || datum.score > 3.6", alt.value("white"), alt.value("black")
        ),
    )
    return (cells + values).properties(height=34 * len(stages) + LABEL_ROOM)

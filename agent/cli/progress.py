"""`mlsd progress`: where you stand across interviews, and what to drill."""

from __future__ import annotations

import argparse
import json
from datetime import datetime

from agent.config import load_settings
from agent.interview.storage import user_history
from agent.knowledge import STAGES, default_knowledge
from agent.plural import counted
from agent.printable import printable
from agent.progress import Progress, Trend, progress
from agent.scoring.scorecard import DIMENSIONS

SPARK = "▁▂▃▄▅▆▇█"  # 1.0 .. 4.0 on the fixed scale


def progress_command(args: argparse.Namespace) -> int:
    knowledge = default_knowledge()
    records = user_history(load_settings()).records(last=args.last)
    found = progress(records, knowledge)
    if args.json:
        print(printable(json.dumps(found.as_json(), indent=2)))
        return 0
    if not records:
        print("No graded interviews yet. Finish one (mlsd interview) and it shows here.")
        return 0
    print(printable("\n".join(report_lines(found, knowledge))))
    return 0


def report_lines(found: Progress, knowledge) -> list[str]:
    first, last = found.interviews[0], found.interviews[-1]
    drills = sum(i["kind"] == "drill" for i in found.interviews)
    lines = [
        f"{len(found.interviews)} graded ({counted(drills, 'drill')}), "
        f"{_day(first['graded_at'])} to "
        f"{_day(last['graded_at'])}; average of the last 3 scores, best, latest, trend "
        "(oldest first).",
        "",
    ]
    rows = [(knowledge.stages[s].title, found.stages[s]) for s in STAGES]
    rows += [(d.replace("_", " ").capitalize(), found.dimensions[d]) for d in DIMENSIONS]
    width = max(len(name) for name, _ in rows)
    lines.append(f"{'':<{width}}  avg   best  latest  trend")
    for index, (name, trend) in enumerate(rows):
        if index == len(STAGES):
            lines.append("")
        lines.append(f"{name:<{width}}  {_row(trend)}")
    if found.weakest_stage:
        title = knowledge.stages[found.weakest_stage].title
        lines += ["", f"Weakest stage: {title}. Drill it: mlsd interview --drill"]
    if found.weakest_items:
        lines += ["", "Missed most often:"]
        for item in found.weakest_items:
            note = knowledge.notes.get(item.note)
            study = f" Study: {note.title} ({item.note})." if note else ""
            lines.append(
                f"- {knowledge.stages[item.stage].title}: {item.text} "
                f"(missed {item.missed} of {item.out_of}).{study}"
            )
    return lines


def _row(trend: Trend) -> str:
    def shown(value: float | None) -> str:
        return "  –" if value is None else f"{value:.1f}"

    spark = "".join(
        "·" if s is None else SPARK[min(7, int((s - 1) / 3 * 7.999))] for s in trend.scores
    )
    return f"{shown(trend.moving):>4}  {shown(trend.best):>4}  {shown(trend.latest):>6}  {spark}"


def _day(at: float) -> str:
    return datetime.fromtimestamp(at).strftime("%Y-%m-%d")

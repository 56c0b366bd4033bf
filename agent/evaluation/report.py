"""results.json and a readable report.md under the output directory.

The markdown is rendered from the results dict only: a table per metric group and grader, the
threshold checks, the cost, and one row per case with every repeat's score.
"""

from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path
from typing import Any

from agent.paths import write_atomically

GROUP_TITLES = {
    "test_retest": "Test-retest (same case, repeated)",
    "ordering": "Ordering (strong > mixed > weak)",
    "reference": "Agreement with reference labels",
    "robustness": "Robustness (score change vs the base case)",
    "refusal": "Refusal",
    "runs": "Runs",
    "evidence": "Evidence",
    "agreement": "Coverage vs LLM grader",
    "flags": "Red flags (planted in mixed cases; raised on strong ones)",
}


def write_report(out: Path, results: dict[str, Any]) -> tuple[Path, Path]:
    """Each file is written whole or not at all; a failed write raises OSError."""
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out / "results.json", out / "report.md"
    write_atomically(json_path, json.dumps(results, indent=2) + "\n")
    write_atomically(md_path, render_report(results))
    return json_path, md_path


def render_report(results: dict[str, Any]) -> str:
    r = results
    head = [
        f"# Grading eval, {r['created']}",
        "",
        f"{r['cases']} cases from `{r['cases_dir']}`; graders: {', '.join(r['graders'])}; "
        f"repeats: {r['repeats']}; concurrency: {r['concurrency']}; "
        f"cache: {'on' if r['cache'] else 'off'}"
        + (f"; model: {r['model']}" if r.get("model") else ""),
        "",
    ]
    parts = [head, _thresholds(r["thresholds"]), _cost(r["cost"])]
    parts += [metric_tables(section, found) for section, found in r["metrics"].items()]
    parts.append(_cases(r["per_case"], r["graders"]))
    return "\n".join(line for part in parts for line in part) + "\n"


def metric_tables(section: str, metrics: dict[str, dict[str, Any]]) -> list[str]:
    """One table per metric group of a section (what the README's report table reuses)."""
    lines = [f"## {section}", ""]
    for group, items in groupby(metrics.items(), key=lambda item: item[0].split(".")[0]):
        lines += [
            f"### {GROUP_TITLES.get(group, group)}",
            "",
            "| metric | value | 95% CI | n | note |",
            "|---|---|---|---|---|",
        ]
        for name, m in items:
            ci = f"[{_num(m['ci95'][0])}, {_num(m['ci95'][1])}]" if m["ci95"] else ""
            lines.append(
                f"| {name.split('.', 1)[1]} | {_num(m['value'])} | {ci} | {m['n']} "
                f"| {m['reason'] or ''} |"
            )
        lines.append("")
    return lines


def side_by_side(reported: dict[str, dict[str, Any]]) -> str:
    """Every metric of every grader, one column per set (dev beside blind)."""
    names = list(reported)
    lines = ["| grader | metric | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    first = reported[names[0]]["metrics"]
    for section, found in first.items():
        for metric in found:
            cells = [
                _num(reported[n]["metrics"].get(section, {}).get(metric, {}).get("value"))
                for n in names
            ]
            lines.append(f"| {section} | {metric} | " + " | ".join(cells) + " |")
    verdicts = [verdict(reported[n]["thresholds"]) for n in names]
    lines.append("| | thresholds | " + " | ".join(verdicts) + " |")
    return "\n".join(lines)


def verdict(thresholds: dict[str, Any]) -> str:
    """'all met', or how many bars were missed and how many could not be computed."""
    missed, unchecked = len(thresholds["missed"]), len(thresholds["unchecked"])
    if not missed and not unchecked:
        return "all met"
    allowed = " (allowed)" if thresholds.get("unchecked_allowed") else ""
    parts = [
        f"{missed} missed" if missed else "",
        f"{unchecked} unchecked{allowed}" if unchecked else "",
    ]
    return ", ".join(p for p in parts if p)


def _thresholds(thresholds: dict[str, Any]) -> list[str]:
    lines = [f"## Thresholds: {verdict(thresholds)}", ""]
    if not thresholds["checks"]:
        return lines + ["No thresholds apply to this run.", ""]
    lines += ["| metric | bar | value | status |", "|---|---|---|---|"]
    for c in thresholds["checks"]:
        bar = (">= " if c["bound"] == "min" else "<= ") + _num(c["limit"])
        note = f" ({c['reason']})" if c["reason"] else ""
        lines.append(f"| {c['name']} | {bar} | {_num(c['value'])} | {c['status']}{note} |")
    return lines + [""]


def _cost(cost: dict[str, dict[str, Any]]) -> list[str]:
    header = (
        "| grader | wall s | gradings | failed | calls | prompt tokens | completion tokens "
        "| cache hits |"
    )
    lines = ["## Cost", "", header, "|---" * 8 + "|"]
    for grader, c in cost.items():
        lines.append(
            f"| {grader} | {_num(c['wall_seconds'])} | {c['gradings']} | {c['failed']} "
            f"| {c['calls']} | {c['prompt_tokens']} | {c['completion_tokens']} "
            f"| {c['cache_hits']} |"
        )
    return lines + [""]


def _cases(rows: list[dict[str, Any]], graders: list[str]) -> list[str]:
    lines = [
        "## Per case",
        "",
        "| case | level | variant | refuse | expected | " + " | ".join(graders) + " |",
        "|---" * (5 + len(graders)) + "|",
    ]
    for row in rows:
        cells = [_case_cell(row[g]) for g in graders]
        lines.append(
            f"| {row['id']} | {row['level'] or ''} | {row['variant'] or ''} "
            f"| {'yes' if row['refuse'] else ''} | {_num(row['expected'])} | "
            + " | ".join(cells)
            + " |"
        )
    return lines + [""]


def _case_cell(graded: dict[str, Any]) -> str:
    """The median, then each repeat when there are several; 'not graded' and errors spelt out."""
    shown = [
        "not graded" if refused else _num(score)
        for score, refused in zip(graded["scores"], graded["refused"])
    ]
    if graded["errors"]:
        shown.append(f"{len(graded['errors'])} error(s): {graded['errors'][0][:80]}")
    if len(shown) == 1 or graded["median"] is None:
        return ", ".join(shown)
    return f"{_num(graded['median'])} ({', '.join(shown)})"


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)

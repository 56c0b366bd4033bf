"""The architecture as a test: imports go one way, and the seams have one definition each.

front ends (cli, ui, app.py) -> interview, evaluation -> progress (the history the engine
records scorecards into) -> interviewer, scoring -> retrieval ->
llm -> the base (config, errors, paths, knowledge, cases, state, matching, and the diagrams
package, plain data every layer reads). A module imports
its own package or a lower layer only; peers in one layer do not import each other.
"""

from __future__ import annotations

import ast
import re

from agent.paths import ROOT

LAYERS = {
    "cli": 6, "ui": 6,
    "interview": 5, "evaluation": 5,
    "progress": 4,
    "interviewer": 3, "scoring": 3,
    "retrieval": 2,
    "llm": 1,
}  # fmt: skip
BASE_PACKAGES = {"diagrams"}
AGENT = ROOT / "agent"


def package(module: str) -> str:
    """'agent.scoring.grade' -> 'scoring'; a base module ('agent.state') -> 'base'."""
    parts = module.split(".")
    if parts[1] in BASE_PACKAGES:
        return "base"
    return parts[1] if len(parts) > 2 or parts[1] in LAYERS else "base"


def imports(path) -> list[str]:
    """Every agent module `path` imports, at the top or inside a function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("agent."):
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("agent.")]
    return found


def modules():
    for path in AGENT.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        yield path, name.removesuffix(".__init__")


def test_imports_go_one_way():
    wrong = []
    for path, name in modules():
        if name in ("agent", "agent.__main__"):
            continue
        mine = package(name)
        for target in imports(path):
            theirs = package(target)
            if theirs == mine or theirs == "base":
                continue
            if LAYERS.get(theirs, 0) >= LAYERS.get(mine, 0):
                wrong.append(f"{name} ({mine}) imports {target} ({theirs})")
    assert wrong == []


def test_the_engine_knows_policies_only_through_the_protocol():
    named = [
        f"{name} imports {target}"
        for path, name in modules()
        if name.startswith("agent.interview.")
        for target in imports(path)
        if target in ("agent.interviewer.offline", "agent.interviewer.model")
        or target.startswith(("agent.retrieval.search", "agent.retrieval.store"))
    ]
    assert named == []


SEAMS = {
    "the turn type": r"^class Turn\b",
    "the command table": r"^COMMANDS\b.*=",
    "the grader choice": r"^def make_grader\b",
    "the default grader": r"^def default_grader\b",
    "the grader name type": r"^GraderName\b.*=",
    "the stage clock": r"^def stage_elapsed\b",
    "the policy factory": r"^def make_policy\b",
    "the retriever protocol": r"^class Retriever\b",
    "a render_markdown": r"^def render_markdown\b",
}


def test_each_seam_is_defined_once():
    sources = [p.read_text(encoding="utf-8") for p in AGENT.rglob("*.py")]
    sources.append((ROOT / "app.py").read_text(encoding="utf-8"))
    counts = {
        seam: sum(len(re.findall(pattern, text, re.MULTILINE)) for text in sources)
        for seam, pattern in SEAMS.items()
    }
    assert counts == dict.fromkeys(SEAMS, 1)

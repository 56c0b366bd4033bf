"""The `mlsd` command table: each command's options and the handler it runs, imported only
when it runs so `mlsd --help` stays fast. Every command but the short `config` and `doctor`
lives with its feature."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from agent.config import load_settings
from agent.notes import STAGES
from agent.state import TARGET_LEVELS

Handler = Callable[[argparse.Namespace], int]


def _config(args: argparse.Namespace) -> int:
    settings = load_settings()
    shown = settings.redacted()
    width = max(len(f"{name}={value}") for name, value in shown.items())
    for (name, value), field in zip(shown.items(), type(settings).model_fields.values()):
        print(f"{f'{name}={value}':<{width}}  # {field.description}")
    mode = "model endpoint" if settings.endpoint_configured else "offline interviewer"
    print(f"\nactive: {mode}")
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from agent.cli.doctor import run_doctor

    return run_doctor(load_settings())


def _lazy(module: str, name: str) -> Handler:
    """Import a command's module only when it runs, so `mlsd --help` stays fast."""

    def handler(args: argparse.Namespace) -> int:
        import importlib

        return getattr(importlib.import_module(module), name)(args)

    return handler


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mlsd", description="ML system design mock interviewer.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        return sub

    command("config", _config, "Print the effective settings (the key redacted).")
    command("doctor", _doctor, "Check the model endpoint and say what to fix.")
    sub = command(
        "local-model",
        _lazy("agent.cli.local_model", "local_model_command"),
        "Run llama.cpp's server here (the bundled tiny model, or --model PATH.gguf).",
    )
    from agent.cli.local_model import add_arguments

    add_arguments(sub)
    sub = command(
        "interview",
        _lazy("agent.cli.terminal", "interview_command"),
        "Run an interview in the terminal (resume one with --session).",
    )
    sub.add_argument(
        "--question",
        help="a question id (see `mlsd questions`), or a question of your own in quotes "
        '("Design a job recommender for a professional network"); default: random',
    )
    sub.add_argument("--session", help="resume this session id, or name a new one")
    sub.add_argument("--level", default="senior", choices=TARGET_LEVELS)
    sub.add_argument("--offline", action="store_true", help="use the offline interviewer")
    sub.add_argument(
        "--drill",
        nargs="?",
        const="weakest",
        choices=["weakest", *STAGES],
        metavar="STAGE",
        help="a short interview of one stage: the one named, or your weakest by `mlsd "
        "progress`; on a question you have not had lately unless --question names one",
    )
    sub = command(
        "replay",
        _lazy("agent.cli.replay", "replay_command"),
        "Send a scripted transcript's candidate turns to the live interviewer.",
    )
    sub.add_argument("case", help="a case file (evals/README.md describes the format)")
    sub.add_argument("--offline", action="store_true", help="use the offline interviewer")
    sub.add_argument("--json", action="store_true", help="print JSON for machines")
    sub = command(
        "grade",
        _lazy("agent.cli.grade", "grade_command"),
        "Grade a scripted case or an exported session transcript.",
    )
    sub.add_argument("case", help="a case file (evals/README.md), e.g. from `mlsd export`")
    sub.add_argument(
        "--grader",
        choices=["llm", "coverage"],
        help="default: llm with a model endpoint, else coverage",
    )
    sub.add_argument("--repeats", type=int, default=1, help="grade N times, take the median")
    sub.add_argument("--json", action="store_true", help="print exactly the scorecard JSON")
    sub.add_argument(
        "--record",
        action="store_true",
        help="add the graded case to your progress history (`mlsd progress`), as its id",
    )
    sub = command(
        "eval",
        _lazy("agent.cli.conversation", "eval_command"),
        "Measure grading consistency over the eval cases (or, with --conversation, how the "
        "interviewer listens; with --diagrams, how diagrams match reference designs); exits 1 "
        "on a missed or unchecked bar.",
    )
    sub.add_argument(
        "--cases",
        nargs="+",
        help="folder(s) of case files (default: evals/cases, or evals/conversation/dev with "
        "--conversation, evals/diagrams/dev with --diagrams; with --flags, sentence files, "
        "default evals/flag_sentences/dev.yaml; with --domains, question files, default "
        "evals/domains/dev.yaml); several are shown side by side",
    )
    sub.add_argument(
        "--diagrams",
        action="store_true",
        help="match labelled diagrams to reference roles: component precision and recall "
        "(evals/diagrams/FORMAT.md)",
    )
    sub.add_argument(
        "--conversation",
        action="store_true",
        help="replay labelled candidate turns: re-ask rate, off-domain questions, clarifying "
        "accuracy (evals/conversation/FORMAT.md)",
    )
    sub.add_argument(
        "--flags",
        action="store_true",
        help="run the red-flag detector over labelled sentences: mistakes caught, rejections "
        "and right uses flagged (evals/flag_sentences/README.md)",
    )
    sub.add_argument(
        "--domains",
        action="store_true",
        help="scope labelled questions of one's own to notes: recall, precision and off-domain "
        "notes (evals/domains/README.md)",
    )
    sub.add_argument("--offline", action="store_true", help="with --conversation: offline policy")
    sub.add_argument("--grader", choices=["llm", "coverage", "both"], default="coverage")
    sub.add_argument("--repeats", type=int, default=1)
    sub.add_argument("--concurrency", type=int, default=2)
    sub.add_argument("--out", help="output folder for results.json and report.md")
    sub.add_argument("--json", action="store_true", help="print results.json to stdout")
    sub.add_argument("--no-cache", action="store_true", help="ignore cached LLM responses")
    sub.add_argument(
        "--allow-unchecked",
        action="store_true",
        help="pass bars that could not be computed (e.g. ICC with --repeats 1), still naming them",
    )
    sub = command(
        "export",
        _lazy("agent.cli.sessions", "export_command"),
        "Write a saved session as a case file, for `mlsd grade` or `mlsd replay`.",
    )
    sub.add_argument("session", help="a session id (see `mlsd sessions`)")
    sub = command(
        "sessions",
        _lazy("agent.cli.sessions", "sessions_command"),
        "List saved sessions (or delete or repair).",
    )
    sub.add_argument(
        "--delete",
        metavar="ID",
        help="delete a session: its transcript, scorecard and progress row",
    )
    sub.add_argument(
        "--repair",
        action="store_true",
        help="keep a damaged sessions file aside and start a fresh one with what can be read",
    )
    command(
        "questions", _lazy("agent.cli.sessions", "questions_command"), "List the question bank."
    )
    sub = command(
        "progress",
        _lazy("agent.cli.progress", "progress_command"),
        "Your scores across interviews per stage and dimension, the points missed most "
        "often, and the stage to drill.",
    )
    sub.add_argument("--last", type=int, default=10, help="the last N interviews (default 10)")
    sub.add_argument("--json", action="store_true", help="print JSON for scripts")
    sub = command(
        "index",
        _lazy("agent.retrieval.commands", "index_command"),
        "Build or refresh the knowledge index (unchanged notes are skipped).",
    )
    sub.add_argument("--rebuild", action="store_true", help="re-embed every note")
    sub = command(
        "retrieval-eval",
        _lazy("agent.retrieval.commands", "retrieval_eval_command"),
        "Measure retrieval recall@3 and MRR on the dev and held-out sets in evals/.",
    )
    sub.add_argument("--json", action="store_true")
    return parser

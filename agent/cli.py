"""`mlsd`: the command line. Parsing and dispatch only; each command lives with its feature."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from agent.config import load_settings
from agent.errors import InterviewerError

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
    from agent.doctor import run_doctor

    return run_doctor(load_settings())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mlsd", description="ML system design mock interviewer.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        return sub

    command("config", _config, "Print the effective settings (the key redacted).")
    command("doctor", _doctor, "Check the model endpoint and say what to fix.")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except InterviewerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted: everything said so far is saved.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

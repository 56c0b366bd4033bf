"""`mlsd`, the command line: parsing and dispatch (main), the terminal interview (terminal),
replays of scripted transcripts (replay) and the endpoint check (doctor)."""

from agent.cli.main import build_parser, main

__all__ = ["build_parser", "main"]

"""`mlsd`, the command line: parsing (parser) and dispatch (main), the terminal interview
(terminal), replays of scripted transcripts (replay) and the endpoint check (doctor)."""

from agent.cli.main import main
from agent.cli.parser import build_parser

__all__ = ["build_parser", "main"]

"""`mlsd grade CASE.yaml`: print the scorecard, and with --record add it to the progress history."""

from __future__ import annotations

import argparse
import sys

from agent.config import load_settings
from agent.interview.storage import user_history
from agent.knowledge import default_knowledge
from agent.printable import printable
from agent.progress import record_of
from agent.scoring.grade import ScoringError, grade_case
from agent.scoring.render import render_markdown


def grade_command(args: argparse.Namespace) -> int:
    """`mlsd grade CASE.yaml [--grader llm|coverage] [--repeats N] [--json] [--record]`."""
    case, card = grade_case(args)
    # the transcript's text shows in the scorecard: made printable (JSON stays valid and equal)
    print(printable(card.model_dump_json(indent=2) if args.json else render_markdown(card)))
    if getattr(args, "record", False):
        asked = {"question_id": case.question, "question_text": case.question_text or ""}
        record = record_of(case.id, card, asked, default_knowledge())
        if record is None:
            raise ScoringError(f"not recorded in your progress history: {card.reason}")
        user_history(load_settings()).add(record)
        note = f"Recorded {case.id} in your progress history (see `mlsd progress`)."
        print(printable(note), file=sys.stderr)  # stdout stays exactly the scorecard
    return 0

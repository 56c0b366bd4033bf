"""`mlsd`: the command line. Runs the command the parser (parser.py) picked and turns its
errors and Ctrl-C into exit codes; each command lives with its feature."""

from __future__ import annotations

import signal
import sys
import threading

from agent.cli.parser import build_parser
from agent.errors import InterviewerError
from agent.printable import printable


def _on_ctrl_c(signum: int, frame: object) -> None:
    """Cut the model calls in flight, then interrupt as Python does. Without the cut, a call
    in a worker thread (the interview graph runs its nodes in a pool) holds the exit until
    the endpoint answers or times out."""
    # looked up, not imported: the model layer is heavy to import (`mlsd --help` stays fast),
    # and a process that never imported it has no model call to cut
    cutoff = sys.modules.get("agent.llm.cutoff")
    if cutoff is not None:
        cutoff.cut_all_soon()
    signal.default_int_handler(signum, frame)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    in_main = threading.current_thread() is threading.main_thread()  # signals need it
    previous = signal.signal(signal.SIGINT, _on_ctrl_c) if in_main else None
    try:
        return args.handler(args)
    except InterviewerError as error:
        print(printable(f"error: {error}"), file=sys.stderr)  # it may quote a file or a server
        return 2
    except BrokenPipeError:  # e.g. `mlsd grade x.yaml | head`: the reader left, nothing to say
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted.", file=sys.stderr)
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


if __name__ == "__main__":
    sys.exit(main())

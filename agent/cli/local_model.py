"""`mlsd local-model`: run llama.cpp's server on this machine and say how to use it.

The bundled tiny model only proves the plumbing works end to end; for real interviews pass
a GGUF of a capable instruct model with --model (README, "Local models").
"""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path

from agent.config import load_settings
from agent.errors import InterviewerError
from agent.llm.local_server import TINY_MODEL, LlamaServer, default_threads


def local_model_command(args: argparse.Namespace) -> int:
    model = Path(args.model).expanduser() if args.model else None
    if model is not None and not model.is_file():
        raise InterviewerError(f"--model {model}: no such file; give the path of a .gguf file.")
    alias = model.stem if model else TINY_MODEL
    log = load_settings().data_dir / "local-model.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    print(f"Starting llama.cpp's server with {model or 'the bundled tiny model'} (log: {log})…")
    server = LlamaServer(
        log, args.context, model=model, threads=args.threads, port=args.port, alias=alias
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        _say_how_to_use(server.url, alias, tiny=model is None)
        while not stop.wait(0.5):
            if server.process.poll() is not None:
                raise InterviewerError(
                    f"the server stopped (exit {server.process.returncode}); its log: {log}"
                )
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print("\nServer stopped.")
    return 0


def _say_how_to_use(url: str, alias: str, tiny: bool) -> None:
    print(
        f"\nReady at {url}. In another terminal:\n\n"
        f"  export MLSD_BASE_URL={url} MLSD_MODEL={alias} MLSD_API_KEY=local\n"
        "  mlsd doctor && mlsd interview\n\n"
        "Grading waits for /end with a server on this machine (MLSD_GRADING=auto), so the "
        "interview never shares the CPU with it. Ctrl-C stops the server."
    )
    if tiny:
        print("The tiny model only exercises the plumbing: its questions and grades are poor.")


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--model", help="a .gguf file (default: the bundled tiny model)")
    sub.add_argument(
        "--threads", type=int, default=default_threads(), help="CPU threads (default: all but one)"
    )
    sub.add_argument("--context", type=int, default=8192, help="context size in tokens")
    sub.add_argument("--port", type=int, help="default: a free port")

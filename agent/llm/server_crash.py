"""Why a local model server died, in words that say how to fix it.

Shared by `mlsd doctor` (which sees a server stop answering mid-request) and the test fixture
that starts llama.cpp's server (which sees its exit status), so both give one diagnosis.
"""

from __future__ import annotations

import signal

REBUILD = (
    "A llama.cpp server built with -march=native (llama.cpp's default) uses every instruction "
    "the build machine's CPU advertises; on a virtual machine that advertises AMX without "
    "allowing it, or on another CPU, it dies with 'Illegal instruction' when it loads the "
    "model. Rebuild it for a portable CPU baseline: in this project `make local-server` (see "
    "README, 'Local models'); elsewhere build llama.cpp with -DGGML_NATIVE=OFF."
)


def describe_exit(returncode: int) -> str:
    """One sentence on a server process's exit status, with the fix when it is a CPU fault."""
    if returncode >= 0:
        return f"exited with status {returncode} (see its log for why)."
    try:
        name = signal.Signals(-returncode).name
    except ValueError:
        name = f"signal {-returncode}"
    if name == "SIGILL":
        return f"was killed by SIGILL (illegal instruction): built for another CPU. {REBUILD}"
    if name in ("SIGSEGV", "SIGBUS"):
        return (
            f"crashed with {name}; at model load this is usually a build for another CPU. {REBUILD}"
        )
    return f"was killed by {name}."

"""Small filesystems for storage faults: a tmpfs that can fill up or turn read-only."""

from __future__ import annotations

import subprocess
from contextlib import contextmanager
from pathlib import Path

from tests.support import parts


@contextmanager
def tmpfs(where: Path, size: str = "2m"):
    """A fresh tmpfs of `size` at `where` (root only; elsewhere the test cannot run)."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode:
        parts.missing(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def read_only(where: Path) -> None:
    """Remount `where` read-only: even root cannot write there then."""
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)


def fill(where: Path) -> Path:
    """Take every free byte of the filesystem at `where`; delete the file to free them."""
    filler = where / "filler"
    with open(filler, "wb", buffering=0) as out:
        for size in (65536, 4096, 1):  # down to the last byte
            try:
                while True:
                    out.write(b"\0" * size)
            except OSError:
                continue
    return filler

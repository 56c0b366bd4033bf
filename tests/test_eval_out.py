"""`mlsd eval --out`: a folder that cannot be written is refused before anything is graded, and
a write that fails afterwards (a full disk) is one line and leaves no partial results file.

A full disk is a real one: a 64 KiB tmpfs, nearly filled. Where mounting is not allowed (no
root, no CAP_SYS_ADMIN), the child runs with a file size limit instead (RLIMIT_FSIZE), which
fails the same writes with EFBIG: the failure path is then the same, only the reason differs.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from agent.paths import EVALS_DIR
from tests.test_cli import mlsd

FREE_BYTES = 4096  # one tmpfs page: room for the write probe, not for results.json (~13 KB)


@contextmanager
def tmpfs(where: Path, options: str) -> Iterator[bool]:
    """`where` as a small tmpfs for the block; False when this machine does not let us mount."""
    where.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)]
    if subprocess.run(mount, capture_output=True).returncode != 0:
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", str(where)], check=True)


def two_cases(tmp_path: Path) -> str:
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("ads-ctr-strong-1.yaml", "ads-ctr-weak-1.yaml"):
        shutil.copy(EVALS_DIR / "cases" / name, cases)
    return str(cases)


def one_line(done: subprocess.CompletedProcess, words: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert done.stderr.startswith("error: ") and words in done.stderr, done.stderr


def _small_files() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (FREE_BYTES, FREE_BYTES))


def eval_into(tmp_path: Path, out: Path, *args: str, **run: object):
    return mlsd("eval", "--cases", two_cases(tmp_path), "--out", str(out), *args, **run)


@pytest.mark.parametrize(
    ("where", "reason"), [("afile", "it is a file"), ("afile/sub", "Not a directory")]
)
def test_an_out_in_the_way_of_a_file_is_refused_before_any_grading(
    endpoint, tmp_path, where, reason
):
    (tmp_path / "afile").write_text("not a folder")
    out = tmp_path / where
    # the llm grader with nothing scripted: a grading would be an unexpected call
    done = eval_into(tmp_path, out, "--grader", "llm")
    one_line(done, f"cannot write to {out} ({reason}); point --out at a folder you can write to")
    assert endpoint.chat_requests() == [] and done.stdout == ""


def test_a_read_only_out_is_refused_before_any_grading(endpoint, tmp_path):
    with tmpfs(tmp_path / "ro", "ro,size=64k") as mounted:
        # root writes through permission bits: a read-only mount, or else /sys, stops it
        out = tmp_path / "ro" / "out" if mounted else Path("/sys/mlsd-eval-out")
        done = eval_into(tmp_path, out, "--grader", "llm")
    reason = "Read-only file system" if mounted else "Operation not permitted"
    one_line(done, f"cannot write to {out} ({reason})")
    assert endpoint.chat_requests() == [] and done.stdout == ""


def test_a_full_disk_is_one_line_and_leaves_no_partial_results(tmp_path):
    out = tmp_path / "full"
    with tmpfs(out, "size=64k") as mounted:
        if mounted:
            (out / "filler").write_bytes(b"x" * (64 * 1024 - FREE_BYTES))
        done = eval_into(tmp_path, out, preexec_fn=None if mounted else _small_files)
        left = sorted(p.name for p in out.iterdir())
    reason = "No space left on device" if mounted else "File too large"
    one_line(done, f"cannot write the results to {out} ({reason}); nothing partial was left")
    assert left == (["filler"] if mounted else [])
    assert done.stdout == ""

"""In CI a missing real part fails the run (elsewhere it skips). Checked by running pytest on
the browser tests with Chromium off the PATH, as a fresh CI machine without it would."""

from __future__ import annotations

import os
import subprocess
import sys

from agent.paths import ROOT


def run_browser_tests(**env: str) -> subprocess.CompletedProcess:
    no_chromium = os.path.dirname(sys.executable) + ":/usr/bin/nonexistent"
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "MLSD_CI")}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(ROOT / "tests" / "test_browser.py"),
            "-k",
            "offline_interview",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=240,
        env={**clean, "PATH": no_chromium, **env},
    )


def test_missing_chromium_fails_in_ci_with_one_line():
    done = run_browser_tests(MLSD_CI="1")
    assert done.returncode == 1, done.stdout
    assert "1 error" in done.stdout  # the page fixture fails: an error, not a skip
    assert "chromium is not installed" in done.stdout and "every part is required" in done.stdout

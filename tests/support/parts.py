"""Whether a test whose real part is missing (Chromium, the local model) may skip.

Read once, when conftest imports this module: the autouse `isolated` fixture clears every
MLSD_* variable before each test, so a fixture reading MLSD_CI itself would always see it unset.
"""

from __future__ import annotations

import os

import pytest

REQUIRED = bool(os.environ.get("CI") or os.environ.get("MLSD_CI"))


def missing(message: str) -> None:
    """Fail in CI (one line, no traceback), skip elsewhere."""
    if REQUIRED:
        pytest.fail(f"{message} (CI or MLSD_CI is set: every part is required)", pytrace=False)
    pytest.skip(message)

"""`ruff` is part of the test command, so style problems fail CI like any other defect."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

CHECKED = ("pipeline", "tests", "bench", "flows.py", "annotations")


@pytest.mark.parametrize(
    "command",
    [
        ("check",),
        # the formatter's layout too, so that a diff shows what changed and not how it was wrapped
        ("format", "--check"),
    ],
)
def test_ruff_clean(command: tuple[str, ...]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, *CHECKED],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr

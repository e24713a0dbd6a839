"""The hand-made gold must stay consistent with the corpus it annotates."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.parametrize("checker", ["check_annotations.py", "check_measurements.py"])
def test_gold_annotations_are_valid(checker: str) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "annotations" / checker)], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

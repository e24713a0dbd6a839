"""A run killed at any moment leaves the previous outputs intact, and the next run completes."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import CORPUS


def _trialsift(*args: str) -> list[str]:
    return [sys.executable, "-c", "from pipeline.cli import main; main()", *args]


def _stored_count(store: Path) -> int:
    try:
        with sqlite3.connect(store, timeout=5) as db:
            return db.execute("SELECT count(*) FROM corpus").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_killed_run_keeps_previous_outputs_and_next_run_completes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = tmp_path / "out"
    subprocess.run(_trialsift("run", str(corpus), "--out", str(out), "-q"), check=True)
    before = {
        name: (out / name).read_bytes() for name in ("documents.csv", "errors.csv", "documents.parquet")
    }

    # Enough new documents that the kill lands in the middle of the batch.
    seed = (CORPUS / "003_44468bc4a75eb7d1.txt").read_text(encoding="utf-8")
    for i in range(200):
        (corpus / f"extra_{i:03}.txt").write_text(f"Copy {i} of a review.\n\n{seed}", encoding="utf-8")
    process = subprocess.Popen(_trialsift("run", str(corpus), "--out", str(out), "-q"))
    deadline = time.monotonic() + 120
    while _stored_count(out / "trialsift.sqlite") < 5 + 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    stored_at_kill = _stored_count(out / "trialsift.sqlite")
    assert 5 + 20 <= stored_at_kill < 205, "the kill should land mid-batch"

    for name, content in before.items():
        assert (out / name).read_bytes() == content, f"{name} changed by a killed run"
    assert not list(out.glob(".*.tmp"))

    result = subprocess.run(_trialsift("run", str(corpus), "--out", str(out), "-q"))
    assert result.returncode == 0
    rows = (out / "documents.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 205

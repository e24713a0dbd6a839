"""A run stopped at any moment (SIGINT, SIGTERM, kill -9) leaves the previous outputs intact, one
run's complete set, and the next run completes them."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.publish import GENERATIONS
from tests.conftest import CORPUS
from tests.runs import (
    DOCUMENTS,
    extracted,
    small_documents,
    tables,
    trialsift,
    wait_for_extracted,
    write_documents,
)

_trialsift = trialsift


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


# One of the 300 PMC texts is empty: an error row, and exit status 3, in every complete run.
COMPLETED_WITH_ERROR_ROWS = 3


@dataclass(frozen=True)
class Runs:
    corpus: Path
    earlier: Path  # the outputs of a complete run over the first documents only
    clean: Path  # the outputs of one uninterrupted run over the whole corpus
    first: int  # documents in the earlier run


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    root = tmp_path_factory.mktemp("interrupted")
    texts = small_documents()
    corpus, earlier, clean = root / "corpus", root / "earlier", root / "clean"
    first = 30
    write_documents(corpus, dict(list(texts.items())[:first]))
    subprocess.run(trialsift("run", str(corpus), "--out", str(earlier), "-q"), check=True)
    write_documents(corpus, texts)
    result = subprocess.run(trialsift("run", str(corpus), "--out", str(clean), "-q"))
    assert result.returncode == COMPLETED_WITH_ERROR_ROWS
    return Runs(corpus, earlier, clean, first)


@pytest.mark.parametrize(
    ("signum", "status"),
    [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGKILL, -signal.SIGKILL)],
    ids=["SIGINT", "SIGTERM", "SIGKILL"],
)
def test_a_stopped_run_leaves_the_last_outputs_and_the_next_run_equals_a_clean_one(
    runs: Runs, tmp_path: Path, signum: int, status: int
) -> None:
    out = tmp_path / "out"
    shutil.copytree(runs.earlier, out, symlinks=True)
    before = tables(out)
    published = os.readlink(out / ".current")

    # 270 new documents on the default two worker processes: stopped once 20 of them are stored.
    process = subprocess.Popen(
        trialsift("run", str(runs.corpus), "--out", str(out), "-q"), stderr=subprocess.PIPE, text=True
    )
    wait_for_extracted(out, runs.first + 20, process)
    os.kill(process.pid, signum)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == status, stderr
    if signum != signal.SIGKILL:
        assert f"Interrupted by {signal.Signals(signum).name}" in stderr
        assert "are those of the last complete run" in stderr
    assert extracted(out) < DOCUMENTS, "the signal should land mid-batch"

    assert tables(out) == before, "a stopped run changed the published outputs"
    assert os.readlink(out / ".current") == published
    if signum != signal.SIGKILL:  # a clean stop leaves nothing behind; a killed one, the next run removes
        assert sorted(p.name for p in (out / GENERATIONS).iterdir()) == [published.split("/")[-1]]
        assert not list(out.glob(".*.tmp"))

    result = subprocess.run(
        trialsift("run", str(runs.corpus), "--out", str(out), "-q"), capture_output=True, text=True
    )
    assert result.returncode == COMPLETED_WITH_ERROR_ROWS, result.stderr
    assert tables(out) == tables(runs.clean)
    assert len(list((out / GENERATIONS).iterdir())) == 2  # the published set and the one before
    assert not list(out.glob(".*.tmp"))

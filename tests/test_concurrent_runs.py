"""Two `trialsift run` processes on one output folder: the second refuses, naming the first's PID, or
with --wait starts when the first is done. Neither loses a row of the other's."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd

from tests.runs import COMPLETED_WITH_ERROR_ROWS, SmallRuns, tables, trialsift, wait_for_extracted

SUBSET = 50  # the second run's corpus: the first 50 of the first run's documents


def _subset(small_runs: SmallRuns, folder: Path) -> Path:
    folder.mkdir()
    for path in sorted(small_runs.corpus.iterdir())[:SUBSET]:
        shutil.copy(path, folder)
    return folder


def _frame(path: Path) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(path.read_bytes()), dtype=str, keep_default_na=False)


def test_a_second_run_on_a_subset_is_refused_while_the_first_runs(
    small_runs: SmallRuns, tmp_path: Path
) -> None:
    out, subset = tmp_path / "out", _subset(small_runs, tmp_path / "subset")
    first = subprocess.Popen(trialsift("run", str(small_runs.corpus), "--out", str(out), "-q"))
    try:
        wait_for_extracted(out, 20, first)
        second = subprocess.run(
            trialsift("run", str(subset), "--out", str(out), "-q"), capture_output=True, text=True
        )
        assert first.poll() is None, "the first run should still be going"
        assert second.returncode == 1
        assert f"another trialsift process (PID {first.pid}: " in second.stderr
        assert "pass --wait" in second.stderr
    finally:
        first.wait()
    assert first.returncode == COMPLETED_WITH_ERROR_ROWS
    assert tables(out) == tables(small_runs.clean), "the first run lost rows to the second"


def test_a_second_run_with_wait_starts_when_the_first_is_done(small_runs: SmallRuns, tmp_path: Path) -> None:
    out, subset = tmp_path / "out", _subset(small_runs, tmp_path / "subset")
    first = subprocess.Popen(
        trialsift("run", str(small_runs.corpus), "--out", str(out)), stderr=subprocess.PIPE, text=True
    )
    second = None
    try:
        wait_for_extracted(out, 20, first)
        second = subprocess.Popen(
            trialsift("run", str(subset), "--out", str(out), "-q", "--wait"),
            stderr=subprocess.PIPE,
            text=True,
        )
        assert second.stderr is not None
        waiting = second.stderr.readline()  # the first thing it says, before it reads a document
        assert waiting.startswith(f"Waiting for another trialsift process (PID {first.pid}: "), waiting
        assert first.poll() is None
        _, first_said = first.communicate()
    finally:
        first.wait()
        if second is not None:
            second.wait()
    # The first run wrote all its rows: the summary counts those of a clean run.
    assert first.returncode == COMPLETED_WITH_ERROR_ROWS
    clean = _frame(small_runs.clean / "measurements.csv")
    assert re.search(rf"^\s*{len(clean)} efficacy figures$", first_said, re.MULTILINE), first_said
    assert re.search(rf"^\s*{len(_frame(small_runs.clean / 'documents.csv'))} documents$", first_said, re.M)

    # Then the second ran on its subset, alone.
    assert second.returncode in (0, COMPLETED_WITH_ERROR_ROWS), second.stderr.read()
    documents = _frame(out / "documents.csv")
    assert sorted(documents["doc_id"]) == sorted(p.stem for p in subset.iterdir())
    expected = clean[clean["doc_id"].isin(set(documents["doc_id"]))].reset_index(drop=True)
    pd.testing.assert_frame_equal(_frame(out / "measurements.csv"), expected)

"""Runs of `trialsift run` as separate processes over a corpus of a few hundred small documents, for
the tests of concurrent, interrupted and killed runs."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

TABLES = ("documents", "entities", "errors", "measurements", "conflicts", "checks", "decisions")
DOCUMENTS = 300


def trialsift(*args: str) -> list[str]:
    return [sys.executable, "-c", "from pipeline.cli import main; main()", *args]


def small_documents(count: int = DOCUMENTS) -> dict[str, str]:
    """File name -> text: the beginning (title, abstract, some of the introduction) of the first
    `count` PMC texts, about 4 KB each, cut at a line end."""
    from tests.conftest import shared_data  # tests.conftest imports this module

    texts = {}
    for path in sorted(shared_data("pmc-oa/txt").glob("*.txt"))[:count]:
        text = path.read_text(encoding="utf-8")[:4000]
        texts[path.name] = text[: text.rfind("\n") + 1] or text
    return texts


def write_documents(corpus: Path, texts: dict[str, str]) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (corpus / name).write_text(text, encoding="utf-8")


def tables(out: Path) -> dict[str, bytes]:
    """Every published table, CSV and Parquet (report.html also says what is new since the previous
    run, so a re-run's differs from a clean run's by design)."""
    return {
        f"{name}.{ext}": (out / f"{name}.{ext}").read_bytes() for name in TABLES for ext in ("csv", "parquet")
    }


def extracted(out: Path) -> int:
    """Documents whose extraction the store holds (committed), 0 before the store exists."""
    try:
        with sqlite3.connect(f"file:{out / 'trialsift.sqlite'}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT count(*) FROM stages").fetchone()[0]
    except sqlite3.Error:
        return 0


def communicate_or_fail(process: subprocess.Popen, timeout: float, what: str) -> str:
    """The stderr of a process started in a session of its own, once it ends; if it has not ended
    `timeout` seconds after `what`, the test fails naming the processes of its group still alive
    (which are then killed), so that a hang says where it is."""
    try:
        return process.communicate(timeout=timeout)[1]
    except subprocess.TimeoutExpired:
        alive = subprocess.run(
            ["ps", "-o", "pid,stat,etime,args", "-g", str(process.pid)], capture_output=True, text=True
        ).stdout
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"not ended {timeout:.0f} s after {what}; still running:\n{alive}")


def wait_for_extracted(out: Path, count: int, process: subprocess.Popen, timeout: float = 600) -> None:
    """Poll until the running `process` has committed `count` documents to the store."""
    deadline = time.monotonic() + timeout
    while extracted(out) < count:
        assert process.poll() is None, f"the run ended (status {process.returncode}) before {count} documents"
        assert time.monotonic() < deadline, f"fewer than {count} documents committed after {timeout} s"
        time.sleep(0.05)


# One of the 300 PMC texts is empty: an error row, and exit status 3, in every complete run.
COMPLETED_WITH_ERROR_ROWS = 3


@dataclass(frozen=True)
class SmallRuns:
    corpus: Path  # DOCUMENTS small documents
    earlier: Path  # the outputs of a complete run when the corpus held its first documents only
    clean: Path  # the outputs of one uninterrupted run over the whole corpus
    first: int  # documents in the earlier run


@pytest.fixture(scope="session")
def small_runs(tmp_path_factory: pytest.TempPathFactory) -> SmallRuns:
    root = tmp_path_factory.mktemp("small-runs")
    texts = small_documents()
    corpus, earlier, clean = root / "corpus", root / "earlier", root / "clean"
    first = 30
    write_documents(corpus, dict(list(texts.items())[:first]))
    subprocess.run(trialsift("run", str(corpus), "--out", str(earlier), "-q"), check=True)
    write_documents(corpus, texts)
    result = subprocess.run(trialsift("run", str(corpus), "--out", str(clean), "-q"))
    assert result.returncode == COMPLETED_WITH_ERROR_ROWS
    return SmallRuns(corpus, earlier, clean, first)

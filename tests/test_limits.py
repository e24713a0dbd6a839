"""Per-document limits on time and memory: a document past one becomes an error row, its batch goes on,
in this process (--workers 1) and in worker processes."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from pipeline.limits import (
    Limits,
    MemoryLimitExceeded,
    TimeLimitExceeded,
    use_hard_memory_limit,
    within,
)
from pipeline.work import Job, analyse, shared_pipeline
from tests.hostile_pdf import text_operator_bomb_pdf
from tests.test_batch import read_csv, run_cli


def test_time_limit_stops_a_stuck_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paper = tmp_path / "flat.txt"
    paper.write_text("Median PFS was 9.9 months.\n")

    def stuck(document, entities):
        while True:
            time.sleep(0.01)

    monkeypatch.setattr("pipeline.efficacy.extract_measurements", stuck)
    shared_pipeline()  # loaded once per process, before any document's limits
    started = time.monotonic()
    result = analyse(Job("flat", paper), 10_000_000, Limits(seconds=1, memory_mb=None))
    assert time.monotonic() - started < 10
    assert result.error is not None and result.error.stage == "extract"
    assert result.error.error.startswith(
        "took longer than 1 s in extraction; the file may be a flattened table or damaged PDF"
    )
    assert result.document is not None  # the ingested text is kept


def test_limits_are_silent_when_the_work_finishes_within_them() -> None:
    with within(Limits(seconds=0.2, memory_mb=100)):
        pass
    time.sleep(0.4)  # the watchdog must not fire after the block is left
    with pytest.raises(TimeLimitExceeded), within(Limits(seconds=0.2, memory_mb=None)):
        time.sleep(5)


def test_a_library_that_catches_every_exception_cannot_swallow_a_limit() -> None:
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded), within(Limits(seconds=0.2, memory_mb=None)):
        while time.monotonic() - started < 10:
            try:
                time.sleep(0.01)
            except Exception:  # what a careless library does
                continue
    assert time.monotonic() - started < 5


_UNDER_A_PROFILER = """
import cProfile, re, time
from pipeline.limits import LimitExceeded, Limits, within
for attempt in range(3):
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        with within(Limits(seconds=0.2, memory_mb=None)):
            while True:
                re.search("(?:ab|cd)+x", "abcd" * 1000)
    except LimitExceeded:
        pass
    profiler.disable()
print("done")
"""


def test_a_limit_leaves_nothing_pending_in_the_thread() -> None:
    """Clearing a limit the watchdog had set left the interpreter's flag for pending exceptions up
    for good: under a profiler (cProfile, as when profiling a run) the next call then looped for ever."""
    run = subprocess.run(
        [sys.executable, "-c", _UNDER_A_PROFILER], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0 and run.stdout == "done\n", run.stderr[-2000:]


def test_memory_limit_stops_a_document_that_piles_up_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paper = tmp_path / "flat.txt"
    paper.write_text("Median PFS was 9.9 months.\n")
    held: list[bytes] = []

    def hoards(document, entities):
        for index in range(2000):  # 2 GB at most, if the limit never fires
            held.append(bytes([index % 256]) * 1_000_000)
        return []

    monkeypatch.setattr("pipeline.efficacy.extract_measurements", hoards)
    result = analyse(Job("flat", paper), 10_000_000, Limits(seconds=None, memory_mb=50))
    assert result.error is not None and result.error.stage == "extract"
    assert result.error.error.startswith(
        "used more than 50 MB of memory in extraction; the file may be a flattened table or damaged PDF"
    )
    assert 50 <= len(held) < 500, "stopped soon after the limit"
    assert result.document is not None  # the ingested text is kept


def _allocate_in_one_call(megabytes: int) -> tuple[str, str]:
    """In a worker process: one allocation inside C, under a 100 MB limit; then one after it."""
    try:
        with within(Limits(seconds=None, memory_mb=100)):
            block = b"x" * (megabytes * 1_000_000)
            outcome = f"allocated {len(block)}"
    except MemoryError:
        outcome = "MemoryError"
    except MemoryLimitExceeded:
        outcome = "stopped only after the allocation"
    after = f"allocated {len(b'y' * (megabytes * 1_000_000))} after the block"
    return outcome, after


def test_a_worker_process_refuses_an_allocation_past_its_memory_limit_at_once() -> None:
    """The watchdog cannot stop one call inside C; a worker's address-space limit does, and is lifted
    when the document is done."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=use_hard_memory_limit) as pool:
        outcome, after = pool.submit(_allocate_in_one_call, 600).result()
    assert outcome == "MemoryError"
    assert after == "allocated 600000000 after the block"


def _pile_up_under_the_limit() -> str:
    """In a worker process: small objects until stopped, as a parser piles them up, under a 100 MB
    limit (some 500 MB a second, 25 MB between two looks of the watchdog)."""
    held = []
    try:
        with within(Limits(seconds=None, memory_mb=100)):
            for index in range(100_000):  # some 10 GB, if the limit never fires
                held.append([(index, str(item)) for item in range(1000)])
    except MemoryError:
        return f"MemoryError after {len(held)} thousand objects"
    except MemoryLimitExceeded:
        return "stopped by the watchdog"
    return "never stopped"


def test_a_worker_process_leaves_a_document_that_piles_up_memory_to_the_watchdog() -> None:
    """Memory that grows a little at a time is stopped by the watchdog at the limit; the address-space
    cap lies beyond it, so a document never runs the process out of memory: at the cap, a library's
    handlers that themselves fail to allocate made CPython recurse until the worker crashed."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=use_hard_memory_limit) as pool:
        outcomes = [pool.submit(_pile_up_under_the_limit).result() for _ in range(3)]
    assert outcomes == ["stopped by the watchdog"] * 3


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_document_over_the_memory_limit_is_an_error_row_and_the_batch_goes_on(
    seed_corpus: Path, tmp_path: Path, workers: str
) -> None:
    # Each glyph of this page becomes a character object for the PDF reader: about 400 MB in all.
    (seed_corpus / "glyphs.pdf").write_bytes(text_operator_bomb_pdf(1))
    out = tmp_path / "out"
    code, output = run_cli(
        "run", str(seed_corpus), "--out", str(out), "--memory-limit", "100", "--workers", workers
    )
    assert code == 3, output
    (error,) = read_csv(out / "errors.csv")
    assert error["doc_id"] == "glyphs" and error["stage"] == "ingest"
    assert error["error"].startswith("used more than 100 MB of memory in ingestion")
    figures = read_csv(out / "measurements.csv")
    assert {row["doc_id"] for row in figures} == {p.stem for p in seed_corpus.glob("*.txt")}
    assert len(figures) == 292  # the seed run's figures: none lost to the bomb

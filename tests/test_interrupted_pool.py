"""A signal stops the run's worker pool wherever it lands, deterministically: the signal is sent at
the moment that once made the writer wait for ever (tests/test_interrupted_run.py saw it twice,
under load, at random).

Each case runs a small script as a process of its own, which must end with status 143 (SIGTERM)
within a minute, its workers with it.
"""

from __future__ import annotations

import os
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.work import Job
from tests.runs import communicate_or_fail

REPO = Path(__file__).resolve().parent.parent


def half_sent(shard: list[Job]) -> list[object]:
    """In a worker: send the writer a result's length and its first bytes only, as a worker stopped
    halfway through sending a shard's results does (they are many times the pipe's 64 KB), then
    SIGTERM the writer and wait to be stopped."""
    if shard[0].doc_id != "half-sent":
        return []
    frame = sys._getframe(1)
    while "result_queue" not in frame.f_locals:  # concurrent.futures.process._process_worker
        assert frame.f_back is not None
        frame = frame.f_back
    pipe = frame.f_locals["result_queue"]._writer
    os.write(pipe.fileno(), struct.pack("!i", 1_000_000) + b"\0" * 1000)
    time.sleep(0.5)  # the writer is back in its loop body, storing the first shard's results
    os.kill(os.getppid(), signal.SIGTERM)
    time.sleep(600)
    return []


def sleeps(shard: list[Job]) -> list[object]:
    time.sleep(600)
    return []


_RUN = """
import sys, time
from pathlib import Path
from pipeline.executors import local_processes
from pipeline.interrupt import RunInterrupted, interruptible
from pipeline.work import Job
from tests.runs import communicate_or_fail
from tests.test_interrupted_pool import {work}

with interruptible():
    try:
        shards = iter([[Job(doc_id, Path(doc_id))] for doc_id in {doc_ids}])
        for results in local_processes({workers}, {work})(shards):
            time.sleep(600)  # storing them
    except RunInterrupted as exc:
        sys.exit(exc.exit_code)
"""

# The signal lands while `concurrent.futures.wait` holds the first future's lock and not yet the
# second's (it takes them one by one).
_SIGNAL_INSIDE_WAIT = """
import os, signal
import concurrent.futures._base as base

def enter(self):
    for n, future in enumerate(self.futures):
        future._condition.acquire()
        if n == 0 and len(self.futures) > 1:
            os.kill(os.getpid(), signal.SIGTERM)

base._AcquireFutures.__enter__ = enter
"""


def _ends_on_sigterm(script: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", script], cwd=REPO, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    stderr = communicate_or_fail(process, 60, "SIGTERM")
    assert process.returncode == 143, stderr  # and stderr closed: no worker holds it


@pytest.mark.parametrize(
    ("doc_ids", "where"),
    [(["half-sent"], "waiting for it"), (["first", "half-sent"], "storing the one before")],
    ids=["waiting", "storing"],
)
def test_a_worker_stopped_halfway_through_sending_its_results_does_not_hold_up_the_writer(
    doc_ids: list[str], where: str
) -> None:
    """The pool's manager thread was left reading the rest of a result no one would send; leaving
    the pool (`waiting`), or the interpreter's exit (`storing`: the executor is suspended at its
    yield when the signal lands), waited for it for ever."""
    _ends_on_sigterm(_RUN.format(work="half_sent", doc_ids=doc_ids, workers=1))


def test_a_signal_while_waiting_for_shards_takes_the_futures_locks_does_not_leave_one_held() -> None:
    """Raised between two of them, it left a future's lock held, which the pool's manager thread
    then waited for (to mark the future failed) for ever, and leaving the pool waited for it."""
    script = _SIGNAL_INSIDE_WAIT + _RUN.format(work="sleeps", doc_ids=["a", "b"], workers=2)
    _ends_on_sigterm(script)

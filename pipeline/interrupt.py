"""SIGINT and SIGTERM end a run cleanly, with an exit status that says it was interrupted.

The signal raises `RunInterrupted` in the main thread, wherever it is: the store's transaction in
progress rolls back (so the document being stored is stored whole or not at all), a generation of
outputs being written is dropped unpublished (pipeline.publish), and the output folder's lock is
released. The run's worker processes are stopped first, so that leaving their pool does not wait
for the shards they are working on: their results are not stored, and the next run redoes them.

Some code is left broken by an exception raised between two of its steps: concurrent.futures' pool
(`wait` takes each future's lock in turn; a pool's manager thread then waits forever for the one
left held) and multiprocessing's start of a process. Calls into it are made `deferred`: a signal
stops the workers at once, and is raised when the call returns (which it then does soon).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class RunInterrupted(BaseException):
    """A BaseException, as KeyboardInterrupt is: no `except Exception` on the way (the ones that turn
    a document's failure into an error row) may catch it."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"interrupted by {self.name}")

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        """The shell's convention for a process ended by a signal: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + self.signum


# What else stopping the workers takes, registered by the modules that start them (pipeline.executors).
_on_stop: list[Callable[[], None]] = []


def on_stop(callback: Callable[[], None]) -> None:
    """Have `stop_child_processes` call `callback` once it has sent the workers SIGTERM."""
    _on_stop.append(callback)


def stop_child_processes() -> int:
    """SIGTERM to this process's worker processes (and a served flow's run); how many there were."""
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for callback in _on_stop:
        callback()
    return len(children)


def worker_process_setup(period: float = 0.5) -> None:
    """Initializer of a worker process. Ctrl-C in a terminal signals the whole process group: the
    writer decides (it stops its workers), so a worker ignores SIGINT. And a worker ends once the
    process that started it is gone: a writer killed with -9 tells its workers nothing, and they
    would wait for work forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    started_by = multiprocessing.parent_process()
    # The parent's PID as it started this process: the parent may be gone already.
    parent = started_by.pid if started_by is not None else os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(period)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


class _Deferral(threading.local):
    depth = 0  # `deferred` blocks the thread is in
    signum = 0  # the signal that came in one, 0 if none


_deferral = _Deferral()


@contextmanager
def deferred() -> Iterator[None]:
    """Within the block a signal stops the workers at once, but RunInterrupted is raised only when
    the block ends: for calls that an exception at an arbitrary point would leave broken, and that
    return soon once the workers are stopped (submitting a shard to a pool, waiting for one)."""
    if not _deferral.depth:
        _deferral.signum = 0  # recorded by a block that a second signal ended before it raised it
    _deferral.depth += 1
    try:
        yield
    finally:
        _deferral.depth -= 1
        if _deferral.signum and not _deferral.depth:  # an enclosing block raises it when it ends
            signum, _deferral.signum = _deferral.signum, 0
            # Again: a worker the block was starting may have been unknown to the first stop.
            stop_child_processes()
            raise RunInterrupted(signum)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    stop_child_processes()
    if _deferral.depth:
        _deferral.signum = _deferral.signum or signum
        return
    raise RunInterrupted(signum)


@contextmanager
def interruptible() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise RunInterrupted (in the main thread only: elsewhere
    signals cannot be handled, and the block runs as it is)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _interrupt) for signum in SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

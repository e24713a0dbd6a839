"""Per-document limits on time and memory: a document past one is stopped, and reported.

A watchdog thread (one per process) looks, 20 times a second, at the time since each document
began and at the resident memory the process has gained since; past either limit it raises
`LimitExceeded` in the document's working thread. The exception is set asynchronously on the
thread and lands at its next Python bytecode, so it works in any thread (a process's main thread,
a Dask or Prefect worker thread) and stops pure Python that loops or piles up objects (a
regex-heavy extractor, pdfminer on a content stream bomb). Two guards keep it from being lost: it
derives from `BaseException`, so the broad `except Exception` of a library (pdfplumber wraps
pdfminer's errors) does not catch it, and it is raised again at every look until the work has left
the limits.

What the watchdog cannot stop is one call that stays inside C (a single huge allocation). In a
process that only works on documents (a local worker), `use_hard_memory_limit` adds the kernel's
limit on address space (RLIMIT_AS) for the time of each document, set beyond the watchdog's
limit: an allocation past it fails with MemoryError at once. The writer never sets it: a library
that does not expect an allocation to fail could bring the whole run down.
"""

from __future__ import annotations

import ctypes
import os
import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

DEFAULT_TIME_LIMIT = 120.0
# A seed paper needs under 3 MB beyond the models; 1 GB stops a runaway document (a PDF's reader
# holds a few KB per glyph) long before it starves the machine, with a worker per core.
DEFAULT_MEMORY_LIMIT_MB = 1000
# A PDF's pages, and what its streams decompress to in all (pipeline.ingest.pdf_bounds). Text,
# fonts and drawing of a long paper decompress to a few MB (images are never inflated: only their
# place on the page is read); a 1,000-page book to some tens of MB.
DEFAULT_MAX_PAGES = 1000
DEFAULT_MAX_DECOMPRESSED_MB = 100
_CHECKS_PER_SECOND = 20
_ADDRESS_SPACE_HEADROOM_MB = 256
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Limits:
    """What one document may use: `seconds` of wall-clock time, `memory_mb` MB of resident memory
    beyond what its process held when it began; for a PDF, `max_pages` pages and
    `max_decompressed_mb` MB of decompressed streams (None: no limit)."""

    seconds: float | None = DEFAULT_TIME_LIMIT
    memory_mb: float | None = DEFAULT_MEMORY_LIMIT_MB
    max_pages: int | None = DEFAULT_MAX_PAGES
    max_decompressed_mb: float | None = DEFAULT_MAX_DECOMPRESSED_MB


DEFAULT_LIMITS = Limits()


class LimitExceeded(BaseException):
    """The document went past one of its limits (raised in its working thread, like KeyboardInterrupt)."""


class TimeLimitExceeded(LimitExceeded):
    pass


class MemoryLimitExceeded(LimitExceeded):
    pass


_hard_memory = False


def use_hard_memory_limit() -> None:
    """Call once in a process that only works on documents: memory limits are then also enforced
    by the kernel (RLIMIT_AS), for single allocations inside C that the watchdog cannot stop."""
    global _hard_memory
    _hard_memory = True


def resident_bytes() -> int:
    """The resident memory of this process now (Linux; elsewhere its peak so far)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE_SIZE
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _address_space_bytes() -> int:
    with open("/proc/self/statm", "rb") as statm:
        return int(statm.read().split()[0]) * _PAGE_SIZE


@dataclass
class _Watch:
    """One document's limits, as the watchdog sees them."""

    deadline: float | None
    memory_cap: float | None
    fired: bool = False  # a limit was raised in the document's thread


class _Watchdog:
    """One thread per process that watches the documents being worked on (one per working thread):
    a thread started for each document cost ~0.8 ms of it on a busy machine."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._work = threading.Condition(self._lock)
        self._watched: dict[int, _Watch] = {}  # by the working thread's id
        self._thread: threading.Thread | None = None

    def watch(self, thread_id: int, watch: _Watch) -> None:
        with self._lock:
            self._watched[thread_id] = watch
            # A forked child has the thread object but not the thread.
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="trialsift-limits", daemon=True)
                self._thread.start()
            self._work.notify()

    def forget(self, thread_id: int, watch: _Watch) -> None:
        """After this no limit is raised in the thread, not even one set just before (it would land
        in the code after the limits).

        A pending exception is not cleared but replaced by `_Flushed`, which the thread then takes:
        the interpreter raises its flag for exceptions to raise when one is set and lowers it only
        when it raises one, so clearing it left the flag up for good (every later function call then
        went the slow way, and with a profiler on looped for ever). One may land while forgetting:
        forget again."""
        while True:
            try:
                with self._lock:
                    self._watched.pop(thread_id, None)
                    flush = watch.fired and _raise_in(thread_id, _Flushed)
                while flush:  # _Flushed lands at this loop's first jump back
                    pass
                return
            except _Flushed:
                return
            except LimitExceeded:
                continue

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._watched:
                    self._work.wait()
                now, resident = time.monotonic(), resident_bytes()
                for thread_id, watch in self._watched.items():
                    # Raised again at every look until the work has left its limits.
                    if watch.deadline is not None and now > watch.deadline:
                        watch.fired = _raise_in(thread_id, TimeLimitExceeded) or watch.fired
                    elif watch.memory_cap is not None and resident > watch.memory_cap:
                        watch.fired = _raise_in(thread_id, MemoryLimitExceeded) or watch.fired
            time.sleep(1 / _CHECKS_PER_SECOND)


_WATCHDOG = _Watchdog()


class _Flushed(BaseException):
    """Raised in the working thread by itself to take a limit that was set and not yet raised."""


@contextmanager
def within(limits: Limits) -> Iterator[None]:
    """Raise TimeLimitExceeded or MemoryLimitExceeded in this thread when the work inside goes past
    `limits`; silent when it finishes within them."""
    if not limits.seconds and not limits.memory_mb:
        yield
        return
    thread_id = threading.get_ident()
    watch = _Watch(
        deadline=time.monotonic() + limits.seconds if limits.seconds else None,
        memory_cap=resident_bytes() + limits.memory_mb * 1e6 if limits.memory_mb else None,
    )
    hard = _hard_memory and bool(limits.memory_mb)
    previous = resource.getrlimit(resource.RLIMIT_AS) if hard else None
    try:
        # Inside the try: a limit may already be raised here, and must be forgotten then.
        _WATCHDOG.watch(thread_id, watch)
        if hard:
            _lower_address_space(limits.memory_mb or 0)
        yield
    finally:
        _WATCHDOG.forget(thread_id, watch)
        if previous is not None:
            resource.setrlimit(resource.RLIMIT_AS, previous)


def _raise_in(thread_id: int, exception: type[BaseException]) -> bool:
    """Set `exception` to be raised in the thread at its next Python step (replacing one set before)."""
    return (
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exception))
        == 1
    )


def _lower_address_space(memory_mb: float) -> None:
    """Cap this process's address space beyond the watchdog's limit, at what it uses now plus
    `memory_mb` and as much again (at least `_ADDRESS_SPACE_HEADROOM_MB`), unless a lower cap (the
    user's own) is already set.

    The cap is for one allocation inside C; memory that grows a little at a time is the watchdog's
    to stop. A cap at the limit itself was reached the moment the limit was, before the watchdog's
    next look, and a process at its cap can crash: when a library's handlers fail to allocate too,
    CPython 3.11 recurses creating MemoryErrors until its stack overflows."""
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = _address_space_bytes() + int((memory_mb + max(memory_mb, _ADDRESS_SPACE_HEADROOM_MB)) * 1e6)
        if soft == resource.RLIM_INFINITY or soft > cap:
            resource.setrlimit(
                resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard)
            )
    except (OSError, ValueError):
        pass  # no /proc, or a limit the kernel refuses: the watchdog alone enforces the limit

"""Where shards of documents are worked on: in this process, or in N local worker processes.

An executor takes the shards as they are planned (a lazy iterator) and yields each shard's results
as they finish, in any order; the caller is the single writer. At most a few shards per worker are
in flight, so a huge corpus is never held in memory. (The Prefect flow's task runners are the third
kind, pipeline.flow; its local worker processes are set up as these are.)
"""

from __future__ import annotations

import multiprocessing
import os
import weakref
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from itertools import chain

from pipeline.interrupt import deferred, on_stop, worker_process_setup
from pipeline.limits import Limits, use_hard_memory_limit
from pipeline.work import Job, Result, analyse_shard

Executor = Callable[[Iterable[list[Job]]], Iterator[list[Result]]]

# Starting a worker costs about as much as extracting 30-50 typical papers (it loads the spaCy
# pipeline): fewer documents than this per worker are faster in one process.
DOCUMENTS_PER_WORKER = 50


def default_workers(documents: int | None = None) -> int:
    """One worker per core this process may use, and no more than the corpus keeps busy."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    if documents is None:
        return max(1, cores)
    return max(1, min(cores, documents // DOCUMENTS_PER_WORKER))


Work = Callable[[list[Job]], list[Result]]


def shard_work(max_bytes: int, limits: Limits) -> Work:
    """What a worker does with a shard (picklable, for worker processes)."""
    return partial(analyse_shard, max_bytes=max_bytes, limits=limits)


def in_process(work: Work) -> Executor:
    def execute(shards: Iterable[list[Job]]) -> Iterator[list[Result]]:
        for shard in shards:
            yield work(shard)

    return execute


def unless_small(parallel: Executor, alone: Executor, documents: int = DOCUMENTS_PER_WORKER) -> Executor:
    """`parallel`, unless fewer than `documents` need work (a re-run that finds a few new papers):
    then `alone`, in this process, since starting a worker would cost more than it saves. The first
    shards are planned ahead to know."""

    def execute(shards: Iterable[list[Job]]) -> Iterator[list[Result]]:
        pending = iter(shards)
        ahead: list[list[Job]] = []
        planned = 0
        while planned < documents and (shard := next(pending, None)) is not None:
            ahead.append(shard)
            planned += len(shard)
        if planned < documents:
            yield from alone(iter(ahead))
        else:
            yield from parallel(chain(ahead, pending))

    return execute


def local_processes(workers: int, work: Work) -> Executor:
    """Shards on `workers` processes. When a worker dies (killed, out of memory), the shards that
    were in flight are suspects: each is run again alone, so the one that kills its worker is known;
    its documents are then tried one by one, and a document that kills its worker on its own
    becomes an error row. The others' results are kept as usual."""

    def execute(shards: Iterable[list[Job]]) -> Iterator[list[Result]]:
        pending = iter(shards)
        suspects: list[list[Job]] = []
        while True:
            yield from each_alone(suspects, partial(_alone, work))
            with _pool(workers) as pool:  # a fresh pool after a worker died: the old one stays broken
                running: dict[Future[list[Result]], list[Job]] = {}
                exhausted = False
                while True:
                    while not exhausted and len(running) < 2 * workers:
                        shard = next(pending, None)
                        if shard is None:
                            exhausted = True
                        else:
                            with deferred():  # may start a worker process
                                running[pool.submit(work, shard)] = shard
                    if not running:
                        return
                    with deferred():  # takes and releases each future's lock
                        done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        shard = running.pop(future)
                        try:
                            results = future.result()
                        except BrokenProcessPool:
                            suspects.append(shard)
                            continue
                        yield results
                    if suspects:
                        suspects.extend(running.values())
                        break

    return execute


def each_alone(
    suspects: list[list[Job]], run_alone: Callable[[list[Job]], list[Result] | None]
) -> Iterator[list[Result]]:
    """The results of shards that were in flight when a worker died, each run alone (`run_alone`
    gives None when its worker died again): a shard that kills its worker is tried document by
    document, and a document that kills its worker on its own becomes an error row. Empties
    `suspects`."""
    while suspects:
        shard = suspects.pop()
        results = run_alone(shard)
        if results is not None:
            yield results
        elif len(shard) > 1:
            suspects.extend([job] for job in reversed(shard))
        else:
            yield [_killed_worker(shard[0])]


def _alone(work: Work, shard: list[Job]) -> list[Result] | None:
    try:
        with _pool(1) as alone, deferred():
            return alone.submit(work, shard).result()
    except BrokenProcessPool:
        return None


# The pools not shut down yet, for `_let_go_of_results`.
_pools: weakref.WeakSet[ProcessPoolExecutor] = weakref.WeakSet()


def _pool(workers: int) -> ProcessPoolExecutor:
    # spawn, not fork: the writer may have threads (a progress bar, Prefect's) that fork would break.
    # The workers only work on documents, so the kernel may enforce their memory limit too.
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=worker_setup
    )
    _pools.add(pool)
    return pool


def _let_go_of_results() -> None:
    """Once the workers are sent SIGTERM: close this process's end for writing of each pool's result
    pipe. A worker stopped halfway through sending a shard's results (some 5 KB a document, many
    times the pipe's 64 KB) leaves its pool's manager thread reading the rest, which no one will
    write, for ever; leaving the pool and the interpreter's exit both wait for that thread. With
    no writer left, the thread reads the end of the pipe instead, and finds the pool broken."""
    for pool in list(_pools):
        results = pool._result_queue  # None once shut down
        if results is not None:
            results._writer.close()  # this process only reads from it


on_stop(_let_go_of_results)


def worker_setup() -> None:
    """A worker process ends with its writer, leaves Ctrl-C to it, and has its documents' memory
    limit enforced by the kernel too."""
    worker_process_setup()
    use_hard_memory_limit()


def _killed_worker(job: Job) -> Result:
    return Result.failed(
        job,
        "the worker process died while reading this file (out of memory, or killed); "
        "it was tried again on its own and died again",
    )

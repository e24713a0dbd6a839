"""The Prefect flow: the batch of `trialsift run`, with shards of documents as task runs.

Import it only after `pipeline.orchestration.configure_prefect()` (Prefect reads its settings
at import). No `from __future__ import annotations` here: a served run validates its parameters
against these annotations, and as strings ('Path') they could not be resolved there.
"""

import asyncio
import logging
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from prefect import Task, flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from pipeline.batch import BatchSummary, Fingerprints, discover, finish_batch, process
from pipeline.executors import Executor, default_workers, each_alone, unless_small, worker_setup
from pipeline.ingest import DEFAULT_MAX_BYTES
from pipeline.limits import (
    DEFAULT_LIMITS,
    DEFAULT_MAX_DECOMPRESSED_MB,
    DEFAULT_MAX_PAGES,
    DEFAULT_MEMORY_LIMIT_MB,
    DEFAULT_TIME_LIMIT,
    Limits,
)
from pipeline.publish import output_lock
from pipeline.store import DocumentStore
from pipeline.summary import conflict_rows, summary_markdown, summary_text
from pipeline.work import Job, Result, analyse_shard

# The store decides what is unchanged (by content hash), so Prefect's own caching is off: a cache
# keyed on a file *path* would wrongly skip a file whose content changed. Retries cover a worker
# lost with its shard (a Dask worker that died) and transient I/O errors.


@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2, task_run_name="shard-{jobs[0].doc_id}")
def process_shard(jobs: list[Job], max_bytes: int, limits: Limits) -> list[Result]:
    return analyse_shard(jobs, max_bytes, limits)


def _on_task_runner(
    runner: TaskRunner, max_bytes: int, limits: Limits, in_flight: int, work: Task = process_shard
) -> Executor:
    """An executor (pipeline.executors) that submits each shard as a task run to `runner`, which it
    starts and stops (`work`: the task a shard is given to).

    A local worker process that dies (killed, out of memory) breaks its pool, and the shards in
    flight fail with it: they are suspects, run alone on a fresh pool (pipeline.executors.each_alone)
    so that only a document that kills its worker on its own becomes an error row. A Dask cluster
    replaces a dead worker and reruns its task itself."""

    def execute(shards: Iterable[list[Job]]) -> Iterator[list[Result]]:
        active = runner.__enter__()

        def submit(shard: list[Job]) -> PrefectFuture[list[Result]]:
            return active.submit(work, parameters={"jobs": shard, "max_bytes": max_bytes, "limits": limits})

        def fresh_pool() -> None:
            nonlocal active
            _stop(active)
            active = runner.duplicate().__enter__()

        def alone(shard: list[Job]) -> list[Result] | None:
            results = _outcome(submit(shard), shard)
            if results is None:
                fresh_pool()
            return results

        try:
            pending = iter(shards)
            running: deque[tuple[PrefectFuture[list[Result]], list[Job]]] = deque()
            suspects: list[list[Job]] = []
            while True:
                yield from each_alone(suspects, alone)
                while len(running) < in_flight and (shard := next(pending, None)) is not None:
                    running.append((submit(shard), shard))
                if not running:
                    return
                future, shard = running.popleft()
                results = _outcome(future, shard)
                if results is not None:
                    yield results
                    continue
                # Its pool broke: every other shard in flight has its outcome already.
                suspects.append(shard)
                for future, shard in running:
                    results = _outcome(future, shard)
                    if results is None:
                        suspects.append(shard)
                    else:
                        yield results
                running.clear()
                fresh_pool()
        finally:
            _stop(active)

    return execute


def _stop(runner: TaskRunner) -> None:
    """Stop `runner`. A local worker killed while it held the lock of Prefect's message queue (a log
    line in flight) never releases it: Prefect then cannot stop the queue and leaves it, and
    multiprocessing's exit would wait forever for the queue's feeder thread, blocked on that lock, so
    the process never ends. Such a queue has nothing left to deliver: its join is cancelled."""
    runner.__exit__(None, None, None)
    leftover = getattr(runner, "_subprocess_message_queue", None)
    if leftover is not None:
        leftover.cancel_join_thread()


def _outcome(future: PrefectFuture[list[Result]], shard: list[Job]) -> list[Result] | None:
    """The shard's results; error rows if its task failed for good; None if its worker pool broke."""
    try:
        return future.result()
    except BrokenProcessPool:
        return None
    except Exception as exc:
        return _failed_shard(shard, exc)


def _failed_shard(shard: list[Job], exc: Exception) -> list[Result]:
    """An error row for each document of a shard whose task failed for good (stored without a hash,
    so the next run tries them again)."""
    message = f"its shard of documents failed on the workers ({type(exc).__name__}); the next run retries it"
    return [Result.failed(job, message, repr(exc)[:2000]) for job in shard]


def process_corpus(
    corpus: Path,
    out: Path,
    max_bytes: int,
    limits: Limits,
    workers: int | None,
    dask_address: str | None,
) -> BatchSummary:
    """Plan, work on the shards as task runs (on the Dask cluster at `dask_address`, else on local
    workers, `task_runner`), and write the outputs (this process is the store's only writer). A
    scheduled run waits for another process writing to `out`. `workers` None: as many as the
    corpus keeps busy (pipeline.executors.default_workers), and little work is done on a thread.

    A function of the flow run, not a flow of its own: a nested flow run cost a second of fixed
    overhead (its creation, its states, and its heartbeat thread joined at its end).
    """
    fingerprints = Fingerprints.current()
    summary = BatchSummary(corpus=str(corpus), out_dir=str(out))
    with output_lock(out, wait=True, notify=get_run_logger().warning), DocumentStore.in_folder(out) as store:
        sources = discover(corpus, store.stored_paths())
        known = set(store.doc_ids())
        sized_by_corpus = workers is None
        if dask_address:
            # The cluster's size is its own: this only sizes the shards and how many are in flight.
            workers = workers or 8
        else:
            # No worker process is started without a document to work on.
            workers = max(1, min(workers, len(sources))) if workers else default_workers(len(sources))
        runner = task_runner(workers, dask_address)
        execute = _on_task_runner(runner, max_bytes, limits, in_flight=2 * workers)
        if sized_by_corpus and isinstance(runner, ProcessPoolTaskRunner):
            # A re-run that finds little to do starts no worker process.
            in_thread = _on_task_runner(ThreadPoolTaskRunner(max_workers=1), max_bytes, limits, in_flight=1)
            execute = unless_small(execute, in_thread)
        outcomes = process(store, sources, fingerprints, max_bytes, execute, workers)
        return finish_batch(store, sources, outcomes, summary, known)


def task_runner(workers: int, dask_address: str | None) -> TaskRunner:
    """The existing Dask cluster at `dask_address`; else local worker processes, set up as the
    CLI's are (pipeline.executors), for more than one worker; else a thread of this process."""
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    if workers > 1:
        return ProcessPoolTaskRunner(max_workers=workers, initializer=worker_setup)
    return ThreadPoolTaskRunner(max_workers=1)


@flow(name="trialsift-batch")
def trialsift_batch(
    corpus: Path,
    out: Path,
    workers: int | None = None,
    dask_address: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    time_limit: float = DEFAULT_TIME_LIMIT,
    memory_limit: float = DEFAULT_MEMORY_LIMIT_MB,
    max_pages: int = DEFAULT_MAX_PAGES,
    max_decompressed_mb: float = DEFAULT_MAX_DECOMPRESSED_MB,
) -> BatchSummary:
    """Process every new or changed document of `corpus` and write the outputs to `out`.

    `workers`: local worker processes (default: one per core, and one per 50 documents; none when
    fewer than 50 need work);
    `dask_address`: run the shards on that existing Dask cluster instead. The limits are each
    document's (pipeline.limits.Limits): seconds, MB of memory, a PDF's pages and MB decompressed.
    """
    limits = Limits(time_limit, memory_limit, max_pages, max_decompressed_mb)
    summary = process_corpus(corpus, out, max_bytes, limits, workers, dask_address)
    publish(summary)
    get_run_logger().info(summary_text(summary))
    return summary


def publish(summary: BatchSummary) -> None:
    """The run's artifacts in Prefect's UI: the summary, the conflicts table, the report's address."""
    out = Path(summary.out_dir).resolve()
    create_markdown_artifact(summary_markdown(summary), key="trialsift-summary", description="Run summary")
    create_table_artifact(
        conflict_rows(out), key="trialsift-conflicts", description="Conflicts between sources"
    )
    create_link_artifact((out / "report.html").as_uri(), "report.html", key="trialsift-report")


def run_flow(
    corpus: Path,
    out: Path,
    workers: int | None = None,
    dask_address: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    limits: Limits = DEFAULT_LIMITS,
) -> BatchSummary:
    return trialsift_batch(
        corpus=corpus.resolve(),
        out=out.resolve(),
        workers=workers,
        dask_address=dask_address,
        max_bytes=max_bytes,
        time_limit=limits.seconds,
        memory_limit=limits.memory_mb,
        max_pages=limits.max_pages,
        max_decompressed_mb=limits.max_decompressed_mb,
    )


def serve(
    corpus: Path,
    out: Path,
    cron: str | None = None,
    interval: float | None = None,
    watch: bool = False,
    workers: int | None = None,
    dask_address: str | None = None,
) -> None:
    """Serve the batch on a schedule (and on each file that lands in `corpus`, with `watch`), until
    stopped. Needs PREFECT_API_URL set to a running server (trialsift serve sees to it)."""
    parameters = {
        "corpus": str(corpus.resolve()),
        "out": str(out.resolve()),
        "workers": workers,
        "dask_address": dask_address,
    }
    if watch:
        threading.Thread(target=run_on_arrival, args=(corpus,), daemon=True).start()
    # One run at a time: the store has one writer.
    with _interrupt_as_termination():
        trialsift_batch.serve(
            name="trialsift-scheduled",
            cron=cron,
            interval=interval,
            parameters=parameters,
            limit=1,
            print_starting_message=True,
        )


@contextmanager
def _interrupt_as_termination() -> Iterator[None]:
    """Within the block SIGINT raises KeyboardInterrupt wherever serve is, as SIGTERM raises
    SystemExit (Prefect's runner's handler): serve stops at once, and the caller then stops the run
    in progress (pipeline.cli.serve).

    Left to asyncio's own handler, a Ctrl-C cancels serve's main task, and Prefect's runner then
    waits for its run in progress to end, and first goes on starting a run it was submitting (the
    runs' task group is cancelled last). A run that did not get the Ctrl-C went on to its end: one
    that started just after it, or any run when `kill -INT` was sent to serve alone. asyncio
    installs its handler only in place of Python's default one, which this one replaces."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, interrupt)
    asyncio_log = logging.getLogger("asyncio")
    asyncio_log.addFilter(_not_cancelled)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        asyncio_log.removeFilter(_not_cancelled)


def _not_cancelled(record: logging.LogRecord) -> bool:
    """Whether asyncio's record is of more than a task cancelled by the stop: as serve stops, the
    loop cancels the task of Prefect's control channel's open connection, and the stream's callback
    then logs the CancelledError as an "Exception in callback" ERROR with its traceback."""
    return not (record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError))


def run_on_arrival(
    corpus: Path, start_run: Callable[[], object] | None = None, stop: threading.Event | None = None
) -> None:
    """Start a run of the served deployment each time files land in (or leave) the corpus folder;
    a burst of files (a copy of many papers) makes one run, two seconds after the last."""
    from watchfiles import watch

    def run_deployment() -> object:
        from prefect.deployments import run_deployment

        return run_deployment("trialsift-batch/trialsift-scheduled", timeout=0)

    for _changes in watch(corpus, debounce=2000, step=200, recursive=True, stop_event=stop):
        (start_run or run_deployment)()

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.testing.utilities import prefect_test_harness

from pipeline.cli import main
from pipeline.limits import DEFAULT_LIMITS, Limits
from pipeline.work import Job, Result
from tests.test_parallel import outputs


@pytest.fixture(scope="module")
def harness():
    # None: the project's start-up timeout (PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, 180 s),
    # not the harness's 30 s, which a loaded machine can exceed.
    with prefect_test_harness(server_startup_timeout=None):
        yield


def test_served_parameters_validate_from_strings() -> None:
    """A scheduled run sends its parameters as JSON; the flow's annotations must resolve to turn them back."""
    from pipeline.flow import trialsift_batch

    parameters = trialsift_batch.validate_parameters({"corpus": "corpus", "out": "outputs", "workers": "2"})
    assert parameters["corpus"] == Path("corpus") and parameters["workers"] == 2


def test_flow_runs_the_batch(harness, seed_corpus: Path, tmp_path: Path) -> None:
    from pipeline.flow import trialsift_batch

    (seed_corpus / "empty.txt").write_text("")
    out = tmp_path / "out"
    summary = trialsift_batch(corpus=seed_corpus, out=out)
    again = trialsift_batch(corpus=seed_corpus, out=out)
    assert (summary.documents, summary.ingested, summary.errors) == (6, 5, 1)
    assert (again.ingested, again.unchanged, again.outputs) == (0, 5, [])  # nothing rewritten
    with (out / "errors.csv").open(encoding="utf-8") as handle:
        assert [row["doc_id"] for row in csv.DictReader(handle)] == ["empty"]


def test_flow_on_local_workers_and_on_a_dask_cluster_writes_what_trialsift_run_writes(
    harness, seed_corpus: Path, tmp_path: Path
) -> None:
    from distributed import LocalCluster

    from pipeline.flow import trialsift_batch

    (seed_corpus / "empty.txt").write_text("")
    plain, on_dask, local = tmp_path / "plain", tmp_path / "dask", tmp_path / "local"
    assert CliRunner().invoke(main, ["run", str(seed_corpus), "--out", str(plain)]).exit_code == 3
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://", dashboard_address=None
    ) as cluster:
        result = CliRunner().invoke(
            main, ["run", str(seed_corpus), "--out", str(on_dask), "--dask", cluster.scheduler_address]
        )
    assert result.exit_code == 3, result.output
    assert outputs(plain) == outputs(on_dask)
    summary = trialsift_batch(corpus=seed_corpus, out=local, workers=2)  # two local worker processes
    assert (summary.documents, summary.ingested, summary.errors) == (6, 5, 1)
    assert outputs(plain) == outputs(local)


def test_a_paper_landing_in_the_corpus_starts_a_run(tmp_path: Path) -> None:
    import threading
    import time

    from pipeline.flow import run_on_arrival

    started: list[float] = []
    stop = threading.Event()
    watcher = threading.Thread(
        target=run_on_arrival, args=(tmp_path, lambda: started.append(time.monotonic()), stop)
    )
    watcher.start()
    try:
        time.sleep(1)  # the watcher is up
        assert started == []
        landed = time.monotonic()
        (tmp_path / "new.txt").write_text("Median PFS was 9.9 months.")
        while not started and time.monotonic() - landed < 60:
            time.sleep(0.2)
    finally:
        stop.set()
        watcher.join(10)
    assert len(started) == 1 and started[0] - landed < 60


def test_dask_workers_load_the_pipeline_once_each_not_once_per_shard(
    harness, seed_corpus: Path, tmp_path: Path
) -> None:
    from distributed import Client, LocalCluster

    def loads() -> int:
        from pipeline.nlp import shared_pipeline

        return shared_pipeline.cache_info().misses

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        result = CliRunner().invoke(
            main,
            ["run", str(seed_corpus), "--out", str(tmp_path / "out"), "--dask", cluster.scheduler_address],
        )
        assert result.exit_code == 0, result.output
        per_worker = client.run(loads)
    # Five documents in shards of one: five task runs over two worker processes.
    assert sorted(per_worker.values()) in ([0, 1], [1, 1]), per_worker


@task(cache_policy=NO_CACHE)
def _dies_on_killer(jobs: list[Job], max_bytes: int, limits: Limits) -> list[Result]:
    """A shard's work that kills its worker process on a file named killer.txt (as the OOM killer would)."""
    if any(job.path.name == "killer.txt" for job in jobs):
        os._exit(9)
    return [Result(job.doc_id, job.path) for job in jobs]


def test_a_dead_local_worker_costs_the_flow_only_the_document_that_killed_it(harness, tmp_path: Path) -> None:
    from pipeline.flow import _on_task_runner, task_runner

    shards = [[Job(f"d{i}", tmp_path / f"d{i}.txt") for i in range(k, k + 3)] for k in range(0, 12, 3)]
    shards[1][1] = Job("killer", tmp_path / "killer.txt")
    execute = _on_task_runner(task_runner(2, None), 1000, DEFAULT_LIMITS, in_flight=4, work=_dies_on_killer)
    results = [result for shard in execute(iter(shards)) for result in shard]
    assert sorted(r.doc_id for r in results) == sorted(job.doc_id for shard in shards for job in shard)
    failed = [r for r in results if r.error is not None]
    assert [r.doc_id for r in failed] == ["killer"] and "worker process died" in failed[0].error.error

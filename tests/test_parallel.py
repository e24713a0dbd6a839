"""Documents in parallel: the same outputs with any number of workers, a dead worker's shard retried.
The per-document limits are in test_limits.py."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.executors import Executor, local_processes, unless_small
from pipeline.work import Job, Result
from tests.test_batch import run_cli

TABLES = ("documents", "entities", "measurements", "conflicts", "checks", "errors")


def outputs(out: Path) -> dict[str, bytes]:
    return {
        f"{name}.{ext}": (out / f"{name}.{ext}").read_bytes() for name in TABLES for ext in ("csv", "parquet")
    } | {"report.html": (out / "report.html").read_bytes()}


def test_two_workers_write_the_same_outputs_as_one(seed_corpus: Path, tmp_path: Path) -> None:
    (seed_corpus / "empty.txt").write_text("")
    (seed_corpus / "notes.docx").write_bytes(b"PK\x03\x04")
    one, two = tmp_path / "one", tmp_path / "two"
    assert run_cli("run", str(seed_corpus), "--out", str(one), "--workers", "1")[0] == 3
    code, output = run_cli("run", str(seed_corpus), "--out", str(two), "--workers", "2")
    assert code == 3, output
    assert outputs(one) == outputs(two)


def _dies_on_killer(jobs: list[Job]) -> list[Result]:
    """A worker's work that kills its process on a file named killer.txt (as the OOM killer would)."""
    if any(job.path.name == "killer.txt" for job in jobs):
        os._exit(9)
    return [Result(job.doc_id, job.path) for job in jobs]


def test_a_dead_workers_shard_is_retried_and_one_killer_file_fails_alone(tmp_path: Path) -> None:
    shards = [[Job(f"d{i}", tmp_path / f"d{i}.txt") for i in range(k, k + 3)] for k in range(0, 12, 3)]
    shards[1][1] = Job("killer", tmp_path / "killer.txt")
    results = [r for shard in local_processes(2, _dies_on_killer)(iter(shards)) for r in shard]
    assert sorted(r.doc_id for r in results) == sorted(job.doc_id for shard in shards for job in shard)
    (killed,) = [r for r in results if r.error is not None]
    assert killed.doc_id == "killer" and "worker process died" in killed.error.error


def test_little_work_is_done_in_this_process_and_more_by_the_workers(tmp_path: Path) -> None:
    def shards(documents: int) -> list[list[Job]]:
        jobs = [Job(f"d{i}", tmp_path / f"d{i}.txt") for i in range(documents)]
        return [jobs[k : k + 8] for k in range(0, documents, 8)]

    def done_by(where: str, ran: list[str]) -> Executor:
        def execute(pending: Iterable[list[Job]]) -> Iterator[list[Result]]:
            for shard in pending:
                ran.append(where)
                yield [Result(job.doc_id, job.path) for job in shard]

        return execute

    for documents, expected in ((49, "here"), (50, "workers")):
        ran: list[str] = []
        execute = unless_small(done_by("workers", ran), done_by("here", ran), documents=50)
        results = [r for shard in execute(iter(shards(documents))) for r in shard]
        assert len(results) == documents and set(ran) == {expected}

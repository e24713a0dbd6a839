"""Prefect entry point: the same batch as `trialsift run`, as a flow of small tasks.

    python flows.py                      # corpus/ -> outputs/, with an embedded local server
    python flows.py --corpus DIR --out DIR
    python flows.py --schedule "0 2 * * *"   # serve it: re-run nightly, only changed files are redone

Only wiring lives here; the work is in `pipeline.batch`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from pipeline.orchestration import configure_prefect

PROJECT = Path(__file__).resolve().parent
configure_prefect(PROJECT / ".prefect")

from prefect import flow, get_run_logger, task  # noqa: E402  (settings above must come first)
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.exceptions import MissingContextError  # noqa: E402

from pipeline.batch import (  # noqa: E402
    BatchSummary,
    Fingerprints,
    Outcome,
    SourceFile,
    discover,
    finish_batch,
    process_file,
)
from pipeline.ingest import DEFAULT_MAX_BYTES  # noqa: E402
from pipeline.store import DocumentStore  # noqa: E402

# The store decides what is unchanged (by content hash), so Prefect's own caching is off:
# a cache keyed on a file *path* would wrongly skip a file whose content changed.


@task(cache_policy=NO_CACHE)
def discover_documents(corpus: Path, out_dir: Path) -> list[SourceFile]:
    with DocumentStore.in_folder(out_dir) as store:
        return discover(corpus, store.stored_paths())


@task(cache_policy=NO_CACHE, task_run_name="process-{source.doc_id}")
def process_document(
    out_dir: Path, source: SourceFile, fingerprints: Fingerprints, max_bytes: int
) -> Outcome:
    with DocumentStore.in_folder(out_dir) as store:
        outcome = process_file(store, source, fingerprints, max_bytes)
    if outcome.status == "error":
        _logger().warning("%s: %s", source.path.name, outcome.error)
    return outcome


def _logger() -> logging.Logger | logging.LoggerAdapter:
    """The run's logger inside a flow; a plain one when a task function is called directly (tests)."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("trialsift")


@task(cache_policy=NO_CACHE)
def write_batch_outputs(
    corpus: Path, out_dir: Path, sources: list[SourceFile], outcomes: list[Outcome]
) -> BatchSummary:
    with DocumentStore.in_folder(out_dir) as store:
        return finish_batch(store, sources, outcomes, BatchSummary(corpus=str(corpus), out_dir=str(out_dir)))


@flow(name="trialsift-batch")
def trialsift_batch(
    corpus: Path = PROJECT / "corpus", out: Path = PROJECT / "outputs", max_bytes: int = DEFAULT_MAX_BYTES
) -> BatchSummary:
    """Process every new or changed document of `corpus` and write the outputs to `out`."""
    fingerprints = Fingerprints.current()
    sources = discover_documents(corpus, out)
    outcomes = [process_document(out, source, fingerprints, max_bytes) for source in sources]
    summary = write_batch_outputs(corpus, out, sources, outcomes)
    _logger().info(
        "%d documents (%d newly processed, %d unchanged), %d errors",
        summary.documents,
        summary.ingested,
        summary.unchanged,
        summary.errors,
    )
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=PROJECT / "corpus")
    parser.add_argument("--out", type=Path, default=PROJECT / "outputs")
    parser.add_argument("--schedule", metavar="CRON", help="serve the flow on this cron schedule instead")
    args = parser.parse_args(argv)
    if args.schedule:
        trialsift_batch.serve(
            name="trialsift-scheduled",
            cron=args.schedule,
            parameters={"corpus": str(args.corpus.resolve()), "out": str(args.out.resolve())},
        )
        return 0
    summary = trialsift_batch(corpus=args.corpus, out=args.out)
    print(
        f"{summary.documents} documents ({summary.ingested} newly processed, {summary.unchanged} unchanged), "
        f"{summary.pages} pages, {summary.tables} tables, {summary.errors} errors; "
        f"outputs in {summary.out_dir}"
    )
    return summary.exit_code


if __name__ == "__main__":
    sys.exit(main())

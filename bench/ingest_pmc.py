"""Ingestion throughput over the PMC open-access set (../shared/data/pmc-oa: txt and nxml).

Each file is ingested and saved to a throw-away store, as `trialsift run` does, one at a
time. Prints documents/s, MB/s and peak memory (max RSS) per format and overall.

    python bench/ingest_pmc.py [--data-dir ../shared/data/pmc-oa] [--limit N]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from pipeline.batch import ingestion_fingerprint
from pipeline.errors import DocumentError
from pipeline.ingest import ingest_file
from pipeline.store import DocumentStore

REPO = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data" / "pmc-oa")
    parser.add_argument("--limit", type=int, default=0, help="at most this many files per format (0: all)")
    args = parser.parse_args()
    fingerprint = ingestion_fingerprint()
    print(f"peak RSS before: {peak_rss_mb():.0f} MB")
    totals = {"files": 0, "bytes": 0, "seconds": 0.0, "errors": 0}
    with tempfile.TemporaryDirectory() as tmp, DocumentStore(Path(tmp) / "bench.sqlite") as store:
        for folder, pattern in (("txt", "*.txt"), ("nxml", "*.nxml")):
            files = sorted((args.data_dir / folder).glob(pattern))
            if args.limit:
                files = files[: args.limit]
            size = sum(f.stat().st_size for f in files)
            errors = 0
            start = time.perf_counter()
            for path in files:
                try:
                    store.save_document(ingest_file(path), fingerprint)
                except DocumentError as exc:
                    errors += 1
                    print(f"  error: {path.name}: {exc.message}")
            seconds = time.perf_counter() - start
            print(
                f"{folder:5} {len(files):5d} docs  {size / 1e6:6.1f} MB  {seconds:6.1f} s  "
                f"{len(files) / seconds:6.1f} docs/s  {size / 1e6 / seconds:5.2f} MB/s  errors {errors}"
            )
            totals["files"] += len(files)
            totals["bytes"] += size
            totals["seconds"] += seconds
            totals["errors"] += errors
    print(
        f"total {totals['files']:5d} docs  {totals['bytes'] / 1e6:6.1f} MB  {totals['seconds']:6.1f} s  "
        f"{totals['files'] / totals['seconds']:6.1f} docs/s  "
        f"{totals['bytes'] / 1e6 / totals['seconds']:5.2f} MB/s  "
        f"errors {totals['errors']}"
    )
    print(f"peak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()

"""Throughput of the whole `trialsift run` over the PMC texts, against plain tokenization.

Runs the batch (ingest, entities, efficacy figures, outputs) on ../shared/data/pmc-oa/txt
into a fresh output folder, then, in the same process, times spacy.blank("en") tokenizing
the same ingested texts. Prints both, their ratio (target: at most 3x) and peak memory.
The output folder is kept (--out) so its measurements.csv can be reviewed.

    python bench/run_pmc.py [--data-dir ../shared/data/pmc-oa/txt] [--out /tmp/trialsift-pmc] [--limit N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

import spacy

from pipeline.batch import run_batch
from pipeline.store import DocumentStore

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data" / "pmc-oa" / "txt")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "trialsift-pmc")
    parser.add_argument("--limit", type=int, default=0, help="at most this many files (0: all)")
    args = parser.parse_args()
    files = sorted(args.data_dir.glob("*.txt"))[: args.limit or None]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for path in files:  # links, so the corpus is exactly the chosen files
            (corpus / path.name).symlink_to(path.resolve())
        shutil.rmtree(args.out, ignore_errors=True)
        start = time.perf_counter()
        summary = run_batch(corpus, args.out, follow_links=True)  # links to the shared data
        run_seconds = time.perf_counter() - start
    megabytes = sum(p.stat().st_size for p in files) / 1e6

    blank = spacy.blank("en")
    tokens = 0
    start = time.perf_counter()
    with DocumentStore.in_folder(args.out) as store:
        texts = [
            store.load_document(doc_id).text
            for doc_id in store.doc_ids()
            if doc_id in set(store.stored_paths())
        ]
    load_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts:
        tokens += len(blank.make_doc(text))
    blank_seconds = time.perf_counter() - start

    print(
        f"documents {summary.documents} ({megabytes:.1f} MB), errors {summary.errors}, "
        f"entities {summary.entities}, efficacy figures {summary.measurements}"
    )
    print(
        f"trialsift run: {run_seconds:.1f} s = {summary.documents / run_seconds:.1f} docs/s, "
        f"{megabytes / run_seconds:.2f} MB/s, {tokens / run_seconds:,.0f} words/s"
    )
    print(
        f"spacy.blank('en') tokenizing the same texts: {blank_seconds:.1f} s ({tokens:,} tokens; "
        f"reading them back from the store took {load_seconds:.1f} s, not counted)"
    )
    print(f"ratio run / tokenization: {run_seconds / blank_seconds:.2f}x")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"outputs: {args.out}")


if __name__ == "__main__":
    main()

"""Throughput of the entity pipeline over the PMC texts (../shared/data/pmc-oa/txt).

Every file is ingested first (not timed here: bench/ingest_pmc.py measures ingestion),
then run through the trialsift spaCy pipeline. In the same run, spacy.blank("en")
tokenizes the same ingested texts, so the ratio of the two is machine-independent.
Prints words/s, documents/s, the ratio to plain tokenization, sentence-splitting cost
against pysbd on a sample, and peak memory.

    python bench/entities_pmc.py [--data-dir ../shared/data/pmc-oa/txt] [--limit N]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import spacy

from pipeline.errors import DocumentError
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, load_pipeline
from pipeline.sentences import sentence_spans

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data" / "pmc-oa" / "txt")
    parser.add_argument("--limit", type=int, default=0, help="at most this many files (0: all)")
    parser.add_argument("--pysbd-sample", type=int, default=50, help="files on which to time pysbd")
    args = parser.parse_args()
    files = sorted(args.data_dir.glob("*.txt"))[: args.limit or None]

    start = time.perf_counter()
    nlp = load_pipeline()
    document_entities(nlp, "warm-up", ["Trastuzumab deruxtecan (T-DXd) in DESTINY-Breast03."])
    load_seconds = time.perf_counter() - start

    blank = spacy.blank("en")
    texts_seen = words = entities = 0
    pipeline_seconds = blank_seconds = 0.0
    sample: list[str] = []
    for path in files:
        try:
            text = ingest_file(path).text
        except DocumentError:
            continue
        if len(sample) < args.pysbd_sample:
            sample.append(text)
        t0 = time.perf_counter()
        found = document_entities(nlp, path.stem, [text])
        t1 = time.perf_counter()
        tokens = len(blank.make_doc(text))
        t2 = time.perf_counter()
        pipeline_seconds += t1 - t0
        blank_seconds += t2 - t1
        texts_seen += 1
        words += tokens
        entities += len(found)

    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    t0 = time.perf_counter()
    for text in sample:
        sentence_spans(text)
    ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    for text in sample:
        segmenter.segment(text)
    theirs = time.perf_counter() - t0
    t0 = time.perf_counter()
    for text in sample:
        blank.make_doc(text)
    sample_blank = time.perf_counter() - t0

    print(f"pipeline load (lexicons, model): {load_seconds:.1f} s")
    print(f"documents {texts_seen}, words {words}, entities {entities}")
    print(
        f"entity pipeline: {pipeline_seconds:.1f} s = {words / pipeline_seconds:,.0f} words/s, "
        f"{texts_seen / pipeline_seconds:.1f} docs/s"
    )
    print(
        f"spacy.blank('en') tokenizer on the same texts: {blank_seconds:.1f} s = "
        f"{words / blank_seconds:,.0f} words/s"
    )
    print(f"ratio entity pipeline / blank tokenization: {pipeline_seconds / blank_seconds:.2f}x")
    print(
        f"sentences on {len(sample)} docs: trialsift {ours:.2f} s ({ours / sample_blank:.2f}x tokenization), "
        f"pysbd {theirs:.2f} s ({theirs / sample_blank:.1f}x tokenization)"
    )
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()

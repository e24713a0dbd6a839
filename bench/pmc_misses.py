"""List efficacy values the extraction may have missed on PMC articles: an audit for recall on text
the rules were not written from.

The rules were written mostly from the five seed papers and the development half of the PICO
abstracts; the 2,231 PMC texts in ../shared/data/pmc-oa/txt are unseen by most of them. This script
runs extraction over a seeded random subset of the texts that pass the pipeline's own cancer gate,
splits each into sentences as the pipeline does, and keeps the sentences that name an efficacy
endpoint in plain words (`ENDPOINT_WORDS`, written independently of `patterns/efficacy.json`, so
that a wording the rules lack still shows) and hold a number that looks like a result
(`RESULT_NUMBER`: a percentage, a duration, a hazard ratio's value, "N of M" or "N/M") that no
emitted row covers. Confidence-interval bounds, p-values and numbers inside brackets of reference
markers are left out. Sentences in the Methods are kept too: whether the gate was right is one of the
questions. It prints a seeded random sample of such sentences with the uncovered numbers marked
`[[...]]`, and how many there were, to be judged by reading.

    .venv/bin/python bench/pmc_misses.py [--docs 150] [--sample 80] [--seed 20261130]
        [--data-dir ../shared/data/pmc-oa/txt] [--list FILE]

`--list FILE` writes every listed sentence (doc id, offsets, marked sentence) as TSV.
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Iterator
from pathlib import Path

from pipeline.efficacy import extract_measurements
from pipeline.efficacy.pieces import sentence_pieces
from pipeline.efficacy.rules import about_cancer, efficacy_rules
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline
from pipeline.numbers import parse_confidence_interval, parse_p_value

REPO = Path(__file__).resolve().parent.parent
ENDPOINT_WORDS = re.compile(
    r"\brespon(?:se|ses|ded|der|ders)\b|\bremissions?\b|\b(?:ORR|CR|PR|pCR|CBR|DCR|SD)s?\b"
    r"|\bsurviv(?:al|ed|ing|ors?)\b|\b(?:OS|PFS|DFS|EFS|RFS|TTP|DOR|DoR|iDFS|MFS|DMFS)\b"
    r"|\brecurr(?:ence|ences|ed)\b|\brelaps(?:e|es|ed)\b|\bprogress(?:ion|ed)\b"
    r"|\bmedian\b[^.;]{0,80}\b(?:months?|weeks?|years?)\b|\bhazard ratio\b|\bHR\b|\bdeaths?\b|\bdied\b"
)
# A number that may be a result: a share, a duration, "HR 0.7", a count with its denominator.
RESULT_NUMBER = re.compile(
    r"(?<![\w.,/-])(?P<n>\d+(?:[.·]\d+)?)(?=\s*(?:%|per\s?cent\b|months?\b|mo\b|weeks?\b|years?\b|days?\b))"
    r"|(?<=HR)\s*[=:]?\s*(?P<hr>\d?\.\d+)"
    r"|(?<![\w.,/-])(?P<count>\d+)(?=\s*(?:/\s*\d+(?![\d/])|\s+of\s+(?:the\s+)?\d+\b))"
)
REFERENCE = re.compile(r"\[\d+(?:\s*[-–,]\s*\d+)*\]")


def oncology_texts(data_dir: Path, docs: int, seed: int) -> list[Path]:
    """A seeded random sample of the texts the pipeline reads for efficacy at all."""
    rules = efficacy_rules()
    paths = sorted(data_dir.glob("*.txt"))
    random.Random(seed).shuffle(paths)
    chosen: list[Path] = []
    for path in paths:
        if len(chosen) == docs:
            break
        if about_cancer(path.read_text(encoding="utf-8", errors="replace"), rules):
            chosen.append(path)
    return chosen


def excluded_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Confidence intervals, p-values and reference markers: never a result."""
    spans = [m.span() for m in REFERENCE.finditer(text, start, end)]
    for parse in (parse_confidence_interval, parse_p_value):
        position = start
        while (found := parse(text, position, end)) is not None:
            spans.append((found.start, found.end))
            position = found.end
    return spans


def missed_sentences(nlp, path: Path) -> Iterator[tuple[str, int, int, str, int]]:
    """(doc id, start, end, marked sentence, uncovered numbers) for each sentence of the document
    that names an endpoint and holds a result-like number no emitted row covers."""
    document = ingest_file(path)
    text = document.text
    entities = document_entities(nlp, document.doc_id, [text])
    covered = {(m.char_start, m.char_end) for m in extract_measurements(document, entities)}
    covered_at = {p for s, e in covered for p in range(s, e)}
    for start, end in sentence_pieces(text):
        if not ENDPOINT_WORDS.search(text, start, end):
            continue
        excluded = excluded_spans(text, start, end)
        missed = []
        for match in RESULT_NUMBER.finditer(text, start, end):
            group = next(g for g in ("n", "hr", "count") if match[g] is not None)
            s, e = match.span(group)
            if s in covered_at or any(a <= s < b for a, b in excluded):
                continue
            missed.append((s, e))
        if not missed:
            continue
        marked, at = [], start
        for s, e in missed:
            marked += [text[at:s], "[[", text[s:e], "]]"]
            at = e
        marked.append(text[at:end])
        yield document.doc_id, start, end, " ".join("".join(marked).split()), len(missed)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data" / "pmc-oa" / "txt")
    parser.add_argument("--docs", type=int, default=150, help="oncology texts to read (seeded sample)")
    parser.add_argument("--sample", type=int, default=80, help="listed sentences to print (seeded sample)")
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--list", type=Path, help="write every listed sentence here as TSV")
    args = parser.parse_args()
    nlp = shared_pipeline()
    paths = oncology_texts(args.data_dir, args.docs, args.seed)
    found: list[tuple[str, int, int, str, int]] = []
    for path in paths:
        found += missed_sentences(nlp, path)
    numbers = sum(f[4] for f in found)
    print(f"{len(paths)} oncology texts; {len(found)} endpoint sentences with {numbers} uncovered numbers")
    if args.list:
        args.list.write_text(
            "".join(f"{doc}\t{s}\t{e}\t{marked}\n" for doc, s, e, marked, _ in found), encoding="utf-8"
        )
    for doc, s, _, marked, _ in random.Random(args.seed).sample(found, min(args.sample, len(found))):
        print(f"\n{doc}@{s}: {marked}")


if __name__ == "__main__":
    main()

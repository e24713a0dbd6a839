"""Check the hand-made gold annotations in this folder against the corpus.

Run from the repository root (or anywhere):

    python annotations/check_annotations.py [--quiet]

Checks, for `entities.jsonl`:
  * every line is a JSON object with `doc_id`, `source` and `spans`; `source` exists and is
    `corpus/<doc_id>.txt`; no document appears twice;
  * every span has int `start` < `end`, an allowed `label`, a non-empty `canonical`, and
    `text == document[start:end]`, the document read with
    `open(path, encoding="utf-8", newline="").read()` (no newline translation);
  * spans are sorted by (start, end) and do not overlap;
  * a span does not start or end inside a word (a letter or digit on both sides of an edge);
  * REGISTRY_ID canonicals are upper-case without spaces and a known registry format.
And for `trials_seen.json` / `drugs_seen.json`: every TRIAL / DRUG canonical in the spans has
an entry, every entry is used, aliases / variants are surface forms that occur in the spans,
and an `nct_id` is a well-formed NCT number.

Prints span counts per document and label. Exits 1 on any problem, 0 otherwise.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ENTITIES = HERE / "entities.jsonl"
TRIALS = HERE / "trials_seen.json"
DRUGS = HERE / "drugs_seen.json"

LABELS = ("DRUG", "TRIAL", "REGISTRY_ID")
SPAN_KEYS = {"start", "end", "label", "text", "canonical"}
REGISTRY_PATTERNS = (
    r"NCT\d{8}",
    r"\d{4}-\d{6}-\d{2}",  # EudraCT
    r"CHICTR-?[A-Z]*-?\d+",
    r"ISRCTN\d{8}",
    r"JRCT[A-Z]?\d+",
    r"CTRI/\d{4}/\d{2,3}/\d+",
    r"UMIN\d{9}",
    r"ACTRN\d{14}",
)


def read_doc(path: Path) -> str:
    """The document text exactly as offsets are defined: UTF-8, no newline translation."""
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def is_word_char(ch: str) -> bool:
    """Letters and decimal digits; superscript citation markers ("¹⁶") do not glue to a word."""
    return ch.isalpha() or unicodedata.category(ch) == "Nd"


def check_span(doc_id: str, text: str, i: int, span: Any, problems: list[str]) -> bool:
    """Validate one span; append problems; return True if it is usable for later checks."""
    where = f"{doc_id} span #{i}"
    if not isinstance(span, dict):
        problems.append(f"{where}: not an object")
        return False
    missing = SPAN_KEYS - span.keys()
    if missing:
        problems.append(f"{where}: missing keys {sorted(missing)}")
        return False
    start, end = span["start"], span["end"]
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
        problems.append(f"{where}: start/end must be integers")
        return False
    if not 0 <= start < end <= len(text):
        problems.append(f"{where}: bad range [{start}, {end}) for a text of {len(text)} chars")
        return False
    if span["label"] not in LABELS:
        problems.append(f"{where}: label {span['label']!r} not in {LABELS}")
    if text[start:end] != span["text"]:
        problems.append(f"{where}: text {span['text']!r} != document[{start}:{end}] {text[start:end]!r}")
    canonical = span["canonical"]
    if not isinstance(canonical, str) or not canonical.strip():
        problems.append(f"{where}: empty canonical")
    elif span["label"] == "DRUG" and canonical != canonical.lower():
        problems.append(f"{where}: DRUG canonical {canonical!r} is not lower-case")
    elif span["label"] == "REGISTRY_ID":
        if canonical != canonical.upper() or " " in canonical:
            problems.append(f"{where}: REGISTRY_ID canonical {canonical!r} must be upper-case, no spaces")
        elif not any(re.fullmatch(p, canonical) for p in REGISTRY_PATTERNS):
            problems.append(f"{where}: REGISTRY_ID canonical {canonical!r} has no known registry format")
    if start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
        problems.append(f"{where}: starts inside a word: {text[max(0, start - 10) : end]!r}")
    if end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end]):
        problems.append(f"{where}: ends inside a word: {text[start : end + 10]!r}")
    return True


def check_entities(problems: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Check entities.jsonl; return the usable spans per document."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    if not ENTITIES.is_file():
        problems.append(f"missing {ENTITIES}")
        return by_doc
    with ENTITIES.open(encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"entities.jsonl line {lineno}: invalid JSON ({exc})")
            continue
        if not isinstance(rec, dict) or not {"doc_id", "source", "spans"} <= rec.keys():
            problems.append(f"entities.jsonl line {lineno}: needs doc_id, source, spans")
            continue
        doc_id, source = rec["doc_id"], rec["source"]
        if doc_id in by_doc:
            problems.append(f"{doc_id}: appears twice")
            continue
        if source != f"corpus/{doc_id}.txt":
            problems.append(f"{doc_id}: source {source!r} is not corpus/{doc_id}.txt")
        path = REPO / source
        if not path.is_file():
            problems.append(f"{doc_id}: source file {path} not found")
            continue
        text = read_doc(path)
        spans = rec["spans"]
        if not isinstance(spans, list):
            problems.append(f"{doc_id}: spans is not a list")
            continue
        good = [s for i, s in enumerate(spans) if check_span(doc_id, text, i, s, problems)]
        for prev, cur in itertools.pairwise(good):
            if (cur["start"], cur["end"]) < (prev["start"], prev["end"]):
                problems.append(f"{doc_id}: spans not sorted at {prev['start']} -> {cur['start']}")
            elif cur["start"] < prev["end"]:
                problems.append(
                    f"{doc_id}: overlap {prev['text']!r}@{prev['start']} and {cur['text']!r}@{cur['start']}"
                )
        by_doc[doc_id] = good
    corpus = {p.stem for p in (REPO / "corpus").glob("*.txt")}
    for doc_id in sorted(corpus - by_doc.keys()):
        print(f"note: corpus document {doc_id} has no annotation line", file=sys.stderr)
    return by_doc


def check_inventory(
    path: Path, label: str, form_key: str, by_doc: dict[str, list[dict[str, Any]]], problems: list[str]
) -> None:
    """trials_seen.json / drugs_seen.json agree with the spans."""
    if not path.is_file():
        problems.append(f"missing {path.name}")
        return
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        problems.append(f"{path.name}: invalid JSON ({exc})")
        return
    used: dict[str, set[str]] = {}
    for spans in by_doc.values():
        for s in spans:
            if s["label"] == label:
                used.setdefault(s["canonical"], set()).add(s["text"])
    listed: set[str] = set()
    for entry in entries:
        canonical = entry.get("canonical")
        if canonical in listed:
            problems.append(f"{path.name}: {canonical!r} listed twice")
        listed.add(canonical)
        if canonical not in used:
            problems.append(f"{path.name}: {canonical!r} has no {label} span")
            continue
        forms = entry.get(form_key)
        if not isinstance(forms, list):
            problems.append(f"{path.name}: {canonical!r} has no list {form_key!r}")
            continue
        for form in forms:
            if form not in used[canonical]:
                problems.append(f"{path.name}: {canonical!r} {form_key[:-1]} {form!r} is not a span text")
        if label == "DRUG" and set(forms) != used[canonical]:
            problems.append(f"{path.name}: {canonical!r} variants differ from span texts")
        nct = entry.get("nct_id")
        if label == "TRIAL" and nct is not None and not re.fullmatch(r"NCT\d{8}", str(nct)):
            problems.append(f"{path.name}: {canonical!r} nct_id {nct!r} is not an NCT number")
    for canonical in sorted(used.keys() - listed):
        problems.append(f"{path.name}: {label} canonical {canonical!r} is missing")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="print only problems and the total")
    args = parser.parse_args(argv)

    problems: list[str] = []
    by_doc = check_entities(problems)
    check_inventory(TRIALS, "TRIAL", "aliases", by_doc, problems)
    check_inventory(DRUGS, "DRUG", "variants", by_doc, problems)

    totals: Counter[str] = Counter()
    if not args.quiet:
        print(f"{'document':26s} " + " ".join(f"{lab:>11s}" for lab in LABELS) + f" {'total':>7s}")
    for doc_id, spans in sorted(by_doc.items()):
        counts = Counter(s["label"] for s in spans)
        totals.update(counts)
        if not args.quiet:
            row = " ".join(f"{counts[lab]:11d}" for lab in LABELS)
            print(f"{doc_id:26s} {row} {sum(counts.values()):7d}")
    row = " ".join(f"{totals[lab]:11d}" for lab in LABELS)
    print(f"{'TOTAL':26s} {row} {sum(totals.values()):7d}")

    for p in problems:
        print(f"PROBLEM: {p}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Do PDFs of an article give the same efficacy facts as its JATS XML?

For the first N PMC articles (../shared/data/pmc-oa/nxml, file-name order) whose JATS yields at
least one efficacy figure, each article is set as a PDF in several journal layouts
(tests/pdf_factory.py: one to three columns, A4 and Letter, running head and foot, raised
citation numbers, hyphenated line ends, tables ruled, booktabs-style or unruled, in a column or
spanning the page). Each PDF is ingested and extracted like any input, and its facts
(doc, endpoint, measure, value) are compared, as multisets, with those of the JATS:
- recall: the share of the JATS facts the PDF gives;
- PDF-only: the share of the PDF's facts the JATS does not give;
- seconds per page of PDF ingestion (median over the PDFs of a layout): wall-clock, and CPU
  time of this process, which a busy shared machine inflates far less.
With --chromium each article is also printed by headless Chromium from HTML with CSS columns
(layout "chromium-2col-a4"), a producer the reader was not built against. With --facts it also
prints every fact on which a PDF and its JATS differ. With --seeds the
sources are the seed corpus's text files instead (corpus/*.txt), set the same way and compared
with their text. PDFs are written to a temporary folder and removed.

    python bench/pdf_parity.py [--articles 30] [--layouts NAME ...] [--chromium] [--facts] [--seeds]
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from statistics import median

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.efficacy import extract_measurements  # noqa: E402
from pipeline.ingest import ingest_file  # noqa: E402
from pipeline.nlp import document_entities, shared_pipeline  # noqa: E402
from pipeline.records import Document  # noqa: E402
from tests.pdf_factory import (  # noqa: E402
    CHROMIUM_LAYOUT,
    LAYOUTS,
    article_pdf,
    blocks_from_document,
    chromium_binary,
    chromium_pdf,
)

Fact = tuple[str, str, str, float]


def facts_of(document: Document, nlp) -> Counter[Fact]:
    entities = document_entities(nlp, document.doc_id, [document.text])
    return Counter(
        (document.doc_id, m.endpoint, m.measure, float(m.value))
        for m in extract_measurements(document, entities)
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data" / "pmc-oa" / "nxml")
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--layouts", nargs="*", default=list(LAYOUTS))
    parser.add_argument("--facts", action="store_true", help="print each fact a PDF and its JATS differ on")
    parser.add_argument("--chromium", action="store_true", help="also print each article with Chromium")
    parser.add_argument("--seeds", action="store_true", help="compare with the seed corpus's texts instead")
    args = parser.parse_args()
    if args.chromium:
        if chromium_binary() is None:
            parser.error("--chromium needs Debian's chromium (apt-get install chromium)")
        args.layouts = [*args.layouts, CHROMIUM_LAYOUT]
    nlp = shared_pipeline()
    empty = {"source": 0, "pdf": 0, "common": 0, "per_page": [], "cpu_per_page": []}
    totals = {name: copy.deepcopy(empty) for name in args.layouts}
    articles = 0
    with tempfile.TemporaryDirectory() as tmp:
        sources = (
            sorted((REPO / "corpus").glob("*.txt")) if args.seeds else sorted(args.data_dir.glob("*.nxml"))
        )
        for path in sources:
            if articles >= args.articles:
                break
            original = ingest_file(path)
            truth = facts_of(original, nlp)
            if not truth:
                continue
            articles += 1
            blocks = blocks_from_document(original)
            for name in args.layouts:
                target = Path(tmp) / f"{path.stem}.pdf"
                if name == CHROMIUM_LAYOUT:
                    pdf_path = chromium_pdf(blocks, target)
                else:
                    pdf_path = article_pdf(blocks, LAYOUTS[name], target)
                started, cpu_started = time.perf_counter(), time.process_time()
                document = ingest_file(pdf_path)
                seconds = time.perf_counter() - started
                cpu_seconds = time.process_time() - cpu_started
                found = facts_of(document, nlp)
                common = sum((truth & found).values())
                total = totals[name]
                total["source"] += sum(truth.values())
                total["pdf"] += sum(found.values())
                total["common"] += common
                total["per_page"].append(seconds / max(1, len(document.pages)))
                total["cpu_per_page"].append(cpu_seconds / max(1, len(document.pages)))
                print(
                    f"{path.stem}\t{name}\tpages {len(document.pages)}\tJATS {sum(truth.values())}\t"
                    f"PDF {sum(found.values())}\tcommon {common}\t{seconds:.2f} s",
                    flush=True,
                )
                if args.facts:
                    for fact in sorted((truth - found).elements()):
                        print("\tmissing", *fact, sep="\t")
                    for fact in sorted((found - truth).elements()):
                        print("\tpdf-only", *fact, sep="\t")
    source = "seed texts" if args.seeds else "JATS articles"
    print(f"\n{articles} {source}; facts are (doc, endpoint, measure, value), compared as multisets")
    print("layout\tsource facts\tPDF facts\trecall\tPDF-only\tmedian s/page\tmedian CPU s/page")
    for name, total in totals.items():
        recall = total["common"] / total["source"] if total["source"] else 0.0
        only = (total["pdf"] - total["common"]) / total["pdf"] if total["pdf"] else 0.0
        per_page = median(total["per_page"]) if total["per_page"] else 0.0
        cpu = median(total["cpu_per_page"]) if total["cpu_per_page"] else 0.0
        print(
            f"{name}\t{total['source']}\t{total['pdf']}\t{recall:.3f}\t{only:.3f}\t{per_page:.3f}\t{cpu:.3f}"
        )


if __name__ == "__main__":
    main()

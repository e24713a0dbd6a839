"""The seeds' PDF renderings give the same efficacy facts as their text (issue #11).

Seeds 000 and 001 hold the corpus's tables: 000 a table of one cell per line that runs on to
the next page or column, 001 a wide table whose cells wrap. Each is set in every layout of the
test typesetter (as `bench/pdf_parity.py --seeds` does) and its facts compared with its text's.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pipeline.efficacy import extract_measurements
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline
from pipeline.records import Document
from tests.conftest import CORPUS
from tests.pdf_factory import LAYOUTS, article_pdf, blocks_from_document

SEEDS = ["000_db4a9a29616def56", "001_79ce4b9e444a51eb"]


def facts(document: Document) -> Counter[tuple[str, str, float]]:
    entities = document_entities(shared_pipeline(), document.doc_id, [document.text])
    return Counter((m.endpoint, m.measure, float(m.value)) for m in extract_measurements(document, entities))


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("seed", SEEDS)
def test_a_seed_set_as_a_pdf_gives_its_text_facts(tmp_path: Path, seed: str, layout: str) -> None:
    text = ingest_file(CORPUS / f"{seed}.txt")
    pdf = ingest_file(article_pdf(blocks_from_document(text), LAYOUTS[layout], tmp_path / f"{seed}.pdf"))
    expected, found = facts(text), facts(pdf)
    assert sum(1 for m in (expected & found).elements()) > 30  # the tables' figures are there at all
    assert found == expected, {"missing": expected - found, "pdf only": found - expected}

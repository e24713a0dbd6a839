from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import PdfError
from pipeline.ingest import ingest_file
from tests.pdf_factory import TABLE_ROWS, encrypted_pdf, image_only_pdf, text_and_table_pdf


@pytest.fixture(scope="module")
def table_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return text_and_table_pdf(tmp_path_factory.mktemp("pdf") / "paper.pdf")


def test_pdf_text_pages_and_table(table_pdf: Path) -> None:
    document = ingest_file(table_pdf)
    assert document.format == "pdf"
    assert [p.number for p in document.pages] == [1, 2]
    assert "47.3% with tucatinib" in document.text
    (table,) = document.tables
    assert table.page == 2 and table.label == "Table 1"
    assert table.caption == "Efficacy in patients with brain metastases"
    assert table.cells == tuple(tuple(row) for row in TABLE_ROWS)
    # Reading order: caption, table, then the prose below it.
    assert (
        document.text.index("Table 1")
        < document.text.index("LANDSCAPE")
        < document.text.index("Overall survival was 21.6")
    )
    number = document.text.index("65.9%")
    assert document.page_at(number) == 2
    assert document.page_at(document.text.index("47.3%")) == 1
    assert "65.9%" in document.text[table.start : table.end]


def test_pdf_offsets_point_into_the_extracted_page_text(table_pdf: Path) -> None:
    document = ingest_file(table_pdf)
    start = document.text.index("21.6")
    s, e = document.to_source(start, start + 4)
    assert (s, e) == (start, start + 4) or e - s == 4  # one-to-one after re-flow and normalization


@pytest.mark.parametrize(
    ("make", "phrase"),
    [
        (lambda d: encrypted_pdf(d / "locked.pdf"), "encrypted"),
        (lambda d: image_only_pdf(d / "scan.pdf", d), "no text layer"),
    ],
    ids=["encrypted", "image-only"],
)
def test_unreadable_pdfs(tmp_path: Path, make, phrase: str) -> None:
    with pytest.raises(PdfError) as caught:
        ingest_file(make(tmp_path))
    assert phrase in caught.value.message


def test_truncated_and_fake_pdfs(tmp_path: Path, table_pdf: Path) -> None:
    raw = table_pdf.read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(raw[: len(raw) // 2])
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"<html>not a pdf</html>")
    with pytest.raises(PdfError, match="damaged or truncated"):
        ingest_file(truncated)
    with pytest.raises(PdfError, match="not a PDF"):
        ingest_file(fake)

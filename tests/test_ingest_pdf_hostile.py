"""Hostile PDFs: too many pages, decompression bombs, content-stream bombs, JavaScript and embedded
files. Each gives an error row or bounded text within the document's limits, and nothing in a PDF
is executed or written to disk."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from pipeline.errors import PdfError
from pipeline.ingest import ingest_file
from pipeline.ingest.pdf import ingest_pdf
from pipeline.limits import DEFAULT_LIMITS, Limits
from pipeline.work import Job, analyse
from tests.hostile_pdf import (
    EMBEDDED_TEXT,
    SCRIPT_TEXT,
    flate_bomb_pdf,
    many_pages_pdf,
    script_and_attachment_pdf,
    text_operator_bomb_pdf,
    whitespace_bomb_pdf,
)

REPO = Path(__file__).resolve().parent.parent


def _error(data: bytes, tmp_path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    paper = tmp_path / "hostile.pdf"
    paper.write_bytes(data)
    result = analyse(Job("hostile", paper), 20_000_000, limits)
    assert result.error is not None, "the hostile PDF was read as if it were a paper"
    return result.error.error


def test_a_pdf_of_100k_pages_is_refused_before_a_page_is_read(tmp_path: Path) -> None:
    started = time.monotonic()
    error = _error(many_pages_pdf(100_000), tmp_path)
    assert error.startswith("PDF has 100,000 pages, over the limit of 1,000 for one document")
    assert "--max-pages" in error
    assert time.monotonic() - started < 60  # reading the pages would take hours


def test_a_page_count_that_lies_does_not_get_past_the_page_limit(tmp_path: Path) -> None:
    """The page tree declares one page and holds 500: the reader stops counting at the limit."""
    error = _error(many_pages_pdf(500, declared=1), tmp_path, Limits(max_pages=50))
    assert error.startswith("PDF has more than 50 pages, over the limit of 50 for one document")


def test_a_pdf_within_the_page_limit_is_read(tmp_path: Path) -> None:
    paper = tmp_path / "short.pdf"
    paper.write_bytes(many_pages_pdf(50))
    document = ingest_pdf(paper, paper.read_bytes(), max_pages=50)
    assert len(document.pages) == 50
    assert document.text == "Results: the objective response rate was 41%."


# The peak resident memory of this process (VmHWM: ru_maxrss would count the forking test process's).
_PEAK_MEMORY = """
import re, sys
from pathlib import Path
from pipeline.errors import PdfError
from pipeline.ingest.pdf import ingest_pdf
path = Path(sys.argv[1])
try:
    ingest_pdf(path, path.read_bytes(), 1000, 100)
    print("read", end=" ")
except PdfError as exc:
    print(exc.message[:39], end=" ")
print(int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read())[1]) * 1024)
"""


@pytest.mark.parametrize(("unit", "megabytes"), [(b" ", 1000), (b"(x) Tj ", 256)])
def test_decompression_bombs_are_refused_in_bounded_memory(
    tmp_path: Path, unit: bytes, megabytes: int
) -> None:
    """1 GB of whitespace and 256 MB of text operators, each in a file of well under 1 MB, against the
    default limit of 100 MB decompressed: refused, and the process never holds the inflated stream."""
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(flate_bomb_pdf(unit, megabytes))
    assert bomb.stat().st_size < 1_100_000
    with pytest.raises(
        PdfError, match=r"compressed streams expand to more than 100 MB \(a decompression bomb"
    ):
        ingest_pdf(bomb, bomb.read_bytes(), max_pages=1000, max_decompressed_mb=100)
    run = subprocess.run(
        [sys.executable, "-c", _PEAK_MEMORY, str(bomb)], capture_output=True, text=True, cwd=REPO, check=True
    )
    outcome, peak = run.stdout.rsplit(" ", 1)
    assert outcome == "PDF's compressed streams expand to more"
    assert int(peak) < 400_000_000, f"peak memory {int(peak) / 1e6:.0f} MB"


def test_a_stream_within_the_decompression_limit_is_read_as_before(tmp_path: Path) -> None:
    paper = tmp_path / "spaces.pdf"
    paper.write_bytes(whitespace_bomb_pdf(8))
    document = ingest_pdf(paper, paper.read_bytes(), max_decompressed_mb=16)
    assert document.text == "Results: the objective response rate was 41%."
    with pytest.raises(PdfError, match="expand to more than 4 MB"):
        ingest_pdf(paper, paper.read_bytes(), max_decompressed_mb=4)


def test_a_content_stream_bomb_under_the_decompression_limit_is_stopped_by_the_time_limit(
    tmp_path: Path,
) -> None:
    """2 MB of text operators pass the decompression limit; their 285,000 glyphs would take the reader
    a minute or more: the document's time limit stops it."""
    started = time.monotonic()
    error = _error(text_operator_bomb_pdf(2), tmp_path, Limits(seconds=2, memory_mb=None))
    assert error.startswith("took longer than 2 s in ingestion")
    assert time.monotonic() - started < 30


def test_javascript_and_embedded_files_are_neither_run_nor_extracted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "cwd"
    temp = tmp_path / "tmp"
    work.mkdir()
    temp.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the PDF made the reader start a program: {args}")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    monkeypatch.setattr(os, "system", refuse)
    monkeypatch.setattr(os, "startfile", refuse, raising=False)
    paper = tmp_path / "scripted.pdf"
    paper.write_bytes(script_and_attachment_pdf())

    document = ingest_file(paper)

    assert document.text == "Results: the objective response rate was 41%."
    assert EMBEDDED_TEXT.decode()[:18] not in document.text
    assert SCRIPT_TEXT.decode()[:11] not in document.text
    assert list(work.iterdir()) == [] and list(temp.iterdir()) == []
    assert not (tmp_path / "run.sh").exists()

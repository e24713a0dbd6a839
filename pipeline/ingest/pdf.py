"""PDF via pdfplumber: text in reading order, tables as tables, each character on its page.

Each page is read from its words' geometry (`reading_order`): columns and bands, superscripts,
footnotes; page furniture that recurs across pages is dropped first (`furniture`). Ruled
tables are found by pdfplumber from their lines, unruled and booktabs-style ones under a
"Table N" caption by `reading_order`; a table becomes tab-separated rows in the text (so its
numbers are searchable like any other) and a `Table` record with its cells. The source layer
the offset map points at is this extracted text ("pdf_text"), page by page; the map carries
the box on the page of every run of it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any

from pipeline.errors import EmptyDocumentError, PdfError
from pipeline.ingest.furniture import PageFragments, remove_furniture
from pipeline.ingest.layout import find_structure
from pipeline.ingest.pdf_bounds import DecompressionLimitExceeded, bounded_decompression, declared_pages
from pipeline.ingest.reading_order import (
    Fragment,
    Line,
    TableBox,
    body_font_size,
    build_fragments,
    continues,
    read_page,
    words_from_pdfplumber,
)
from pipeline.ingest.text import reflow
from pipeline.normalize import normalize_text
from pipeline.records import Document, Page, Table, doc_id_for
from pipeline.textmap import Box, SourceBoxes


@dataclass(frozen=True)
class _RawTable:
    rows: tuple[tuple[str, ...], ...]
    start: int
    end: int
    page: int
    layout: str  # as `Table.layout`: "lines" when every row is one cell


def ingest_pdf(
    path: Path, data: bytes, max_pages: int | None = None, max_decompressed_mb: float | None = None
) -> Document:
    """The PDF's text in reading order; one with more than `max_pages` pages, or whose streams
    decompress to more than `max_decompressed_mb` MB in all, is refused (None: no limit)."""
    from pipeline.ingest import sha256_of

    if not data.strip():
        raise EmptyDocumentError(path, "file is empty")
    if not data.lstrip()[:5] == b"%PDF-":
        raise PdfError(path, "not a PDF file (no %PDF header); is the extension wrong?")
    pages: list[_PageContent] = []
    any_images = False
    try:
        # JavaScript, embedded files and other attachments are never read: only the pages' text
        # and drawing are, and nothing is written to disk.
        with bounded_decompression(max_decompressed_mb), _open_pdf(path, data, max_pages) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                any_images = any_images or bool(page.images)
                pages.append(_page_content(page, number))
                page.flush_cache()
    except PdfError:
        raise
    except Exception as exc:  # pdfminer raises many types for damaged files; pdfplumber wraps them
        if _caused_by(exc, DecompressionLimitExceeded):
            raise PdfError(
                path,
                f"PDF's compressed streams expand to more than {max_decompressed_mb:g} MB (a decompression "
                "bomb, or a damaged file); if it is genuine, raise the limit with --max-decompressed-mb",
            ) from exc
        if _is_encryption_error(exc):
            raise PdfError(
                path,
                "PDF is encrypted (password-protected); save an unprotected copy and ingest that",
                repr(exc),
            ) from exc
        raise PdfError(
            path,
            "PDF is damaged or truncated and cannot be read; re-download or re-export it",
            f"{type(exc).__name__}: {exc}",
        ) from exc
    if not pages:
        raise PdfError(path, "PDF has no pages; it is probably truncated")
    builder = _Pages()
    page_spans: list[tuple[int, int, int]] = []
    raw_tables: list[_RawTable] = []
    _write_pages(pages, builder, page_spans, raw_tables)
    raw_text = builder.text()
    if not raw_text.strip():
        if any_images:
            raise PdfError(
                path,
                "PDF has no text layer (its pages are scanned images); run OCR "
                "(e.g. ocrmypdf) and ingest the result",
            )
        raise EmptyDocumentError(path, "PDF contains no text")
    flowed, flow_map = reflow(raw_text, wrapped=True)
    flow_map.source_boxes = builder.boxes  # the extracted text is the source; these are its boxes
    text, norm_map = normalize_text(flowed)
    to_final = norm_map.compose(flow_map)
    structure = find_structure(text)
    tables = tuple(
        Table(
            label=_caption_label(text, to_final.output_position(t.start)),
            caption="",
            cells=t.rows,
            start=to_final.output_position(t.start),
            end=to_final.output_position(t.end),
            page=t.page,
            layout=t.layout,
        )
        for t in raw_tables
    )
    # Tables recognised from PDF geometry replace the text heuristics' guesses on the same spot.
    layout_tables = tuple(
        t
        for t in structure["tables"]
        if not any(t.start <= g.start <= t.end + 200 or g.start <= t.start < g.end for g in tables)
    )
    # Parts of a table found by geometry are joined before they take their caption (each part
    # would take the first part's); then with the tables found from the text, which have theirs.
    tables = tuple(_with_caption(t, structure["tables"]) for t in _join_continued(tables, text))
    return Document(
        doc_id=doc_id_for(path),
        path=str(path),
        format="pdf",
        sha256=sha256_of(data),
        text=text,
        offset_map=to_final,  # the extracted text is the source layer itself
        source_unit="pdf_text",
        title=structure["title"],
        sections=structure["sections"],
        pages=tuple(
            Page(number, to_final.output_position(s), to_final.output_position(e))
            for number, s, e in page_spans
        ),
        tables=_join_continued(tuple(sorted(tables + layout_tables, key=lambda t: t.start)), text),
        references=structure["references"],
        figures=structure["figures"],
    )


class _Pages:
    """The extracted text of all pages, appended piece by piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.boxes = SourceBoxes()

    def __len__(self) -> int:
        return self.length

    def add(self, piece: str, box: Box | None = None) -> None:
        if box is not None:
            self.boxes.add(self.length, self.length + len(piece), box)
        self.parts.append(piece)
        self.length += len(piece)

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class _PageContent:
    """What one page holds once read: its word fragments and its tables (as cell rows)."""

    number: int
    height: float
    fragments: list[Fragment]
    tables: list[TableBox]


def _page_content(page: Any, number: int) -> _PageContent:
    found = [t for t in page.find_tables() if _is_table(t.extract())]
    boxes = [TableBox(*t.bbox, payload=tuple(_row(row) for row in t.extract())) for t in found]
    raw_words = page.extract_words(extra_attrs=["size"], x_tolerance_ratio=0.15)
    words = [
        w
        for w in words_from_pdfplumber(raw_words)
        if not any(
            b.x0 - 1 <= w.x0 and w.x1 <= b.x1 + 1 and b.top - 1 <= w.top and w.bottom <= b.bottom + 1
            for b in boxes
        )
    ]
    return _PageContent(number, float(page.height), build_fragments(words), boxes)


def _write_pages(
    pages: list[_PageContent], out: _Pages, page_spans: list[tuple[int, int, int]], tables: list[_RawTable]
) -> None:
    """All pages' text in reading order: paragraphs separated by a blank line, wrapped lines by
    one line break (a paragraph that goes on after a column or page break too), tables as
    tab-separated rows, footnotes after their page's body."""
    kept = remove_furniture([PageFragments(p.fragments, p.height) for p in pages])
    body_size = body_font_size([f for fragments in kept for f in fragments])
    last_line: Line | None = None  # the last line written, while its paragraph may go on
    for page, fragments in zip(pages, kept, strict=True):
        start: int | None = None
        for block in read_page(fragments, page.tables, body_size):
            if block.kind == "table":
                out.add("\n\n" if len(out) else "")
                start = len(out) if start is None else start
                box = Box(page.number, *block.box) if block.box else None
                if block.caption:
                    out.add(block.caption, box)
                    out.add("\n\n")
                table_start = len(out)
                for index, row in enumerate(block.table):
                    # Rows of one cell each would be re-flowed into one line: a blank line between.
                    single = index and len(row) == 1 and len(block.table[index - 1]) == 1
                    out.add("\n\n" if single else "\n" if index else "")
                    out.add("\t".join(row), box)
                one_column = all(len(row) == 1 for row in block.table)
                tables.append(
                    _RawTable(
                        block.table, table_start, len(out), page.number, "lines" if one_column else "cells"
                    )
                )
                last_line = None
                continue
            if len(out):
                # A paragraph may go on after a column or page break; a caption stands alone.
                goes_on = (
                    last_line is not None
                    and block.kind == "paragraph"
                    and continues(last_line, block.lines[0])
                )
                out.add("\n" if goes_on else "\n\n")
            start = len(out) if start is None else start
            for index, line in enumerate(block.lines):
                if index:
                    out.add("\n")
                for piece, fragment in line.pieces():
                    out.add(piece, _box(page.number, fragment) if fragment is not None else None)
            last_line = block.lines[-1] if block.kind == "paragraph" else None
        page_spans.append((page.number, len(out) if start is None else start, len(out)))


def _box(page: int, fragment: Fragment) -> Box:
    return Box(page, fragment.x0, fragment.top, fragment.x1, fragment.bottom)


def _join_continued(tables: tuple[Table, ...], text: str) -> tuple[Table, ...]:
    """A table that runs on to the next page or column ("Table 3 (continued)", its header row
    again) is one table: its rows read under the first part's header and section rows. So is
    one found from the text (a table of one cell per line), whose caption says "continued"."""
    joined: list[Table] = []
    for table in tables:
        previous = joined[-1] if joined else None
        between = f"{text[previous.end : table.start]} {table.caption}" if previous else ""
        if (
            previous is not None
            and table.label
            and table.label == previous.label
            and re.search(r"\bcontinued\b", between, re.IGNORECASE)
            and len(between) < 200
        ):
            rows = table.cells[1:] if table.cells[:1] == previous.cells[:1] else table.cells
            joined[-1] = replace(previous, cells=previous.cells + rows, end=table.end)
        else:
            joined.append(table)
    return tuple(joined)


def _open_pdf(path: Path, data: bytes, max_pages: int | None) -> Any:
    """pdfplumber's PDF, refused when it has more than `max_pages` pages: by the count its page tree
    declares, or (a count that lies) by walking the tree no further than page `max_pages` + 1."""
    import pdfplumber
    from pdfminer.pdfpage import PDFPage

    pdf = pdfplumber.open(io.BytesIO(data))
    if max_pages:
        declared = declared_pages(pdf.doc)
        found = (
            declared
            if declared > max_pages
            else sum(1 for _ in islice(PDFPage.create_pages(pdf.doc), max_pages + 1))
        )
        if found > max_pages:  # not pdf.close(): it would read every page to close it
            count = f"{declared:,}" if declared > max_pages else f"more than {max_pages:,}"
            raise PdfError(
                path,
                f"PDF has {count} pages, over the limit of {max_pages:,} for one document; split it, "
                "or raise the limit with --max-pages",
            )
    return pdf


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    return any(isinstance(e, kind) for e in _wrapped(exc))


def _is_encryption_error(exc: BaseException) -> bool:
    names = (type(e).__name__.lower() for e in _wrapped(exc))
    return any("password" in name or "encrypt" in name for name in names)


def _wrapped(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and the exceptions it wraps: as arguments (pdfplumber wraps pdfminer's so), causes or
    contexts."""
    seen: set[int] = set()
    pending: list[object] = [exc]
    while pending:
        current = pending.pop()
        if isinstance(current, BaseException) and id(current) not in seen:
            seen.add(id(current))
            yield current
            pending.extend([*current.args, current.__cause__, current.__context__])


def _row(cells: list[str | None]) -> tuple[str, ...]:
    """A ruled row's cells, without the empty ones at its end: a section row ("Overall
    survival") is one cell, as in a row-spanning cell of JATS, not a row of blanks."""
    row = [_cell(c) for c in cells]
    while len(row) > 1 and not row[-1]:
        row.pop()
    return tuple(row)


def _cell(value: str | None) -> str:
    return " ".join((value or "").split())


def _is_table(rows: list[list[str | None]]) -> bool:
    """At least two rows and two columns with text: a lone ruled box or a rule is not a table."""
    filled = [row for row in rows if sum(1 for c in row if c and c.strip()) >= 2]
    return len(filled) >= 2


def _caption_label(text: str, start: int) -> str:
    before = text[max(0, start - 400) : start]
    labels = re.findall(r"\bTable\s+[0-9IVX]+[A-Za-z]?\b", before)
    return labels[-1] if labels else ""


def _with_caption(table: Table, caption_tables: Any) -> Table:
    for candidate in caption_tables:
        if candidate.label and candidate.label == table.label and candidate.start <= table.start:
            return replace(table, caption=candidate.caption, start=candidate.start)
    return table

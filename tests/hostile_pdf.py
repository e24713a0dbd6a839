"""Hostile PDFs written byte by byte (no typesetter makes them): many pages, decompression bombs,
content-stream bombs, JavaScript and embedded files. Each is a valid PDF with a correct xref."""

from __future__ import annotations

import zlib

_PAGE_TEXT = b"BT /F1 12 Tf 72 720 Td (Results: the objective response rate was 41%.) Tj ET\n"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_bytes(objects: list[bytes], catalog_extra: bytes = b"") -> bytes:
    """Objects 1..n as given (1 must be the catalog's body, written with `catalog_extra`), an xref
    table and a trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        if number == 1:
            body = body.replace(b">>", catalog_extra + b" >>", 1) if catalog_extra else body
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, compress: bool = False) -> bytes:
    body = zlib.compress(data, 9) if compress else data
    flate = b" /Filter /FlateDecode" if compress else b""
    return b"<< /Length %d%s >>\nstream\n" % (len(body), flate) + body + b"\nendstream"


def _pages(count: int, declared: int | None = None) -> list[bytes]:
    """Catalog (1), page tree (2), font (3), the first page's content stream (4, filled in by the
    caller), the other pages' empty one (5), then `count` pages (from 6): a line repeated on every
    page would be dropped as a running head."""
    first_page = 6
    kids = b" ".join(b"%d 0 R" % n for n in range(first_page, first_page + count))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>"
    )
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count if declared is None else declared),
        _FONT,
        b"",
        _stream(b"BT ET\n"),
        page % 4,
        *([page % 5] * (count - 1)),
    ]


def many_pages_pdf(count: int, declared: int | None = None) -> bytes:
    """`count` pages, a line of text on the first; the page tree declares `declared` pages (default:
    the truth)."""
    objects = _pages(count, declared)
    objects[3] = _stream(_PAGE_TEXT)
    return pdf_bytes(objects)


def whitespace_bomb_pdf(megabytes: float) -> bytes:
    """One page whose compressed content stream expands to `megabytes` MB of spaces before its line
    of text (1 GB compresses to about 1 MB)."""
    objects = _pages(1)
    objects[3] = _stream(b" " * int(megabytes * 1_000_000) + _PAGE_TEXT, compress=True)
    return pdf_bytes(objects)


def text_operator_bomb_pdf(megabytes: float) -> bytes:
    """One page whose compressed content stream expands to `megabytes` MB of text-showing operators
    (a glyph each, every one a character object for the reader)."""
    operator = b"(x) Tj "
    body = b"BT /F1 1 Tf 0 0 Td " + operator * int(megabytes * 1_000_000 / len(operator)) + b"ET\n"
    objects = _pages(1)
    objects[3] = _stream(_PAGE_TEXT + body, compress=True)
    return pdf_bytes(objects)


def flate_bomb_pdf(unit: bytes, megabytes: int) -> bytes:
    """A page whose one content stream inflates to `megabytes` MB of `unit` (b" ": a whitespace
    bomb; b"(x) Tj ": a text-operator bomb), compressed a megabyte at a time, so that making it never
    holds the inflated stream: 1 GB of spaces gives a file of about 1 MB."""
    compressor = zlib.compressobj(9)
    piece = unit * (1_000_000 // len(unit))
    body = b"".join(compressor.compress(piece) for _ in range(megabytes)) + compressor.flush()
    objects = _pages(1)
    objects[3] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"
    return pdf_bytes(objects)


EMBEDDED_TEXT = b"EMBEDDED-FILE-TEXT rm -rf ~ ; the objective response rate was 99%"
SCRIPT_TEXT = (
    b"SCRIPT-TEXT app.launchURL('http://example.invalid/'); "
    b"this.exportDataObject({cName: 'run.sh', nLaunch: 2});"
)


def script_and_attachment_pdf() -> bytes:
    """One page of text, plus JavaScript run on opening, a JavaScript name tree, a file attachment
    annotation and an embedded file ('run.sh') that a viewer would offer to launch."""
    objects = _pages(1)
    objects[3] = _stream(_PAGE_TEXT)
    script, embedded, filespec = len(objects) + 1, len(objects) + 2, len(objects) + 3
    objects[5] = objects[5].replace(
        b"/Resources",
        b"/Annots [<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS %d 0 R >>] "
        b"/AA << /O %d 0 R >> /Resources" % (filespec, script),
    )
    objects += [
        b"<< /Type /Action /S /JavaScript /JS (" + SCRIPT_TEXT + b") >>",
        b"<< /Type /EmbeddedFile /Length %d >>\nstream\n" % len(EMBEDDED_TEXT)
        + EMBEDDED_TEXT
        + b"\nendstream",
        b"<< /Type /Filespec /F (run.sh) /UF (run.sh) /EF << /F %d 0 R >> >>" % embedded,
    ]
    catalog_extra = (
        b"/OpenAction %d 0 R /Names << /JavaScript << /Names [(run) %d 0 R] >> "
        b"/EmbeddedFiles << /Names [(run.sh) %d 0 R] >> >>" % (script, script, filespec)
    )
    return pdf_bytes(objects, catalog_extra)

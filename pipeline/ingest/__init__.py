"""Ingestion: any supported file -> one `Document` (ingested text, structure, offset map)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import DocumentTooLargeError, UnreadableFileError, UnsupportedFormatError
from pipeline.limits import DEFAULT_LIMITS, Limits
from pipeline.records import Document, doc_id_for

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
PDF_SUFFIXES = frozenset({".pdf"})
JATS_SUFFIXES = frozenset({".nxml", ".xml"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | JATS_SUFFIXES

# Real papers are well under 5 MB of text; a file far beyond that is a dump, not a paper,
# and would hold the batch (and memory) hostage.
DEFAULT_MAX_BYTES = 20_000_000


def format_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in JATS_SUFFIXES:
        return "jats"
    raise UnsupportedFormatError(
        path,
        f"unsupported file type '{path.suffix or '(none)'}'; trialsift reads "
        f"{', '.join(sorted(SUPPORTED_SUFFIXES))}",
    )


def read_source(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, or a curator-readable error for what stops us reading them."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentTooLargeError(
                path,
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one document; "
                "split it, or raise the limit with --max-mb",
            )
        return path.read_bytes()
    except PermissionError as exc:
        raise UnreadableFileError(path, "permission denied: the file cannot be read", str(exc)) from exc
    except IsADirectoryError as exc:
        raise UnreadableFileError(path, "is a directory, not a file", str(exc)) from exc
    except OSError as exc:
        raise UnreadableFileError(path, f"cannot be read ({exc.strerror or exc})", repr(exc)) from exc


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ingest_bytes(path: Path, data: bytes, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse already-read bytes; raises a `DocumentError` subclass for bad input (or for a PDF
    past the page or decompression limit of `limits`)."""
    fmt = format_of(path)
    if fmt == "text":
        from pipeline.ingest.text import ingest_text

        return ingest_text(path, data)
    if fmt == "pdf":
        from pipeline.ingest.pdf import ingest_pdf

        return ingest_pdf(path, data, limits.max_pages, limits.max_decompressed_mb)
    from pipeline.ingest.jats import ingest_jats

    return ingest_jats(path, data)


def ingest_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    path = Path(path)
    format_of(path)  # refuse unsupported types before reading anything
    return ingest_bytes(path, read_source(path, max_bytes))


__all__ = ["Document", "doc_id_for", "format_of", "ingest_bytes", "ingest_file", "read_source", "sha256_of"]

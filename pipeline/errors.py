"""Errors a curator can act on: each says which file, what is wrong and what to do.

`IngestError` and friends carry a `stage` and a one-sentence `message` for errors.csv,
plus a technical `detail`. Nothing in the pipeline raises a bare exception at a user.
"""

from __future__ import annotations

from pathlib import Path

# errors.csv's `detail` cell says what went wrong in a line or two; a whole exception repr can hold
# a megabyte of the file's bytes (a UnicodeDecodeError carries its input).
MAX_DETAIL_CHARS = 300


def bounded_detail(detail: str, limit: int = MAX_DETAIL_CHARS) -> str:
    """`detail`, cut to `limit` characters with an ellipsis saying that it was cut."""
    return detail if len(detail) <= limit else detail[: limit - 1] + "…"


class TrialsiftError(Exception):
    """Base class for errors that are reported to the user as one clean message."""


class PatternFileError(TrialsiftError):
    """A rules/lexicon data file inside the package is malformed."""

    def __init__(self, file: str, problem: str, line: int | None = None) -> None:
        where = f"{file}, line {line}" if line is not None else file
        super().__init__(f"Pattern file {where}: {problem}. Fix the file; it ships with the package.")


class DocumentError(TrialsiftError):
    """One document could not be (fully) processed; the batch goes on without it."""

    stage = "ingest"

    def __init__(self, path: Path | str, message: str, detail: str = "") -> None:
        self.path = Path(path)
        self.message = message
        self.detail = bounded_detail(detail)
        super().__init__(f"{self.path.name}: {message}")


class UnsupportedFormatError(DocumentError):
    pass


class UnreadableFileError(DocumentError):
    pass


class EmptyDocumentError(DocumentError):
    pass


class NotTextError(DocumentError):
    """Bytes that are not text in any encoding we accept (binary junk with a .txt name)."""


class DocumentTooLargeError(DocumentError):
    pass


class PdfError(DocumentError):
    pass


class XmlError(DocumentError):
    pass

"""Errors a curator can act on: each says which file, what is wrong and what to do.

`IngestError` and friends carry a `stage` and a one-sentence `message` for errors.csv,
plus a technical `detail`. Nothing in the pipeline raises a bare exception at a user.
"""

from __future__ import annotations

from pathlib import Path


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
        self.detail = detail
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

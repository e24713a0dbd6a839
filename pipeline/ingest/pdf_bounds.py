"""Bounds on what a PDF can make the reader do: how many bytes its streams decompress to, how many
pages it has. A few kilobytes of Flate data can expand to a gigabyte of whitespace or of text
operators (a decompression bomb), and a 1 MB file can declare 100,000 pages.

pdfminer inflates each stream whole with `zlib.decompress` and keeps it while the file is open, so
the bound is on the total a document decompresses: `bounded_decompression` gives pdfminer's zlib
calls a budget for the time of one document (a context variable, so threads reading other PDFs
keep their own). Streams in the other filters (LZW, run-length, ASCII85) are inflated by pure
Python, which the per-document time and memory limits stop (pipeline.limits).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import pdfminer.pdftypes


class DecompressionLimitExceeded(Exception):
    """A PDF's streams decompress to more than its budget."""


class _Budget:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.left = max_bytes

    def take(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise DecompressionLimitExceeded(
                f"the PDF's compressed streams expand to more than {self.max_bytes / 1e6:g} MB"
            )


_budget: ContextVar[_Budget | None] = ContextVar("pdf_decompression_budget", default=None)


@contextmanager
def bounded_decompression(max_mb: float | None) -> Iterator[None]:
    """pdfminer's Flate streams, inside this block, decompress to at most `max_mb` MB in all;
    past that they raise DecompressionLimitExceeded (and go on raising: a library that catches
    the first cannot read on)."""
    token = _budget.set(_Budget(int(max_mb * 1_000_000)) if max_mb else None)
    try:
        yield
    finally:
        _budget.reset(token)


class _BoundedDecompressor:
    """zlib's decompress object, charging what it inflates to the budget (pdfminer's reader of
    corrupt streams inflates byte by byte through one)."""

    def __init__(self, decompressor: Any, budget: _Budget) -> None:
        self._decompressor = decompressor
        self._budget = budget

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        allowed = max(0, self._budget.left) + 1
        out = self._decompressor.decompress(data, min(max_length, allowed) if max_length else allowed)
        self._budget.take(len(out))
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._decompressor, name)


class _BoundedZlib:
    """What pdfminer's stream decoder sees as `zlib`: the same results as zlib's own within the
    budget (the same errors for a truncated stream, trailing bytes ignored), never more than the
    budget's bytes allocated."""

    error = zlib.error

    def decompress(self, data: bytes) -> bytes:
        budget = _budget.get()
        if budget is None:
            return zlib.decompress(data)
        decompressor = zlib.decompressobj()
        out = decompressor.decompress(data, max(0, budget.left) + 1)
        budget.take(len(out))
        if not decompressor.eof:
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    def decompressobj(self, *args: Any, **kwargs: Any) -> Any:
        decompressor = zlib.decompressobj(*args, **kwargs)
        budget = _budget.get()
        return decompressor if budget is None else _BoundedDecompressor(decompressor, budget)


pdfminer.pdftypes.zlib = _BoundedZlib()  # type: ignore[attr-defined]


def declared_pages(document: Any) -> int:
    """The page count the PDF's page tree declares (0 when it declares none)."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(document.catalog.get("Pages")).get("Count"))
    except AttributeError:
        return 0
    return count if isinstance(count, int) else 0

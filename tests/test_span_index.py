"""Per-offset look-ups by bisection answer exactly what a scan of every span answers."""

from __future__ import annotations

import random

import pytest

from pipeline.records import Document, Page, Section
from pipeline.textmap import OffsetMap


def _scan_section(sections: tuple[Section, ...], offset: int) -> str | None:
    best: Section | None = None
    for section in sections:
        if section.start <= offset < section.end and (best is None or section.start >= best.start):
            best = section
    return best.heading if best else None


def _scan_page(pages: tuple[Page, ...], offset: int) -> int | None:
    return next((page.number for page in pages if page.start <= offset < page.end), None)


@pytest.mark.parametrize("seed", range(30))
def test_lookups_equal_a_scan_of_every_span(seed: int) -> None:
    rng = random.Random(seed)
    length = rng.randrange(1, 400)

    def span() -> tuple[int, int]:
        start = rng.randrange(length)
        return start, start + rng.randrange(0, length // 2 + 2)

    sections = tuple(
        Section(f"s{i}", *span(), level=rng.randrange(1, 4)) for i in range(rng.randrange(0, 25))
    )
    if rng.random() < 0.5:  # ordered as ingestion orders them, with nested sections
        sections = tuple(sorted(sections, key=lambda s: (s.start, s.level)))
    pages = tuple(Page(i + 1, *span()) for i in range(rng.randrange(0, 8)))
    document = Document(
        "d", "d.txt", "text", "", "x" * length, OffsetMap.identity(length), sections=sections, pages=pages
    )
    for offset in range(-2, length + 3):
        assert document.section_at(offset) == _scan_section(sections, offset), offset
        assert document.page_at(offset) == _scan_page(pages, offset), offset

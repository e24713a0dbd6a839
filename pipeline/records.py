"""Record types: one frozen dataclass per concept, defined once.

Writers take their column order from these (`columns()`), so a CSV header and the
dataclass can never drift apart. Spans are `[start, end)` offsets in the ingested text.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.textmap import OffsetMap


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Section:
    heading: str
    start: int  # the section's extent in the ingested text, heading included
    end: int
    level: int = 1


@dataclass(frozen=True)
class Page:
    number: int  # 1-based, as printed by a PDF viewer
    start: int
    end: int


@dataclass(frozen=True)
class Table:
    label: str  # "Table 1", or "" when the source gives none
    caption: str
    cells: tuple[tuple[str, ...], ...]  # rows of cell texts, header row(s) first
    start: int
    end: int
    page: int | None = None
    # "cells": a real grid (JATS, PDF, tab-separated text). "lines": text pulled from a PDF
    # where each cell sits on its own line; `cells` then holds one line per row.
    layout: str = "cells"


@dataclass(frozen=True)
class Reference:
    label: str  # "12", "[12]", or "" when unnumbered
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    doc_id: str  # the file's name without extension
    path: str
    format: str  # "text", "pdf", "jats"
    sha256: str
    text: str  # the ingested (re-flowed, normalized) text every extractor reads
    offset_map: OffsetMap = field(repr=False, compare=False)  # ingested text -> source
    source_unit: str = "char"  # what offset_map points at: "char" of the decoded file, "byte", ...
    encoding: str = "utf-8"
    title: str = ""
    sections: tuple[Section, ...] = ()
    pages: tuple[Page, ...] = ()
    tables: tuple[Table, ...] = ()
    references: tuple[Reference, ...] = ()

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        return self.offset_map.to_source(start, end)

    def page_at(self, offset: int) -> int | None:
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return None

    def section_at(self, offset: int) -> str | None:
        """The innermost section heading whose extent contains `offset`."""
        best: Section | None = None
        for section in self.sections:
            if section.start <= offset < section.end and (best is None or section.start >= best.start):
                best = section
        return best.heading if best else None

    def structure_json(self) -> str:
        return json.dumps(
            {
                "title": self.title,
                "sections": [dataclasses.asdict(s) for s in self.sections],
                "pages": [dataclasses.asdict(p) for p in self.pages],
                "tables": [dataclasses.asdict(t) for t in self.tables],
                "references": [dataclasses.asdict(r) for r in self.references],
            },
            ensure_ascii=False,
        )

    @staticmethod
    def structure_from_json(blob: str) -> dict[str, Any]:
        data = json.loads(blob)
        return {
            "title": data["title"],
            "sections": tuple(Section(**s) for s in data["sections"]),
            "pages": tuple(Page(**p) for p in data["pages"]),
            "tables": tuple(
                Table(**{**t, "cells": tuple(tuple(row) for row in t["cells"])}) for t in data["tables"]
            ),
            "references": tuple(Reference(**r) for r in data["references"]),
        }


@dataclass(frozen=True)
class DocumentRow:
    """documents.csv: one row per document of the current corpus."""

    doc_id: str
    path: str
    format: str
    sha256: str
    status: str  # "ok" or "error"
    chars: int | None
    pages: int | None
    sections: int | None
    tables: int | None
    references: int | None
    title: str


@dataclass(frozen=True)
class DocumentErrorRow:
    """errors.csv, per the output contract."""

    doc_id: str
    path: str
    stage: str
    error: str
    detail: str


def columns(record_type: type) -> list[str]:
    return [f.name for f in dataclasses.fields(record_type)]


def doc_id_for(path: Path) -> str:
    return path.stem


@dataclass(frozen=True)
class Entity:
    """entities.csv, per the output contract, plus `linked` (a trial's NCT number, or the trial
    an NCT number belongs to, when the text or the trial registry pairs them)."""

    doc_id: str
    label: str  # DRUG, TRIAL, REGISTRY_ID
    text: str
    canonical: str
    char_start: int
    char_end: int
    source: str
    linked: str = ""

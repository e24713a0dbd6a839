"""Record types: one frozen dataclass per concept, defined once.

Writers take their column order from these (`columns()`), so a CSV header and the
dataclass can never drift apart. Spans are `[start, end)` offsets in the ingested text.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline.errors import bounded_detail
from pipeline.spans import SpanIndex
from pipeline.textmap import Box, OffsetMap


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
class Figure:
    """A figure's caption: kept in the text where it stands (its own paragraph), and marked here."""

    label: str  # "Figure 2", or "" when the source gives none
    caption: str
    start: int  # the caption's extent in the ingested text, label included
    end: int


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
    figures: tuple[Figure, ...] = ()

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        return self.offset_map.to_source(start, end)

    def boxes_at(self, start: int, end: int) -> list[Box]:
        """Where a span was printed: page and box per printed line, for sources that are printed pages."""
        return self.offset_map.boxes(start, end)

    def page_at(self, offset: int) -> int | None:
        """The number of the first page whose extent contains `offset`."""
        index = self._page_index.at(offset)
        return None if index is None else self.pages[index].number

    def section_at(self, offset: int) -> str | None:
        """The innermost section heading whose extent contains `offset` (the one starting last; of
        those starting together, the last listed)."""
        index = self._section_index.at(offset)
        return None if index is None else self.sections[index].heading

    # Built on first use: every extracted value looks up its page and section, and a scan of all
    # sections per value made a document with 10k sections cost a minute.
    @cached_property
    def _page_index(self) -> SpanIndex:
        return SpanIndex([(p.start, p.end) for p in self.pages], lambda i: -i)

    @cached_property
    def _section_index(self) -> SpanIndex:
        return SpanIndex([(s.start, s.end) for s in self.sections], lambda i: (self.sections[i].start, i))

    def structure_json(self) -> str:
        # Their fields hold plain values (a table's cells are tuples of str), so a dict of them is
        # the same JSON as dataclasses.asdict, which deep-copies every value: that took 4 ms of the
        # store's single writer per PMC article, most of what it spent on one.
        def fields(item: Section | Page | Table | Reference | Figure) -> dict[str, Any]:
            return {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}

        return json.dumps(
            {
                "title": self.title,
                "sections": [fields(s) for s in self.sections],
                "pages": [fields(p) for p in self.pages],
                "tables": [fields(t) for t in self.tables],
                "references": [fields(r) for r in self.references],
                "figures": [fields(f) for f in self.figures],
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
            "figures": tuple(Figure(**f) for f in data.get("figures", ())),  # absent before figures were kept
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

    def __post_init__(self) -> None:
        object.__setattr__(self, "detail", bounded_detail(self.detail))


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


@dataclass(frozen=True)
class Measurement:
    """measurements.csv, per the output contract (../shared/docs/OUTPUTS.md), plus extra columns
    `analysis`, `comparison` (what a ratio compares, "A vs B"), `value_text` (the number as
    written), `source` (the rule or table that produced it) and `timepoint` (a landmark rate's time
    point as the source states it, "5 years", "36 months"; empty for any other figure, and for a
    landmark rate whose time point could not be placed). `measurement_id` is given when the
    figure is stored (pipeline/decisions.py); `review_status` only on output, from reviewers'
    decisions ("", "extraction_error", "corrected")."""

    doc_id: str
    trial: str
    nct_id: str
    endpoint: str  # ORR, PFS, OS, DOR, CBR, DCR, TTP, TTF, ...
    cns: bool
    measure: str  # rate, median, hazard_ratio, risk_ratio, odds_ratio, landmark_rate, count
    arm: str
    arm_text: str
    population: str
    value: float
    unit: str
    ci_low: float | None
    ci_high: float | None
    ci_level: float | None
    p_value: str
    n: int | None
    evidence: str
    char_start: int
    char_end: int
    page: int | None
    section: str
    analysis: str = ""
    comparison: str = ""
    value_text: str = ""
    source: str = ""
    timepoint: str = ""
    measurement_id: str = ""
    review_status: str = ""


@dataclass(frozen=True)
class Conflict:
    """conflicts.csv, per the output contract: one row per pair of disagreeing values (side A is the
    earlier of the two by document and offset). The contract columns come first; after them, what a
    reviewer needs to find and weigh both sides. `population` and `arm` are side A's; `population_b`
    and `arm_b` side B's, equal to them except for the kinds that pair different populations or
    arms (see pipeline/reconcile/)."""

    conflict_id: str
    trial: str
    nct_id: str
    endpoint: str
    cns: bool
    measure: str
    arm: str
    population: str
    doc_id_a: str
    value_a: float
    evidence_a: str
    doc_id_b: str
    value_b: float
    evidence_b: str
    kind: (
        str  # value_conflict, likely_different_analysis, arm_swap, self_contradiction, possible_conflict_...
    )
    severity: float  # in [0, 1]
    severity_label: str  # low, medium, high
    value_text_a: str
    value_text_b: str
    ci_low_a: float | None
    ci_high_a: float | None
    ci_low_b: float | None
    ci_high_b: float | None
    p_value_a: str
    p_value_b: str
    analysis_a: str
    analysis_b: str
    comparison_a: str
    comparison_b: str
    population_b: str
    arm_b: str
    char_start_a: int | None
    char_end_a: int | None
    char_start_b: int | None
    char_end_b: int | None
    section_a: str
    section_b: str
    page_a: int | None
    page_b: int | None
    note: str
    measurement_id_a: str = ""
    measurement_id_b: str = ""
    timepoint: str = ""  # a landmark rate's time point, part of the key ("5 years"); else empty


@dataclass(frozen=True)
class CheckFinding:
    """checks.csv: one row per internal check of one document's numbers that failed (`level`
    "error") or looks wrong (`level` "warning"), naming the document, the sentence and what is off."""

    doc_id: str
    check: str  # ci_contains_point, point_at_ci_bound, ratio_ci_log_symmetry, ci_vs_p, ...
    level: str  # error, warning
    evidence: str
    char_start: int | None
    char_end: int | None
    detail: str
    trial: str
    endpoint: str
    cns: bool
    measure: str
    arm: str
    population: str
    value: float | None
    value_text: str
    section: str
    page: int | None
    measurement_id: str = ""


@dataclass(frozen=True)
class Decision:
    """decisions.csv, per the output contract: one reviewer's decision on a conflict or a measurement.

    `evidence_key` is the content of the values it was made on (pipeline/decisions.py), `sides` the
    measurement_ids of a conflict's sides A and B ("a|b"); with them a later run can tell whether
    the evidence changed. `state` is recomputed on every run, never trusted from a file."""

    target: str  # conflict, measurement
    id: str
    decision: str
    correction: str  # JSON of corrected fields, or ""
    note: str
    reviewer: str
    decided_at: str  # ISO 8601
    state: str  # current, stale
    evidence_key: str = ""
    sides: str = ""

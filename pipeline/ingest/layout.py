"""Structure of an ingested text: title, section headings, tables and references.

Pure functions over the final (normalized) text, so every span is an offset into exactly
the text extractors read. The vocabulary (heading names, caption shapes) is data:
`patterns/layout.json`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.records import Figure, Reference, Section, Table
from pipeline.resources import load_json

_MAX_TABLE_LINES = 200


@dataclass(frozen=True)
class LayoutRules:
    heading_names: frozenset[str]
    heading_patterns: tuple[re.Pattern[str], ...]
    table_caption: re.Pattern[str]
    figure_caption: re.Pattern[str]
    figure_label: re.Pattern[str]
    table_end: re.Pattern[str]
    reference_headings: frozenset[str]
    reference_label: re.Pattern[str]


@cache
def layout_rules() -> LayoutRules:
    data = load_json(
        "layout.json",
        frozenset(
            {
                "heading_names",
                "heading_patterns",
                "table_caption",
                "figure_caption",
                "figure_label",
                "table_end",
                "reference_headings",
                "reference_label",
            }
        ),
    )
    return LayoutRules(
        heading_names=frozenset(data["heading_names"]),
        heading_patterns=tuple(re.compile(p) for p in data["heading_patterns"]),
        table_caption=re.compile(data["table_caption"], re.IGNORECASE),
        figure_caption=re.compile(data["figure_caption"], re.IGNORECASE),
        figure_label=re.compile(data["figure_label"], re.IGNORECASE),
        table_end=re.compile(data["table_end"], re.IGNORECASE),
        reference_headings=frozenset(data["reference_headings"]),
        reference_label=re.compile(data["reference_label"]),
    )


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # exclusive, without the line break
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()


def split_lines(text: str) -> list[Line]:
    lines, start = [], 0
    for piece in text.split("\n"):
        lines.append(Line(start, start + len(piece), piece))
        start += len(piece) + 1
    return lines


def heading_of(line: Line, rules: LayoutRules) -> tuple[str, int] | None:
    """(heading text, level) when the line is a section heading."""
    text = line.stripped
    if not text or len(text) > 160 or "\t" in line.text:  # tab-indented: a table of contents or a cell
        return None
    bare = text.strip("*#: ").lower()
    if bare in rules.heading_names:
        return text.strip("*#: "), 1
    for pattern in rules.heading_patterns:
        match = pattern.match(text)
        if not match:
            continue
        groups = match.groupdict()
        if groups.get("pmc"):
            return groups["pmc"], groups["pmc"].count(".") + 1
        if groups.get("md"):
            return groups["md"].strip("* "), len(groups["hashes"])
        if groups.get("numbered"):
            return text, groups["number"].count(".") + 1
    return None


def starts_block(line_text: str) -> bool:
    """Does this line open a heading, a table or a figure caption (never joined to the line above)?"""
    rules = layout_rules()
    text = line_text.strip()
    return bool(
        rules.table_caption.match(text)
        or rules.figure_caption.match(text)
        or heading_of(Line(0, len(line_text), line_text), rules)
    )


def find_structure(text: str) -> dict[str, Any]:
    rules = layout_rules()
    lines = split_lines(text)
    headings: list[tuple[Line, str, int]] = []
    for index, line in enumerate(lines):
        found = heading_of(line, rules) or _standalone_heading(lines, index)
        if found:
            headings.append((line, found[0], found[1]))
    sections = _sections(headings, len(text))
    return {
        "title": _title(lines, headings, rules),
        "sections": sections,
        "tables": _tables(lines, rules),
        "references": _references(lines, sections, rules),
        "figures": _figures(lines, rules),
    }


def _figures(lines: list[Line], rules: LayoutRules) -> tuple[Figure, ...]:
    """Figure captions: a line that opens with a figure's label ("Figure 2", "Fig. 3A") and
    goes on with its caption, or holds the label alone with the caption on the next line."""
    figures = []
    for index, line in enumerate(lines):
        match = rules.figure_label.match(line.stripped)
        if not match:
            continue
        start = line.start + len(line.text) - len(line.text.lstrip())
        end = line.end
        caption = match.group("caption").strip()
        if not caption:
            following = next((li for li in lines[index + 1 : index + 3] if li.stripped), None)
            # The caption below the label, not the sentence going on nor the next figure's label.
            if (
                following is not None
                and following.stripped[:1].isupper()
                and not rules.figure_label.match(following.stripped)
            ):
                caption, end = following.stripped, following.end
        figures.append(Figure(label=match.group("label"), caption=caption, start=start, end=end))
    return tuple(figures)


def _standalone_heading(lines: list[Line], index: int) -> tuple[str, int] | None:
    """A short unpunctuated line on its own, followed by running prose ("Current Treatment Status")."""
    text = lines[index].stripped
    if (
        not (3 <= len(text) <= 80)
        or not text[0].isupper()
        or text[-1] in ".,;:!?)]%"
        or "\t" in lines[index].text
    ):
        return None
    if len(text.split()) > 10 or any(ch.isdigit() for ch in text):
        return None
    if index > 0 and lines[index - 1].stripped:
        return None
    if index + 1 >= len(lines) or lines[index + 1].stripped:
        return None
    following = next((li.stripped for li in lines[index + 1 :] if li.stripped), "")
    return (text, 1) if len(following) >= 100 and following[0].isalpha() else None


def _sections(headings: list[tuple[Line, str, int]], text_length: int) -> tuple[Section, ...]:
    sections = []
    for index, (line, heading, level) in enumerate(headings):
        end = text_length
        for later_line, _, later_level in headings[index + 1 :]:
            if later_level <= level:
                end = later_line.start
                break
        sections.append(Section(heading=heading, start=line.start, end=end, level=level))
    return tuple(sections)


def _title(lines: list[Line], headings: list[tuple[Line, str, int]], rules: LayoutRules) -> str:
    for index, (line, heading, _) in enumerate(headings):
        if heading == "TITLE":  # PMC text export: "TITLE:" then the title
            following = next((li for li in lines if li.start > line.end and li.stripped), None)
            return following.stripped if following else ""
        if index > 0:
            break
    first = next((line for line in lines if line.stripped and not line.stripped.startswith("[image:")), None)
    if first is None:
        return ""
    candidate = first.stripped.strip("#* ")
    if 20 <= len(candidate) <= 300 and not candidate.endswith(".") and heading_of(first, rules) is None:
        return candidate
    return ""


def _tables(lines: list[Line], rules: LayoutRules) -> tuple[Table, ...]:
    tables: list[Table] = []
    claimed_until = -1
    for index, line in enumerate(lines):
        if index <= claimed_until:
            continue
        caption = rules.table_caption.match(line.stripped)
        if caption:
            table, last = _table_after_caption(
                lines, index, caption.group("label"), caption.group("caption"), rules
            )
            tables.append(table)
            claimed_until = last
        elif _cells(line) and index + 1 < len(lines) and _cells(lines[index + 1]):
            table, last = _tab_block(lines, index, "", "")
            tables.append(table)
            claimed_until = last
    return tuple(tables)


def _cells(line: Line) -> list[str] | None:
    """Cells of a tab-separated row with at least two non-empty cells."""
    if "\t" not in line.text:
        return None
    cells = [c.strip() for c in line.text.split("\t")]
    while cells and not cells[0]:
        cells.pop(0)
    return cells if sum(1 for c in cells if c) >= 2 else None


def _tab_block(
    lines: list[Line], first: int, label: str, caption: str, caption_start: int | None = None
) -> tuple[Table, int]:
    rows = []
    last = first
    while last < len(lines) and _cells(lines[last]):
        rows.append(tuple(_cells(lines[last]) or ()))
        last += 1
    start = lines[first].start if caption_start is None else caption_start
    return Table(
        label=label, caption=caption, cells=tuple(rows), start=start, end=lines[last - 1].end
    ), last - 1


def _table_after_caption(
    lines: list[Line], index: int, label: str, caption: str, rules: LayoutRules
) -> tuple[Table, int]:
    caption_line = lines[index]
    caption_start = caption_line.start + len(caption_line.text) - len(caption_line.text.lstrip())
    body = index + 1
    while body < len(lines) and not lines[body].stripped:
        body += 1
    if body < len(lines) and _cells(lines[body]):
        return _tab_block(lines, body, label, caption, caption_start)
    # PDF-style: each cell (or wrapped row fragment) on a line of its own, until the notes,
    # the next caption or heading, or a line of running prose.
    rows: list[tuple[str, ...]] = []
    last = index
    for position in range(index + 1, min(len(lines), index + 1 + _MAX_TABLE_LINES)):
        text = lines[position].stripped
        if not text:
            continue
        if (
            rules.table_end.match(text)
            or rules.table_caption.match(text)
            or rules.figure_caption.match(text)
            or heading_of(lines[position], rules)
            or len(text) > 200
        ):
            break
        rows.append((text,))
        last = position
    return Table(
        label=label,
        caption=caption,
        cells=tuple(rows),
        start=caption_start,
        end=lines[last].end,
        layout="lines",
    ), last


def _references(
    lines: list[Line], sections: tuple[Section, ...], rules: LayoutRules
) -> tuple[Reference, ...]:
    references: list[Reference] = []
    for section in sections:
        if section.heading.strip("*#: ").lower() not in rules.reference_headings:
            continue
        for line in lines:
            if not (section.start < line.start and line.end <= section.end) or not line.stripped:
                continue
            if heading_of(line, rules):
                continue
            match = rules.reference_label.match(line.text)
            if not match:
                continue
            label = match.group("bracket") or match.group("number") or ""
            references.append(
                Reference(
                    label=label,
                    text=match.group("text").strip(),
                    start=line.start + match.start("text"),
                    end=line.end,
                )
            )
    return tuple(references)

"""JATS XML (PubMed Central `.nxml`): title, abstract, sections, tables, references.

Parsed with expat, event by event, because expat reports the byte offset of every piece
of character data: the ingested text then maps to the exact bytes of the XML file,
entities (`&amp;`, `&#x2013;`) included.

Hostile XML is contained by expat and by the reader: no DTD or external entity is ever fetched
(XXE), entity expansion is capped by expat's amplification limit (billion laughs), and elements
nested deeper than any article nests them are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from pipeline.errors import EmptyDocumentError, XmlError
from pipeline.normalize import normalize_text
from pipeline.records import Document, Figure, Reference, Section, Table, doc_id_for
from pipeline.textmap import TextBuilder

# Separators a block element puts between its text and the text around it.
_PARAGRAPH = "\n\n"
_LINE = "\n"
_BLOCKS = {
    "p": _PARAGRAPH,
    "sec": _PARAGRAPH,
    "title": _PARAGRAPH,
    "abstract": _PARAGRAPH,
    "caption": _LINE,
    "label": _LINE,
    "table-wrap": _PARAGRAPH,
    "fig": _PARAGRAPH,
    "table-wrap-foot": _LINE,
    "fn": _LINE,
    "list-item": _LINE,
    "list": _LINE,
    "tr": _LINE,
    "ref": _LINE,
    "ref-list": _PARAGRAPH,
    "def-item": _LINE,
    "disp-formula": _LINE,
    "article-title": _PARAGRAPH,
    "ack": _PARAGRAPH,
    "boxed-text": _PARAGRAPH,
    "statement": _PARAGRAPH,
    "break": _LINE,
}
_CELLS = {"td", "th"}
_ROW_GROUPS = {"thead", "tbody", "tfoot"}
# HTML's own limits on a cell's span: a larger number is a mistake (or an attack), not a grid.
_MAX_COLSPAN = 1000
_MAX_ROWSPAN = 65534
# Regions of the article whose text is ingested; everything else (journal metadata,
# author lists, permissions) is skipped.
_CONTENT_ROOTS = {"abstract", "body", "back"}
# Never text: formula source duplicated by MathML, alt text, identifiers.
_SKIPPED = {"tex-math", "alt-text", "object-id", "graphic", "inline-graphic", "media", "permissions"}
_CITATION_PARTS = {"element-citation", "citation", "nlm-citation", "mixed-citation"}
_EXPONENT = re.compile(r"^[-−+]?\d+$")
_CITATION_MARK = re.compile(r"^[\s\d,\u2013\u2014\-–]+$")
# The 453 PMC articles in ../shared/data/pmc-oa/nxml nest elements at most 22 deep; a file nesting
# them hundreds deep is built to exhaust the parser, not written by a publisher.
MAX_DEPTH = 256
# What an expat error means, in the words a curator needs, for the errors that are attacks or
# damage rather than truncation.
_EXPAT_ERRORS = {
    expat.errors.XML_ERROR_AMPLIFICATION_LIMIT_BREACH: (
        "refused: its entities expand to far more text than the file holds (an entity-expansion"
        " 'billion laughs' bomb); a real article never does this"
    ),
    expat.errors.XML_ERROR_RECURSIVE_ENTITY_REF: (
        "refused: an entity refers to itself (an entity-expansion bomb); a real article never does this"
    ),
    expat.errors.XML_ERROR_UNDEFINED_ENTITY: (
        "it uses an entity its DTD does not define; external DTDs are never fetched, so save the file"
        " with the entities written out"
    ),
}


def _span(value: str | None, limit: int) -> int:
    """A `colspan`/`rowspan` attribute as the number of columns/rows the cell takes: 1 where it is
    missing, not a number or below 1, at most `limit`."""
    try:
        return min(max(int((value or "1").strip()), 1), limit)
    except ValueError:
        return 1


class _TooDeep(Exception):
    """Raised inside the expat callbacks; reported as an `XmlError`."""


@dataclass
class _Open:
    tag: str
    start: int  # ingested offset where the element's text begins
    attrs: dict[str, str]


@dataclass
class _Row:
    """Where a `<tr>`'s cells fall on the table's grid."""

    column: int = 0  # the first column the next cell may take
    last: int = -1  # the column of the row's last cell so far (-1: none yet)


@dataclass
class _FigureParts:
    start: int
    end: int = 0
    label: tuple[int, int] | None = None
    caption: tuple[int, int] | None = None


@dataclass
class _TableParts:
    start: int
    end: int = 0
    label: tuple[int, int] | None = None
    caption: tuple[int, int] | None = None
    rows: list[list[tuple[int, int]]] = field(default_factory=list)


class _JatsReader:
    """Walks the XML once, building the text and recording the spans of its parts."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.builder = TextBuilder()
        self.stack: list[_Open] = []
        self.depth: dict[str, int] = {}  # how many open elements of each tag enclose us
        self.skipped = self.content_roots = self.citations = self.title_depth = 0
        self.pending = ""
        # The XML white space a pending " " stands for, so the space maps to those bytes.
        self.pending_source: tuple[int, int] | None = None
        self.title: tuple[int, int] | None = None
        self.sections: list[tuple[str | tuple[int, int], int, int, int]] = []
        self.section_titles: list[tuple[int, int] | None] = []
        self.tables: list[_TableParts] = []
        self.table: _TableParts | None = None
        self.figures: list[_FigureParts] = []
        self.figure: _FigureParts | None = None
        self.references: list[tuple[tuple[int, int] | None, int, int]] = []
        self.ref_label: tuple[int, int] | None = None
        self.sup_after_digit = False
        # Each open <tr>'s place on its grid (a table may sit inside another's cell).
        self.rows: list[_Row] = []
        # Each open <table>'s columns taken by a cell of a row above (`rowspan`): column -> rows left.
        self.spanned: list[dict[int, int]] = []
        self.parser = expat.ParserCreate()
        # Said explicitly, so that a change of parser cannot lose it: no external entity or DTD.
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.buffer_text = False
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.data

    def _inside(self, tag: str) -> bool:
        return self.depth.get(tag, 0) > 0

    def _in_content(self) -> bool:
        return self.skipped == 0 and (self.content_roots > 0 or self.title_depth > 0)

    def _count(self, tag: str, step: int) -> None:
        """Keep the counters `_in_content` reads in step with the open elements."""
        self.depth[tag] = self.depth.get(tag, 0) + step
        if tag in _SKIPPED:
            self.skipped += step
        elif tag in _CONTENT_ROOTS:
            self.content_roots += step
        elif tag in _CITATION_PARTS:
            self.citations += step
        elif tag == "article-title" and self._inside("title-group"):
            self.title_depth += step

    def _separate(self, separator: str, source: tuple[int, int] | None = None) -> None:
        if len(self.builder) == 0:
            return
        if separator == " " and self.pending:
            return
        if len(separator) > len(self.pending):
            self.pending = separator
            self.pending_source = source

    def _next_cell(self) -> None:
        """One tab between each two cells of a row, empty cells included, so that a row's n-th
        cell is its line's n-th tab-separated field."""
        if len(self.builder) == 0:
            return
        if self.pending[:1] in ("\t", "\n"):
            self.pending += "\t"
        else:  # nothing, or the space of XML layout between two cells
            self.pending = "\t"
            self.pending_source = None

    def _place_cell(self, attrs: dict[str, str]) -> None:
        """Put a cell in the first column of its row that no cell above spans into, after as many
        tabs as columns lie between it and the row's previous cell: a cell spanning columns
        (`colspan`) or rows (`rowspan`) leaves empty fields where it spans, so that a row's n-th
        field is the table's n-th column."""
        row = self.rows[-1]
        above = self.spanned[-1] if self.spanned else {}
        column = row.column
        while above.get(column, 0) > 0:
            column += 1
        fields = column - row.last if row.last >= 0 else column
        for _ in range(fields):
            self._next_cell()
        if self.table is not None and self.table.rows:
            # the empty fields before it, as cells of their own
            self.table.rows[-1] += [(len(self.builder), len(self.builder))] * (fields - (row.last >= 0))
        width = _span(attrs.get("colspan"), _MAX_COLSPAN)
        height = _span(attrs.get("rowspan"), _MAX_ROWSPAN)
        if height > 1:
            for spanned in range(column, column + width):
                above[spanned] = height
        row.column, row.last = column + width, column

    def _close_row(self) -> None:
        """The columns the row's cells span past it stay taken for one row fewer; the empty fields
        of a last cell's `colspan` are cells of the row (a line leaves them off, as any empty last
        cells)."""
        row = self.rows.pop()
        if self.table is not None and self.table.rows and row.last >= 0:
            self.table.rows[-1] += [(len(self.builder), len(self.builder))] * (row.column - row.last - 1)
        if self.spanned:
            above = self.spanned[-1]
            for column in list(above):
                above[column] -= 1
                if above[column] <= 0:
                    del above[column]

    def _end_row(self) -> None:
        """A row ends its line, whatever its last cells left pending: a layout space, the tabs of
        empty cells (a row of empty cells leaves no line)."""
        if len(self.builder):
            self.pending = self.pending.rstrip("\t") if self.pending.startswith("\n") else _LINE
            self.pending_source = None

    def _flush(self, at: int) -> None:
        if self.pending:
            if self.pending_source:
                self.builder.replace(self.pending, *self.pending_source)
            else:
                self.builder.insert(self.pending, at)
            self.pending = ""
            self.pending_source = None

    def _position(self) -> int:
        """Where the next text will start (after any pending separator)."""
        return len(self.builder) + len(self.pending)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = tag.rpartition(":")[2]
        content = self._in_content() or tag in _CONTENT_ROOTS
        if content and tag in _BLOCKS:
            self._separate(self._block_separator(tag))
        elif content and tag in _CELLS and self.rows:
            self._place_cell(attrs)
        elif self.citations:
            self._separate(" ")  # element-citation children carry no white space of their own
        if tag == "sup":
            self.sup_after_digit = content and not self.pending and self.builder.last_char.isdigit()
        if len(self.stack) >= MAX_DEPTH:
            raise _TooDeep(self.parser.CurrentLineNumber)
        self.stack.append(_Open(tag, self._position(), attrs))
        self._count(tag, 1)
        if tag == "sec":
            self.section_titles.append(None)
        elif tag == "table-wrap":
            self.table = _TableParts(start=self._position())
        elif tag == "fig":
            self.figure = _FigureParts(start=self._position())
        elif tag == "tr":
            self.rows.append(_Row())
            if self.table is not None:
                self.table.rows.append([])
        elif tag == "table":
            self.spanned.append({})

    def end(self, tag: str) -> None:
        tag = tag.rpartition(":")[2]
        frame = self.stack.pop()
        self._count(tag, -1)
        span = (frame.start, len(self.builder))
        parent = self.stack[-1].tag if self.stack else ""
        if tag == "article-title" and self._inside("title-group") and self.title is None:
            self.title = span
        elif tag == "title" and parent == "sec" and self.section_titles:
            self.section_titles[-1] = span
        elif tag == "sec":
            heading = self.section_titles.pop() if self.section_titles else None
            if heading:
                level = self.depth.get("sec", 0) + 1 + (1 if self._inside("abstract") else 0)
                self.sections.append((heading, frame.start, span[1], level))
        elif tag == "abstract" and not frame.attrs.get("abstract-type"):
            self.sections.append(("Abstract", frame.start, span[1], 1))
        elif tag == "ref-list" and parent != "ref-list":
            self.sections.append(("References", frame.start, span[1], 1))
        elif tag in _CELLS and self.table is not None and self.table.rows:
            self.table.rows[-1].append(span)
        elif tag == "label" and parent == "table-wrap" and self.table is not None:
            self.table.label = span
        elif tag == "caption" and parent == "table-wrap" and self.table is not None:
            self.table.caption = span
        elif tag == "table-wrap" and self.table is not None:
            self.table.end = span[1]
            self.tables.append(self.table)
            self.table = None
        elif tag == "label" and parent == "fig" and self.figure is not None:
            self.figure.label = span
        elif tag == "caption" and parent == "fig" and self.figure is not None:
            self.figure.caption = span
        elif tag == "fig" and self.figure is not None:
            self.figure.end = span[1]
            self.figures.append(self.figure)
            self.figure = None
        elif tag == "label" and parent == "ref":
            self.ref_label = span
        elif tag == "ref":
            self.references.append((self.ref_label, frame.start, span[1]))
            self.ref_label = None
        if tag == "tr" and self.rows:
            self._close_row()
        elif tag == "table" and self.spanned:
            self.spanned.pop()
        elif tag in _ROW_GROUPS and self.spanned:
            self.spanned[-1].clear()  # a rowspan never reaches past its <thead>/<tbody>/<tfoot>
        if (self._in_content() or tag in _CONTENT_ROOTS) and tag in _BLOCKS:
            if tag == "tr":
                self._end_row()
            else:
                self._separate(self._block_separator(tag))

    def _block_separator(self, tag: str) -> str:
        """Inside a table cell a line break, paragraph or list item is a space: a new line there
        would start a new row, and a cell's lines are one cell."""
        return " " if any(self._inside(cell) for cell in _CELLS) else _BLOCKS[tag]

    def data(self, chunk: str) -> None:
        if not self._in_content():
            return
        index = self.parser.CurrentByteIndex
        if self._inside("sup"):
            if self.sup_after_digit and _EXPONENT.match(chunk):
                # "10<sup>9</sup>" is an exponent: "10^9", never the number 109.
                self.builder.insert("^", index)
            elif self._drop_citation_sup(chunk):
                return
            self.sup_after_digit = False
        if self.raw[index : index + 1] == b"&":  # an entity or character reference
            self._emit_replacement(chunk, index, self.raw.index(b";", index) + 1)
            return
        if self.raw[index : index + 1] == b"\r":  # expat reports "\r\n" as "\n"
            self._emit_replacement(
                chunk, index, index + (2 if self.raw[index + 1 : index + 2] == b"\n" else 1)
            )
            return
        pos = index
        for match in _WHITESPACE_OR_WORD.finditer(chunk):
            piece = match.group()
            if match.lastgroup == "space":
                # Layout white space in the XML: one space at most, none at a block edge.
                width = len(piece.encode("utf-8"))
                self._space(pos, pos + width)
                pos += width
            else:
                self._flush(pos)
                pos = self.builder.copy_encoded(piece, pos)

    def _space(self, start: int, end: int) -> None:
        if len(self.builder) and not self.pending and self.builder.last_char not in " \n\t":
            self._separate(" ", (start, end))

    def _emit_replacement(self, chunk: str, start: int, end: int) -> None:
        if chunk.isspace():
            self._space(start, end)
            return
        self._flush(start)
        self.builder.replace(chunk, start, end)

    def _drop_citation_sup(self, chunk: str) -> bool:
        """A superscript citation ("...months<sup>16</sup>") would glue itself to the text."""
        return bool(_CITATION_MARK.match(chunk)) and not self.builder.last_char.isdigit() and not self.pending

    def read(self) -> None:
        self.parser.Parse(self.raw, True)


# Words with the single spaces between them are copied as they are; any other white space
# is XML layout and collapses.
_WHITESPACE_OR_WORD = re.compile(r"(?P<word>\S+(?: \S+)*)|(?P<space>\s+)")


def ingest_jats(path: Path, data: bytes) -> Document:
    from pipeline.ingest import sha256_of

    if not data.strip():
        raise EmptyDocumentError(path, "file is empty")
    reader = _JatsReader(data)
    try:
        reader.read()
    except expat.ExpatError as exc:
        problem = expat.ErrorString(exc.code)
        if problem in _EXPAT_ERRORS:
            message = f"XML {_EXPAT_ERRORS[problem]} (line {exc.lineno}, column {exc.offset})"
        else:
            message = (
                f"not well-formed XML at line {exc.lineno}, column {exc.offset}: "
                f"{problem}; the file may be truncated or not JATS"
            )
        raise XmlError(path, message, str(exc)) from exc
    except _TooDeep as exc:
        raise XmlError(
            path,
            f"XML refused: elements are nested more than {MAX_DEPTH} deep (line {exc.args[0]}); "
            "articles nest them a few dozen deep at most",
        ) from None
    raw_text, raw_map = reader.builder.build()
    if not raw_text.strip():
        raise EmptyDocumentError(path, "the XML holds no article text (no title, abstract or body)")
    text, norm_map = normalize_text(raw_text)
    # Spans found while parsing point into the raw text; carry them into the normalized one.
    to_norm = norm_map.output_position

    def span_text(span: tuple[int, int] | None) -> str:
        return " ".join(text[to_norm(span[0]) : to_norm(span[1])].split()) if span else ""

    sections = sorted(
        (
            Section(
                heading if isinstance(heading, str) else span_text(heading),
                to_norm(start),
                to_norm(end),
                level,
            )
            for heading, start, end, level in reader.sections
        ),
        key=lambda s: (s.start, s.level),
    )
    tables = tuple(
        Table(
            label=span_text(t.label),
            caption=span_text(t.caption),
            cells=tuple(tuple(span_text(c) for c in row) for row in t.rows if row),
            start=to_norm(t.start),
            end=to_norm(t.end),
        )
        for t in reader.tables
    )
    figures = tuple(
        Figure(
            label=span_text(f.label), caption=span_text(f.caption), start=to_norm(f.start), end=to_norm(f.end)
        )
        for f in reader.figures
    )
    references = tuple(
        Reference(
            label=span_text(label).strip("[].") if label else "",
            text=span_text((label[1] if label else start, end)),
            start=to_norm(start),
            end=to_norm(end),
        )
        for label, start, end in reader.references
    )
    return Document(
        doc_id=doc_id_for(path),
        path=str(path),
        format="jats",
        sha256=sha256_of(data),
        text=text,
        offset_map=norm_map.compose(raw_map),
        source_unit="byte",
        title=span_text(reader.title),
        sections=tuple(sections),
        tables=tables,
        references=references,
        figures=figures,
    )

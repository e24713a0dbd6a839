"""Reading order of a printed page, from the geometry of its words.

Pure functions over word boxes (what pdfplumber's `extract_words` gives), so that every rule
can be tested on a hand-made page. A page is read the way a reader does:
- words on one baseline that stand close together form a *fragment*; small raised words in it
  are superscripts (a citation or affiliation mark, or an exponent after a digit);
- *gutters* are vertical strips that no column line crosses; the page has one, two or three
  columns between them;
- a fragment (or a table) that crosses a gutter spans the columns; spanning items cut the
  page into horizontal *bands*; within a band the columns are read left to right, each top
  to bottom;
- lines of a column become paragraphs where the spacing, the font size or a short last line
  says so;
- small-type lines at the foot of the page are footnotes, read after the page's body;
- a table's or figure's caption is a block of its own, read in its place.
The thresholds are data: `patterns/pdf_layout.json`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from statistics import median
from typing import Any

from pipeline.ingest.layout import LayoutRules, layout_rules
from pipeline.resources import load_json

_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SENTENCE_END = (".", "!", "?", ":")


@dataclass(frozen=True)
class PageRules:
    stamp: re.Pattern[str]
    word_join_gap: float
    cell_gap: float
    min_gutter_pt: float
    superscript_size: float
    superscript_raise: float
    footnote_size: float
    furniture_zone: float
    furniture_min_pages: int
    furniture_page_share: float
    paragraph_gap: float
    line_number_min_count: int
    wrapped_row_pitch: float
    wrapped_row_cells: float


@cache
def page_rules() -> PageRules:
    keys = frozenset(f.name for f in PageRules.__dataclass_fields__.values()) - {"stamp"} | {"stamp_patterns"}
    data = load_json("pdf_layout.json", keys)
    stamp = re.compile("|".join(f"(?:{p})" for p in data["stamp_patterns"]), re.IGNORECASE)
    return PageRules(stamp=stamp, **{k: v for k, v in data.items() if k not in ("_about", "stamp_patterns")})


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


def words_from_pdfplumber(raw: Sequence[dict[str, Any]]) -> list[Word]:
    """Upright words only: rotated text on a page is a margin stamp or a figure label."""
    return [
        Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]), float(w["size"]))
        for w in raw
        if w.get("upright", True) and w["text"].strip()
    ]


@dataclass
class Fragment:
    """Words on one baseline, close together: a line of one column, or one cell of a table row."""

    words: list[Word]
    raised: list[bool] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w, up in zip(self.words, self.raised, strict=True) if not up)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w, up in zip(self.words, self.raised, strict=True) if not up)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    def text(self) -> str:
        parts: list[str] = []
        previous: Word | None = None
        for word, up in zip(self.words, self.raised, strict=True):
            piece = word.text
            if up:
                piece = _raised_text(word.text, "".join(parts)[-1:])
            if not piece:
                continue
            if parts and previous is not None and word.x0 - previous.x1 > 0.12 * self.size:
                parts.append(" ")
            parts.append(piece)
            previous = word
        return "".join(parts)


def _raised_text(text: str, before: str) -> str:
    """A raised run as normalization reads it: digits as Unicode superscripts (a citation
    marker, dropped, or an exponent after a digit, kept as "^"); a raised mark of any other
    kind after a digit is an exponent; elsewhere (an affiliation or footnote mark) nothing."""
    body = text.replace("−", "-")
    if re.fullmatch(r"[+-]?\d+(?:[,\-–]\d+)*,?", body):
        lead = {"+": "⁺", "-": "⁻"}.get(body[0], "")
        digits = body[1:] if lead else body
        return lead + digits.rstrip(",").translate(_SUPERSCRIPT_DIGITS)
    return "^" + text if before.isdigit() else ""


def build_fragments(words: Sequence[Word]) -> list[Fragment]:
    """Chain words left to right while they share a line and stand within a word gap.

    Open fragments are kept by the height of their first word, so a word looks only at the
    fragments of its own line (and of the raised or lowered words next to it)."""
    rules = page_rules()
    by_height: dict[int, list[tuple[Word, Fragment]]] = defaultdict(list)  # (largest word, fragment)
    every: list[Fragment] = []
    for word in sorted(words, key=lambda w: (w.x0, w.top)):
        found = None
        for key in range(int(word.bottom - word.size), int(word.bottom + word.size) + 1):
            bucket = by_height.get(key)
            if not bucket:
                continue
            # Words come left to right: a fragment this word is too far from is finished.
            bucket[:] = [
                (host, fragment)
                for host, fragment in bucket
                if word.x0 - fragment.words[-1].x1 <= rules.word_join_gap * max(host.size, word.size)
            ]
            found = next(
                (
                    (key, index)
                    for index, (host, fragment) in enumerate(bucket)
                    if fragment.words[-1].x0 <= word.x0 and _same_line(host, word)
                ),
                None,
            )
            if found:
                break
        if found is None:
            fragment = Fragment([word])
            every.append(fragment)
            by_height[int(word.bottom)].append((word, fragment))
            continue
        key, index = found
        host, fragment = by_height[key][index]
        fragment.words.append(word)
        if word.size > host.size:
            by_height[key][index] = (word, fragment)
    for fragment in every:
        fragment.raised = _raised_words(fragment.words)
    return sorted(every, key=lambda f: (f.top, f.x0))


def _same_line(host: Word, word: Word) -> bool:
    if host.top <= word.middle <= host.bottom:
        return True
    return word.top <= host.middle <= word.bottom


def _raised_words(words: list[Word]) -> list[bool]:
    rules = page_rules()
    size = max(w.size for w in words)
    baseline = median(w.bottom for w in words if w.size >= size - 0.1)
    return [
        w.size <= rules.superscript_size * size and w.bottom <= baseline - rules.superscript_raise * size
        for w in words
    ]


@dataclass(frozen=True)
class Line:
    """Fragments on one baseline within one column (or spanning band), left to right."""

    fragments: tuple[Fragment, ...]
    column_right: float

    @property
    def x0(self) -> float:
        return self.fragments[0].x0

    @property
    def x1(self) -> float:
        return self.fragments[-1].x1

    @property
    def top(self) -> float:
        return min(f.top for f in self.fragments)

    @property
    def bottom(self) -> float:
        return max(f.bottom for f in self.fragments)

    @property
    def size(self) -> float:
        return max(f.size for f in self.fragments)

    def pieces(self) -> list[tuple[str, Fragment | None]]:
        """The line's text as (piece, fragment it came from); separators have no fragment.
        Fragments far apart are table cells: a tab between them."""
        gaps = [b.x0 - a.x1 for a, b in zip(self.fragments, self.fragments[1:], strict=False)]
        # A justified line set loosely: all gaps alike, out to the column's edge. One gap alone
        # says nothing of its kind: two cells of a table row reaching the edge have one.
        justified = (
            len(gaps) >= 2
            and max(gaps) - min(gaps) <= 0.15 * self.size
            and self.x1 >= self.column_right - 0.5 * self.size
        )
        out: list[tuple[str, Fragment | None]] = []
        for index, fragment in enumerate(self.fragments):
            if index:
                cell = not justified and gaps[index - 1] >= page_rules().cell_gap * self.size
                out.append(("\t" if cell else " ", None))
            out.append((fragment.text(), fragment))
        return out

    def text(self) -> str:
        return "".join(piece for piece, _ in self.pieces())


@dataclass(frozen=True)
class Block:
    """What a page is read as, in order: paragraphs of lines, tables, footnotes."""

    kind: str  # "paragraph", "caption" (a figure's or table's), "table", "footnote"
    lines: tuple[Line, ...] = ()
    table: Any = None  # the caller's table object, for kind "table"
    top: float = 0.0
    caption: str = ""  # a table's caption, when it was read with the table
    box: tuple[float, float, float, float] | None = None  # a table's (x0, top, x1, bottom)


@dataclass(frozen=True)
class TableBox:
    x0: float
    top: float
    x1: float
    bottom: float
    payload: Any
    caption: str = ""


def find_gutters(fragments: Sequence[Fragment]) -> list[tuple[float, float]]:
    """Vertical strips between columns: few column lines cross them, many end just left of
    them and start just right of them, and they are not mostly crossed by wide lines."""
    if len(fragments) < 6:
        return []
    rules = page_rules()
    left = min(f.x0 for f in fragments)
    right = max(f.x1 for f in fragments)
    width = right - left
    if width <= 0:
        return []
    # Lines of a column; not wide lines, which span the columns, nor short ones, which are mostly
    # the cells of a table (a table that spans the page has cells in the gutter).
    narrow = [f for f in fragments if 0.15 * width <= f.width < 0.55 * width]
    if len(narrow) < 6:
        return []
    coverage = [0] * (int(width) + 2)
    for f in narrow:
        for x in range(int(f.x0 - left), int(f.x1 - left) + 1):
            coverage[x] += 1
    high = sorted(c for c in coverage if c)[int(0.9 * len([c for c in coverage if c])) - 1]
    gutters: list[tuple[float, float]] = []
    # Strips that almost no column line crosses, and strips that none crosses (when one column
    # runs longer than the others, the strip of few lines is wider than a gutter).
    candidates = sorted(set(_low_runs(coverage, max(1, 0.2 * high)) + _low_runs(coverage, 0)))
    for run_start, run_end in candidates:
        g0, g1 = left + run_start, left + run_end - 1
        if g1 - g0 < rules.min_gutter_pt or g0 <= left + 0.1 * width or g1 >= right - 0.1 * width:
            continue
        if gutters and g0 <= gutters[-1][1]:
            continue  # inside the strip already taken
        column_left = gutters[-1][1] if gutters else left
        if _separates_columns(fragments, g0, g1, g0 - column_left):
            gutters.append((g0, g1))
    return gutters


def _low_runs(coverage: list[int], threshold: float) -> list[tuple[int, int]]:
    """Maximal runs [start, end) of positions whose coverage is at most `threshold`."""
    runs, x = [], 0
    while x < len(coverage):
        if coverage[x] > threshold:
            x += 1
            continue
        start = x
        while x < len(coverage) and coverage[x] <= threshold:
            x += 1
        runs.append((start, x))
    return runs


def _separates_columns(fragments: Sequence[Fragment], g0: float, g1: float, column_width: float) -> bool:
    """Lines end just left of the strip and start just right of it, and few lines between the
    highest and the lowest of those cross it. Lines across the page above or below the
    columns (a long abstract over a short start of two columns) are another band."""
    slack = max(0.15 * column_width, 2 * median(f.size for f in fragments))
    ending = [f for f in fragments if g0 - slack <= f.x1 <= g0 + 1]
    starting = [f for f in fragments if g1 - 1 <= f.x0 <= g1 + slack]
    if len(ending) < 3 or len(starting) < 3:
        return False
    top = min(f.top for f in ending + starting)
    bottom = max(f.bottom for f in ending + starting)
    crossing = sum(
        1 for f in fragments if f.x0 < g0 - 1 and f.x1 > g1 + 1 and f.bottom > top and f.top < bottom
    )
    return crossing <= min(len(ending), len(starting))


def read_page(
    fragments: Sequence[Fragment], tables: Sequence[TableBox] = (), body_size: float | None = None
) -> list[Block]:
    """The page's blocks in reading order."""
    if not fragments and not tables:
        return []
    gutters = find_gutters(fragments)
    xs = [f.x0 for f in fragments] + [t.x0 for t in tables]
    xe = [f.x1 for f in fragments] + [t.x1 for t in tables]
    edges = [min(xs), *[x for g in gutters for x in g], max(xe)]
    columns = [(edges[i], edges[i + 1]) for i in range(0, len(edges), 2)]

    def column_of(x0: float, x1: float) -> int | None:
        """The column an item stands in; one that overhangs into the gutter without reaching
        the next column (a long word) still stands in its own."""
        for index, (c0, c1) in enumerate(columns):
            reach = columns[index + 1][0] - 1 if index + 1 < len(columns) else c1 + 2
            if x0 >= c0 - 2 and x1 <= reach:
                return index
        return None

    spanning_tables, in_tables = _tables_across_columns(fragments, columns)
    fragments = [f for f in fragments if id(f) not in in_tables]
    extent = _row_extents(fragments, gutters)
    items: list[tuple[float, Fragment | TableBox]] = [(f.top, f) for f in fragments]
    items += [(t.top, t) for t in [*tables, *spanning_tables]]
    items.sort(key=lambda item: (item[0], item[1].x0))
    bands: list[tuple[bool, list[list[Fragment | TableBox]]]] = []  # (spanning?, items per column)
    for _, item in items:
        column = column_of(*extent.get(id(item), (item.x0, item.x1)))
        spanning = column is None
        if not bands or bands[-1][0] != spanning:
            bands.append((spanning, [[] for _ in (range(1) if spanning else columns)]))
        bands[-1][1][0 if column is None else column].append(item)

    blocks: list[Block] = []
    for _, per_column in bands:
        for column_items in per_column:
            blocks.extend(_column_blocks(column_items, _right_edge(column_items)))
    return _footnotes_last(blocks, body_size)


def _tables_across_columns(
    fragments: Sequence[Fragment], columns: list[tuple[float, float]]
) -> tuple[list[TableBox], set[int]]:
    """Tables without rules that span the columns: a "Table N" caption, then rows of short
    cells close together, some rows with cells in more than one column. Each cell would fit in
    a column, so without this they would be read column by column. Returns the tables (caption
    and grid) and the ids of the fragments they took."""
    if len(columns) < 2:
        return [], set()
    rules = layout_rules()
    column_width = min(c1 - c0 for c0, c1 in columns)
    rows = _baseline_rows(fragments)
    found: list[TableBox] = []
    taken: set[int] = set()
    for index, row in enumerate(rows):
        caption = next((f for f in row if rules.table_caption.match(f.text().strip())), None)
        if caption is None or id(caption) in taken:
            continue
        caption_lines = [caption]
        table_rows: list[list[Fragment]] = []
        for following in rows[index + 1 :]:
            above = table_rows[-1] if table_rows else caption_lines[-1:]
            if min(f.top for f in following) - max(f.bottom for f in above) > 1.5 * following[0].size:
                break
            if (
                not table_rows
                and len(following) == 1
                and abs(following[0].x0 - caption.x0) <= 2
                and caption_lines[-1].width >= 0.9 * max(c.width for c in caption_lines)
            ):
                caption_lines.append(following[0])  # the caption wraps
                continue
            if not all(f.width < 0.9 * column_width for f in following) or (
                table_rows and not _same_type(max(f.size for f in following), table_rows[-1][0].size)
            ):
                break
            table_rows.append(following)
        columns_used = [
            {next((i for i, (c0, c1) in enumerate(columns) if c0 - 2 <= f.x0 <= c1), -1) for f in r}
            for r in table_rows
        ]
        if len(table_rows) < 2 or not any(len(used) >= 2 for used in columns_used):
            continue
        members = [f for r in table_rows for f in r] + caption_lines
        taken.update(id(f) for f in members)
        lines = [Line(tuple(r), max(f.x1 for f in r)) for r in table_rows]
        found.append(
            TableBox(
                min(f.x0 for f in members),
                caption.top,
                max(f.x1 for f in members),
                max(f.bottom for f in members),
                payload=_grid(lines),
                caption=" ".join(c.text() for c in caption_lines),
            )
        )
    return found, taken


def _baseline_rows(fragments: Sequence[Fragment]) -> list[list[Fragment]]:
    """Fragments grouped by baseline across the whole page, top to bottom, each left to right."""
    rows: list[list[Fragment]] = []
    for fragment in sorted(fragments, key=lambda f: (f.bottom, f.x0)):
        row = next((r for r in rows[-3:] if _same_baseline(r[0], fragment)), None)
        if row is None:
            rows.append([fragment])
        else:
            row.append(fragment)
    for row in rows:
        row.sort(key=lambda f: f.x0)
    return sorted(rows, key=lambda r: min(f.top for f in r))


def _row_extents(
    fragments: Sequence[Fragment], gutters: list[tuple[float, float]]
) -> dict[int, tuple[float, float]]:
    """Per fragment, the extent of its run of same-line neighbours that no gutter separates:
    the cells of a spanning table row, or the words of a loosely set spanning line, each fit in
    a column, but together they cross the gutter."""
    extents: dict[int, tuple[float, float]] = {}
    rows = _baseline_rows(fragments)
    for row in rows:
        run = [row[0]]
        for fragment in [*row[1:], None]:
            gap_holds_gutter = fragment is not None and any(
                run[-1].x1 <= g0 + 1 and fragment.x0 >= g1 - 1 for g0, g1 in gutters
            )
            if fragment is None or gap_holds_gutter:
                x0, x1 = run[0].x0, max(f.x1 for f in run)
                extents.update((id(f), (x0, x1)) for f in run)
                run = [fragment] if fragment is not None else []
            else:
                run.append(fragment)
    return extents


def _right_edge(items: list[Fragment | TableBox]) -> float:
    """Where the column's full lines end: most lines reach it; a long title may overhang it."""
    if not items:
        return 0.0
    edge, count = Counter(round(item.x1) for item in items).most_common(1)[0]
    if count >= 3:  # justified lines all end there
        return float(edge)
    ends = sorted(item.x1 for item in items)
    return ends[int(0.8 * (len(ends) - 1))]


def _column_blocks(items: list[Fragment | TableBox], right: float) -> list[Block]:
    """A column's items top to bottom: tables as they are, fragments in lines, lines in paragraphs."""
    blocks: list[Block] = []
    lines: list[Line] = []
    current: list[Fragment] = []

    def close_line() -> None:
        if current:
            lines.append(Line(tuple(sorted(current, key=lambda f: f.x0)), right))
            current.clear()

    def close_paragraphs() -> None:
        close_line()
        for kind, chunk in _split_tables(lines):
            if kind == "table":
                box = (min(li.x0 for li in chunk), chunk[0].top, max(li.x1 for li in chunk), chunk[-1].bottom)
                blocks.append(Block("table", table=_grid(chunk), top=chunk[0].top, box=box))
            else:
                blocks.extend(_paragraphs(chunk))
        lines.clear()

    for item in sorted(items, key=lambda i: i.top):
        if isinstance(item, TableBox):
            close_paragraphs()
            box = (item.x0, item.top, item.x1, item.bottom)
            blocks.append(Block("table", table=item.payload, top=item.top, caption=item.caption, box=box))
            continue
        if current and not any(_same_baseline(f, item) for f in current):
            close_line()
        current.append(item)
    close_paragraphs()
    return blocks


def _split_tables(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    """Runs of text lines and of table rows. A table without rules is found by its caption
    ("Table 2 Response rates", wrapped over full lines) and the rows right below it: lines of
    several cells, or of one short cell, close together, up to a line of prose, a gap, its
    notes or the next caption. Rows of one cell each, at least `_MIN_LINE_ROWS` of them, are a
    table of one column (text set one cell per line): a row, never lines of a paragraph."""
    rules = layout_rules()
    out: list[tuple[str, list[Line]]] = []
    text: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        text.append(line)
        index += 1
        if not rules.table_caption.match(line.text().strip()):
            continue
        while index < len(lines) and _is_full(lines[index - 1]) and "\t" not in lines[index].text():
            text.append(lines[index])  # the caption goes on
            index += 1
        rows: list[Line] = []
        while index < len(lines) and _is_row(
            lines[index], rows[-1] if rows else None, text[-1], lines[index + 1 : index + 2], rules
        ):
            rows.append(lines[index])
            index += 1
        if any("\t" in row.text() for row in rows) or len(rows) >= _MIN_LINE_ROWS:
            out.append(("text", text))
            out.append(("table", rows))
            text = []
        else:
            text.extend(rows)
    if text:
        out.append(("text", text))
    return out


def _is_full(line: Line) -> bool:
    return line.x1 >= line.column_right - 2 * line.size


def _is_row(line: Line, row_above: Line | None, caption: Line, below: list[Line], rules: LayoutRules) -> bool:
    """Does a table's next row follow? Close below the row above (or the caption), in the
    rows' type (a heading below the table is set larger), not a caption or a table's notes;
    cells, or a line short of the column's edge, or a full one with a short row right below
    it (the widest row of a table of one column; prose goes on with another full line)."""
    text = line.text().strip()
    # A caption stands a little apart from its table's first row; rows stand close together.
    gap = line.top - (row_above or caption).bottom
    if gap > (1.2 * line.size if row_above is not None else 2 * caption.size):
        return False
    if row_above is not None and not _same_type(line.size, row_above.size):
        return False
    if rules.table_caption.match(text) or rules.figure_caption.match(text) or rules.table_end.match(text):
        return False
    if "\t" in line.text() or not _is_full(line):
        return True
    return bool(below) and not _is_full(below[0]) and below[0].top - line.bottom <= 1.2 * line.size


# Fewer lines of one cell under a caption are as likely a short paragraph as a table.
_MIN_LINE_ROWS = 3


def _grid(rows: list[Line]) -> tuple[tuple[str, ...], ...]:
    """Cells placed in columns by where they start: a column begins where cells of several
    rows begin; an empty cell stays an empty cell. A cell whose text wraps onto a second line
    stays one cell of its row (`_continues_row`)."""
    starts = sorted(f.x0 for row in rows for f in row.fragments)
    anchors: list[list[float]] = []
    for x in starts:
        if anchors and x - anchors[-1][-1] <= 4:
            anchors[-1].append(x)
        else:
            anchors.append([x])
    columns = [a[0] for a in anchors if len(a) >= 2] or [anchors[0][0]]
    lines: list[list[str]] = []
    for row in rows:
        cells = [""] * len(columns)
        for fragment in row.fragments:
            at = max((i for i, c in enumerate(columns) if c <= fragment.x0 + 4), default=0)
            cells[at] = f"{cells[at]} {fragment.text()}".strip()
        lines.append(cells)
    pitch = _row_pitch(rows)
    grid: list[list[str]] = []
    for index, cells in enumerate(lines):
        step = rows[index].bottom - rows[index - 1].bottom if index else 0.0
        if grid and _continues_row(cells, grid[-1], lines[index - 1], step, pitch):
            grid[-1] = [_join_wrapped(above, below) for above, below in zip(grid[-1], cells, strict=True)]
        else:
            grid.append(cells)
    for cells in grid:
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
    return tuple(tuple(cells) for cells in grid)


def _row_pitch(rows: list[Line]) -> float | None:
    """The distance between the baselines of consecutive rows, where the table shows one: the
    typical step of those clearly wider than its closest, which are steps within wrapped cells.
    None when the steps are all alike, or one alone is wider (a gap under the header)."""
    steps = [b.bottom - a.bottom for a, b in itertools.pairwise(rows)]
    wide = [step for step in steps if step > 1.15 * min(steps, default=0.0)]
    return median(wide) if len(wide) >= 2 else None


def _continues_row(
    cells: list[str], row: list[str], line_above: list[str], step: float, pitch: float | None
) -> bool:
    """Is this line of a table the rest of the row above, whose cells wrapped onto it? It sits
    closer to the row than rows stand apart and fills fewer cells than the row; or, where the
    spacing cannot tell, its first cell is empty and it fills at most half as many cells as
    the line above, each under one of that line's (a second arm's row under a shared label
    fills as many as the row above)."""
    rules = page_rules()
    filled = [i for i, c in enumerate(cells) if c]
    if not filled:
        return False
    if pitch is not None and step < rules.wrapped_row_pitch * pitch:
        return len(filled) < sum(1 for c in row if c)
    filled_above = [i for i, c in enumerate(line_above) if c]
    return (
        not cells[0]
        and len(filled) <= rules.wrapped_row_cells * len(filled_above)
        and all(line_above[i] for i in filled)
    )


def _join_wrapped(above: str, below: str) -> str:
    """A cell's text and its wrapped rest: a word split at a hyphen ("two-" / "cohort") stays whole."""
    if not below:
        return above
    if not above:
        return below
    return f"{above}{below}" if above.endswith("-") else f"{above} {below}"


def _same_type(size: float, other: float) -> bool:
    """Set in the same type size: a table's rows, against a heading or caption beside them."""
    return abs(size - other) <= 0.15 * max(size, other)


def _same_baseline(a: Fragment, b: Fragment) -> bool:
    return abs(a.bottom - b.bottom) <= 0.35 * max(a.size, b.size)


def _paragraphs(lines: list[Line]) -> list[Block]:
    """Lines into paragraphs. A paragraph ends at a wider gap, a change of type size, a short
    line that ends a sentence, or a line far short of the column's edge (a heading, the last
    line of a paragraph, a cell of a one-column list): no wrapped line stops that early."""
    rules = page_rules()
    blocks: list[Block] = []
    start = 0
    left = min((line.x0 for line in lines), default=0.0)
    for index in range(1, len(lines) + 1):
        if index < len(lines):
            previous, line = lines[index - 1], lines[index]
            size = max(previous.size, line.size)
            gap = line.top - previous.bottom
            short = previous.x1 < previous.column_right - 2 * size
            breaks = (
                gap > rules.paragraph_gap * size
                or abs(line.size - previous.size) > 0.5
                or (short and previous.text().endswith(_SENTENCE_END))
                or previous.x1 < left + 0.7 * (previous.column_right - left)
            )
            if not breaks:
                continue
        chunk = tuple(lines[start:index])
        blocks.append(
            Block("caption" if _is_caption(chunk[0]) else "paragraph", lines=chunk, top=chunk[0].top)
        )
        start = index
    return blocks


def _footnotes_last(blocks: list[Block], body_size: float | None) -> list[Block]:
    """Small-type paragraphs at the foot of the page (below all body text) are footnotes; a
    caption there is not (it is read in its place, before its table or after its figure)."""
    if body_size is None:
        return blocks
    rules = page_rules()
    body_bottom = max(
        (b.lines[-1].bottom for b in blocks if b.kind == "paragraph" and _is_body(b, body_size)), default=None
    )
    if body_bottom is None:
        return blocks
    notes = [
        b
        for b in blocks
        if b.kind == "paragraph"
        and b.top > body_bottom
        and max(line.size for line in b.lines) < rules.footnote_size * body_size
    ]
    if not notes:
        return blocks
    kept = [b for b in blocks if not any(b is n for n in notes)]
    return kept + [Block("footnote", lines=n.lines, top=n.top) for n in notes]


def _is_caption(line: Line) -> bool:
    """Does a table's or a figure's caption open here? Its paragraph is a block of its own."""
    rules = layout_rules()
    text = line.text().strip()
    return bool(rules.table_caption.match(text) or rules.figure_label.match(text))


def _is_body(block: Block, body_size: float) -> bool:
    return max(line.size for line in block.lines) >= page_rules().footnote_size * body_size


def body_font_size(fragments: Sequence[Fragment]) -> float | None:
    """The size most of the text is set in (counted in characters)."""
    sizes: Counter[float] = Counter()
    for fragment in fragments:
        for word in fragment.words:
            sizes[round(word.size, 1)] += len(word.text)
    return sizes.most_common(1)[0][0] if sizes else None


def continues(previous: Line, following: Line) -> bool:
    """Does a paragraph broken off by a column or page break go on at `following`? Its last
    line runs to the column's edge without ending a sentence, and the next line is body type."""
    text = previous.text().rstrip()
    return (
        previous.x1 >= previous.column_right - 1.5 * previous.size
        and not text.endswith(_SENTENCE_END)
        and abs(previous.size - following.size) <= 0.5
        and "\t" not in text
    )

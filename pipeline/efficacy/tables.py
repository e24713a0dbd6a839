"""Figures read from a document's tables: tab-separated rows, or PDF text with one cell per line."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from pipeline.efficacy.arm import compares_arms
from pipeline.efficacy.context import EntityIndex
from pipeline.efficacy.cues import Cue, endpoint_cues
from pipeline.efficacy.designs import complete_arm, complete_population, described_cohort
from pipeline.efficacy.document_design import DocumentDesign
from pipeline.efficacy.endpoint import measure_for
from pipeline.efficacy.population import mentions_brain_metastases
from pipeline.efficacy.regimens import Regimen, regimens
from pipeline.efficacy.rules import EfficacyRules
from pipeline.efficacy.timepoint import landmark_times
from pipeline.efficacy.trial import name_of, nct_of
from pipeline.numbers import NUMBER, parse_number, parse_p_value
from pipeline.records import Document, Entity, Measurement, Table


def table_measurements(
    document: Document,
    table: Table,
    entities: list[Entity],
    rules: EfficacyRules,
    design: DocumentDesign | None = None,
) -> list[Measurement]:
    text = document.text
    lines = _lines(text, table.start, table.end)
    in_rows = EntityIndex(entities)  # each row's entities: filtering all of them per row is quadratic
    # A table whose columns are the arms ("Response | XELIRI (n = 41) | FOLFIRI (n = 46) | p"): the rows
    # that line up with its header are read by their label; the others as below.
    by_arm, lined_up = _arm_column_rows(document, table, lines, in_rows, rules, design)
    return by_arm + [
        m
        for m in _endpoint_column_measurements(document, table, lines, in_rows, rules)
        if not any(s <= m.char_start < e for s, e in lined_up)
    ]


def _endpoint_column_measurements(
    document: Document,
    table: Table,
    lines: list[tuple[int, int]],
    in_rows: EntityIndex,
    rules: EfficacyRules,
) -> list[Measurement]:
    """A table with its endpoints across the header and its trials or arms down the rows."""
    text = document.text
    header_index = next(
        (i for i, (s, e) in enumerate(lines) if len(_header_columns(text, s, e, rules)) >= 1), None
    )
    if header_index is None:
        return []
    hs, he = lines[header_index]
    tabbed = "\t" in text[hs:he]
    columns = _header_columns(text, hs, he, rules)
    # A table "of trials in HER2+ BCBM" reports the trials' brain-metastasis subgroups.
    brain_context = mentions_brain_metastases(table.caption, 0, len(table.caption), rules)
    found: list[Measurement] = []
    if tabbed:
        header_cells = _cells(text, hs, he)
        header_cues = [endpoint_cues(text, *cell, rules) for cell in header_cells]  # once, not per row
        for s, e in lines[header_index + 1 :]:
            if _INTERVAL_ROW.match(text, s, e):
                continue  # a row of the intervals of the row above: its bounds are not figures
            row_entities = [x for x in in_rows(s, e) if x.char_end <= e]
            trial = next((x for x in row_entities if x.label in ("TRIAL", "REGISTRY_ID")), None)
            row_regimens = regimens(text, in_rows(s, e), s, e, rules)
            arm = row_regimens[0] if row_regimens else None
            for column, (cs, ce) in enumerate(_cells(text, s, e)):
                if column >= len(header_cells):
                    break
                header = header_cues[column]
                if not header:
                    continue
                unit_hint = _unit_hint(text[slice(*header_cells[column])])
                found += _cell_values(
                    document, cs, ce, header[-1], unit_hint, trial, arm, s, e, rules, brain_context
                )
        return found
    # PDF text with one cell (or row fragment) per line: read the values in column order,
    # restarting at each trial name.
    pointer = len(columns)
    trial: Entity | None = None
    arm: Regimen | None = None
    row_start = lines[header_index][1]
    for s, e in lines[header_index + 1 :]:
        if _CONTINUED.match(text, s, e):
            continue  # where the table runs on to the next page: its number is not a cell value
        row_entities = [x for x in in_rows(s, e) if x.char_end <= e]
        named = [x for x in row_entities if x.label in ("TRIAL", "REGISTRY_ID")]
        if named and (trial is None or name_of(named[0]) != name_of(trial) or pointer >= len(columns)):
            # A new row starts at a trial name, or at a registry number that is not the current trial's.
            trial = named[0]
            pointer = 0
            arm = None
            row_start = s
        # A row's regimen may wrap over lines ("Tucatinib versus Placebo+Trastuzumab" / "+ Capecitabine").
        row_regimens = regimens(text, in_rows(row_start, e), row_start, e, rules)
        if row_regimens and arm is None:
            arm = row_regimens[0]
        for group in _GROUP.finditer(text, s, e):
            if pointer >= len(columns):
                break
            if any(x.char_start <= group.start() < x.char_end for x in row_entities) or re.fullmatch(
                r"(?:19|20)\d\d", group.group().strip()
            ):
                continue  # "TUXEDO-1", "TBCRC 022", "2022": part of a name or a date, not a cell value
            if group.group().strip() not in ("NA", "NR", "-"):
                cue = columns[pointer]
                unit_hint = "months" if cue.value in rules.survival else "%"
                found += _cell_values(
                    document,
                    group.start(),
                    group.end(),
                    cue,
                    unit_hint,
                    trial,
                    arm,
                    s,
                    e,
                    rules,
                    brain_context,
                    row_regimens,
                )
            pointer += 1
    return found


def _arm_column_rows(
    document: Document,
    table: Table,
    lines: list[tuple[int, int]],
    in_rows: EntityIndex,
    rules: EfficacyRules,
    design: DocumentDesign | None,
) -> tuple[list[Measurement], list[tuple[int, int]]]:
    """The figures of a tab-separated table whose header's cells after the first each name a group
    (as a flattened table's header does), maybe followed by columns comparing them (a ratio, its CI),
    and the rows that line up with it: a row label, then one cell per column (a last p-value column may
    be empty; so may the comparison columns). A cell's figures are of its row label's endpoint and its
    column's arm; the whole population's column gives no arm, the p-values' no figure, a ratio's column
    the ratio of no arm. A row of its label alone ("Progression-free survival") names the endpoint of
    the rows below it whose labels only say which figure they give ("Median, months", "Events, n (%)")."""
    text = document.text
    tabbed = [(s, e) for s, e in lines if "\t" in text[s:e]]
    if not tabbed or rules.not_result_table.match(table.caption):
        return [], []
    header = _cells(text, *tabbed[0])
    columns = _cell_columns(text, header[1:], in_rows, rules, design)
    if columns is None:
        return [], []
    # the rows below the header, with those of a label alone ("Progression-free survival", no tab)
    body = [(s, e) for s, e in lines if tabbed[0][1] < s <= tabbed[-1][0]]
    if (
        body
        and "\t" in text[slice(*body[0])]
        and all(_size_only(text, s, e, rules) for s, e in _cells(text, *body[0])[1:])
    ):
        body = body[1:]  # the groups' sizes on a header row of their own
    brain_context = mentions_brain_metastases(table.caption, 0, len(table.caption), rules)
    found: list[Measurement] = []
    lined_up: list[tuple[int, int]] = []
    heading: list[Cue] = []  # the endpoint a row of its label alone names for the rows below it
    for s, e in body:
        cells = _cells(text, s, e)
        repeated = _cell_columns(text, cells[1:], in_rows, rules, design)
        if repeated is not None:
            # the header again over a part of the table ("Response after radiotherapy | Arm A (n=63) | ...")
            header, columns = cells, repeated
            lined_up.append((s, e))
            heading = []
            continue
        label = cells[0]
        cues = endpoint_cues(text, *label, rules)
        if all(not text[cs:ce].strip() for cs, ce in cells[1:]):
            heading = cues
        elif cues:
            heading = []
        elif heading and rules.figure_label.fullmatch(text, *label):
            cues = heading
        if not _lines_up(text, cells, columns):
            continue
        lined_up.append((s, e))
        if _INTERVAL_ROW.match(text, s, e) or not cues:
            continue
        row_entities = [x for x in in_rows(s, e) if x.char_end <= e]
        trial = next((x for x in row_entities if x.label in ("TRIAL", "REGISTRY_ID")), None)
        for index, ((cs, ce), column, (hs, he)) in enumerate(
            zip(cells[1:], columns, header[1:], strict=False)
        ):
            if column.p_values or column.interval:
                continue
            if column.ratio:
                interval = (
                    (cells[index + 2], columns[index + 1])
                    if _interval_follows(columns, index, cells)
                    else None
                )
                found += _ratio_values(
                    document, cs, ce, interval, column, cues[-1], trial, s, e, rules, brain_context
                )
                continue
            names = text[label[0] : label[1]] + " " + text[hs:he]
            # "CR (cases)", "n (%)": a count, and a share only where it says "%" ("5 (12%)"; "5 (12.2)" is 5)
            unit_hint = "patients" if rules.count_label.search(names) else _unit_hint(names)
            for m in _cell_values(
                document, cs, ce, cues[-1], unit_hint, trial, column.regimen, s, e, rules, brain_context
            ):
                found.append(
                    replace(m, arm="", arm_text="")
                    if compares_arms(m.measure) or column.regimen is None
                    else m
                )
    return found, lined_up


def _lines_up(text: str, cells: list[tuple[int, int]], columns: list[Column]) -> bool:
    """Whether a row has a label and one cell per column: a last p-value column's may be missing (where
    the last cell is no p-value: otherwise a group's is), and so may the comparisons' (a row of counts
    under "Hazard ratio | 95% CI | P" has no ratio: a JATS row leaves its empty last cells off)."""
    if len(cells) == len(columns) + 1:
        return True
    if (
        columns[-1].p_values
        and len(cells) == len(columns)
        and not _P_CELL.fullmatch(text[slice(*cells[-1])].strip())
    ):
        return True
    groups = sum(not (c.p_values or c.ratio or c.interval) for c in columns)
    return any(c.ratio for c in columns) and groups + 1 <= len(cells) <= len(columns)


def _interval_follows(columns: list[Column], index: int, cells: list[tuple[int, int]]) -> bool:
    """Whether the ratio's column at `index` has its intervals' column right after it, and the row a
    cell there."""
    return index + 1 < len(columns) and columns[index + 1].interval and index + 2 < len(cells)


def _ratio_values(
    document: Document,
    start: int,
    end: int,
    interval: tuple[tuple[int, int], Column] | None,
    column: Column,
    cue: Cue,
    trial: Entity | None,
    row_start: int,
    row_end: int,
    rules: EfficacyRules,
    brain_context: bool,
) -> list[Measurement]:
    """The ratio in a cell of a ratio's column ("0.72 (0.58-0.89)", "1.47" with "1.16-1.87" in the
    intervals' column), of the row's endpoint and no arm; nothing where the cell holds anything else
    ("NA", "0.72; P = 0.01"), or where a hazard ratio's endpoint is no time to an event."""
    text = document.text
    endpoint = cue.value.removeprefix("landmark:")
    cell = _RATIO_CELL.fullmatch(text, start, end)
    if cell is None or (column.ratio == "hazard_ratio" and endpoint not in rules.survival):
        return []
    bounds, level = cell, column.level
    if not cell["low"]:
        bounds = _INTERVAL_CELL.fullmatch(text, *interval[0]) if interval else None
        level = interval[1].level if interval else None
    found = _cell_values(
        document,
        cell.start("value"),
        cell.end("value"),
        cue,
        "",
        trial,
        None,
        row_start,
        row_end,
        rules,
        brain_context,
        ratio=column.ratio,
    )
    if not bounds:
        return found
    low, high = parse_number(bounds["low"]), parse_number(bounds["high"])
    return [replace(m, ci_low=low, ci_high=high, ci_level=level) for m in found]


def _unit_hint(header: str) -> str:
    """The unit a header gives the bare numbers under it: "%", "months" or none."""
    return "%" if "%" in header else ("months" if re.search(r"month", header, re.I) else "")


def _size_only(text: str, start: int, end: int, rules: EfficacyRules) -> bool:
    """A header cell of a group's size alone ("n = 41", under the group's name), or empty."""
    cell = text[start:end].strip()
    return not cell or rules.group_size.fullmatch(cell) is not None


def _cell_columns(
    text: str,
    cells: list[tuple[int, int]],
    within: EntityIndex,
    rules: EfficacyRules,
    design: DocumentDesign | None,
) -> list[Column] | None:
    """The columns a table header's cells name, each a group ("XELIRI (n = 41)", "Arm B", "Total")
    and maybe a last p-value column, or None where a cell names none or fewer than two groups."""
    columns: list[Column] = []
    for index, (s, e) in enumerate(cells):
        if index == len(cells) - 1 and len(columns) >= 2 and rules.p_column.fullmatch(text, s, e):
            columns.append(Column(p_values=True))
            continue
        comparison = _comparison_column(text, s, e, rules) if len(columns) >= 2 else None
        if comparison is not None:
            columns.append(comparison)
            continue
        if any(c.ratio or c.interval for c in columns):
            return None  # a group's column after the comparisons: not a header of this form
        size = rules.group_size.search(text, s, e)
        if size and not _ONLY_BETWEEN.fullmatch(text, size.end(), e):
            return None
        column = _named_column(
            text,
            s,
            size.start() if size else e,
            within,
            rules,
            design,
            first=False,
            own_words=size is not None,
        )
        if column is None:
            return None
        columns.append(column)
    return columns if sum(c.regimen is not None for c in columns) >= 2 else None


def _comparison_column(text: str, start: int, end: int, rules: EfficacyRules) -> Column | None:
    """The column a header cell after the groups names when it compares them: a ratio's ("Hazard
    ratio", "HR (95% CI)"), or the intervals' of the ratio to its left ("95% CI")."""
    level = _LEVEL.search(text, start, end)
    ci_level = float(level[1]) if level else None
    ratio = next(
        (measure for pattern, measure in rules.ratio_columns if pattern.fullmatch(text, start, end)), ""
    )
    if ratio:
        return Column(ratio=ratio, level=ci_level)
    if rules.interval_column.fullmatch(text, start, end):
        return Column(interval=True, level=ci_level)
    return None


_LEVEL = re.compile(r"(\d{2}(?:\.\d)?)\s*%")
# Possessive throughout: a cell of thousands of spaces or marks costs its length once, not its square.
_FOOTNOTE_MARKS = r"(?:\s*+(?:[*†‡§]|(?<=[\d)\]\s])[a-e]\b))*+"
_RANGE = rf"[(\[]?+\s*+(?P<low>{NUMBER})\s*+(?:-|–|—|−|to|,)\s*+(?P<high>{NUMBER})\s*+[)\]]?+"
# A ratio's cell: "0.72 (0.58-0.89)", "1.47", "0.65c", "0.72 [0.58 to 0.89]*"
_RATIO_CELL = re.compile(rf"\s*+(?P<value>{NUMBER}){_FOOTNOTE_MARKS}(?:\s*+{_RANGE})?+{_FOOTNOTE_MARKS}\s*+")
# An interval's cell: "1.16-1.87", "(0.58, 0.89)"
_INTERVAL_CELL = re.compile(rf"\s*+{_RANGE}{_FOOTNOTE_MARKS}\s*+")
# "Table 1 (continued)": the caption repeated inside a table that runs on to another page
_CONTINUED = re.compile(r"\s*Table\s+[0-9IVX]+[A-Za-z]?\W*\(?continued\b", re.I)
# "95% CI" / "(95% confidence interval)": a row label that makes the row the intervals of the row above
_INTERVAL_ROW = re.compile(r"\s*[(\[]?\s*(?:\d{2}(?:\.\d)?\s*%\s*)?(?:CI|confidence interval)\b", re.I)
_GROUP = re.compile(
    rf"(?<![\w.])(?:{NUMBER}\s*%?(?:\s*(?:versus|vs\.?)\s*{NUMBER}\s*%?)?(?:\s*\([Pp]\s*[<=>]\s*{NUMBER}\))?"
    rf"(?:\s+in\s+cohort\s+\w+(?:\s+and\s+{NUMBER}\s*%?(?:\s+in\s+cohort\s+\w+)?)?)?|NA|NR)(?![\w.])"
)


def _cell_values(
    document: Document,
    start: int,
    end: int,
    cue: Cue,
    unit_hint: str,
    trial: Entity | None,
    arm: Regimen | None,
    row_start: int,
    row_end: int,
    rules: EfficacyRules,
    brain_context: bool,
    row_regimens: list[Regimen] | None = None,
    ratio: str = "",
) -> list[Measurement]:
    """The figures of a cell, of `cue`'s endpoint; with `ratio`, its numbers are ratios of that measure."""
    text = document.text
    found = []
    numbers = [
        m
        for m in re.finditer(rf"(?<![\w.]){NUMBER}(?![\w.])", text[start:end])
        if not _CLOSING.match(text, start + m.end()) or "%" in text[start + m.end() : start + m.end() + 2]
    ]
    p = parse_p_value(text, start, end)
    numbers = [m for m in numbers if not (p and p.start <= start + m.start() < p.end)]
    versus = re.search(r"versus|vs\.?", text[start:end]) is not None
    # A header names one time point for its column ("5-year OS"); several cannot be told apart here.
    times = landmark_times(text, cue, rules)
    timepoint = times[0] if len(times) == 1 else ""
    for index, match in enumerate(numbers):
        s, e = start + match.start(), start + match.end()
        unit = "ratio" if ratio else "%" if text[e : e + 2].lstrip().startswith("%") else unit_hint
        kind = measure_for(cue, unit, ratio, rules)
        if kind is None:
            continue
        # "74.6% in cohort A", also when the cohort label wraps onto the table's next line.
        cohort = re.match(r"\s*%?\s*in\s+cohort\s+(\d[A-Z]?|[A-Z])\b", text[e : e + 40])
        # "74.6% (no prior RT) / 42.1% (post-RT)": a cohort described right after the value.
        next_start = start + numbers[index + 1].start() if index + 1 < len(numbers) else end
        population = complete_population(
            name_of(trial),
            f"cohort {cohort.group(1)}" if cohort else described_cohort(name_of(trial), text, e, next_start),
            cue.cns,
            brain_context,
        )
        value_arm = arm
        position = None
        if versus and row_regimens and len(row_regimens) >= 2 and index < 2:
            value_arm, position = row_regimens[index], index
        found.append(
            Measurement(
                doc_id=document.doc_id,
                trial=name_of(trial),
                nct_id=nct_of(trial),
                endpoint=kind[0],
                cns=cue.cns,
                measure=kind[1],
                arm=complete_arm(name_of(trial), value_arm.canonical if value_arm else "", position),
                arm_text=value_arm.text if value_arm else "",
                population=population,
                value=parse_number(match.group()),
                unit=unit,
                ci_low=None,
                ci_high=None,
                ci_level=None,
                p_value=p.text if p else "",
                n=None,
                evidence=text[row_start:row_end],
                char_start=s,
                char_end=e,
                page=document.page_at(s),
                section=document.section_at(s) or "",
                value_text=match.group(),
                source="table",
                timepoint=timepoint if kind[1] == "landmark_rate" else "",
            )
        )
    return found


_CLOSING = re.compile(r"\s*\)")


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    position = start
    for piece in text[start:end].split("\n"):
        if piece.strip():
            spans.append((position, position + len(piece)))
        position += len(piece) + 1
    return spans


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    position = start
    for piece in text[start:end].split("\t"):
        spans.append((position, position + len(piece)))
        position += len(piece) + 1
    return spans


def _header_columns(text: str, start: int, end: int, rules: EfficacyRules) -> list[Cue]:
    cues = endpoint_cues(text, start, end, rules)
    if "\t" not in text[start:end]:
        return cues if len(cues) >= 2 else []
    # A row whose only endpoint is its label ("Objective response rate, %<TAB>11<TAB>16") is a row of
    # figures, not a header: the column under its label holds the other rows' labels.
    first_cell_end = text.index("\t", start)
    return cues if any(cue.start >= first_cell_end for cue in cues) else []


@dataclass(frozen=True)
class Column:
    """A column of a table (flattened into running text, or tab-separated): a group's (`regimen`,
    None for the whole population's "Total" column) or the p-values'; in a tab-separated table, a
    comparison's: a ratio's (`ratio`, its measure) or its intervals' (`interval`), at `level` %; or,
    not `lined_up`, the unknown column of a cell in a flattened row that does not line up with the
    header."""

    p_values: bool = False
    regimen: Regimen | None = None
    ratio: str = ""
    interval: bool = False
    level: float | None = None
    lined_up: bool = True


@dataclass(frozen=True)
class Cell:
    """A cell of a flattened table's row: [start, end) of its text, its column, and [label_start,
    label_end) of its row's label ("Partial response"); not `in_row`, the table body's text between
    its rows' cells (row labels, figures in no cell one can tell), under an unknown column."""

    start: int
    end: int
    column: Column
    label_start: int
    label_end: int
    in_row: bool = True


def flattened_columns(
    text: str, entities: list[Entity], rules: EfficacyRules, design: DocumentDesign | None = None
) -> list[Cell]:
    """[start, end) of each cell of the tables flattened into running text ("Table 2 Efficacy ...
    XELIRI FOLFIRI n = 41 n = 46 p Complete response 5 (12%) 1 (2%) 0.10 ..."), with its column. Only
    where the header names every column (a regimen, or the whole population's "Total"), and only the
    rows with one cell per column (the p-value's may be missing): a table that cannot be lined up with
    certainty gives nothing, and its values are read as sentences; a row that cannot gives its cells
    under an unknown column."""
    within = EntityIndex(entities)
    cells: list[Cell] = []
    for caption in rules.table_block.finditer(text):
        if rules.not_result_table.match(text, caption.end()):
            continue
        # to the gap before the next block, or to the next caption where no gap comes before it (each
        # search stops at the next caption: a document's captions cost its length once, not each)
        next_caption = rules.table_caption.search(text, caption.end())
        end = next_caption.start() if next_caption else len(text)
        block_end = rules.table_block_end.search(text, caption.end(), end)
        end = block_end.start() if block_end else end
        header = _flattened_header(text, caption.end(), end, within, rules, design)
        if header is not None:
            columns, body = header
            cells += _unknown_between(_flattened_rows(text, body, end, columns) if columns else [], body, end)
    return cells


def _unknown_between(cells: list[Cell], start: int, end: int) -> list[Cell]:
    """`cells`, with the rest of the table's body from `start` to `end` under an unknown column: a
    figure there ("Overall response rate (RECIST/GCIG)23%17%-" glued, row labels, a header the
    columns cannot be placed by) is in one of the groups' columns, but not which."""
    filled: list[Cell] = []
    position = start
    for cell in [*cells, None]:
        gap_end = cell.start if cell is not None else end
        if gap_end > position:
            filled.append(Cell(position, gap_end, _UNKNOWN_COLUMN, position, position, in_row=False))
        if cell is not None:
            filled.append(cell)
            position = cell.end
    return filled


def _flattened_header(
    text: str, start: int, end: int, within: EntityIndex, rules: EfficacyRules, design: DocumentDesign | None
) -> tuple[list[Column], int] | None:
    """The columns a flattened table's header names, and where its body starts: groups each with
    its size, either "A (n = 41) B (n = 46)" or "A B n = 41 n = 46", then maybe a p-value column; no
    columns where the sizes head groups the names cannot be placed over ("All PM01183 (n =52)
    Randomized, controlled second stagePM01183 (n =30) Topotecan (n =29)"); None without two sizes."""
    sizes: list[re.Match[str]] = []
    for size in rules.group_size.finditer(text, start, end):
        if sizes and _CELL.search(text, sizes[-1].end(), size.start()):
            break  # a size after the body has started: "Month 9 n = 36" heads a part of the table
        sizes.append(size)
    if len(sizes) < 2:
        return None
    body = sizes[-1].end()
    columns = _group_columns(text, start, sizes, within, rules, design)
    if columns is None:
        return [], body
    p_column = rules.p_column.match(text, body, end)
    if p_column:
        columns.append(Column(p_values=True))
        body = p_column.end()
    return columns, body


def _group_columns(
    text: str,
    start: int,
    sizes: list[re.Match[str]],
    within: EntityIndex,
    rules: EfficacyRules,
    design: DocumentDesign | None,
) -> list[Column] | None:
    """The groups' columns a header from `start` names with its `sizes`, or None where a name is
    missing or not one group's."""
    gaps = [(sizes[i - 1].end(), sizes[i].start()) for i in range(1, len(sizes))]
    if all(not text[s:e].strip() for s, e in gaps):
        # "XELIRI FOLFIRI n = 41 n = 46": the names first, one regimen each, right before the sizes
        names = regimens(text, within(start, sizes[0].start()), start, sizes[0].start(), rules, design=design)
        named = names[-len(sizes) :]
        bounds = [r.end for r in named]
        nexts = [r.start for r in named[1:]] + [sizes[0].start()]
        if len(named) < len(sizes) or not all(
            _ONLY_BETWEEN.fullmatch(text, a, b) for a, b in zip(bounds, nexts, strict=True)
        ):
            return None
        return [Column(regimen=r) for r in named]
    if not all(text[s:e].strip() for s, e in gaps):
        return None
    # "Total (n = 155) Nimotuzumab+ Gefitinib (n = 78) Gefitinib (n = 77)": each name before its size
    spans = [(start, sizes[0].start()), *gaps]
    columns = []
    for index, (s, e) in enumerate(spans):
        column = _named_column(text, s, e, within, rules, design, first=index == 0, own_words=index != 0)
        if column is None:
            return None
        columns.append(column)
    return columns


def _named_column(
    text: str,
    start: int,
    end: int,
    within: EntityIndex,
    rules: EfficacyRules,
    design: DocumentDesign | None,
    first: bool,
    own_words: bool,
) -> Column | None:
    """The column a header names between `start` and `end`: the whole population's ("Total"), or the
    one regimen it names, or (`own_words`) a name of its own; the first column's name runs on from the
    caption, so it must end there."""
    if rules.total_column.search(text, start, end):
        return Column()
    named = regimens(text, within(start, end), start, end, rules, design=design)
    if not named and own_words:
        # "S-1 (n = 415) Surgery-only (n = 414)": a group named by words of its own, as written
        label = _LABEL.fullmatch(text, start, end)
        return Column(regimen=Regimen(label.start(1), label.end(1), label[1], label[1])) if label else None
    if len(named) != 1:
        return None
    regimen = named[0]
    if not _ONLY_BETWEEN.fullmatch(text, regimen.end, end):
        return None
    if not first and not _ONLY_BETWEEN.fullmatch(text, start, regimen.start):
        return None
    return Column(regimen=regimen)


def _flattened_rows(text: str, start: int, end: int, columns: list[Column]) -> list[Cell]:
    """The cells of the rows that line up with `columns` (a row label, then one cell per column; a
    last p-value column may be empty), and those of the rows that do not, under an unknown column."""
    p_column = columns[-1].p_values
    groups = len(columns) - (1 if p_column else 0)
    cells: list[Cell] = []
    row: list[re.Match[str]] = []
    label_start = start
    for cell in [*_CELL.finditer(text, start, end), None]:
        if cell is not None and (not row or not text[row[-1].end() : cell.start()].strip()):
            row.append(cell)
            continue
        with_p = p_column and len(row) == groups + 1 and _P_CELL.fullmatch(row[-1].group())
        # "Median PFS 10.3 0.78" under a p column: a group's cell is missing, not the p-value
        without_p = len(row) == groups and not (
            p_column and _P_CELL.fullmatch(row[-1].group()) and not _P_CELL.fullmatch(row[0].group())
        )
        if row and (with_p or without_p):
            label_end = row[0].start()
            cells += [
                Cell(c.start(), c.end(), column, label_start, label_end)
                for c, column in zip(row, columns, strict=False)
            ]
        elif row:
            # "Local Lymph nodes Peritoneum 9 (2.2%) 26 (6.3%) 56 (13.5%) 14 (3.4%) ...": the header's
            # groups are in play, but which column a cell is under is unknown
            cells += [Cell(c.start(), c.end(), _UNKNOWN_COLUMN, c.start(), c.start()) for c in row]
        if row:
            label_start = row[-1].end()
        row = [cell] if cell is not None else []
    return cells


# The column of a cell whose row does not line up with the header's columns.
_UNKNOWN_COLUMN = Column(lined_up=False)
# Between the names of a header's columns, or after its last: spacing, joiners, footnote marks.
_ONLY_BETWEEN = re.compile(r"(?:[\s,;/*†‡§]|\b[a-e]\b)*")
# A column's own name between two sizes: a few words from a capital ("Surgery-only", "Arm B",
# "Control group"), no bracket or sentence punctuation, maybe a footnote's letter after it
_LABEL = re.compile(r"\s*([A-Z][\w+/-]*(?: [A-Za-z][\w+/-]*){0,3}?)(?:\s+[a-e])?[\s*†‡§]*")
_BOUND = rf"[-−–]?{NUMBER}(?:\s*%)?"
# A cell: "5 (12%)", "2.7 (2.1-3.3)", "30.7", "<0.001", "NR"
_CELL = re.compile(
    rf"(?<![\w.%(])(?:[<>≤≥]\s*)?(?:{NUMBER}(?:\s*%)?(?:\s*\(\s*{_BOUND}(?:\s*(?:-|–|—|−|to|,)\s*{_BOUND})?\s*\))?"
    r"|NR|NE|NA)(?![\w.%])"
)
_P_CELL = re.compile(r"(?:[<>≤≥]\s*)?(?:0?[.·]\d+|1(?:[.·]0+)?)")


def in_columns(
    text: str, measurements: list[Measurement], cells: list[Cell], rules: EfficacyRules
) -> list[Measurement]:
    """The figures read as sentences from a flattened table's cells, with their column's arm: a
    group's regimen, none for the whole population's column nor for an unknown column (a sentence
    reader would give it a header's regimen, not its own); a p-value's column holds no figure. A
    lined-up row's figures are its label's endpoint: a row whose label names none ("Stagnation 12
    (29%) 10 (22%)", "R0 resection 10 (24%)") gives no figure, where the sentence reading gave it the
    row above's; a response read as the next row's ("PR 30 (19.4%) 13 (16.7%) 17 (22.1%) SD 62 ...":
    17 read as SD) is its own row's, where the row's label names one response."""
    starts = [cell.start for cell in cells]
    placed: list[Measurement] = []
    for measurement in measurements:
        at = bisect_right(starts, measurement.char_start) - 1
        if measurement.source != "sentence" or at < 0 or measurement.char_start >= cells[at].end:
            placed.append(measurement)
            continue
        cell = cells[at]
        if cell.column.p_values:
            continue
        if cell.column.lined_up:  # an unknown column's cell has no row label
            labels = {c.value for c in endpoint_cues(text, cell.label_start, cell.label_end, rules)}
            if not labels:
                continue  # as a JATS table's row whose label names no endpoint (`_arm_column_rows`)
            if len(labels) == 1 and measurement.endpoint in rules.response and labels <= rules.response:
                measurement = replace(measurement, endpoint=labels.pop())
        if not compares_arms(measurement.measure):
            regimen = cell.column.regimen
            measurement = replace(
                measurement,
                arm=complete_arm(measurement.trial, regimen.canonical) if regimen else "",
                arm_text=regimen.text if regimen else "",
            )
        placed.append(measurement)
    return placed

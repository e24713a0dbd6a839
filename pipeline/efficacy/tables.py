"""Figures read from a document's tables: tab-separated rows, or PDF text with one cell per line."""

from __future__ import annotations

import re

from pipeline.efficacy.candidates import Cue, Regimen, endpoint_cues, regimens
from pipeline.efficacy.context import EntityIndex
from pipeline.efficacy.designs import complete_arm, complete_population, described_cohort
from pipeline.efficacy.endpoint import measure_for
from pipeline.efficacy.population import mentions_brain_metastases
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
) -> list[Measurement]:
    text = document.text
    lines = _lines(text, table.start, table.end)
    in_rows = EntityIndex(entities)  # each row's entities: filtering all of them per row is quadratic
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
                unit_hint = (
                    "%"
                    if "%" in text[slice(*header_cells[column])]
                    else ("months" if re.search(r"month", text[slice(*header_cells[column])], re.I) else "")
                )
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
) -> list[Measurement]:
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
        unit = "%" if text[e : e + 2].lstrip().startswith("%") else unit_hint
        kind = measure_for(cue, unit, "", rules)
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
    return cues if len(cues) >= 2 or ("\t" in text[start:end] and cues) else []

"""measurements.csv rows as the reconciler reads them (`Row`), with the key they are matched on, and
the identity of each row's trial (an NCT number and the acronym paired with it are one trial)."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pipeline.reconcile.precision import comparison_sides, decimals_as_written, find_value_in_evidence
from pipeline.reconcile.rules import ReconcileRules

_NCT = re.compile(r"^NCT\d{8}$", re.IGNORECASE)


@dataclass
class Row:
    index: int
    doc_id: str
    trial: str
    nct_id: str
    endpoint: str
    cns: bool
    measure: str
    arm: str
    population: str
    value: float
    value_text: str
    decimals: int
    ci_low: float | None
    ci_high: float | None
    ci_level: float | None
    p_value: str
    n: int | None
    evidence: str
    char_start: int | None
    char_end: int | None
    page: int | None
    section: str
    analysis: str
    comparison: str
    measurement_id: str = ""
    timepoint: str = ""  # a landmark rate's time point, part of the key
    unit: str = ""  # the value's unit as written ("months", "years", "%"), part of the key
    analysis_label: str = ""
    qualifier: str = ""  # "", "approximate", "lower", "upper"
    trial_key: str = ""
    arm_key: str = ""
    sides: tuple[str, str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def order(self) -> tuple[str, int, float, str, str]:
        start = self.char_start if self.char_start is not None else 1 << 62
        return (self.doc_id, start, self.value, self.population, self.arm_key)


def is_missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return bool(pd.isna(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def cell_text(value: object) -> str:
    return "" if is_missing(value) else str(value).strip()


def cell_float(value: object) -> float | None:
    if is_missing(value) or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).replace("·", ".").replace("−", "-"))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def cell_int(value: object) -> int | None:
    number = cell_float(value)
    return round(number) if number is not None else None


def cell_bool(value: object) -> bool:
    if is_missing(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes", "t"}
    return bool(value)


def _qualifier(row: Row, rules: ReconcileRules) -> str:
    """Whether the sentence writes the number as approximate or as a bound."""
    span = find_value_in_evidence(row.evidence, row.value_text)
    if span is None:
        return ""
    before = row.evidence[max(0, span[0] - 30) : span[0]]
    if rules.approximate_cues.search(before):
        return "approximate"
    if rules.lower_bound_cues.search(before):
        return "lower"
    if rules.upper_bound_cues.search(before):
        return "upper"
    return ""


def _analysis_label(row: Row, rules: ReconcileRules) -> str:
    if row.analysis:
        return row.analysis.lower()
    for label, pattern in rules.analysis_labels:
        if pattern.search(row.evidence):
            return label
    return ""


def _rows(measurements: pd.DataFrame, rules: ReconcileRules) -> list[Row]:
    """measurements.csv rows as plain records, tolerant of CSV strings, NaN and missing extra columns."""
    records = measurements.to_dict(orient="records")
    return rows_of(records, range(len(records)), trial_identities(records), rules)


def rows_of(
    records: list[dict[str, Any]], indices: Iterable[int], trials: dict[int, _Trial], rules: ReconcileRules
) -> list[Row]:
    """The rows of `records[i]` for each of `indices` that has a value, with its trial identity."""
    rows: list[Row] = []
    for index in indices:
        record = records[index]
        value = cell_float(record.get("value"))
        if value is None:
            continue
        value_text = cell_text(record.get("value_text")) or format(value, ".12g")
        row = Row(
            index=index,
            doc_id=cell_text(record.get("doc_id")),
            trial=cell_text(record.get("trial")),
            nct_id=cell_text(record.get("nct_id")).upper(),
            endpoint=cell_text(record.get("endpoint")).upper(),
            cns=cell_bool(record.get("cns")),
            measure=cell_text(record.get("measure")).lower(),
            arm=cell_text(record.get("arm")),
            population=cell_text(record.get("population")),
            value=value,
            value_text=value_text,
            decimals=decimals_as_written(value_text, value),
            ci_low=cell_float(record.get("ci_low")),
            ci_high=cell_float(record.get("ci_high")),
            ci_level=cell_float(record.get("ci_level")),
            p_value=cell_text(record.get("p_value")),
            n=cell_int(record.get("n")),
            evidence=cell_text(record.get("evidence")),
            char_start=cell_int(record.get("char_start")),
            char_end=cell_int(record.get("char_end")),
            page=cell_int(record.get("page")),
            section=cell_text(record.get("section")),
            analysis=cell_text(record.get("analysis")),
            comparison=cell_text(record.get("comparison")),
            measurement_id=cell_text(record.get("measurement_id")),
            timepoint=_timepoint_key(record, rules),
            unit=cell_text(record.get("unit")).lower(),
        )
        row.analysis_label = _analysis_label(row, rules)
        row.qualifier = _qualifier(row, rules)
        row.sides = comparison_sides(row.comparison)
        if row.measure in rules.comparative_measures:
            # A ratio has no arm: what it compares is its identity, in either order.
            row.arm_key = " vs ".join(sorted(row.sides)) if row.sides else row.comparison.lower()
        else:
            row.arm_key = row.arm.lower()
        trial = trials.get(index)
        if trial is not None:
            row.trial_key = trial.key
            row.extra["trial_name"] = trial.name
            row.extra["trial_nct"] = trial.nct
        rows.append(row)
    return rows


def _timepoint_key(record: dict[str, Any], rules: ReconcileRules) -> str:
    """The time point a landmark rate is at, as part of the key ("5 years"); "" for other measures,
    and for a landmark rate whose time point is unknown (an empty cell, or a file without the column)."""
    if cell_text(record.get("measure")).lower() not in rules.timed_measures:
        return ""
    return " ".join(cell_text(record.get("timepoint")).lower().split())


def trial_names(measurements: pd.DataFrame) -> list[str]:
    """The canonical trial of each row, as conflicts.csv names it (NCT numbers merged with their
    acronym); "" for a row with neither a trial nor an NCT number."""
    read = [c for c in ("value", "trial", "nct_id") if c in measurements.columns]
    trials = trial_identities(measurements[read].to_dict(orient="records"))
    return [trials[i].name if i in trials else "" for i in range(len(measurements))]


@dataclass(frozen=True)
class _Trial:
    key: str  # what rows of one trial share (a token of its union-find)
    name: str  # as conflicts.csv names it
    nct: str


def trial_identities(records: list[dict[str, Any]]) -> dict[int, _Trial]:
    """One identity per trial: a name and an NCT number seen together on any row are one trial.

    By record index, for the records with a value and a trial name or an NCT number. Only these
    two columns and the value are read, so the identities (which trials reconciliation must
    redo, and the report's groups) cost little to work out for a whole corpus.
    """
    parent: dict[str, str] = {}

    def find(token: str) -> str:
        parent.setdefault(token, token)
        while parent[token] != token:
            parent[token] = parent[parent[token]]
            token = parent[token]
        return token

    named: list[tuple[int, list[str], str, str]] = []
    for index, record in enumerate(records):
        if cell_float(record.get("value")) is None:
            continue
        trial, nct = cell_text(record.get("trial")), cell_text(record.get("nct_id")).upper()
        tokens = []
        if trial:
            tokens.append(f"N:{trial.upper()}" if _NCT.match(trial) else f"T:{trial.lower()}")
        if nct:
            tokens.append(f"N:{nct}")
        if not tokens:
            continue
        named.append((index, tokens, trial, nct))
        for token in tokens:
            find(token)
        for other in tokens[1:]:
            parent[find(other)] = find(tokens[0])
    names: dict[str, Counter[str]] = defaultdict(Counter)
    ncts: dict[str, Counter[str]] = defaultdict(Counter)
    for _, tokens, trial, nct in named:
        root = find(tokens[0])
        if trial and not _NCT.match(trial):
            names[root][trial] += 1
        for number in {nct, trial.upper() if _NCT.match(trial) else ""} - {""}:
            ncts[root][number] += 1
    trials: dict[int, _Trial] = {}
    identities: dict[str, _Trial] = {}
    for index, tokens, _, _ in named:
        root = find(tokens[0])
        if root not in identities:
            nct = min(ncts[root], key=lambda k: (-ncts[root][k], k)) if ncts[root] else ""
            name = min(names[root], key=lambda k: (-names[root][k], k)) if names[root] else nct
            identities[root] = _Trial(root, name, nct)
        trials[index] = identities[root]
    return trials

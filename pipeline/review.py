"""The reviewed outputs: the store's figures with reviewers' decisions applied, reconciled, checked,
compared with the previous run, and written out.

`trialsift run`, `trialsift report` and the review page all go through `reviewed_outputs`, so the
tables, report.html and the page always agree on what is decided, excluded, corrected and new.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from pipeline.decisions import (
    DecisionError,
    apply_effects,
    conflict_key,
    correction_json,
    decision_for_import,
    effects,
    included,
    measurement_keys,
    validate,
    with_states,
)
from pipeline.memo import Memo
from pipeline.outputs import records_frame, write_table
from pipeline.reconcile import cell_bool, cell_text, reconcile_and_check
from pipeline.records import Decision, DocumentRow, Measurement
from pipeline.report import ReviewNotes, write_report
from pipeline.store import DocumentStore

# What a conflict of an earlier run is remembered by, to list it once it is no longer raised.
_SUMMARY_COLUMNS = (
    "trial",
    "endpoint",
    "cns",
    "measure",
    "arm",
    "population",
    "kind",
    "severity_label",
    "doc_id_a",
    "value_text_a",
    "doc_id_b",
    "value_text_b",
)

Snapshot = Literal["read", "replace", "advance"]


@dataclass
class ReviewedOutputs:
    measurements: pd.DataFrame  # every figure, with review_status and corrections applied
    conflicts: pd.DataFrame  # among the figures not marked as extraction errors
    checks: pd.DataFrame
    decisions: list[Decision]  # with their state
    keys: dict[str, str]  # measurement_id -> evidence key of the figure as extracted
    documents: list[DocumentRow]
    new_conflicts: set[str] = field(default_factory=set)
    gone_conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)
    previous_run: bool = False  # whether there is a previous run to compare with

    def notes(self) -> ReviewNotes:
        return ReviewNotes(
            decisions=self.decisions,
            new_conflicts=self.new_conflicts,
            gone_conflicts=self.gone_conflicts,
            previous_run=self.previous_run,
            titles={d.doc_id: d.title for d in self.documents},
            measurements={
                cell_text(row.get("measurement_id")): row
                for row in self.measurements.to_dict(orient="records")
            },
        )


def _summary(conflict: dict[str, Any]) -> dict[str, Any]:
    return {
        c: (cell_bool(conflict.get(c)) if c == "cns" else cell_text(conflict.get(c)))
        for c in _SUMMARY_COLUMNS
    }


def reviewed_outputs(store: DocumentStore, snapshot: Snapshot = "read") -> ReviewedOutputs:
    """Apply the current decisions and reconcile. `snapshot`: "advance" records this as a new run's
    conflicts, "replace" re-records the latest run's (a re-render), "read" records nothing."""
    raw = records_frame(store.measurement_rows(), Measurement)
    keys = measurement_keys(raw, store.file_sha256())
    decisions = with_states(store.decisions(), keys)
    measurements = apply_effects(raw, effects(decisions))
    trials, documents = Memo(store.memo("trial conflicts")), Memo(store.memo("document checks"))
    conflicts, checks = reconcile_and_check(included(measurements), trials, documents)
    current = {cell_text(c["conflict_id"]): _summary(c) for c in conflicts.to_dict(orient="records")}
    if snapshot != "read":
        store.save_conflict_snapshot(current, new_run=snapshot == "advance")
        store.save_memo("trial conflicts", trials.used)
        store.save_memo("document checks", documents.used)
    previous = store.conflict_snapshot("previous")
    return ReviewedOutputs(
        measurements=measurements,
        conflicts=conflicts,
        checks=checks,
        decisions=decisions,
        keys=keys,
        documents=store.document_rows(),
        new_conflicts=set(current) - set(previous) if previous is not None else set(),
        gone_conflicts={k: v for k, v in (previous or {}).items() if k not in current},
        previous_run=previous is not None,
    )


def write_reviewed_outputs(
    store: DocumentStore, out_dir: Path, snapshot: Snapshot = "replace"
) -> tuple[list[Path], ReviewedOutputs]:
    """measurements, conflicts, checks and decisions tables, and the report."""
    reviewed = reviewed_outputs(store, snapshot)
    paths = write_table(reviewed.measurements, out_dir, "measurements")
    paths += write_table(reviewed.conflicts, out_dir, "conflicts")
    paths += write_table(reviewed.checks, out_dir, "checks")
    paths += write_table(records_frame(reviewed.decisions, Decision), out_dir, "decisions")
    documents = sum(1 for row in reviewed.documents if row.status == "ok")
    figures = Memo(store.memo("figures"))
    paths += write_report(
        reviewed.measurements,
        reviewed.conflicts,
        reviewed.checks,
        out_dir,
        documents,
        review=reviewed.notes(),
        figures=figures,
    )
    store.save_memo("figures", figures.used)
    return paths, reviewed


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _conflict_sides(conflicts: pd.DataFrame, conflict_id: str) -> str:
    rows = conflicts[conflicts["conflict_id"] == conflict_id] if not conflicts.empty else conflicts
    if rows.empty:
        return ""
    row = rows.iloc[0]
    return f"{cell_text(row['measurement_id_a'])}|{cell_text(row['measurement_id_b'])}"


def bind_to_evidence(decision: Decision, reviewed: ReviewedOutputs) -> Decision:
    """The decision tied to the content its target has now: sides and evidence key. A target that
    is not there leaves both empty, and the decision is stale until re-decided."""
    if decision.target == "conflict":
        sides = _conflict_sides(reviewed.conflicts, decision.id)
        side_a, _, side_b = sides.partition("|")
        return replace(decision, sides=sides, evidence_key=conflict_key(side_a, side_b, reviewed.keys))
    return replace(decision, sides="", evidence_key=reviewed.keys.get(decision.id, ""))


def record_decision(
    store: DocumentStore,
    reviewed: ReviewedOutputs,
    target: str,
    target_id: str,
    choice: str,
    correction: dict[str, str],
    note: str,
    reviewer: str,
) -> Decision:
    """Store a reviewer's decision on a conflict or measurement that is on the page now."""
    decision = validate(
        Decision(
            target=target,
            id=target_id,
            decision=choice,
            correction=correction_json(correction),
            note=note.strip(),
            reviewer=reviewer.strip(),
            decided_at=_now(),
            state="",
        )
    )
    bound = bind_to_evidence(decision, reviewed)
    if not bound.evidence_key:
        raise DecisionError(f"no {target} with id {target_id!r} in the current outputs; reload the page")
    store.save_decisions([bound])
    return bound


def import_decisions(store: DocumentStore, path: Path) -> tuple[int, list[str]]:
    """Read decisions.csv rows into the store. Rows that carry their evidence key keep it (their
    state is recomputed against the current figures); rows written by hand are tied to what the
    outputs hold now. Returns how many were imported and one message per row that was not."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DecisionError(f"{path}: cannot read it as a CSV file ({exc})") from exc
    missing = [c for c in ("target", "id", "decision") if c not in frame.columns]
    if missing:
        raise DecisionError(f"{path}: no column {', '.join(missing)} (see decisions.csv in README.md)")
    reviewed = reviewed_outputs(store)
    decisions, problems = [], []
    for number, row in enumerate(frame.to_dict(orient="records"), start=2):
        try:
            decision = decision_for_import(row, f"{path} line {number}")
        except DecisionError as exc:
            problems.append(str(exc))
            continue
        if not decision.decided_at:
            decision = replace(decision, decided_at=_now())
        if not decision.evidence_key:
            decision = bind_to_evidence(decision, reviewed)
        decisions.append(decision)
    store.save_decisions(decisions)
    return len(decisions), problems

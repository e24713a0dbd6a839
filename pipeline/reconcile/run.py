"""Tables in, tables out: conflicts.csv and checks.csv from measurements.csv, each trial's conflicts and
each document's checks kept in a memo by the digest of their rows."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd

from pipeline.memo import Memo, code_fingerprint, digest
from pipeline.outputs import records_frame
from pipeline.reconcile.checks import document_checks
from pipeline.reconcile.pairs import trial_conflicts
from pipeline.reconcile.rows import Row, cell_text, rows_of, trial_identities
from pipeline.reconcile.rules import ReconcileRules, load_rules
from pipeline.records import CheckFinding, Conflict, columns


def conflict_order(c: Conflict) -> tuple[object, ...]:
    """conflicts.csv's order: by key, then by each side's document and place."""
    return (
        c.trial,
        c.endpoint,
        c.cns,
        c.measure,
        c.arm,
        c.population,
        c.doc_id_a,
        c.char_start_a or 0,
        c.doc_id_b,
        c.char_start_b or 0,
    )


def reconcile_measurements(measurements: pd.DataFrame) -> pd.DataFrame:
    """conflicts.csv rows (record `Conflict`) for every pair of values that disagree."""
    return reconcile_and_check(measurements, Memo(), Memo())[0]


def reconcile_and_check(
    measurements: pd.DataFrame, trials_memo: Memo, documents_memo: Memo
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """conflicts.csv and checks.csv rows, recomputed only for what changed since the memos' run.

    A trial's conflicts depend on its rows alone (every row of one identity, `trial_identities`), and a
    document's checks on its rows and their trials' names: each is kept in its memo by the digest
    of those, so a new or changed document redoes the trials it names and itself, and the tables
    are the same, byte for byte, as a reconciliation from scratch.
    """
    rules = load_rules()
    records = measurements.to_dict(orient="records")
    trials = trial_identities(records)
    code = code_fingerprint("reconcile/", "records.py", "patterns/reconcile.json")
    by_trial: dict[str, list[int]] = defaultdict(list)
    for index, trial in trials.items():
        by_trial[trial.key].append(index)
    by_document: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        by_document[cell_text(record.get("doc_id"))].append(index)

    def inputs(indices: list[int]) -> list[object]:
        return [(sorted(records[i].items()), trials[i].name if i in trials else None) for i in indices]

    def memoised(
        groups: dict[str, list[int]],
        memo: Memo,
        find: Callable[[list[Row], ReconcileRules], list[Any]],
        kind: type,
    ) -> list[Any]:
        """`find` over each group's rows, taken from `memo` where the group's rows are unchanged."""
        names = columns(kind)

        def found(indices: list[int]) -> str:
            rows = find(rows_of(records, indices, trials, rules), rules)
            return json.dumps([tuple(getattr(r, name) for name in names) for r in rows])

        return [
            kind(*fields)
            for indices in groups.values()
            for fields in json.loads(memo.get(digest(code, inputs(indices)), partial(found, indices)))
        ]

    conflicts: list[Conflict] = memoised(by_trial, trials_memo, trial_conflicts, Conflict)
    conflicts.sort(key=conflict_order)
    findings: list[CheckFinding] = memoised(by_document, documents_memo, document_checks, CheckFinding)
    findings.sort(
        key=lambda f: (f.doc_id, f.char_start if f.char_start is not None else -1, f.check, f.detail)
    )
    return records_frame(conflicts, Conflict), records_frame(findings, CheckFinding)


def check_measurements(measurements: pd.DataFrame) -> pd.DataFrame:
    """checks.csv rows (record `CheckFinding`): each document's numbers checked against themselves."""
    return reconcile_and_check(measurements, Memo(), Memo())[1]

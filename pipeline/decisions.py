"""Reviewers' decisions: what they are, whether the evidence they were made on still holds, and
what they do to the figures.

A decision is kept by its target's stable id and by an `evidence_key`, a hash of the content it was
made on: for a measurement, the file's sha256, the number as written, its sentence and its
attribution (trial, endpoint, CNS flag, measure, arm, population); for a conflict, the keys of its
two sides. On every run each decision is `current` when that content is still there, unchanged, and
`stale` otherwise. Only current decisions act on the figures: a stale one is shown for re-checking,
never applied to evidence nobody has looked at, and never dropped.

What a current decision does: `extraction_error` on a measurement (directly, or on a conflict's side
with `extraction_error_a`/`_b`) leaves that figure out of reconciliation and the checks; with a
correction (JSON of endpoint, arm, population, trial) the figure stays in, corrected, and carries
`review_status` "corrected". The choices `a`, `b`, `both` and `neither` record a verdict only.

`measurement_id` is a hash of the document, the sentence, the number as written and which
occurrence of that number in that sentence it is: it stays the same while the document and the
figure are unchanged, and does not move when text elsewhere in the document does.

Pure functions on records and frames: no store, no web.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from pipeline.errors import TrialsiftError
from pipeline.reconcile import cell_bool, cell_float, cell_text
from pipeline.records import Decision, Measurement

CONFLICT_DECISIONS = ("a", "b", "both", "neither", "extraction_error_a", "extraction_error_b")
MEASUREMENT_DECISIONS = ("extraction_error", "corrected")
DECISIONS = {"conflict": CONFLICT_DECISIONS, "measurement": MEASUREMENT_DECISIONS}
CORRECTABLE_FIELDS = ("trial", "endpoint", "arm", "population", "timepoint")
CURRENT, STALE = "current", "stale"
EXTRACTION_ERROR, CORRECTED = "extraction_error", "corrected"


class DecisionError(TrialsiftError):
    """A decision that cannot be recorded: an unknown target or choice, or a malformed correction."""


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def with_measurement_ids(measurements: Iterable[Measurement]) -> list[Measurement]:
    """The document's figures, each with its `measurement_id`."""
    seen: Counter[tuple[str, str, str]] = Counter()
    identified = []
    for m in measurements:
        key = (m.doc_id, m.evidence, m.value_text or format(m.value, ".12g"))
        identified.append(dataclasses.replace(m, measurement_id=_digest(*key, seen[key])))
        seen[key] += 1
    return identified


def measurement_keys(measurements: pd.DataFrame, file_sha256: dict[str, str]) -> dict[str, str]:
    """measurement_id -> the evidence key of the figure as extracted (before any decision)."""
    keys = {}
    for row in measurements.to_dict(orient="records"):
        measurement_id = cell_text(row.get("measurement_id"))
        if measurement_id:
            keys[measurement_id] = _digest(
                file_sha256.get(cell_text(row.get("doc_id")), ""),
                cell_text(row.get("value_text")) or cell_float(row.get("value")),
                cell_text(row.get("evidence")),
                *(cell_text(row.get(c)) for c in ("trial", "endpoint", "measure", "arm", "population")),
                cell_bool(row.get("cns")),
            )
    return keys


def conflict_key(side_a: str, side_b: str, keys: dict[str, str]) -> str:
    """The evidence key of a conflict between measurements `side_a` and `side_b`; "" when one is gone."""
    if side_a not in keys or side_b not in keys:
        return ""
    return _digest(keys[side_a], keys[side_b])


def evidence_key(decision: Decision, keys: dict[str, str]) -> str:
    """The key the decision's target has now ("" when it is gone)."""
    if decision.target == "measurement":
        return keys.get(decision.id, "")
    side_a, _, side_b = decision.sides.partition("|")
    return conflict_key(side_a, side_b, keys)


def with_states(decisions: Iterable[Decision], keys: dict[str, str]) -> list[Decision]:
    """Each decision with `state` recomputed: current when the content it was made on is unchanged."""
    return [
        dataclasses.replace(
            d, state=CURRENT if d.evidence_key and evidence_key(d, keys) == d.evidence_key else STALE
        )
        for d in decisions
    ]


def parse_correction(text: str, where: str = "correction") -> dict[str, str]:
    """A correction's JSON: an object of CORRECTABLE_FIELDS to strings; "" is no correction."""
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DecisionError(f"{where}: not valid JSON ({exc.msg}): {text[:80]!r}") from exc
    if not isinstance(data, dict):
        raise DecisionError(f'{where}: must be a JSON object such as {{"arm": "..."}}, got {text[:80]!r}')
    unknown = sorted(set(data) - set(CORRECTABLE_FIELDS))
    if unknown:
        raise DecisionError(
            f"{where}: cannot correct {', '.join(unknown)}; correctable fields are "
            + ", ".join(CORRECTABLE_FIELDS)
        )
    if not all(isinstance(v, str) for v in data.values()):
        raise DecisionError(f"{where}: corrected values must be strings")
    return {k: v.strip() for k, v in data.items() if v.strip()}


def correction_json(fields: dict[str, str]) -> str:
    cleaned = {k: v.strip() for k, v in fields.items() if k in CORRECTABLE_FIELDS and v and v.strip()}
    return json.dumps(cleaned, ensure_ascii=False, sort_keys=True) if cleaned else ""


def validate(decision: Decision, where: str = "decision") -> Decision:
    """The decision, or a DecisionError saying what is wrong with it."""
    if decision.target not in DECISIONS:
        raise DecisionError(f"{where}: target must be 'conflict' or 'measurement', not {decision.target!r}")
    if not decision.id.strip():
        raise DecisionError(f"{where}: the {decision.target} id is empty")
    if decision.decision not in DECISIONS[decision.target]:
        raise DecisionError(
            f"{where}: a {decision.target} decision is one of {', '.join(DECISIONS[decision.target])}, "
            f"not {decision.decision!r}"
        )
    correction = parse_correction(decision.correction, where)
    if decision.decision == CORRECTED and not correction:
        raise DecisionError(f'{where}: \'corrected\' needs the corrected fields (e.g. {{"arm": "..."}})')
    if correction and not decision.decision.startswith(EXTRACTION_ERROR) and decision.decision != CORRECTED:
        raise DecisionError(f"{where}: only an extraction error or 'corrected' takes a correction")
    return decision


@dataclass(frozen=True)
class Effect:
    """What current decisions do to one measurement."""

    status: str  # extraction_error, corrected
    correction: dict[str, str]


def effects(decisions: Iterable[Decision]) -> dict[str, Effect]:
    """measurement_id -> the effect of the latest current decision that touches it."""
    touched: dict[str, Effect] = {}
    for d in sorted(decisions, key=lambda d: d.decided_at):
        if d.state != CURRENT:
            continue
        if d.target == "measurement":
            target = d.id
        elif d.decision in ("extraction_error_a", "extraction_error_b"):
            side_a, _, side_b = d.sides.partition("|")
            target = side_a if d.decision.endswith("_a") else side_b
        else:
            continue
        correction = parse_correction(d.correction)
        touched[target] = Effect(CORRECTED if correction else EXTRACTION_ERROR, correction)
    return touched


def apply_effects(measurements: pd.DataFrame, touched: dict[str, Effect]) -> pd.DataFrame:
    """The figures with `review_status` set and corrections written over the extracted fields."""
    reviewed = measurements.copy()
    if "review_status" not in reviewed:
        reviewed["review_status"] = ""
    if reviewed.empty or not touched:
        return reviewed
    ids = reviewed["measurement_id"].astype("string")
    for measurement_id, effect in touched.items():
        rows = ids == measurement_id
        if not rows.any():
            continue
        reviewed.loc[rows, "review_status"] = effect.status
        for name, value in effect.correction.items():
            reviewed.loc[rows, name] = value
        if "trial" in effect.correction and "nct_id" in reviewed:
            reviewed.loc[rows, "nct_id"] = ""  # the registry number was the old trial's
    return reviewed


def included(measurements: pd.DataFrame) -> pd.DataFrame:
    """The figures reconciliation sees: all but those marked as extraction errors."""
    if measurements.empty or "review_status" not in measurements:
        return measurements
    return measurements[measurements["review_status"] != EXTRACTION_ERROR].reset_index(drop=True)


def decision_for_import(row: dict[str, object], where: str) -> Decision:
    """A decisions.csv row as a Decision (state left for recomputation)."""
    missing = [c for c in ("target", "id", "decision") if not cell_text(row.get(c))]
    if missing:
        raise DecisionError(f"{where}: no {', '.join(missing)}")
    decision = Decision(
        target=cell_text(row.get("target")).lower(),
        id=cell_text(row.get("id")),
        decision=cell_text(row.get("decision")).lower(),
        correction=cell_text(row.get("correction")),
        note=cell_text(row.get("note")),
        reviewer=cell_text(row.get("reviewer")),
        decided_at=cell_text(row.get("decided_at")),
        state="",
        evidence_key=cell_text(row.get("evidence_key")),
        sides=cell_text(row.get("sides")),
    )
    return validate(decision, where)

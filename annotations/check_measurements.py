#!/usr/bin/env python3
"""Verify the hand-made gold annotations in annotations/measurements.jsonl and conflicts.json.

Run from anywhere:  python annotations/check_measurements.py
Exits 1 when any record or conflict entry breaks a rule (see annotations/MEASUREMENTS.md);
prints counts per document, endpoint and measure. Internal-consistency observations
(point estimate outside its CI, ...) are printed as warnings and do not fail the run:
the gold copies what the documents print, including their inconsistencies.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT / "corpus"
MEASUREMENTS = HERE / "measurements.jsonl"
CONFLICTS = HERE / "conflicts.json"

FIELDS: list[str] = [
    "doc_id",
    "start",
    "end",
    "text",
    "trial",
    "nct_id",
    "endpoint",
    "cns",
    "measure",
    "arm",
    "arm_text",
    "population",
    "value",
    "unit",
    "ci_low",
    "ci_high",
    "ci_level",
    "p_value",
    "n",
    "analysis",
    "comparison",
    "note",
]
ENDPOINTS: set[str] = {
    "ORR",
    "PFS",
    "OS",
    "DOR",
    "CBR",
    "DCR",
    "TTP",
    "TTF",  # standard
    "PFS2",  # time to second progression
    "TTBM",  # time to brain metastasis
    "TTRT",  # time to (whole-brain) radiotherapy
    "RECURRENCE",  # CNS recurrence incidence
    "INTERVENTION",  # intervention for symptomatic CNS disease
    "CR",
    "PR",
    "SD",
    "PD",  # best-response categories
}
MEASURE_UNITS: dict[str, set[str]] = {
    "rate": {"%"},
    "landmark_rate": {"%"},
    "relative_reduction": {"%"},
    "median": {"months", "years"},
    "difference": {"months"},
    "duration": {"months"},
    "hazard_ratio": {"ratio"},
    "risk_ratio": {"ratio"},
    "odds_ratio": {"ratio"},
    "count": {"patients"},
}
RATIO_MEASURES = {"hazard_ratio", "risk_ratio", "odds_ratio"}
POPULATIONS: set[str] = {
    "",
    "brain metastases",
    "active brain metastases",
    "stable brain metastases",
    "untreated brain metastases",
    "progressing brain metastases",
    "leptomeningeal disease",
    "cohort A",
    "cohort B",
    "cohort 1",
    "cohort 2",
    "cohort 3",
    "cohort 3A",
    "cohort 3B",
    "cohorts 1-3",
    "case patient",
    "isolated CNS progression",
    "long responders",
}
ANALYSES: set[str] = {"", "primary", "updated", "final", "exploratory", "pooled", "meta-analysis"}
CONFLICT_KINDS: set[str] = {"value_conflict", "likely_different_analysis", "arm_swap", "self_contradiction"}
NON_CONFLICT_REASONS: set[str] = {
    "same value written differently",
    "rounding",
    "different population",
    "different arm",
    "different endpoint",
    "different study",
}
NCT_RE = re.compile(r"^NCT\d{8}$")
P_RE = re.compile(r"^[<>]?(0|1)(\.\d+)?$")
ARM_RE = re.compile(r"^[a-z0-9'±\- ]+( \+ [a-z0-9'±\- ]+)*$")


def parse_number(span: str) -> float:
    """Read a printed number: middle dot as decimal point, unicode minus as '-'."""
    return float(span.replace("\u00b7", ".").replace("\u2212", "-"))


def is_num(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def check_record(
    i: int, r: dict[str, Any], texts: dict[str, str], errors: list[str], warnings: list[str]
) -> None:
    where = f"line {i}"
    if list(r) != FIELDS:
        missing = set(FIELDS) - set(r)
        extra = set(r) - set(FIELDS)
        errors.append(
            f"{where}: fields differ from contract "
            f"(missing {sorted(missing)}, extra {sorted(extra)}, or order)"
        )
        return
    doc = r["doc_id"]
    where = f"line {i} ({doc}:{r['start']})"
    if doc not in texts:
        errors.append(f"{where}: unknown doc_id")
        return
    text = texts[doc]
    s, e = r["start"], r["end"]
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
        errors.append(f"{where}: bad offsets {s}..{e}")
        return
    if text[s:e] != r["text"]:
        errors.append(f"{where}: span {text[s:e]!r} != text {r['text']!r}")
    # the span is the whole number, not a piece of a longer one
    if s > 0 and (text[s - 1].isdigit() or (text[s - 1] in ".\u00b7" and s > 1 and text[s - 2].isdigit())):
        errors.append(f"{where}: span starts inside a number")
    continues_number = e + 1 < len(text) and text[e] in ".\u00b7" and text[e + 1].isdigit()
    if e < len(text) and (text[e].isdigit() or continues_number):
        errors.append(f"{where}: span ends inside a number")
    try:
        num = parse_number(r["text"])
    except ValueError:
        errors.append(f"{where}: span {r['text']!r} is not a number")
        return
    if not is_num(r["value"]) or not math.isclose(float(r["value"]), num, rel_tol=0, abs_tol=1e-9):
        errors.append(f"{where}: value {r['value']!r} != span read as number {num}")
    if r["endpoint"] not in ENDPOINTS:
        errors.append(f"{where}: endpoint {r['endpoint']!r} not allowed")
    if not isinstance(r["cns"], bool):
        errors.append(f"{where}: cns must be a boolean")
    m = r["measure"]
    if m not in MEASURE_UNITS:
        errors.append(f"{where}: measure {m!r} not allowed")
    elif r["unit"] not in MEASURE_UNITS[m]:
        errors.append(f"{where}: unit {r['unit']!r} does not fit measure {m!r}")
    if m == "count" and not float(r["value"]).is_integer():
        errors.append(f"{where}: count is not an integer")
    if m in RATIO_MEASURES:
        if r["arm"] != "":
            errors.append(f"{where}: ratio record must have an empty arm")
        if not r["comparison"]:
            errors.append(f"{where}: ratio record needs a comparison")
    if r["arm"] and not ARM_RE.match(r["arm"]):
        errors.append(f"{where}: arm {r['arm']!r} is not lower-case names joined by ' + '")
    if r["arm"] and not r["arm_text"]:
        errors.append(f"{where}: arm without arm_text")
    if r["comparison"] and " vs " not in r["comparison"]:
        errors.append(f"{where}: comparison must read 'A vs B'")
    if r["population"] not in POPULATIONS:
        errors.append(f"{where}: population {r['population']!r} not in the vocabulary")
    if r["population"] == "case patient" and (r["trial"] or m != "duration"):
        errors.append(f"{where}: case-patient values have an empty trial and measure 'duration'")
    if m == "duration" and r["population"] != "case patient":
        errors.append(f"{where}: measure 'duration' is reserved for case-patient values")
    if r["analysis"] not in ANALYSES:
        errors.append(f"{where}: analysis {r['analysis']!r} not allowed")
    if r["nct_id"] and not NCT_RE.match(r["nct_id"]):
        errors.append(f"{where}: nct_id {r['nct_id']!r} malformed")
    if r["nct_id"] and r["nct_id"] not in text:
        errors.append(f"{where}: nct_id {r['nct_id']!r} is not stated in the document")
    if r["trial"].startswith("NCT") and r["trial"] != r["nct_id"]:
        errors.append(f"{where}: trial given as NCT number but nct_id differs")
    for key in ("ci_low", "ci_high"):
        if r[key] != "" and not is_num(r[key]):
            errors.append(f"{where}: {key} must be a number or ''")
    if r["ci_level"] != "" and r["ci_level"] not in (80, 90, 95, 99):
        errors.append(f"{where}: ci_level {r['ci_level']!r} not allowed")
    if r["ci_level"] != "" and r["ci_low"] == "" and r["ci_high"] == "":
        errors.append(f"{where}: ci_level without CI bounds")
    if r["p_value"] != "" and not P_RE.match(r["p_value"]):
        errors.append(f"{where}: p_value {r['p_value']!r} not normalised")
    if r["n"] != "" and not (isinstance(r["n"], int) and not isinstance(r["n"], bool) and r["n"] > 0):
        errors.append(f"{where}: n must be a positive integer or ''")
    for key in ("trial", "arm_text", "comparison", "note"):
        if not isinstance(r[key], str):
            errors.append(f"{where}: {key} must be a string")
    # internal-consistency observations (warnings)
    lo, hi = r["ci_low"], r["ci_high"]
    if is_num(lo) and is_num(hi) and lo > hi:
        warnings.append(f"{where}: ci_low > ci_high")
    if (is_num(lo) and float(r["value"]) < lo) or (is_num(hi) and float(r["value"]) > hi):
        warnings.append(f"{where}: value {r['value']} outside its CI {lo}-{hi}")
    if m in RATIO_MEASURES and is_num(lo) and is_num(hi) and r["p_value"]:
        excludes_one = hi < 1 or lo > 1
        p = r["p_value"]
        p_small = p.startswith("<") or float(p.lstrip("<>")) < 0.05
        if excludes_one != p_small:
            warnings.append(f"{where}: CI {lo}-{hi} and p {p} disagree on significance")


def check_conflicts(records: list[dict[str, Any]], errors: list[str]) -> Counter[str]:
    index = {(r["doc_id"], r["start"]): r for r in records}
    data = json.loads(CONFLICTS.read_text(encoding="utf-8"))
    counts: Counter[str] = Counter()
    for key in ("expected_conflicts", "expected_non_conflicts"):
        if key not in data:
            errors.append(f"conflicts.json: missing key {key}")
            continue
        for j, e in enumerate(data[key]):
            where = f"conflicts.json {key}[{j}]"
            if key == "expected_conflicts":
                if e.get("kind") not in CONFLICT_KINDS:
                    errors.append(f"{where}: kind {e.get('kind')!r} not allowed")
                counts[e.get("kind", "?")] += 1
            else:
                if e.get("reason") not in NON_CONFLICT_REASONS:
                    errors.append(f"{where}: reason {e.get('reason')!r} not allowed")
                counts["non-conflict: " + str(e.get("reason"))] += 1
            for f in ("trial", "endpoint", "cns", "measure", "arm", "population"):
                if f not in e:
                    errors.append(f"{where}: missing {f}")
            for side in ("side_a", "side_b"):
                sd = e.get(side, {})
                rec = index.get((sd.get("doc_id"), sd.get("start")))
                if rec is None:
                    errors.append(f"{where}: {side} does not point at a record")
                elif rec["value"] != sd.get("value"):
                    errors.append(f"{where}: {side} value {sd.get('value')} != record value {rec['value']}")
    for j, e in enumerate(data.get("expected_internal_inconsistencies", [])):
        if (e.get("doc_id"), e.get("start")) not in index:
            errors.append(f"conflicts.json expected_internal_inconsistencies[{j}] does not point at a record")
    return counts


def main() -> int:
    texts: dict[str, str] = {}
    for path in sorted(CORPUS.glob("*.txt")):
        with open(path, encoding="utf-8", newline="") as fh:  # offsets are on the text read exactly like this
            texts[path.stem] = fh.read()
    errors: list[str] = []
    warnings: list[str] = []
    records: list[dict[str, Any]] = []
    for i, line in enumerate(MEASUREMENTS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {i}: invalid JSON ({exc})")
            continue
        check_record(i, r, texts, errors, warnings)
        records.append(r)
    keys = [(r.get("doc_id", ""), r.get("start", -1)) for r in records]
    if keys != sorted(keys):
        errors.append("records are not in document order (doc_id, start)")
    for a, b in itertools.pairwise(records):
        if a.get("doc_id") == b.get("doc_id") and b.get("start", 0) < a.get("end", 0):
            errors.append(f"{b.get('doc_id')}:{b.get('start')}: span overlaps the previous record")
    conflict_counts = check_conflicts(records, errors) if CONFLICTS.exists() else Counter()
    if not CONFLICTS.exists():
        errors.append("conflicts.json missing")

    def show(title: str, counter: Counter[str]) -> None:
        print(f"\n{title}")
        for k, v in sorted(counter.items()):
            print(f"  {k:<40} {v:>4}")

    print(f"{len(records)} records in {MEASUREMENTS.relative_to(ROOT)}")
    show("per document", Counter(r["doc_id"] for r in records))
    show("per endpoint (cns)", Counter(f"{r['endpoint']}{' (CNS)' if r['cns'] else ''}" for r in records))
    show("per measure", Counter(r["measure"] for r in records))
    show("conflicts.json", conflict_counts)
    for w in warnings:
        print(f"warning: {w}")
    for err in errors:
        print(f"ERROR: {err}", file=sys.stderr)
    print(f"\n{len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

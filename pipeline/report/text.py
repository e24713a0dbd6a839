"""What both reports share: the reviewers' notes (`ReviewNotes`), the titles of conflict kinds and
decisions, the order conflicts are shown in, and in words a conflict's key, its sides' values and
places, a figure in one line, and a document's sentence escaped for HTML or Markdown with its number
highlighted."""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from pipeline.reconcile import cell_bool, cell_float, cell_int, cell_text, find_value_in_evidence
from pipeline.records import Decision

KIND_ORDER = (
    "value_conflict",
    "self_contradiction",
    "arm_swap",
    "likely_different_analysis",
    "possible_conflict_unknown_population",
    "possible_conflict_unknown_arm",
)


KIND_TITLES = {
    "value_conflict": "Value conflict",
    "self_contradiction": "Self-contradiction",
    "arm_swap": "Arms swapped",
    "likely_different_analysis": "Likely a different analysis",
    "possible_conflict_unknown_population": "Possible conflict (population unknown)",
    "possible_conflict_unknown_arm": "Possible conflict (arm unknown)",
}


SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


DECISION_TITLES = {
    "a": "side A is right",
    "b": "side B is right",
    "both": "both are right (different analysis, cut-off or population)",
    "neither": "neither is right",
    "extraction_error_a": "extraction error on side A",
    "extraction_error_b": "extraction error on side B",
    "extraction_error": "extraction error",
    "corrected": "corrected",
}


@dataclass(frozen=True)
class ReviewNotes:
    """What reviewers decided and what changed since the previous run (pipeline/review.py)."""

    decisions: list[Decision] = field(default_factory=list)
    new_conflicts: set[str] = field(default_factory=set)
    gone_conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)
    previous_run: bool = False
    titles: dict[str, str] = field(default_factory=dict)  # doc_id -> title
    measurements: dict[str, dict[str, Any]] = field(default_factory=dict)  # measurement_id -> row

    def conflict_decision(self, conflict_id: str) -> Decision | None:
        return next((d for d in self.decisions if d.target == "conflict" and d.id == conflict_id), None)


def number_text(value: float | None) -> str:
    return "" if value is None else format(value, ".6g")


def escaped(text: object) -> str:
    return html.escape(cell_text(text), quote=True)


def slug(text: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"
    return f"{base[:40]}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:6]}"


def records(frame: pd.DataFrame | None) -> list[dict[str, Any]]:
    return [] if frame is None or frame.empty else frame.to_dict(orient="records")


def highlight_html(evidence: str, value_text: str) -> str:
    """The sentence, escaped, with the first whole-number occurrence of the value in <mark>."""
    span = find_value_in_evidence(evidence, value_text)
    if span is None:
        return html.escape(evidence)
    start, end = span
    return (
        html.escape(evidence[:start])
        + "<mark>"
        + html.escape(evidence[start:end])
        + "</mark>"
        + html.escape(evidence[end:])
    )


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|<>~$])")


def md_escape(text: str) -> str:
    """Literal text in Markdown: no emphasis, links, tables or raw HTML from a document."""
    # Whitespace runs (a line break inside a sentence) become one space, but the ends are kept:
    # the pieces around a highlighted number are escaped separately.
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def highlight_md(evidence: str, value_text: str) -> str:
    span = find_value_in_evidence(evidence, value_text)
    if span is None:
        return md_escape(evidence)
    start, end = span
    return f"{md_escape(evidence[:start])}**{md_escape(evidence[start:end])}**{md_escape(evidence[end:])}"


def ci_text(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return ""
    return f"{number_text(low) or '?'}–{number_text(high) or 'NR'}"


def differs(conflict: dict[str, Any], column: str) -> bool:
    """Side B's population/arm differs from the key's (side A's): a cross-population kind."""
    return column + "_b" in conflict and cell_text(conflict.get(column + "_b")) != cell_text(
        conflict.get(column)
    )


def measure_text(row: dict[str, Any]) -> str:
    """The measure in words, with a landmark rate's time point: "landmark rate at 5 years"."""
    measure = cell_text(row.get("measure")).replace("_", " ")
    timepoint = cell_text(row.get("timepoint"))
    return f"{measure} at {timepoint}" if timepoint else measure


def key_text(conflict: dict[str, Any]) -> str:
    """What the two sides of a conflict share, in one line: endpoint · measure · arm · population."""
    endpoint = ("CNS " if cell_bool(conflict.get("cns")) else "") + cell_text(conflict.get("endpoint"))
    parts = [endpoint, measure_text(conflict)]
    arm = cell_text(conflict.get("arm")) or cell_text(conflict.get("comparison_a"))
    if arm:
        parts.append(arm)
    population = cell_text(conflict.get("population")) or "whole trial population"
    if differs(conflict, "population"):
        population = f"{population} / {cell_text(conflict.get('population_b')) or 'whole trial population'}"
    parts.append(population)
    return " · ".join(p for p in parts if p)


def location_text(conflict: dict[str, Any], side: str) -> str:
    bits = []
    if cell_text(conflict.get(f"section_{side}")):
        bits.append(f"section “{cell_text(conflict.get(f'section_{side}'))}”")
    page = cell_int(conflict.get(f"page_{side}"))
    if page is not None:
        bits.append(f"page {page}")
    start = cell_int(conflict.get(f"char_start_{side}"))
    if start is not None:
        bits.append(f"offset {start}")
    return ", ".join(bits)


def side_value_text(conflict: dict[str, Any], side: str) -> str:
    return cell_text(conflict.get(f"value_text_{side}")) or number_text(
        cell_float(conflict.get(f"value_{side}"))
    )


def sorted_conflicts(conflicts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(
        conflicts,
        key=lambda c: (
            SEVERITY_RANK.get(cell_text(c.get("severity_label")), 3),
            -(cell_float(c.get("severity")) or 0),
            cell_text(c.get("endpoint")),
            cell_text(c.get("doc_id_a")),
            cell_int(c.get("char_start_a")) or 0,
            cell_text(c.get("doc_id_b")),
            cell_int(c.get("char_start_b")) or 0,
            cell_text(c.get("conflict_id")),
        ),
    )


def kind_counts(conflicts: list[dict[str, Any]]) -> list[tuple[str, int]]:
    counts = Counter(cell_text(c.get("kind")) for c in conflicts)
    ordered = [k for k in KIND_ORDER if k in counts] + sorted(k for k in counts if k not in KIND_ORDER)
    return [(k, counts[k]) for k in ordered]


def conflicts_by_trial(conflicts: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by_trial: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for conflict in conflicts:
        by_trial[cell_text(conflict.get("trial"))].append(conflict)
    return by_trial


def error_count(checks: list[dict[str, Any]]) -> int:
    """The internal-check findings at level "error"."""
    return sum(1 for c in checks if cell_text(c.get("level")) == "error")


def gone_text(summary: dict[str, Any]) -> str:
    """A conflict of the previous run that is no longer raised, in one line."""
    return (
        f"{cell_text(summary.get('trial'))} · {key_text(summary)}: "
        f"{cell_text(summary.get('value_text_a'))} ({cell_text(summary.get('doc_id_a'))}) vs "
        f"{cell_text(summary.get('value_text_b'))} ({cell_text(summary.get('doc_id_b'))})"
    )


def measurement_text(row: dict[str, Any]) -> str:
    """A figure in one line: trial, endpoint, arm, value, document."""
    endpoint = ("CNS " if cell_bool(row.get("cns")) else "") + cell_text(row.get("endpoint"))
    bits = [cell_text(row.get("trial")), endpoint, measure_text(row)]
    bits += [cell_text(row.get("arm")), cell_text(row.get("population"))]
    value = cell_text(row.get("value_text")) or number_text(cell_float(row.get("value")))
    return f"{' · '.join(b for b in bits if b)} = {value} ({cell_text(row.get('doc_id'))})"

"""report.md: the conflicts, the decisions on them and the internal checks in Markdown, for pasting
into a review."""

from __future__ import annotations

from typing import Any

import pandas as pd

from pipeline.reconcile import cell_float, cell_text, trial_names
from pipeline.report.text import (
    DECISION_TITLES,
    KIND_TITLES,
    ReviewNotes,
    ci_text,
    conflicts_by_trial,
    error_count,
    gone_text,
    highlight_md,
    key_text,
    kind_counts,
    location_text,
    md_escape,
    number_text,
    records,
    side_value_text,
    sorted_conflicts,
)


def _md_side(conflict: dict[str, Any], side: str) -> str:
    value_text = side_value_text(conflict, side)
    ci = ci_text(cell_float(conflict.get(f"ci_low_{side}")), cell_float(conflict.get(f"ci_high_{side}")))
    facts = [f"**{md_escape(value_text)}**"]
    if ci:
        facts.append(f"(CI {md_escape(ci)})")
    facts.append(f"— {md_escape(cell_text(conflict.get(f'doc_id_{side}')))}")
    location = location_text(conflict, side)
    if location:
        facts.append(f"({md_escape(location)})")
    evidence = cell_text(conflict.get(f"evidence_{side}"))
    quote = highlight_md(evidence, value_text) if evidence else "_no sentence_"
    return f"  - {side.upper()}: {' '.join(facts)}\n    > {quote}"


def render_markdown(
    measurements: pd.DataFrame,
    conflicts: pd.DataFrame,
    checks: pd.DataFrame,
    documents: int,
    review: ReviewNotes | None = None,
) -> str:
    notes = review or ReviewNotes()
    conflict_rows = records(conflicts)
    check_rows = records(checks)
    trials = set(trial_names(measurements)) - {""}
    lines = [
        "# trialsift report",
        "",
        "## Summary",
        "",
        f"- Documents: {documents}",
        f"- Trials: {len(trials | {cell_text(c.get('trial')) for c in conflict_rows})}",
        f"- Measurements: {len(measurements)}",
        f"- Conflicts: {len(conflict_rows)}",
    ]
    lines += [
        f"  - {KIND_TITLES.get(kind, kind)} (`{kind}`): {count}" for kind, count in kind_counts(conflict_rows)
    ]
    errors = error_count(check_rows)
    lines += [f"- Internal check findings: {len(check_rows)} ({errors} errors)", "", "## Conflicts", ""]
    by_trial = conflicts_by_trial(conflict_rows)
    if not conflict_rows:
        lines += ["No conflicts found.", ""]
    for trial in sorted(by_trial, key=str.lower):
        lines += [f"### {md_escape(trial)}", ""]
        for conflict in sorted_conflicts(by_trial[trial]):
            score = cell_float(conflict.get("severity"))
            severity = f"{cell_text(conflict.get('severity_label'))} {score:.2f}" if score is not None else ""
            kind = cell_text(conflict.get("kind"))
            conflict_id = cell_text(conflict.get("conflict_id"))
            new = " — **new**" if conflict_id in notes.new_conflicts else ""
            lines.append(
                f"- **{KIND_TITLES.get(kind, kind)}** ({severity}){new} —"
                f" {md_escape(key_text(conflict))} — id `{conflict_id}`"
            )
            decision = notes.conflict_decision(conflict_id)
            if decision:
                stale = " — **stale, re-check**" if decision.state == "stale" else ""
                lines.append(
                    f"  - Decided: {DECISION_TITLES.get(decision.decision, decision.decision)}"
                    f" ({md_escape(decision.reviewer)}, {decision.decided_at}){stale}"
                    + (f": {md_escape(decision.note)}" if decision.note else "")
                )
            lines.append(_md_side(conflict, "a"))
            lines.append(_md_side(conflict, "b"))
            if cell_text(conflict.get("note")):
                lines.append(f"  - Note: {md_escape(cell_text(conflict.get('note')))}")
        lines.append("")
    if notes.previous_run and notes.gone_conflicts:
        lines += ["## No longer raised since the previous run", ""]
        lines += [f"- {md_escape(gone_text(s))}" for s in notes.gone_conflicts.values()]
        lines.append("")
    lines += ["## Internal checks", ""]
    if not check_rows:
        lines.append("No internal inconsistencies found.")
    for finding in check_rows:
        lines.append(
            f"- {md_escape(cell_text(finding.get('doc_id')))} — {cell_text(finding.get('level'))}"
            f" `{cell_text(finding.get('check'))}`: {md_escape(cell_text(finding.get('detail')))}"
        )
        if cell_text(finding.get("evidence")):
            value_text = cell_text(finding.get("value_text")) or number_text(cell_float(finding.get("value")))
            lines.append(f"  > {highlight_md(cell_text(finding.get('evidence')), value_text)}")
    return "\n".join(lines).rstrip() + "\n"

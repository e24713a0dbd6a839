"""report.html: the summary, the review notes, a section per trial (its conflicts side by side,
then its forest plots) and the internal checks, in one self-contained page."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any

import pandas as pd

from pipeline.memo import Memo
from pipeline.reconcile import cell_bool, cell_float, cell_text, load_rules, trial_names
from pipeline.records import Decision
from pipeline.report.forest import conflict_points, plots_html
from pipeline.report.text import (
    DECISION_TITLES,
    KIND_TITLES,
    SEVERITY_RANK,
    ReviewNotes,
    ci_text,
    conflicts_by_trial,
    differs,
    error_count,
    escaped,
    gone_text,
    highlight_html,
    key_text,
    kind_counts,
    location_text,
    measurement_text,
    number_text,
    records,
    side_value_text,
    slug,
    sorted_conflicts,
)

CSS = """
:root { --ink:#1d2329; --muted:#5d6873; --line:#d9dee3; --bg:#f6f7f9; --card:#fff; --accent:#1f5fa8;
  --high:#c62828; --medium:#d9822b; --low:#6b7f8f; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color:var(--ink); background:var(--bg); }
main { max-width: 1120px; margin: 0 auto; padding: 24px 20px 60px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 21px; margin: 36px 0 12px; }
h3 { font-size: 17px; margin: 22px 0 10px; }
.sub { color: var(--muted); margin: 0 0 18px; }
.stats { display:grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; }
.stat { background: var(--card); border:1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.stat b { display:block; font-size: 26px; } .stat span { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; background: var(--card); }
th, td { text-align:left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 13px; color: var(--muted); font-weight: 600; }
.toc { columns: 2 260px; padding-left: 18px; }
section.trial { background: var(--card); border:1px solid var(--line); border-radius: 10px;
  padding: 4px 20px 18px; margin: 22px 0; }
section.trial > h2 { margin-top: 16px; }
.conflict { border:1px solid var(--line); border-left: 5px solid var(--low); border-radius: 8px;
  margin: 14px 0; padding: 10px 14px; background: #fcfcfd; }
.conflict.high { border-left-color: var(--high); } .conflict.medium { border-left-color: var(--medium); }
.conflict header { display:flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
.badge { display:inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 10px;
  background: #e8eef5; color: var(--accent); }
.sev { color:#fff; background: var(--low); } .sev.high { background: var(--high); }
.sev.medium { background: var(--medium); }
.key { font-weight: 600; }
.sides { display:grid; grid-template-columns: 1fr 1fr; gap: 14px; margin-top: 8px; }
.side { background: var(--card); border:1px solid var(--line); border-radius: 6px; padding: 8px 12px;
  min-width: 0; }
.side .value { font-size: 22px; font-weight: 700; }
.side .meta { color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
blockquote { margin: 8px 0 0; padding: 6px 10px; border-left: 3px solid var(--line); background: var(--bg);
  font-size: 14px; overflow-wrap: anywhere; }
mark { background: #ffe27a; padding: 0 2px; border-radius: 2px; font-weight: 600; }
.note { color: var(--muted); font-size: 13px; margin-top: 8px; }
figure { margin: 14px 0; overflow-x: auto; } figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 13px; }
details > summary { cursor: pointer; font-weight: 600; margin: 8px 0; }
.legend span { display:inline-block; margin-right: 14px; font-size: 13px; }
.legend i { display:inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 5px; }
.error { color: var(--high); font-weight: 600; } .warning { color: var(--medium); font-weight: 600; }
.badge.new { background: #e3f4e6; color: #1b6b2b; } .badge.stale { background: #fdecea; color: var(--high); }
.badge.review { background: #fdecea; color: var(--high); }
.decision { margin-top: 8px; padding: 6px 10px; border-radius: 6px; background: #eef5ee; font-size: 14px; }
.decision.stale { background: #fdecea; }
.file { color: var(--muted); font-size: 12px; }
@media (max-width: 760px) { .sides { grid-template-columns: 1fr; } }
"""


def document_label(doc_id: str, titles: dict[str, str]) -> str:
    """A document by its title, with the file name beside it."""
    title = titles.get(doc_id, "")
    if title:
        return f'<b>{escaped(title)}</b> <span class="file">{escaped(doc_id)}</span>'
    return f"document <b>{escaped(doc_id)}</b>"


def _status_html(conflict: dict[str, Any], side: str, notes: ReviewNotes) -> str:
    row = notes.measurements.get(cell_text(conflict.get(f"measurement_id_{side}")), {})
    status = cell_text(row.get("review_status"))
    return f' <span class="badge review">{escaped(status.replace("_", " "))}</span>' if status else ""


def decision_html(decision: Decision) -> str:
    """A decision as a reviewer reads it: what, who, when, why, and whether it still holds."""
    correction = cell_text(decision.correction)
    fixes = ""
    if correction:
        try:
            fields = json.loads(correction)
            fixes = "; corrected " + ", ".join(f"{escaped(k)} → “{escaped(v)}”" for k, v in fields.items())
        except ValueError:
            fixes = f"; correction {escaped(correction)}"
    stale = (
        ' <span class="badge stale">stale, re-check: the evidence changed since</span>'
        if decision.state == "stale"
        else ""
    )
    by = f" by {escaped(decision.reviewer)}" if decision.reviewer else ""
    note = f"<div>“{escaped(decision.note)}”</div>" if decision.note else ""
    return (
        f'<div class="decision {escaped(decision.state)}"><b>Decided:</b> '
        f"{escaped(DECISION_TITLES.get(decision.decision, decision.decision))}{fixes}{by}, "
        f"{escaped(decision.decided_at)}{stale}{note}</div>"
    )


def _side_html(conflict: dict[str, Any], side: str, notes: ReviewNotes) -> str:
    value_text = side_value_text(conflict, side)
    ci = ci_text(cell_float(conflict.get(f"ci_low_{side}")), cell_float(conflict.get(f"ci_high_{side}")))
    facts = []
    if ci:
        facts.append(f"CI {escaped(ci)}")
    if cell_text(conflict.get(f"p_value_{side}")):
        facts.append(f"P {escaped(conflict.get(f'p_value_{side}'))}")
    if cell_text(conflict.get(f"analysis_{side}")):
        facts.append(f"analysis: {escaped(conflict.get(f'analysis_{side}'))}")
    suffix = "_b" if side == "b" else ""
    if differs(conflict, "population"):
        population = cell_text(conflict.get("population" + suffix)) or "whole trial population"
        facts.append(f"population: {escaped(population)}")
    if differs(conflict, "arm"):
        facts.append(f"arm: {escaped(cell_text(conflict.get('arm' + suffix)) or 'not stated')}")
    comparison = cell_text(conflict.get(f"comparison_{side}"))
    if comparison and cell_text(conflict.get("measure")) in load_rules().comparative_measures:
        facts.append(f"compares {escaped(comparison)}")
    location = location_text(conflict, side)
    evidence = cell_text(conflict.get(f"evidence_{side}"))
    quote = highlight_html(evidence, value_text) if evidence else "<i>no sentence</i>"
    return (
        f'<div class="side"><div class="value">{escaped(value_text)}</div>'
        f'<div class="meta">{" · ".join(f for f in facts if f)}</div>'
        f'<div class="meta">{document_label(cell_text(conflict.get(f"doc_id_{side}")), notes.titles)}'
        f"{(' — ' + escaped(location)) if location else ''}{_status_html(conflict, side, notes)}</div>"
        f"<blockquote>{quote}</blockquote></div>"
    )


def _conflict_html(conflict: dict[str, Any], notes: ReviewNotes) -> str:
    kind = cell_text(conflict.get("kind"))
    label = cell_text(conflict.get("severity_label"))
    score = cell_float(conflict.get("severity"))
    severity = f"{label} {score:.2f}" if score is not None else label
    css = label if label in SEVERITY_RANK else ""
    note = cell_text(conflict.get("note"))
    conflict_id = cell_text(conflict.get("conflict_id"))
    decision = notes.conflict_decision(conflict_id)
    new = (
        '<span class="badge new">new since the previous run</span>'
        if conflict_id in notes.new_conflicts
        else ""
    )
    return (
        f'<article class="conflict {css}" id="c-{escaped(conflict_id)}">'
        f'<header><span class="badge">{escaped(KIND_TITLES.get(kind, kind))}</span>'
        f'<span class="badge sev {css}">{escaped(severity)}</span>{new}'
        f'<span class="key">{escaped(key_text(conflict))}</span></header>'
        f'<div class="sides">{_side_html(conflict, "a", notes)}{_side_html(conflict, "b", notes)}</div>'
        + (f'<div class="note">{escaped(note)}</div>' if note else "")
        + (decision_html(decision) if decision else "")
        + f'<div class="note">conflict id {escaped(conflict_id)}</div></article>'
    )


def _review_html(notes: ReviewNotes, conflict_rows: list[dict[str, Any]]) -> str:
    """What is new since the previous run, what went away, and every decision (stale ones first)."""
    if notes.previous_run:
        gone = "".join(f"<li>{escaped(gone_text(s))}</li>" for s in notes.gone_conflicts.values())
        changes = (
            f"<p>{len(notes.new_conflicts)} conflict(s) new since the previous run (marked “new”); "
            f"{len(notes.gone_conflicts)} no longer raised{':' if gone else '.'}</p>"
            + (f'<ul class="gone">{gone}</ul>' if gone else "")
        )
    else:
        changes = "<p>This is the first run: there is no previous run to compare with.</p>"
    described = {cell_text(c.get("conflict_id")): key_text(c) for c in conflict_rows}
    rows = []
    for decision in sorted(notes.decisions, key=lambda d: (d.state != "stale", d.decided_at)):
        if decision.target == "measurement":
            what = measurement_text(
                notes.measurements.get(decision.id, {"doc_id": "figure no longer extracted"})
            )
        else:
            what = described.get(decision.id) or "conflict no longer raised"
        rows.append(
            f"<tr><td>{escaped(decision.target)} <code>{escaped(decision.id)}</code></td>"
            f"<td>{escaped(what)}</td>"
            f"<td>{decision_html(decision)}</td></tr>"
        )
    table = (
        "<table><thead><tr><th>decided on</th><th>what</th><th>decision</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        if rows
        else "<p>No decisions yet (<code>trialsift review</code> records them).</p>"
    )
    stale = sum(1 for d in notes.decisions if d.state == "stale")
    return (
        '<section id="review"><h2>Review</h2><h3>Since the previous run</h3>'
        f"{changes}<h3>Reviewers' decisions ({len(notes.decisions)}, {stale} stale)</h3>{table}</section>"
    )


def _checks_html(checks: list[dict[str, Any]]) -> str:
    if not checks:
        return "<p>No internal inconsistencies found.</p>"
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for finding in checks:
        by_doc[cell_text(finding.get("doc_id"))].append(finding)
    parts = []
    for doc in sorted(by_doc):
        rows = []
        for finding in by_doc[doc]:
            level = cell_text(finding.get("level"))
            value_text = cell_text(finding.get("value_text")) or number_text(cell_float(finding.get("value")))
            what = " · ".join(
                x
                for x in (
                    cell_text(finding.get("trial")),
                    ("CNS " if cell_bool(finding.get("cns")) else "") + cell_text(finding.get("endpoint")),
                    cell_text(finding.get("measure")).replace("_", " "),
                )
                if x.strip()
            )
            rows.append(
                f'<tr><td class="{escaped(level)}">{escaped(level)}</td>'
                f"<td>{escaped(finding.get('check'))}</td>"
                f"<td>{escaped(what)}</td><td>{escaped(finding.get('detail'))}"
                f"<blockquote>{highlight_html(cell_text(finding.get('evidence')), value_text)}</blockquote>"
                "</td></tr>"
            )
        parts.append(
            f"<h3>{escaped(doc)}</h3><table><thead><tr><th>level</th><th>check</th><th>figure</th>"
            f"<th>what is off</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    return "".join(parts)


def _trial_groups(measurements: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    names = trial_names(measurements) if not measurements.empty else []
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for name, row in zip(names, records(measurements), strict=True):
        if name:
            groups[name].append(row)
    return groups


def render_html(
    measurements: pd.DataFrame,
    conflicts: pd.DataFrame,
    checks: pd.DataFrame,
    documents: int,
    review: ReviewNotes | None = None,
    figures: Memo | None = None,
) -> str:
    """`figures`: the plots of an earlier run, by the digest of what they draw (pipeline.memo)."""
    notes = review or ReviewNotes()
    figures = figures if figures is not None else Memo()
    conflict_rows = records(conflicts)
    check_rows = records(checks)
    groups = _trial_groups(measurements)
    in_conflict = conflict_points(conflict_rows)
    by_trial = conflicts_by_trial(conflict_rows)
    trials = sorted(
        set(groups) | set(by_trial),
        key=lambda t: (
            0 if by_trial.get(t) else 1,
            min(
                (SEVERITY_RANK.get(cell_text(c.get("severity_label")), 3) for c in by_trial.get(t, [])),
                default=3,
            ),
            t.lower(),
        ),
    )
    unattributed = len(measurements) - sum(len(v) for v in groups.values())
    errors = error_count(check_rows)

    stats = [
        (documents, "documents"),
        (len(trials), "trials"),
        (len(measurements), "measurements"),
        (len(conflict_rows), "conflicts"),
        (len(check_rows), f"check findings ({errors} errors)"),
    ]
    kind_rows = "".join(
        f"<tr><td>{escaped(KIND_TITLES.get(kind, kind))}</td><td><code>{escaped(kind)}</code></td>"
        f"<td>{count}</td></tr>"
        for kind, count in kind_counts(conflict_rows)
    )
    severity_counts = Counter(cell_text(c.get("severity_label")) for c in conflict_rows)
    toc = "".join(
        f'<li><a href="#t-{slug(t)}">{escaped(t)}</a> — {len(by_trial.get(t, []))} conflict(s),'
        f" {len(groups.get(t, []))} value(s)</li>"
        for t in trials
    )
    sections = []
    for trial in trials:
        trial_conflicts = sorted_conflicts(by_trial.get(trial, []))
        nct = next((cell_text(c.get("nct_id")) for c in trial_conflicts if cell_text(c.get("nct_id"))), "")
        if not nct:
            nct = next(
                (cell_text(r.get("nct_id")) for r in groups.get(trial, []) if cell_text(r.get("nct_id"))), ""
            )
        heading = f"{escaped(trial)}" + (
            f' <span class="sub">{escaped(nct)}</span>' if nct and nct != trial else ""
        )
        body = "".join(_conflict_html(c, notes) for c in trial_conflicts)
        plots = plots_html(trial, groups.get(trial, []), in_conflict, figures)
        if trial_conflicts:
            content = f"<h3>Conflicts ({len(trial_conflicts)})</h3>{body}" + (
                f"<h3>Reported values</h3>{plots}" if plots else ""
            )
        else:
            content = "<p>No conflicts.</p>" + (
                f"<details><summary>Reported values</summary>{plots}</details>" if plots else ""
            )
        sections.append(f'<section class="trial" id="t-{slug(trial)}"><h2>{heading}</h2>{content}</section>')

    stat_cards = "".join(
        f'<div class="stat"><b>{n}</b><span>{escaped(label)}</span></div>' for n, label in stats
    )
    kinds = (
        "<table><thead><tr><th>kind</th><th>column value</th><th>count</th></tr></thead>"
        f"<tbody>{kind_rows}</tbody></table>"
        if kind_rows
        else "<p>No conflicts found.</p>"
    )
    severities = ", ".join(f"{severity_counts.get(label, 0)} {label}" for label in ("high", "medium", "low"))
    head = (
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # No scripts, no remote anything: the page must be safe and complete as a file.
        '<meta http-equiv="Content-Security-Policy"'
        " content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>trialsift report</title>\n<style>{CSS}</style>"
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
{head}
</head>
<body>
<main>
<h1>trialsift report</h1>
<p class="sub">Where the sources disagree about efficacy figures, and what each document gets wrong
on its own.</p>
<section id="summary">
<h2>Summary</h2>
<div class="stats">{stat_cards}</div>
<h3>Conflicts by kind</h3>
{kinds}
<p class="sub">By severity: {severities}. {unattributed} measurement(s) name no trial and are not
compared.</p>
<h3>Trials</h3>
<ul class="toc">{toc}</ul>
</section>
{_review_html(notes, conflict_rows)}
<h2>Trials</h2>
{"".join(sections) or "<p>No trial-level measurements.</p>"}
<section id="checks">
<h2>Internal checks</h2>
{_checks_html(check_rows)}
</section>
</main>
</body>
</html>
"""

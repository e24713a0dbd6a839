"""The reviewers' report: report.html (self-contained) and report.md (for pasting into a review).

report.html works from a file with no network: CSS is inline, plots are inline SVG drawn by
matplotlib (a bare `Figure`, no GUI backend, text kept as escaped SVG text), and there is no
JavaScript at all. A Content-Security-Policy meta tag forbids
scripts and remote loads, as a second line of defence behind escaping: every string that came
from a document (evidence, arms, trial names, sections) is HTML-escaped, so a paper that contains
`<script>` shows it as text.

Layout: a summary (documents, trials, measurements, conflicts by kind, checks), then one section
per trial: its conflicts with both sides side by side (value, CI, document, section/page, the
sentence with the number highlighted), then one forest-style plot per endpoint of every value
reported for that trial, by source, with the values in conflict ringed in red. Trials without
conflicts are folded. Internal-consistency findings come last, per document.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache, partial
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.errors import TrialsiftError
from pipeline.memo import Memo, code_fingerprint, digest
from pipeline.outputs import atomic_write
from pipeline.reconcile import (
    cell_bool,
    cell_float,
    cell_int,
    cell_text,
    find_value_in_evidence,
    load_rules,
    trial_names,
)
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
_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
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


_MAX_LABEL = 52  # characters of arm + population in a plot row label; the full text is in the tables


# ---------------------------------------------------------------------------------------------
# Small helpers


def _num(value: float | None) -> str:
    return "" if value is None else format(value, ".6g")


def _e(text: object) -> str:
    return html.escape(cell_text(text), quote=True)


def _slug(text: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"
    return f"{base[:40]}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:6]}"


def _records(frame: pd.DataFrame | None) -> list[dict[str, Any]]:
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


def _ci(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return ""
    return f"{_num(low) or '?'}–{_num(high) or 'NR'}"


def _differs(conflict: dict[str, Any], column: str) -> bool:
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
    if _differs(conflict, "population"):
        population = f"{population} / {cell_text(conflict.get('population_b')) or 'whole trial population'}"
    parts.append(population)
    return " · ".join(p for p in parts if p)


def _location(conflict: dict[str, Any], side: str) -> str:
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


def _value_text(conflict: dict[str, Any], side: str) -> str:
    return cell_text(conflict.get(f"value_text_{side}")) or _num(cell_float(conflict.get(f"value_{side}")))


def _sorted_conflicts(conflicts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(
        conflicts,
        key=lambda c: (
            _SEVERITY_RANK.get(cell_text(c.get("severity_label")), 3),
            -(cell_float(c.get("severity")) or 0),
            cell_text(c.get("endpoint")),
            cell_text(c.get("doc_id_a")),
            cell_int(c.get("char_start_a")) or 0,
            cell_text(c.get("doc_id_b")),
            cell_int(c.get("char_start_b")) or 0,
            cell_text(c.get("conflict_id")),
        ),
    )


def _kind_counts(conflicts: list[dict[str, Any]]) -> list[tuple[str, int]]:
    counts = Counter(cell_text(c.get("kind")) for c in conflicts)
    ordered = [k for k in KIND_ORDER if k in counts] + sorted(k for k in counts if k not in KIND_ORDER)
    return [(k, counts[k]) for k in ordered]


# ---------------------------------------------------------------------------------------------
# Plots


def _conflict_points(conflicts: list[dict[str, Any]]) -> set[tuple[str, int | None, float | None]]:
    points = set()
    for conflict in conflicts:
        for side in ("a", "b"):
            points.add(
                (
                    cell_text(conflict.get(f"doc_id_{side}")),
                    cell_int(conflict.get(f"char_start_{side}")),
                    cell_float(conflict.get(f"value_{side}")),
                )
            )
    return points


def _plain(text: str) -> str:
    """Text for a matplotlib label: "$" would start mathtext, and a stray one raises."""
    return text.replace("$", r"\$")


def _plot_label(row: dict[str, Any]) -> str:
    """ "population · arm · doc value": population first, because it is what tells two lines of the
    same arm apart; the arm is cut to fit left of the plot (the full text is in the conflict cards)."""
    population = cell_text(row.get("population")) or "whole trial"
    arm = cell_text(row.get("arm")) or cell_text(row.get("comparison")) or "(no arm)"
    room = max(12, _MAX_LABEL - len(population) - 3)
    if len(arm) > room:
        arm = arm[: room - 1].rstrip() + "…"
    value = cell_text(row.get("value_text")) or _num(cell_float(row.get("value")))
    return f"{population} · {arm} · {_short_doc(cell_text(row.get('doc_id')))} {value}"


def _short_doc(doc_id: str) -> str:
    """ "001" for "001_79ce4b9e444a51eb" (the corpus's numbered file names); else the name, cut short."""
    numbered = re.match(r"(\d+)_", doc_id)
    return numbered.group(1) if numbered else (doc_id if len(doc_id) <= 14 else doc_id[:13] + "…")


_NICE_RATIOS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0, 100.0)


def _forest_svg(
    title: str,
    rows: list[dict[str, Any]],
    in_conflict: set[tuple[str, int | None, float | None]],
    doc_colors: dict[str, str],
    salt: str,
) -> str:
    """One endpoint of one trial: a panel per measure, a line per reported value with its CI."""
    try:
        # A bare Figure, not pyplot: no global figure registry, no GUI backend, nothing to close,
        # and the caller's own matplotlib backend is left alone.
        import matplotlib
        import matplotlib.ticker
        import matplotlib.transforms
        from matplotlib.figure import Figure
    except ImportError as exc:  # pragma: no cover - matplotlib is a dependency of the report
        raise TrialsiftError(
            "The report's plots need matplotlib: install it (pip install matplotlib) and re-run"
            " `trialsift report`."
        ) from exc

    ratio_measures = load_rules().ratio_measures
    by_measure: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_measure[cell_text(row.get("measure"))].append(row)
    measures = sorted(by_measure)
    heights = [max(len(by_measure[m]), 1) for m in measures]
    # Fixed margins in inches instead of tight_layout, which costs a second full text layout per
    # figure and made the report take seconds per trial.
    row_in, panel_in, top_in, bottom_in, width_in = 0.3, 0.8, 0.55, 0.45, 10.0
    # About 0.072 in per character of 9-pt DejaVu Sans, measured on these labels.
    label_in = min(5.2, 0.35 + 0.072 * max((len(_plot_label(r)) for r in rows), default=10))
    axes_in = sum(row_in * h for h in heights)
    figure_height = top_in + bottom_in + axes_in + panel_in * (len(measures) - 1)
    with matplotlib.rc_context(
        {"svg.hashsalt": salt, "svg.fonttype": "none", "font.size": 9, "axes.titlesize": 10}
    ):
        figure = Figure(figsize=(width_in, figure_height))
        axes = figure.subplots(len(measures), 1, gridspec_kw={"height_ratios": heights}, squeeze=False)
        figure.subplots_adjust(
            left=label_in / width_in,
            right=1 - 0.3 / width_in,
            top=1 - top_in / figure_height,
            bottom=bottom_in / figure_height,
            hspace=panel_in / (axes_in / len(measures)),
        )
        for axis, measure in zip(axes[:, 0], measures, strict=True):
            items = sorted(
                by_measure[measure],
                key=lambda r: (
                    cell_text(r.get("population")),
                    cell_text(r.get("arm")) or cell_text(r.get("comparison")),
                    cell_text(r.get("doc_id")),
                    cell_float(r.get("value")),
                ),
            )
            labels = []
            log_scale = measure in ratio_measures and all(
                (cell_float(r.get("value")) or 0) > 0 for r in items
            )
            # One collection per kind of mark rather than one Line2D per point: a line object
            # per value made the plots the slowest part of the report.
            points: list[tuple[float, int, str]] = []
            intervals: list[tuple[int, float, float, str]] = []
            rings: list[tuple[float, int]] = []
            for y, row in enumerate(items):
                value = cell_float(row.get("value"))
                low, high = cell_float(row.get("ci_low")), cell_float(row.get("ci_high"))
                doc = cell_text(row.get("doc_id"))
                color = doc_colors.get(doc, "#444444")
                if value is None:  # filtered out by the caller; keeps labels and rows aligned
                    value = math.nan
                if low is not None or high is not None:
                    left = low if low is not None else value
                    right = high if high is not None else value
                    if not log_scale or (left > 0 and right > 0):
                        intervals.append((y, left, right, color))
                points.append((value, y, color))
                if (doc, cell_int(row.get("char_start")), value) in in_conflict:
                    rings.append((value, y))
                labels.append(_plain(_plot_label(row)))
            if intervals:
                axis.hlines(
                    [i[0] for i in intervals],
                    [i[1] for i in intervals],
                    [i[2] for i in intervals],
                    colors=[i[3] for i in intervals],
                    linewidth=1.6,
                )
            if points:
                axis.scatter(
                    [p[0] for p in points], [p[1] for p in points], c=[p[2] for p in points], s=36, zorder=3
                )
            if rings:
                axis.scatter(
                    [r[0] for r in rings],
                    [r[1] for r in rings],
                    s=170,
                    facecolors="none",
                    edgecolors="#c62828",
                    linewidths=2,
                    zorder=4,
                )
            # Row labels as plain texts left of the axes, not tick labels: a Tick is two lines and
            # two texts, and building them was most of the plotting time.
            axis.set_yticks([])
            axis.set_ylim(len(items) - 0.5, -0.5)
            to_left = matplotlib.transforms.blended_transform_factory(axis.transAxes, axis.transData)
            for y, label in enumerate(labels):
                axis.text(-0.012, y, label, transform=to_left, ha="right", va="center", fontsize=9)
            axis.grid(axis="x", color="#dddddd", linewidth=0.6)
            axis.set_axisbelow(True)
            if log_scale:
                axis.set_xscale("log")
                # Always show 1 (no effect), pad the range, and tick at round ratios ("0.5", "0.7")
                # rather than mathtext powers of ten: readable, and no TeX parsing.
                shown = [v for p in points for v in (p[0],) if v > 0] + [v for i in intervals for v in i[1:3]]
                low_x, high_x = min([*shown, 1.0]) / 1.3, max([*shown, 1.0]) * 1.3
                axis.set_xlim(low_x, high_x)
                axis.xaxis.set_major_locator(
                    matplotlib.ticker.FixedLocator([t for t in _NICE_RATIOS if low_x <= t <= high_x])
                )
                axis.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
                axis.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
                axis.axvline(1.0, color="#888888", linewidth=0.8, linestyle="--")
            units = Counter(cell_text(r.get("unit")) for r in items if cell_text(r.get("unit")))
            unit = units.most_common(1)[0][0] if units else ""
            axis.set_title(_plain(measure.replace("_", " ") + (f" ({unit})" if unit else "")), loc="left")
            for side in ("top", "right"):
                axis.spines[side].set_visible(False)
        figure.suptitle(_plain(title), x=0.01, ha="left", fontsize=11, fontweight="bold")
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    # Inline in HTML: drop the XML prolog and DOCTYPE, keep the <svg> element.
    svg = svg[svg.find("<svg") :]
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(title, quote=True)}" ', 1)


# ---------------------------------------------------------------------------------------------
# HTML

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

_PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
    "#393b79",
)


def document_label(doc_id: str, titles: dict[str, str]) -> str:
    """A document by its title, with the file name beside it."""
    title = titles.get(doc_id, "")
    if title:
        return f'<b>{_e(title)}</b> <span class="file">{_e(doc_id)}</span>'
    return f"document <b>{_e(doc_id)}</b>"


def _status_html(conflict: dict[str, Any], side: str, notes: ReviewNotes) -> str:
    row = notes.measurements.get(cell_text(conflict.get(f"measurement_id_{side}")), {})
    status = cell_text(row.get("review_status"))
    return f' <span class="badge review">{_e(status.replace("_", " "))}</span>' if status else ""


def decision_html(decision: Decision) -> str:
    """A decision as a reviewer reads it: what, who, when, why, and whether it still holds."""
    correction = cell_text(decision.correction)
    fixes = ""
    if correction:
        try:
            fields = json.loads(correction)
            fixes = "; corrected " + ", ".join(f"{_e(k)} → “{_e(v)}”" for k, v in fields.items())
        except ValueError:
            fixes = f"; correction {_e(correction)}"
    stale = (
        ' <span class="badge stale">stale, re-check: the evidence changed since</span>'
        if decision.state == "stale"
        else ""
    )
    by = f" by {_e(decision.reviewer)}" if decision.reviewer else ""
    note = f"<div>“{_e(decision.note)}”</div>" if decision.note else ""
    return (
        f'<div class="decision {_e(decision.state)}"><b>Decided:</b> '
        f"{_e(DECISION_TITLES.get(decision.decision, decision.decision))}{fixes}{by}, "
        f"{_e(decision.decided_at)}{stale}{note}</div>"
    )


def _side_html(conflict: dict[str, Any], side: str, notes: ReviewNotes) -> str:
    value_text = _value_text(conflict, side)
    ci = _ci(cell_float(conflict.get(f"ci_low_{side}")), cell_float(conflict.get(f"ci_high_{side}")))
    facts = []
    if ci:
        facts.append(f"CI {_e(ci)}")
    if cell_text(conflict.get(f"p_value_{side}")):
        facts.append(f"P {_e(conflict.get(f'p_value_{side}'))}")
    if cell_text(conflict.get(f"analysis_{side}")):
        facts.append(f"analysis: {_e(conflict.get(f'analysis_{side}'))}")
    suffix = "_b" if side == "b" else ""
    if _differs(conflict, "population"):
        population = cell_text(conflict.get("population" + suffix)) or "whole trial population"
        facts.append(f"population: {_e(population)}")
    if _differs(conflict, "arm"):
        facts.append(f"arm: {_e(cell_text(conflict.get('arm' + suffix)) or 'not stated')}")
    comparison = cell_text(conflict.get(f"comparison_{side}"))
    if comparison and cell_text(conflict.get("measure")) in load_rules().comparative_measures:
        facts.append(f"compares {_e(comparison)}")
    location = _location(conflict, side)
    evidence = cell_text(conflict.get(f"evidence_{side}"))
    quote = highlight_html(evidence, value_text) if evidence else "<i>no sentence</i>"
    return (
        f'<div class="side"><div class="value">{_e(value_text)}</div>'
        f'<div class="meta">{" · ".join(f for f in facts if f)}</div>'
        f'<div class="meta">{document_label(cell_text(conflict.get(f"doc_id_{side}")), notes.titles)}'
        f"{(' — ' + _e(location)) if location else ''}{_status_html(conflict, side, notes)}</div>"
        f"<blockquote>{quote}</blockquote></div>"
    )


def _conflict_html(conflict: dict[str, Any], notes: ReviewNotes) -> str:
    kind = cell_text(conflict.get("kind"))
    label = cell_text(conflict.get("severity_label"))
    score = cell_float(conflict.get("severity"))
    severity = f"{label} {score:.2f}" if score is not None else label
    css = label if label in _SEVERITY_RANK else ""
    note = cell_text(conflict.get("note"))
    conflict_id = cell_text(conflict.get("conflict_id"))
    decision = notes.conflict_decision(conflict_id)
    new = (
        '<span class="badge new">new since the previous run</span>'
        if conflict_id in notes.new_conflicts
        else ""
    )
    return (
        f'<article class="conflict {css}" id="c-{_e(conflict_id)}">'
        f'<header><span class="badge">{_e(KIND_TITLES.get(kind, kind))}</span>'
        f'<span class="badge sev {css}">{_e(severity)}</span>{new}'
        f'<span class="key">{_e(key_text(conflict))}</span></header>'
        f'<div class="sides">{_side_html(conflict, "a", notes)}{_side_html(conflict, "b", notes)}</div>'
        + (f'<div class="note">{_e(note)}</div>' if note else "")
        + (decision_html(decision) if decision else "")
        + f'<div class="note">conflict id {_e(conflict_id)}</div></article>'
    )


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
    value = cell_text(row.get("value_text")) or _num(cell_float(row.get("value")))
    return f"{' · '.join(b for b in bits if b)} = {value} ({cell_text(row.get('doc_id'))})"


def _review_html(notes: ReviewNotes, conflict_rows: list[dict[str, Any]]) -> str:
    """What is new since the previous run, what went away, and every decision (stale ones first)."""
    if notes.previous_run:
        gone = "".join(f"<li>{_e(gone_text(s))}</li>" for s in notes.gone_conflicts.values())
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
            f"<tr><td>{_e(decision.target)} <code>{_e(decision.id)}</code></td><td>{_e(what)}</td>"
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
            value_text = cell_text(finding.get("value_text")) or _num(cell_float(finding.get("value")))
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
                f'<tr><td class="{_e(level)}">{_e(level)}</td><td>{_e(finding.get("check"))}</td>'
                f"<td>{_e(what)}</td><td>{_e(finding.get('detail'))}"
                f"<blockquote>{highlight_html(cell_text(finding.get('evidence')), value_text)}</blockquote>"
                "</td></tr>"
            )
        parts.append(
            f"<h3>{_e(doc)}</h3><table><thead><tr><th>level</th><th>check</th><th>figure</th>"
            f"<th>what is off</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    return "".join(parts)


def _trial_groups(measurements: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    names = trial_names(measurements) if not measurements.empty else []
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for name, row in zip(names, _records(measurements), strict=True):
        if name:
            groups[name].append(row)
    return groups


def _plots_html(
    trial: str,
    rows: list[dict[str, Any]],
    in_conflict: set[tuple[str, int | None, float | None]],
    figures: Memo,
) -> str:
    by_endpoint: dict[tuple[str, bool], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if cell_float(row.get("value")) is not None:
            by_endpoint[(cell_text(row.get("endpoint")), cell_bool(row.get("cns")))].append(row)
    plotted = []
    for endpoint, cns in sorted(by_endpoint):
        items = by_endpoint[(endpoint, cns)]
        title = f"{trial} — {'CNS ' if cns else ''}{endpoint}"
        docs = sorted({cell_text(r.get("doc_id")) for r in items})
        # Colours by the figure's own documents, so that a document added elsewhere in the corpus
        # leaves this figure as it was (and its drawing can be reused).
        doc_colors = {doc: _PALETTE[i % len(_PALETTE)] for i, doc in enumerate(docs)}
        ringed = [
            (cell_text(r.get("doc_id")), cell_int(r.get("char_start")), cell_float(r.get("value")))
            in in_conflict
            for r in items
        ]
        key = digest(
            code_fingerprint("report.py", "reconcile/", "patterns/reconcile.json"),
            _matplotlib_version(),
            title,
            [sorted(r.items()) for r in items],
            ringed,
        )
        svg = figures.get(key, partial(_forest_svg, title, items, in_conflict, doc_colors, _slug(title)))
        legend = "".join(
            f'<span><i style="background:{doc_colors.get(d, "#444")}"></i>{_e(d)}</span>' for d in docs
        )
        plotted.append(
            f'<figure class="forest">{svg}<figcaption><div class="legend">{legend}'
            '<span><i style="border:2px solid #c62828;background:none"></i>in a conflict</span></div>'
            f"{len(items)} reported value(s); lines are confidence intervals where given."
            "</figcaption></figure>"
        )
    return "".join(plotted)


@cache
def _matplotlib_version() -> str:
    """From its metadata: importing matplotlib only to ask costs half a second when no plot is drawn."""
    return metadata.version("matplotlib")


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
    conflict_rows = _records(conflicts)
    check_rows = _records(checks)
    groups = _trial_groups(measurements)
    in_conflict = _conflict_points(conflict_rows)
    by_trial: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for conflict in conflict_rows:
        by_trial[cell_text(conflict.get("trial"))].append(conflict)
    trials = sorted(
        set(groups) | set(by_trial),
        key=lambda t: (
            0 if by_trial.get(t) else 1,
            min(
                (_SEVERITY_RANK.get(cell_text(c.get("severity_label")), 3) for c in by_trial.get(t, [])),
                default=3,
            ),
            t.lower(),
        ),
    )
    unattributed = len(measurements) - sum(len(v) for v in groups.values())
    errors = sum(1 for c in check_rows if cell_text(c.get("level")) == "error")

    stats = [
        (documents, "documents"),
        (len(trials), "trials"),
        (len(measurements), "measurements"),
        (len(conflict_rows), "conflicts"),
        (len(check_rows), f"check findings ({errors} errors)"),
    ]
    kind_rows = "".join(
        f"<tr><td>{_e(KIND_TITLES.get(kind, kind))}</td><td><code>{_e(kind)}</code></td><td>{count}</td></tr>"
        for kind, count in _kind_counts(conflict_rows)
    )
    severity_counts = Counter(cell_text(c.get("severity_label")) for c in conflict_rows)
    toc = "".join(
        f'<li><a href="#t-{_slug(t)}">{_e(t)}</a> — {len(by_trial.get(t, []))} conflict(s),'
        f" {len(groups.get(t, []))} value(s)</li>"
        for t in trials
    )
    sections = []
    for trial in trials:
        trial_conflicts = _sorted_conflicts(by_trial.get(trial, []))
        nct = next((cell_text(c.get("nct_id")) for c in trial_conflicts if cell_text(c.get("nct_id"))), "")
        if not nct:
            nct = next(
                (cell_text(r.get("nct_id")) for r in groups.get(trial, []) if cell_text(r.get("nct_id"))), ""
            )
        heading = f"{_e(trial)}" + (f' <span class="sub">{_e(nct)}</span>' if nct and nct != trial else "")
        body = "".join(_conflict_html(c, notes) for c in trial_conflicts)
        plots = _plots_html(trial, groups.get(trial, []), in_conflict, figures)
        if trial_conflicts:
            content = f"<h3>Conflicts ({len(trial_conflicts)})</h3>{body}" + (
                f"<h3>Reported values</h3>{plots}" if plots else ""
            )
        else:
            content = "<p>No conflicts.</p>" + (
                f"<details><summary>Reported values</summary>{plots}</details>" if plots else ""
            )
        sections.append(f'<section class="trial" id="t-{_slug(trial)}"><h2>{heading}</h2>{content}</section>')

    stat_cards = "".join(f'<div class="stat"><b>{n}</b><span>{_e(label)}</span></div>' for n, label in stats)
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


# ---------------------------------------------------------------------------------------------
# Markdown


def _md_side(conflict: dict[str, Any], side: str) -> str:
    value_text = _value_text(conflict, side)
    ci = _ci(cell_float(conflict.get(f"ci_low_{side}")), cell_float(conflict.get(f"ci_high_{side}")))
    facts = [f"**{md_escape(value_text)}**"]
    if ci:
        facts.append(f"(CI {md_escape(ci)})")
    facts.append(f"— {md_escape(cell_text(conflict.get(f'doc_id_{side}')))}")
    location = _location(conflict, side)
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
    conflict_rows = _records(conflicts)
    check_rows = _records(checks)
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
        f"  - {KIND_TITLES.get(kind, kind)} (`{kind}`): {count}"
        for kind, count in _kind_counts(conflict_rows)
    ]
    errors = sum(1 for c in check_rows if cell_text(c.get("level")) == "error")
    lines += [f"- Internal check findings: {len(check_rows)} ({errors} errors)", "", "## Conflicts", ""]
    by_trial: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for conflict in conflict_rows:
        by_trial[cell_text(conflict.get("trial"))].append(conflict)
    if not conflict_rows:
        lines += ["No conflicts found.", ""]
    for trial in sorted(by_trial, key=str.lower):
        lines += [f"### {md_escape(trial)}", ""]
        for conflict in _sorted_conflicts(by_trial[trial]):
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
            value_text = cell_text(finding.get("value_text")) or _num(cell_float(finding.get("value")))
            lines.append(f"  > {highlight_md(cell_text(finding.get('evidence')), value_text)}")
    return "\n".join(lines).rstrip() + "\n"


def write_report(
    measurements: pd.DataFrame,
    conflicts: pd.DataFrame,
    checks: pd.DataFrame,
    out_dir: Path,
    documents: int,
    review: ReviewNotes | None = None,
    figures: Memo | None = None,
) -> list[Path]:
    """Write report.html and report.md into `out_dir` (atomically); return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = [
        (out_dir / "report.html", render_html(measurements, conflicts, checks, documents, review, figures)),
        (out_dir / "report.md", render_markdown(measurements, conflicts, checks, documents, review)),
    ]
    for path, text in outputs:
        _write_atomically(path, text)
    return [path for path, _ in outputs]


def _write_atomically(path: Path, text: str) -> None:
    """A reader (or a browser reloading the page) sees the old or the new report, never half of one."""
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))

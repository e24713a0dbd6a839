"""The report's forest plots: for one endpoint of one trial, every value reported, by source, with
its confidence interval, the values in conflict ringed in red. Drawn by matplotlib (a bare
`Figure`, no GUI backend) as inline SVG, and kept by the digest of what they draw so that a re-run
draws only what changed."""

from __future__ import annotations

import html
import io
import math
import re
from collections import Counter, defaultdict
from functools import cache, partial
from importlib import metadata
from typing import Any

from pipeline.errors import TrialsiftError
from pipeline.memo import Memo, code_fingerprint, digest
from pipeline.reconcile import cell_bool, cell_float, cell_int, cell_text, load_rules
from pipeline.report.text import escaped, number_text, slug

_MAX_LABEL = 52  # characters of arm + population in a plot row label; the full text is in the tables


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


def conflict_points(conflicts: list[dict[str, Any]]) -> set[tuple[str, int | None, float | None]]:
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
    value = cell_text(row.get("value_text")) or number_text(cell_float(row.get("value")))
    return f"{population} · {arm} · {_short_doc(cell_text(row.get('doc_id')))} {value}"


def _short_doc(doc_id: str) -> str:
    """ "001" for "001_79ce4b9e444a51eb" (the corpus's numbered file names); else the name, cut short."""
    numbered = re.match(r"(\d+)_", doc_id)
    return numbered.group(1) if numbered else (doc_id if len(doc_id) <= 14 else doc_id[:13] + "…")


_NICE_RATIOS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0, 100.0)


def forest_svg(
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


def plots_html(
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
            code_fingerprint("report/", "reconcile/", "patterns/reconcile.json"),
            _matplotlib_version(),
            title,
            [sorted(r.items()) for r in items],
            ringed,
        )
        svg = figures.get(key, partial(forest_svg, title, items, in_conflict, doc_colors, slug(title)))
        legend = "".join(
            f'<span><i style="background:{doc_colors.get(d, "#444")}"></i>{escaped(d)}</span>' for d in docs
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

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

One module per part: `text` (what both reports say in words, and the escaping of a document's
sentences), `forest` (the plots), `html` (report.html) and `markdown` (report.md).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.memo import Memo
from pipeline.outputs import atomic_write
from pipeline.report.html import CSS, document_label, render_html
from pipeline.report.markdown import render_markdown
from pipeline.report.text import (
    DECISION_TITLES,
    KIND_TITLES,
    ReviewNotes,
    gone_text,
    highlight_html,
    highlight_md,
    key_text,
    md_escape,
    measurement_text,
)

__all__ = [
    "CSS",
    "DECISION_TITLES",
    "KIND_TITLES",
    "ReviewNotes",
    "document_label",
    "gone_text",
    "highlight_html",
    "highlight_md",
    "key_text",
    "md_escape",
    "measurement_text",
    "render_html",
    "render_markdown",
    "write_report",
]


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

"""What a run did, in the words the CLI prints, the flow logs and Prefect's artifacts show."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.batch import BatchSummary

# The conflicts table artifact: the columns a reviewer scans first, and not more rows than a page.
_CONFLICT_COLUMNS = (
    "trial",
    "endpoint",
    "measure",
    "arm",
    "kind",
    "severity_label",
    "doc_id_a",
    "value_a",
    "doc_id_b",
    "value_b",
    "conflict_id",
)
_MAX_CONFLICT_ROWS = 500


def summary_lines(summary: BatchSummary) -> list[tuple[str, str]]:
    """(figure, label) pairs: the run summary."""
    return [
        (str(summary.documents), "documents"),
        (str(summary.ingested), "  newly processed"),
        (str(summary.unchanged), "  unchanged (reused)"),
        (str(len(summary.added)), "  new since the previous run"),
        (str(summary.removed), "  dropped (file gone)"),
        (str(summary.pages), "pages"),
        (str(summary.tables), "tables"),
        (str(summary.entities), "drug and trial mentions"),
        (str(summary.measurements), "efficacy figures"),
        (str(summary.conflicts), "conflicts between sources"),
        (str(summary.new_conflicts), "  new since the previous run"),
        (str(summary.conflicts_gone), "  gone since the previous run"),
        (str(summary.errors), "errors"),
    ]


def summary_text(summary: BatchSummary) -> str:
    width = max(len(figure) for figure, _ in summary_lines(summary))
    lines = [f"trialsift run: {summary.corpus}"]
    lines += [f"{figure:>{width}} {label}" for figure, label in summary_lines(summary)]
    lines.append(_where(summary))
    if summary.errors:
        lines.append(f"{summary.errors} document(s) could not be processed: see {summary.out_dir}/errors.csv")
    return "\n".join(lines)


def _where(summary: BatchSummary) -> str:
    if not summary.outputs:
        return f"Nothing changed: the outputs in {summary.out_dir}/ are current and were left as they were"
    return f"Outputs in {summary.out_dir}/: " + ", ".join(Path(p).name for p in summary.outputs)


def summary_markdown(summary: BatchSummary) -> str:
    rows = "\n".join(f"| {label.strip()} | {figure} |" for figure, label in summary_lines(summary))
    added = ", ".join(summary.added[:20]) + (" …" if len(summary.added) > 20 else "")
    report = Path(summary.out_dir).resolve() / "report.html"
    return (
        f"# trialsift run: `{summary.corpus}`\n\n| what | count |\n|---|---|\n{rows}\n\n"
        + (f"New documents: {added}\n\n" if added else "")
        + f"{_where(summary)}\n\nReport: [{report}]({report.as_uri()})\n"
    )


def conflict_rows(out_dir: Path) -> list[dict[str, str]]:
    path = out_dir / "conflicts.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = []
        for row in csv.DictReader(handle):
            rows.append({name: row.get(name, "") for name in _CONFLICT_COLUMNS})
            if len(rows) == _MAX_CONFLICT_ROWS:
                break
    return rows

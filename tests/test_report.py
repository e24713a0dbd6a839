"""report.html and report.md: contents, self-containment, and escaping of everything from documents."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline.outputs import write_table
from pipeline.reconcile import check_measurements, reconcile_measurements
from pipeline.report import highlight_html, highlight_md, md_escape, render_html, write_report
from tests.test_reconcile import frame, other, row

SCRIPT = "<script>document.title='pwned'</script>"
IMG = "<img src=x onerror=\"document.title='pwned'\">"


def sample() -> pd.DataFrame:
    """Two trials, three documents: a value conflict, an arm swap, a self-contradiction, an agreement."""
    db03 = {"trial": "DESTINY-Breast03", "endpoint": "ORR", "cns": True, "measure": "rate", "unit": "%"}
    db03["arm"] = "trastuzumab deruxtecan"
    hr = {"trial": "HER2CLIMB", "measure": "hazard_ratio", "unit": "ratio", "arm": "", "population": ""}
    hr["comparison"] = "tucatinib vs placebo"
    return frame(
        row(
            **db03,
            value=63.9,
            section="Results",
            page=3,
            evidence=f"Intracranial ORR was 63.9% and 33.4% {SCRIPT}.",
        ),
        other(
            **db03,
            value=65.7,
            ci_low=50.1,
            ci_high=79.5,
            evidence=f"Confirmed intracranial ORR was 65.7% {IMG}.",
        ),
        other(**db03, doc_id="doc_c", value=65.7, evidence="ORR-IC 65.7 % (n=36)."),
        row(**hr, value=0.5, ci_low=0.4, ci_high=0.63, char_start=700, evidence="HR 0.5 (0.4–0.63)."),
        other(**hr, value=2.0, char_start=800, evidence="HR 2.0 for tucatinib vs placebo."),
        row(trial="HER2CLIMB", value=21.6, char_start=40, evidence="Median OS 21.6 months (abstract)."),
        row(trial="HER2CLIMB", value=18.1, char_start=4000, evidence="Median OS was 18.1 months."),
    )


@pytest.fixture(scope="module")
def tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    measurements = sample()
    return measurements, reconcile_measurements(measurements), check_measurements(measurements)


@pytest.fixture(scope="module")
def report_files(tables: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    measurements, conflicts, checks = tables
    out = tmp_path_factory.mktemp("report")
    paths = write_report(measurements, conflicts, checks, out, documents=3)
    assert [p.name for p in paths] == ["report.html", "report.md"]
    return {p.suffix: p.read_text(encoding="utf-8") for p in paths}


def test_the_sample_has_every_kind(tables: Any) -> None:
    _, conflicts, _ = tables
    assert sorted(conflicts["kind"]) == ["arm_swap", "self_contradiction", "value_conflict", "value_conflict"]


def test_summary_counts(report_files: dict[str, str], tables: Any) -> None:
    page = report_files[".html"]
    summary = page[page.index('id="summary"') : page.index("<h2>Trials</h2>")]
    for number, label in ((3, "documents"), (2, "trials"), (7, "measurements"), (4, "conflicts")):
        assert re.search(rf"<b>{number}</b><span>{label}", summary), label
    assert "<code>value_conflict</code></td><td>2</td>" in summary
    assert "<code>arm_swap</code></td><td>1</td>" in summary


def test_every_conflict_with_both_sides(report_files: dict[str, str], tables: Any) -> None:
    page = report_files[".html"]
    _, conflicts, _ = tables
    assert page.count('<article class="conflict') == len(conflicts)
    for conflict in conflicts.itertuples():
        card = page[page.index(f'id="c-{conflict.conflict_id}"') :]
        card = card[: card.index("</article>")]
        assert conflict.doc_id_a in card and conflict.doc_id_b in card
    # locations and CIs of the sides
    assert "section “Results”, page 3, offset 100" in page
    assert "CI 50.1–79.5" in page


def test_cross_population_conflicts_show_both_populations(tmp_path: Path) -> None:
    comparison = "tucatinib vs placebo"
    rows = [
        row(doc_id="d", population=pop, arm=arm, value=value, char_start=start, comparison=comparison,
            evidence=f"OS {value} months ({pop or 'all'}, {arm}).")
        for pop, base in (("active brain metastases", 300), ("", 9000))
        for arm, value, start in (("tucatinib", 24.7, base), ("placebo", 19.2, base + 10))
    ]  # fmt: skip
    measurements = frame(*rows)
    conflicts = reconcile_measurements(measurements)
    assert list(conflicts["kind"]) == ["self_contradiction", "self_contradiction"]
    page = render_html(measurements, conflicts, check_measurements(measurements), documents=1)
    assert "active brain metastases / whole trial population" in page
    assert "population: active brain metastases" in page and "population: whole trial population" in page


def test_the_number_is_highlighted_in_its_sentence(report_files: dict[str, str]) -> None:
    page = report_files[".html"]
    assert "Intracranial ORR was <mark>63.9</mark>% and 33.4%" in page
    assert "Median OS was <mark>18.1</mark> months." in page


def test_document_text_is_escaped(report_files: dict[str, str]) -> None:
    page = report_files[".html"]
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;document.title=&#x27;pwned&#x27;&quot;&gt;" in page


def test_self_contained(report_files: dict[str, str]) -> None:
    page = report_files[".html"]
    assert "<link" not in page and "@import" not in page
    # SVG namespaces are identifiers, never fetched; no attribute may point at the network.
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_a_plot_per_trial_and_endpoint_with_conflicts_marked(report_files: dict[str, str]) -> None:
    page = report_files[".html"]
    # DESTINY-Breast03 CNS ORR; HER2CLIMB OS (a hazard-ratio and a median panel in one figure)
    assert page.count("<svg") == 2
    assert 'aria-label="DESTINY-Breast03 — CNS ORR"' in page
    assert 'aria-label="HER2CLIMB — OS"' in page
    assert page.count("#c62828") >= 3  # rings around values in a conflict (and the legend)
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page


def test_markdown_report(report_files: dict[str, str], tables: Any) -> None:
    text = report_files[".md"]
    _, conflicts, _ = tables
    assert text.startswith("# trialsift report\n")
    assert "- Conflicts: 4" in text and "(`arm_swap`): 1" in text
    for conflict in conflicts.itertuples():
        assert f"`{conflict.conflict_id}`" in text
    assert "Intracranial ORR was **63.9**% and 33.4%" in text
    # Raw HTML from a document would render in most Markdown viewers: escaped.
    assert "<script>" not in text and "\\<script\\>" in text


def test_escaping_in_plots_and_headings(tmp_path: Path) -> None:
    hostile = 'A<b onmouseover="x">&$ "trial'
    measurements = frame(
        row(trial=hostile, arm=f"drug {SCRIPT} $x$", value=10.0),
        other(trial=hostile, arm=f"drug {SCRIPT} $x$", value=14.0, doc_id="doc<i>b"),
    )
    conflicts = reconcile_measurements(measurements)
    assert len(conflicts) == 1
    page = render_html(measurements, conflicts, check_measurements(measurements), documents=2)
    assert "<script" not in page and "<b onmouseover" not in page and "<i>b" not in page
    assert "A&lt;b onmouseover=&quot;x&quot;&gt;&amp;$ &quot;trial" in page
    assert "doc&lt;i&gt;b" in page


def test_no_conflicts_and_no_checks(tmp_path: Path) -> None:
    measurements = frame(row(value=10.0), other(value=10.0))
    paths = write_report(measurements, reconcile_measurements(measurements), check_measurements(measurements),
                         tmp_path, documents=2)  # fmt: skip
    page = paths[0].read_text(encoding="utf-8")
    assert "No conflicts found." in page and "No internal inconsistencies found." in page
    assert "<details><summary>Reported values</summary><figure" in page  # still plotted, folded
    assert "No conflicts found." in paths[1].read_text(encoding="utf-8")


def test_empty_tables(tmp_path: Path) -> None:
    empty = frame()
    paths = write_report(
        empty, reconcile_measurements(empty), check_measurements(empty), tmp_path, documents=0
    )
    assert "No trial-level measurements." in paths[0].read_text(encoding="utf-8")


def test_report_from_csv_tables(tables: Any, tmp_path: Path) -> None:
    """`trialsift report OUT_DIR` will read the CSVs back: strings, "true"/"false", empty cells."""
    measurements, conflicts, checks = tables
    write_table(measurements, tmp_path, "measurements")
    write_table(conflicts, tmp_path, "conflicts")
    write_table(checks, tmp_path, "checks")
    read = {name: pd.read_csv(tmp_path / f"{name}.csv", dtype=str, keep_default_na=False)
            for name in ("measurements", "conflicts", "checks")}  # fmt: skip
    assert len(reconcile_measurements(read["measurements"])) == len(conflicts)
    page = render_html(read["measurements"], read["conflicts"], read["checks"], documents=3)
    assert page.count('<article class="conflict') == len(conflicts)
    assert page.count("<svg") == 2
    assert "CNS ORR · rate · trastuzumab deruxtecan · brain metastases" in page


@pytest.mark.parametrize(
    ("evidence", "value_text", "expected"),
    [
        ("OS 18.1 vs 18 months", "18", "OS 18.1 vs <mark>18</mark> months"),
        ("ORR 65·9% <b>", "65.9", "ORR <mark>65·9</mark>% &lt;b&gt;"),
        ("no number & <i>", "12.5", "no number &amp; &lt;i&gt;"),
    ],
)
def test_highlight_html(evidence: str, value_text: str, expected: str) -> None:
    assert highlight_html(evidence, value_text) == expected


def test_markdown_escaping() -> None:
    assert md_escape("*a* _b_ [c](d) <e> | $P$") == r"\*a\* \_b\_ \[c\](d) \<e\> \| \$P\$"
    assert highlight_md("HR 0.5 <x>", "0.5") == r"HR **0.5** \<x\>"

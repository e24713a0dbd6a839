"""JATS tables whose columns are the arms (issue #10, PMC articles): "Response | XELIRI (n = 41) |
FOLFIRI (n = 46) | p" over rows "Complete response | 5 (12%) | 1 (2%) | 0.10". Each cell's figures are
its row label's endpoint and its column's arm; a "Total" column's have no arm, a p-value column holds
no figure; a table whose header names no groups is read as before."""

from __future__ import annotations

from pathlib import Path

from pipeline.efficacy import extract_measurements
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline
from pipeline.records import Measurement

_DESIGN = (
    "Patients with metastatic colorectal cancer were randomly assigned to the XELIRI arm (capecitabine plus "
    "irinotecan) or the FOLFIRI arm (irinotecan plus leucovorin and fluorouracil)."
)


def _row(*cells: str, tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def _table_figures(
    tmp_path: Path, caption: str, header: list[str], rows: list[list[str]]
) -> list[Measurement]:
    body = "".join(_row(*r) for r in rows)
    path = tmp_path / "trial.nxml"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<article><front><article-meta><title-group><article-title>XELIRI versus FOLFIRI in metastatic colorectal
cancer</article-title></title-group></article-meta></front>
<body><sec><title>Methods</title><p>{_DESIGN}</p></sec>
<sec><title>Results</title><p>Responses are shown in Table 2.</p>
<table-wrap id="T2"><label>Table 2</label><caption><p>{caption}</p></caption>
<table><thead>{_row(*header, tag="th")}</thead><tbody>{body}</tbody></table></table-wrap></sec></body>
</article>""",
        encoding="utf-8",
    )
    document = ingest_file(path)
    entities = document_entities(shared_pipeline(), "trial", [document.text])
    return [m for m in extract_measurements(document, entities) if m.source == "table"]


def _by_value(found: list[Measurement]) -> dict[str, tuple[str, str, str]]:
    return {m.value_text: (m.endpoint, m.measure, m.arm) for m in found}


_XELIRI = "capecitabine + irinotecan"
_FOLFIRI = "leucovorin + fluorouracil + irinotecan"


def test_each_cell_is_its_row_labels_endpoint_and_its_columns_arm(tmp_path: Path) -> None:
    found = _table_figures(
        tmp_path,
        "Efficacy",
        ["Response", "XELIRI (n = 41)", "FOLFIRI (n = 46)", "p"],
        [
            ["Complete response", "5 (12%)", "1 (2%)", "0.10"],
            ["Partial response", "15 (37%)", "21 (46%)", "0.32"],
            ["Median PFS, months", "7.1", "8.9", "0.45"],
        ],
    )
    by_value = _by_value(found)
    assert by_value["12"] == ("CR", "rate", _XELIRI)
    assert by_value["2"] == ("CR", "rate", _FOLFIRI)
    assert by_value["37"] == ("PR", "rate", _XELIRI)
    assert by_value["46"] == ("PR", "rate", _FOLFIRI)
    assert by_value["7.1"] == ("PFS", "median", _XELIRI)
    assert by_value["8.9"] == ("PFS", "median", _FOLFIRI)
    assert not {"0.10", "0.32", "0.45", "41", "46"} & {m.value_text for m in found if m.unit != "%"}
    assert all(m.evidence.startswith(("Complete", "Partial", "Median")) for m in found)


def test_a_total_column_has_no_arm_and_a_repeated_header_starts_the_columns_again(tmp_path: Path) -> None:
    found = _table_figures(
        tmp_path,
        "Responses to induction chemotherapy and after radiotherapy",
        ["Response to induction chemotherapy", "XELIRI (n = 41)", "FOLFIRI (n = 46)", "Total (n = 87)"],
        [
            ["Complete response (cases)", "3", "4", "7"],
            ["Response after radiotherapy", "FOLFIRI (n = 40)", "XELIRI (n = 45)", "Total (n = 85)"],
            ["Partial response (cases)", "11", "12", "23"],
        ],
    )
    by_value = _by_value(found)
    assert by_value["3"] == ("CR", "count", _XELIRI)
    assert by_value["4"] == ("CR", "count", _FOLFIRI)
    assert by_value["7"] == ("CR", "count", "")
    assert by_value["11"] == ("PR", "count", _FOLFIRI)
    assert by_value["12"] == ("PR", "count", _XELIRI)
    assert by_value["23"] == ("PR", "count", "")
    assert not {"40", "45", "85"} & set(by_value)


def test_a_baseline_table_of_arm_columns_gives_no_figures(tmp_path: Path) -> None:
    found = _table_figures(
        tmp_path,
        "Baseline characteristics",
        ["Characteristic", "XELIRI (n = 41)", "FOLFIRI (n = 46)", "p"],
        [["Prior complete response", "5 (12%)", "1 (2%)", "0.10"]],
    )
    assert found == []


def test_a_header_of_endpoints_is_read_as_before(tmp_path: Path) -> None:
    found = _table_figures(
        tmp_path,
        "Efficacy by arm",
        ["Arm", "ORR", "Median PFS (months)"],
        [["XELIRI", "41%", "7.1"], ["FOLFIRI", "38%", "8.9"]],
    )
    assert _by_value(found) == {
        "41": ("ORR", "rate", _XELIRI),
        "7.1": ("PFS", "median", _XELIRI),
        "38": ("ORR", "rate", _FOLFIRI),
        "8.9": ("PFS", "median", _FOLFIRI),
    }

"""JATS tables whose columns are the arms (issue #10, PMC articles): "Response | XELIRI (n = 41) |
FOLFIRI (n = 46) | p" over rows "Complete response | 5 (12%) | 1 (2%) | 0.10". Each cell's figures are
its row label's endpoint and its column's arm; a "Total" column's have no arm, a p-value column holds
no figure; a table whose header names no groups is read as before."""

from __future__ import annotations

import time
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


def test_a_ratio_column_gives_the_rows_hazard_ratio_with_its_interval_and_no_arm(tmp_path: Path) -> None:
    """PMC2855860's "Efficacy results": after the arms, "Hazard ratio | 95% CI | P"; a row of its label
    alone names the endpoint of the rows below it that only say which figure they give."""
    found = _table_figures(
        tmp_path,
        "Efficacy results",
        ["Variable", "XELIRI (n = 41)", "FOLFIRI (n = 46)", "Hazard ratio", "95% CI", "P"],
        [
            ["Progression-free survival"],
            ["Events, n (%)", "30 (73)", "35 (76)"],
            ["Median follow-up, months", "20.1", "19.8"],  # no figure of the endpoint above it
            ["No. of patients", "39", "44"],
            ["Median, months", "7.1", "8.9", "1.47", "1.16-1.87", "0.002"],
            ["95% CI", "6.0-8.2", "7.7-10.0"],
            ["Objective response rate, %", "41", "38", "0.65", "0.4-1.1", "0.109"],
        ],
    )
    by_value = {m.value_text: (m.endpoint, m.measure, m.arm, m.ci_low, m.ci_high, m.ci_level) for m in found}
    assert by_value == {
        "30": ("PFS", "count", _XELIRI, None, None, None),
        "35": ("PFS", "count", _FOLFIRI, None, None, None),
        "7.1": ("PFS", "median", _XELIRI, None, None, None),
        "8.9": ("PFS", "median", _FOLFIRI, None, None, None),
        "1.47": ("PFS", "hazard_ratio", "", 1.16, 1.87, 95.0),
        # a hazard ratio of a response is none (the paper's footnote makes it an odds ratio)
        "41": ("ORR", "rate", _XELIRI, None, None, None),
        "38": ("ORR", "rate", _FOLFIRI, None, None, None),
    }
    ratio = next(m for m in found if m.measure == "hazard_ratio")
    document = ingest_file(tmp_path / "trial.nxml")
    assert document.text[ratio.char_start : ratio.char_end] == "1.47" and ratio.unit == "ratio"


def test_a_ratio_cell_with_its_interval_and_spanning_header_cells(tmp_path: Path) -> None:
    """ "HR (95% CI)" cells hold the ratio and its interval; header cells spanning the header's two rows
    (the groups' sizes on the second) shift no cell of it (the reader spreads them); "NA" is no ratio."""
    path = tmp_path / "trial.nxml"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<article><body><sec><title>Methods</title><p>{_DESIGN}</p></sec>
<sec><title>Results</title><table-wrap id="T2"><label>Table 2</label><caption><p>Survival</p></caption>
<table><thead><tr><th rowspan="2">Endpoint</th><th>XELIRI (n = 41)</th><th>FOLFIRI (n = 46)</th>
<th rowspan="2">HR (95% CI)</th><th rowspan="2">P</th></tr><tr><th>n = 41</th><th>n = 46</th></tr></thead>
<tbody><tr><td>Median OS, months</td><td>17.4</td><td>18.1</td><td>0.72 (0.58&#x02013;0.89)</td>
<td>0.01</td></tr><tr><td>Median PFS, months</td><td>7.1</td><td>8.9</td><td>NA</td><td/></tr></tbody>
</table></table-wrap></sec>
</body></article>""",
        encoding="utf-8",
    )
    document = ingest_file(path)
    entities = document_entities(shared_pipeline(), "trial", [document.text])
    found = [m for m in extract_measurements(document, entities) if m.source == "table"]
    ratio = next(m for m in found if m.measure == "hazard_ratio")
    assert (ratio.endpoint, ratio.arm, ratio.value, ratio.ci_low, ratio.ci_high, ratio.ci_level) == (
        "OS",
        "",
        0.72,
        0.58,
        0.89,
        95.0,
    )
    assert {(m.value_text, m.arm) for m in found if m.measure == "median"} == {
        ("17.4", _XELIRI),
        ("18.1", _FOLFIRI),
        ("7.1", _XELIRI),
        ("8.9", _FOLFIRI),
    }
    assert [m.value_text for m in found if m.measure == "hazard_ratio"] == ["0.72"]
    assert document.to_source(ratio.char_start, ratio.char_end) == (
        path.read_bytes().index(b"0.72 ("),
        path.read_bytes().index(b"0.72 (") + 4,
    )


def _cell_patterns_time(size: int) -> float:
    """CPU time of the header- and ratio-cell patterns on cells of `size` spaces or footnote marks
    that then fail to match."""
    from pipeline.efficacy.rules import efficacy_rules
    from pipeline.efficacy.tables import _INTERVAL_CELL, _RATIO_CELL

    rules = efficacy_rules()
    cells = ["1.0" + " " * size + "x", "1.0 (" + " " * size + "x", "1.0" + " a" * size + "!"]
    cells += ["HR" + " " * size + "x", "HR" + " a" * size + "!", "95% CI" + " " * size + "x"]
    patterns = [_RATIO_CELL, _INTERVAL_CELL, rules.interval_column, *(p for p, _ in rules.ratio_columns)]
    times = []
    for _ in range(3):
        started = time.process_time()
        for cell in cells:
            for pattern in patterns:
                pattern.fullmatch(cell)
        times.append(time.process_time() - started)
    return max(min(times), 1e-3)


def test_hostile_header_and_ratio_cells_cost_time_linear_in_their_length() -> None:
    # 4x the length may cost up to 8x the time: far below the 16x of the patterns' first version
    _cell_patterns_time(100)
    assert _cell_patterns_time(8_000) / _cell_patterns_time(2_000) < 8.0

from __future__ import annotations

import html
import random
import re
from pathlib import Path

import pytest

from pipeline.errors import XmlError
from pipeline.ingest import ingest_file
from pipeline.normalize import normalize_text
from tests.conftest import shared_data

FIXTURE = Path(__file__).parent / "fixtures" / "mini_jats.nxml"


@pytest.fixture(scope="module")
def mini():
    return ingest_file(FIXTURE)


def test_title_sections_and_text(mini) -> None:
    assert mini.format == "jats"
    assert mini.title == "Tucatinib in HER2-positive brain metastases: a phase II trial"
    headings = [(s.heading, s.level) for s in mini.sections]
    assert headings == [
        ("Abstract", 1),
        ("Background", 2),
        ("Results", 2),
        ("Introduction", 1),
        ("Design", 2),
        ("Results", 1),
        ("References", 1),
    ]
    front_matter_skipped = mini.text[: mini.references[0].start]
    assert "Journal of Trials" not in front_matter_skipped and "Lin N" not in front_matter_skipped
    assert "common & hard to treat" in mini.text
    assert "The intracranial ORR was 47.3% (95% CI 36-58) versus 20.0%; P<0.05." in mini.text
    assert "enrolled 612 patients. Platelets fell to 10^9/L." in mini.text  # citation dropped, exponent kept


def test_table_and_references(mini) -> None:
    (table,) = mini.tables
    assert table.label == "Table 1"
    assert table.caption == "Efficacy in patients with brain metastases"
    assert table.cells == (
        ("Arm", "CNS-ORR", "Median PFS (months)"),
        ("Tucatinib", "47.3%", "9.9"),
        ("Placebo", "20.0%", "4.2"),
    )
    assert "Tucatinib\t47.3%\t9.9" in mini.text[table.start : table.end]
    assert [r.label for r in mini.references] == ["1", "2"]
    assert mini.references[0].text == "Murthy RK Tucatinib, trastuzumab, and capecitabine N Engl J Med 2020"
    assert mini.section_at(mini.text.index("Platelets")) == "Introduction"


def test_figure_captions_are_marked_as_captions(mini) -> None:
    """A <fig>'s label and caption stay in the text, a paragraph of their own, and are listed as
    the figure's caption, not taken for a table or a section."""
    (figure,) = mini.figures
    assert (figure.label, figure.caption) == (
        "Figure 1",
        "Progression-free survival. Kaplan-Meier estimates by arm.",
    )
    caption_text = " ".join(mini.text[figure.start : figure.end].split())
    assert caption_text == "Figure 1 Progression-free survival. Kaplan-Meier estimates by arm."
    assert mini.text[figure.start - 2 : figure.start] == "\n\n"
    assert all(not (t.start <= figure.start < t.end) for t in mini.tables)


@pytest.mark.parametrize(
    ("needle", "original"),
    [
        ("47.3", b"47&#x000b7;3"),
        ("36-58", b"36&#x02013;58"),
        ("&", b"&amp;"),
        ("tucatinib", b"tucatinib"),
        ("P<0.05", b"P&#x0003c;0.05"),
    ],
)
def test_offsets_point_at_the_xml_bytes(mini, needle: str, original: bytes) -> None:
    start = mini.text.index(needle)
    s, e = mini.to_source(start, start + len(needle))
    assert FIXTURE.read_bytes()[s:e] == original


def _xml_text(raw: bytes) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", raw.decode("utf-8")))


@pytest.mark.parametrize("name", ["PMC1065070.nxml", "PMC1087200.nxml", "PMC2752780.nxml"])
def test_real_pmc_articles(name: str) -> None:
    path = shared_data(f"pmc-oa/nxml/{name}")
    document = ingest_file(path)
    assert document.title and len(document.sections) >= 3 and document.references
    raw = path.read_bytes()
    rng = random.Random(name)
    for _ in range(200):
        start = rng.randrange(len(document.text) - 20)
        end = start + rng.randrange(1, 20)
        ingested = "".join(document.text[start:end].replace("^", "").split())  # "^" marks exponents
        source = "".join(normalize_text(_xml_text(raw[slice(*document.to_source(start, end))]))[0].split())
        # In order, nothing invented; skipped metadata (keywords, ids) may lie in between.
        remaining = iter(source)
        assert all(char in remaining for char in ingested), (document.text[start:end], source)


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"<article><body><p>cut off here", "not well-formed"),
        (b"<<<>>>", "not well-formed"),
        (b"<article><front></front></article>", "no article text"),
    ],
    ids=["truncated", "garbage", "no-text"],
)
def test_bad_xml(tmp_path: Path, content: bytes, phrase: str) -> None:
    path = tmp_path / "bad.nxml"
    path.write_bytes(content)
    with pytest.raises(Exception) as caught:
        ingest_file(path)
    assert phrase in caught.value.message
    assert isinstance(caught.value, XmlError) or "no article text" in phrase


TABLE_ROWS = Path(__file__).parent / "fixtures" / "jats_table_rows.nxml"


def test_each_table_row_is_one_line_and_each_cell_one_field() -> None:
    """A <tr> is one line and a <td> one tab-separated field: a <break/>, <p> or list inside a cell
    is a space, an empty cell still takes its tab, and neither a row's empty last cells nor the XML
    layout after its last cell may glue the next row onto its line."""
    document = ingest_file(TABLE_ROWS)
    (table,) = document.tables
    lines = document.text[table.start : table.end].split("\n")
    assert lines[lines.index("Efficacy results") + 2 :] == [
        "Variable\tSunitinib (N = 238)\t\tP *",  # "Sunitinib" spans two columns, "Variable" two rows
        "\tEvents\tMedian",
        "Progression-free survival",
        "Median, months\t2.8\t1.47\t0.999a 0.002b",
        "\t151 (63)\t\t0.04",
        "Objective response\tCR 5 PR 20\t11\t0.109",
    ]
    assert [len(row) for row in table.cells] == [4, 4, 4, 4, 4, 4, 4]


def _grid(tmp_path: Path, rows: str) -> tuple[list[str], tuple[tuple[str, ...], ...]]:
    """The lines below a one-table article's caption, and the table's cells."""
    path = tmp_path / "grid.nxml"
    path.write_text(
        '<?xml version="1.0"?><article><body><table-wrap><label>Table 1</label><caption><p>Efficacy</p>'
        f"</caption><table>{rows}</table></table-wrap></body></article>",
        encoding="utf-8",
    )
    document = ingest_file(path)
    (table,) = document.tables
    return document.text[table.start : table.end].split("\n")[4:], table.cells


def test_a_cell_spanning_columns_or_rows_leaves_an_empty_field_where_it_spans(tmp_path: Path) -> None:
    """`colspan`/`rowspan` are spread over the grid: every row's n-th field is the n-th column, so a
    header cell over two columns or a row label over two rows shifts no later cell."""
    lines, cells = _grid(
        tmp_path,
        "<thead><tr><th rowspan='2'>Endpoint</th><th colspan='2'>Arm A</th><th colspan='2'>Arm B</th></tr>"
        "<tr><th>n</th><th>%</th><th>n</th><th>%</th></tr></thead>"
        "<tbody><tr><td rowspan='2'>PFS</td><td>Median</td><td>7.1</td><td>Median</td><td>8.9</td></tr>"
        "<tr><td>HR</td><td colspan='3'>0.72</td></tr>"
        "<tr><td>ORR</td><td>5</td><td>12</td><td>9</td><td>20</td></tr></tbody>",
    )
    assert lines == [
        "Endpoint\tArm A\t\tArm B",
        "\tn\t%\tn\t%",
        "PFS\tMedian\t7.1\tMedian\t8.9",
        "\tHR\t0.72",
        "ORR\t5\t12\t9\t20",
    ]
    assert cells[0] == ("Endpoint", "Arm A", "", "Arm B", "")
    assert cells[3] == ("", "HR", "0.72", "", "")


def test_a_rowspan_ends_with_its_row_group_and_a_bad_span_is_one(tmp_path: Path) -> None:
    lines, _ = _grid(
        tmp_path,
        "<thead><tr><th rowspan='3'>Arm</th><th colspan='x'>ORR</th></tr></thead>"
        "<tbody><tr><td>A</td><td>12</td></tr><tr><td colspan='0'>B</td><td>20</td></tr></tbody>",
    )
    assert lines == ["Arm\tORR", "A\t12", "B\t20"]


def test_a_cells_second_line_points_at_its_xml_bytes() -> None:
    document = ingest_file(TABLE_ROWS)
    raw = TABLE_ROWS.read_bytes()
    for needle in ("0.002", "PR 20", "response", "151 (63)", "0.04"):
        start = document.text.index(needle)
        s, e = document.to_source(start, start + len(needle))
        assert raw[s:e] == needle.encode()

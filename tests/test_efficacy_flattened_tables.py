"""Tables flattened into running text (issue #10, PMC texts): each column's figures are its arm's as
the header names it, a "Total" column's are the whole trial's, a p-value column holds no figure, a
response is its own row's, and a row or header that does not line up with the columns is read as
sentences, as before."""

from __future__ import annotations

from pathlib import Path

from pipeline.efficacy import extract_measurements
from pipeline.efficacy.rules import efficacy_rules
from pipeline.efficacy.tables import flattened_columns
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline
from tests.extracting import arm_by_value as arms

_XELIRI = (
    "Patients with metastatic colorectal cancer were randomly assigned to the XELIRI arm (capecitabine "
    "plus irinotecan) or the FOLFIRI arm (irinotecan plus leucovorin and fluorouracil).   "
    "Table 2 Efficacy of treatment in the XELIRI and FOLFIRI arms, data are shown as n (%) "
)
_NIMOTUZUMAB = (
    "Patients with lung cancer were randomly assigned to nimotuzumab plus gefitinib or gefitinib.   "
    "Table 2 Tumor response according to RECIST Response Total ( n = 155) Nimotuzumab+ Gefitinib "
    "( n = 78) Gefitinib ( n = 77) P "
)


def _cells(tmp_path: Path, text: str) -> dict[str, str]:
    """cell text -> its column ("P", "Total", "?" where its row does not line up, or the regimen's
    canonical name), for the cells of the table's rows."""
    path = tmp_path / "table.txt"
    path.write_text(text + "\n\n(From a report of a cancer trial.)\n", encoding="utf-8")
    document = ingest_file(path)
    entities = document_entities(shared_pipeline(), "table", [document.text])
    return {
        document.text[c.start : c.end]: "P"
        if c.column.p_values
        else "?"
        if not c.column.lined_up
        else (c.column.regimen.canonical if c.column.regimen else "Total")
        for c in flattened_columns(document.text, entities, efficacy_rules())
        if c.in_row
    }


def test_names_before_their_sizes_give_each_column_its_arm(tmp_path: Path) -> None:
    text = _XELIRI + (
        "XELIRI FOLFIRI n = 41 n = 46 p Complete response 5 (12%) 1 (2%) 0.10 Partial response 15 (37%) "
        "21 (46%) 0.32   The trial goes on."
    )
    found = arms(tmp_path, text)
    assert found["12"] == found["37"] == "capecitabine + irinotecan"
    assert found["2"] == found["46"] == "leucovorin + fluorouracil + irinotecan"
    assert "0.10" not in found and "0.32" not in found


def test_a_total_column_is_the_whole_trials_and_each_named_column_its_regimens(tmp_path: Path) -> None:
    text = _NIMOTUZUMAB + (
        "Overall response rate, % 30 (19.4%) 13 (16.7%) 17 (22.1%) 0.35 Disease control rate, % 92 (59.4%) "
        "42 (53.9%) 50 (64.9%) 0.54   The trial goes on."
    )
    found = arms(tmp_path, text)
    assert found["19.4"] == found["59.4"] == ""
    assert found["16.7"] == found["53.9"] == "nimotuzumab + gefitinib"
    assert found["22.1"] == found["64.9"] == "gefitinib"


def test_a_rows_last_cell_keeps_its_own_rows_response(tmp_path: Path) -> None:
    text = _NIMOTUZUMAB + (
        "CR 0 (0%) 0 (0%) 0 (0%) PR 30 (19.4%) 13 (16.7%) 17 (22.1%) SD 62 (40.0%) 29 (37.2%) 33 (42.9%) "
        "PD 57 (36.8%) 31 (39.7%) 26 (33.8%)   The trial goes on."
    )
    path = tmp_path / "table.txt"
    path.write_text(text + "\n\n(From a report of a cancer trial.)\n", encoding="utf-8")
    document = ingest_file(path)
    entities = document_entities(shared_pipeline(), "table", [document.text])
    endpoints = {m.value_text: m.endpoint for m in extract_measurements(document, entities)}
    assert endpoints["22.1"] == "PR"
    assert endpoints["42.9"] == "SD"


def test_rows_that_do_not_line_up_with_the_columns_have_no_known_column(tmp_path: Path) -> None:
    cells = _cells(
        tmp_path,
        _XELIRI + "XELIRI FOLFIRI n = 41 n = 46 p Complete response 5 (12%) 1 (2%) 0.10 "
        "Partial response 15 (37%) 0.32 Median PFS 10.3 0.78 Stable disease 1 2 3 4   The trial goes on.",
    )
    assert cells == {
        "5 (12%)": "capecitabine + irinotecan",
        "1 (2%)": "leucovorin + fluorouracil + irinotecan",
        "0.10": "P",
        "15 (37%)": "?",
        "0.32": "?",
        "10.3": "?",
        "0.78": "?",
        "1": "?",
        "2": "?",
        "3": "?",
        "4": "?",
    }


def test_a_row_that_does_not_line_up_takes_no_arm_from_the_header(tmp_path: Path) -> None:
    # PMC5593668: the sites' rows printed column by column; a sentence reading gave every cell the
    # header's regimen, half of them the other arm's figures
    text = (
        "Patients with gastric cancer had a gastrectomy.   Table 1 Site of first relapse Site Capecitabine "
        "( n = 415) Surgery-only ( n = 414) HR 95% CI No. of relapses 123 (29.6%) 175 (42.3%) Local "
        "Lymph nodes Peritoneum 9 (2.2%) 26 (6.3%) 56 (13.5%) 14 (3.4%) 46 (11.1%) 83 (20.0%)   The trial "
        "goes on."
    )
    found = arms(tmp_path, text)
    assert found["29.6"] == "capecitabine"
    assert found["42.3"] == "Surgery-only"
    assert found["2.2"] == found["13.5"] == found["3.4"] == found["20.0"] == ""


def test_a_header_that_does_not_name_every_column_lines_up_nothing(tmp_path: Path) -> None:
    text = _XELIRI + "Local, mean (n = 26) 3 weeks (n = 28) P Complete response 5 (12%) 1 (2%) 0.10"
    assert _cells(tmp_path, text) == {}


_PM01183 = (
    "Patients with ovarian cancer were randomly assigned to PM01183 or topotecan.   "
    "Table 2{glue}Overall response in all patients{glue}All PM01183 (n =52){glue}Randomized, controlled "
    "second stage{glue}PM01183 (n =30){glue}Topotecan (n =29){space}"
)


def test_a_header_whose_names_cannot_be_placed_gives_its_figures_no_arm(tmp_path: Path) -> None:
    # PMC5452066: a pooled first column and a spanning label before the second column's name; a
    # sentence reading gave every figure the last name in the header, the topotecan column's
    text = _PM01183.format(glue=" ", space=" ") + (
        "Partial response 11 (21%) 4 (13%) 0 (0%) Stable disease 26 (50%) 15 (50%) 15 (52%)   "
        "The trial goes on."
    )
    found = arms(tmp_path, text)
    assert found["21"] == found["13"] == found["50"] == found["52"] == ""


def test_a_caption_glued_to_its_title_starts_a_table(tmp_path: Path) -> None:
    # PMC texts whose cells and caption run together ("Table 2Overall response", "23%17%-"): 768
    # captions in 278 of the 2,231 texts
    text = _PM01183.format(glue="", space="") + (
        "Overall response rate23%17%-Partial response11  (21%)4  (13%)-Stable disease26  (50%)15  (50%)"
        "15  (52%)   The trial goes on."
    )
    found = arms(tmp_path, text)
    assert found["17"] == found["21"] == found["13"] == found["52"] == ""

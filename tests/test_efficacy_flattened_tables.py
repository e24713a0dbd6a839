"""Tables flattened into running text (issue #10, PMC texts): each column's figures are its arm's as
the header names it, a "Total" column's are the whole trial's, a p-value column holds no figure, and a
table whose cells do not line up with its columns is read as sentences, as before."""

from __future__ import annotations

from pathlib import Path

from pipeline.efficacy.rules import efficacy_rules
from pipeline.efficacy.tables import flattened_columns
from tests.extracting import arm_by_value as arms

_DESIGN = (
    "Patients with metastatic colorectal cancer were randomly assigned to the XELIRI arm (capecitabine "
    "plus irinotecan) or the FOLFIRI arm (irinotecan plus leucovorin and fluorouracil).   "
)


def test_names_before_their_sizes_give_each_column_its_arm(tmp_path: Path) -> None:
    text = (
        _DESIGN + "Table 2 Efficacy of treatment in the XELIRI and FOLFIRI arms, data are shown as n (%) "
        "XELIRI FOLFIRI n = 41 n = 46 p Complete response 5 (12%) 1 (2%) 0.10 Partial response 15 (37%) "
        "21 (46%) 0.32   The trial goes on."
    )
    found = arms(tmp_path, text)
    assert found["12"] == found["37"] == "capecitabine + irinotecan"
    assert found["2"] == found["46"] == "leucovorin + fluorouracil + irinotecan"
    assert "0.10" not in found and "0.32" not in found


def test_a_total_column_is_the_whole_trials_and_each_named_column_its_regimens(tmp_path: Path) -> None:
    text = (
        "Patients with lung cancer were randomly assigned to nimotuzumab plus gefitinib or gefitinib alone.   "
        "Table 2 Tumor response according to RECIST Response Total ( n = 155) Nimotuzumab+ Gefitinib "
        "( n = 78) Gefitinib ( n = 77) P Overall response rate, % 30 (19.4%) 13 (16.7%) 17 (22.1%) 0.35 "
        "Disease control rate, % 92 (59.4%) 42 (53.9%) 50 (64.9%) 0.54   The trial goes on."
    )
    found = arms(tmp_path, text)
    assert found["19.4"] == found["59.4"] == ""
    assert found["16.7"] == found["53.9"] == "nimotuzumab + gefitinib"
    assert found["22.1"] == found["64.9"] == "gefitinib"


def test_rows_that_do_not_line_up_with_the_columns_are_left_to_the_sentence_reading() -> None:
    text = (
        "  Table 2 Response XELIRI FOLFIRI n = 41 n = 46 p Complete response 5 (12%) 1 (2%) 0.10 "
        "Partial response 15 (37%) 0.32 Median PFS 10.3 0.78"
    )
    cells = {text[s:e]: c for s, e, c in flattened_columns(text, [], efficacy_rules())}
    # no drug entities given: the names resolve to no regimen, so nothing is lined up
    assert cells == {}


def test_a_header_that_does_not_name_every_column_lines_up_nothing(tmp_path: Path) -> None:
    text = (
        _DESIGN + "Table 2 Response Local (n = 26) Caudal (n = 28) P Complete response 5 (12%) 1 (2%) 0.10   "
        "The trial goes on."
    )
    found = arms(tmp_path, text)
    assert found["12"] == arms(tmp_path, text.replace("Local (n = 26) Caudal (n = 28) P ", ""))["12"]

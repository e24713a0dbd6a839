"""Counts whose arm is the regimen their patients were treated with, written before them ("9
sorafenib-treated patients"), in lists that share the patients and, written once, the ending: "in 8
afatinib-, 6 lapatinib-, and 4 trastuzumab-treated patients". Before, a list gave its first count
or none, and a count before the verb only without the hyphen."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extracting import figures

CASES = [
    (
        "Objective response was seen in 8 afatinib-, 6 lapatinib-, and 4 trastuzumab-treated patients.",
        [("ORR", "afatinib", 8.0), ("ORR", "lapatinib", 6.0), ("ORR", "trastuzumab", 4.0)],
    ),
    (
        "Objective response was seen in 8 afatinib-treated, 6 lapatinib-treated, and 4 trastuzumab-treated "
        "patients.",
        [("ORR", "afatinib", 8.0), ("ORR", "lapatinib", 6.0), ("ORR", "trastuzumab", 4.0)],
    ),
    (
        "A partial response was seen in 9 sorafenib-treated patients and 14 capecitabine-treated patients.",
        [("PR", "sorafenib", 9.0), ("PR", "capecitabine", 14.0)],
    ),
    (
        "9 sorafenib-treated patients and 14 capecitabine-treated patients had a partial response.",
        [("PR", "sorafenib", 9.0), ("PR", "capecitabine", 14.0)],
    ),
    (
        "Eleven patients had stable disease; 1 lapatinib- and 1 trastuzumab-treated patient had progressive "
        "disease.",
        [("SD", "", 11.0), ("PD", "lapatinib", 1.0), ("PD", "trastuzumab", 1.0)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_counts_of_treated_patients_take_their_regimen(tmp_path: Path, text: str, expected: list) -> None:
    rows = figures(tmp_path, text)
    assert [
        (endpoint, arm, value) for endpoint, measure, arm, value, _, _ in rows if measure == "count"
    ] == expected


def test_patients_pretreated_with_a_drug_are_not_its_arm(tmp_path: Path) -> None:
    # a prior treatment says who the patients are, not what they were randomised to
    rows = figures(tmp_path, "A partial response was seen in 12 anthracycline-pretreated patients.")
    assert [(endpoint, arm, value) for endpoint, measure, arm, value, _, _ in rows] == [("PR", "", 12.0)]

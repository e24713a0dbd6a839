"""A pair or a two-value list split by one treatment given or not ("with or without X", "treated or
not with X"): the first value is the arm with it, the second the arm without it, as the sentence
writes them; a split by who the patients are, or a value of both, takes no arm."""

from __future__ import annotations

from pathlib import Path

from tests.test_efficacy_arm_labels import arms


def test_a_respectively_list_after_with_or_without_a_drug(tmp_path: Path) -> None:
    text = (
        "The ORR in patients receiving chemotherapy with or without rh-endostatin were 90.9% (30/33) "
        "and 67.7% (21/31), respectively, with significant difference (P = 0.021)."
    )
    assert [(arm, arm_text, value) for arm, arm_text, value in arms(tmp_path, text)] == [
        ("endostatins", "rh-endostatin", 90.9),
        ("endostatins", "rh-endostatin", 30.0),
        ("no endostatins", "without rh-endostatin", 67.7),
        ("no endostatins", "without rh-endostatin", 21.0),
    ]


def test_a_pair_before_treated_or_not_with_a_therapy(tmp_path: Path) -> None:
    text = (
        "The 5-year overall survival rates were 91% and 87% for patients treated or not with adjuvant "
        "chemotherapy (P = .09). In patients with high mitotic index, the 5-year overall survival rates "
        "were 86% and 79% for patients treated or not treated with adjuvant chemotherapy, respectively."
    )
    assert [(arm, arm_text, value) for arm, arm_text, value in arms(tmp_path, text)] == [
        ("adjuvant chemotherapy", "adjuvant chemotherapy", 91.0),
        ("no adjuvant chemotherapy", "not with adjuvant chemotherapy", 87.0),
        ("adjuvant chemotherapy", "adjuvant chemotherapy", 86.0),
        ("no adjuvant chemotherapy", "not treated with adjuvant chemotherapy", 79.0),
    ]


def test_one_value_of_patients_treated_or_not_is_of_both(tmp_path: Path) -> None:
    text = "The 5-year overall survival rate was 95% for patients treated or not with adjuvant chemotherapy."
    assert [(arm, arm_text) for arm, arm_text, _ in arms(tmp_path, text)] == [("", "")]


def test_with_and_without_a_risk_factor_splits_no_arms(tmp_path: Path) -> None:
    text = (
        "The median overall survival was 20.1 and 25.3 months with and without cardiac risk factors, "
        "respectively."
    )
    assert [(arm, arm_text) for arm, arm_text, _ in arms(tmp_path, text)] == [("", ""), ("", "")]


def test_three_values_are_no_pair_given_or_not(tmp_path: Path) -> None:
    text = (
        "The ORR in patients receiving chemotherapy with or without rh-endostatin were 90%, 70%, 60% at "
        "3, 6 and 9 weeks, respectively."
    )
    assert [arm for arm, _, _ in arms(tmp_path, text)] == ["", "", ""]

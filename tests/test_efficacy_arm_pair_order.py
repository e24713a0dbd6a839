"""Which value of an "a vs b" pair is which arm's when the sentence names both arms before it: the
subject's first, then what it is compared with, whichever the sentence names first."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extracting import arm_by_value as arms


def test_an_opening_compared_with_names_the_pairs_second_arm(tmp_path: Path) -> None:
    text = (
        "Compared with melphalan and prednisone, the same agents with thalidomide added improved median "
        "progression-free survival (29.5 months vs. 17.5 months, p < 0.001)."
    )
    assert arms(tmp_path, text) == {"29.5": "thalidomide", "17.5": "melphalan + prednisone"}


def test_a_pair_after_its_arms_in_order_keeps_their_order(tmp_path: Path) -> None:
    text = (
        "Thalidomide compared with melphalan and prednisone improved median progression-free survival "
        "(29.5 months vs. 17.5 months, p < 0.001)."
    )
    assert arms(tmp_path, text) == {"29.5": "thalidomide", "17.5": "melphalan + prednisone"}


def test_a_respective_pair_takes_the_arms_in_the_order_of_the_sentence_before(tmp_path: Path) -> None:
    # the design names radical mastectomy first; the sentence before names the other arm first
    text = (
        "Patients were randomly assigned to radical mastectomy or breast-conserving surgery. The rate of "
        "death from all causes was 41.7% in the group that underwent breast-conserving surgery and 41.2% "
        "in the radical-mastectomy group. The respective rates of death from breast cancer were 26.1% and "
        "24.3%."
    )
    assert arms(tmp_path, text) == {
        "41.7": "breast-conserving surgery",
        "41.2": "radical mastectomy",
        "26.1": "breast-conserving surgery",
        "24.3": "radical mastectomy",
    }


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        # the design lists tamoxifen first; the sentence's subject is letrozole
        ("Letrozole improved median PFS (9.1 vs 7.0 months).", {"9.1": "letrozole", "7.0": "tamoxifen"}),
        (
            "Patients receiving letrozole had a median PFS of 9.1 months versus 7.0 months.",
            {"9.1": "letrozole", "7.0": "tamoxifen"},
        ),
        # named as what is compared with, the arm is the pair's second
        (
            "Median PFS was longer than with tamoxifen (9.1 vs 7.0 months).",
            {"9.1": "letrozole", "7.0": "tamoxifen"},
        ),
        (
            "The new drug gave no superior PFS to tamoxifen (9.1 vs 7.0 months).",
            {"9.1": "letrozole", "7.0": "tamoxifen"},
        ),
        # a regimen that labels the value before the pair is that value's, not the pair's subject
        (
            "Median PFS was 4.0 months with letrozole in the first line; in the second line it was "
            "9.1 vs 7.0 months.",
            {"4.0": "letrozole", "9.1": "tamoxifen", "7.0": "letrozole"},
        ),
    ],
)
def test_the_one_arm_a_sentence_names_before_its_pair_is_the_first_values(
    tmp_path: Path, result: str, expected: dict[str, str]
) -> None:
    design = "Patients were randomly assigned to receive tamoxifen or letrozole. "
    assert arms(tmp_path, design + result) == expected


def test_an_arm_named_by_its_role_leaves_the_pair_to_the_designs_order(tmp_path: Path) -> None:
    # "placebo-controlled" names no arm's figure: the design's order gives the pair its sides
    text = (
        "Patients were randomly assigned to receive exemestane or placebo. In this placebo-controlled "
        "trial, median PFS was 9.1 vs 7.0 months."
    )
    assert arms(tmp_path, text) == {"9.1": "exemestane", "7.0": "placebo"}


def test_a_group_named_by_its_role_is_the_pairs_subject(tmp_path: Path) -> None:
    text = (
        "Patients were randomly assigned to receive docetaxel plus trastuzumab or docetaxel alone. "
        "Patients in the control group had a median OS of 22.7 months versus 31.2 months for the "
        "experimental group."
    )
    assert arms(tmp_path, text) == {"22.7": "docetaxel", "31.2": "docetaxel + trastuzumab"}


@pytest.mark.parametrize(
    "result",
    [
        "Paclitaxel-treated patients had an ORR of 40% versus 28% for docetaxel-treated patients.",
        "The paclitaxel group had a longer median PFS of 6.1 months versus 4.2 months in the docetaxel "
        "group.",
    ],
)
def test_the_subject_named_before_a_pair_takes_its_first_value_whatever_the_designs_order(
    tmp_path: Path, result: str
) -> None:
    # both were wrong until the pair's named subject counted: the first value took docetaxel too
    design = "Patients were randomly assigned to receive docetaxel or paclitaxel. "
    found = arms(tmp_path, design + result)
    assert list(found.values()) == ["paclitaxel", "docetaxel"]

"""Which value of an "a vs b" pair is which arm's when the sentence names both arms before it: the
subject's first, then what it is compared with, whichever the sentence names first."""

from __future__ import annotations

from pathlib import Path

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

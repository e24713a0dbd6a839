"""Arm (issue #10, PMC samples): how much one arm gained over the other is a difference or a relative
reduction, no arm's figure, whether the change is written before the value ("improved median PFS by
7.8 months") or after it ("a 61% increase in median time to progression"), for every value of a list
it ends."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_arm_chooser import figures


def read(tmp_path: Path, text: str) -> list[tuple[float, str, str]]:
    return [(m.value, m.measure, m.arm) for m in figures(tmp_path, text)]


CASES = [
    # a verb of gain with what it improved between it and "by", and the list after "by"
    (
        "Compared with GM-CSF, talimogene laherparepvec improved DRR and ORR by 24% and 38%, respectively.",
        [(24.0, "difference", ""), (38.0, "difference", "")],
    ),
    (
        "Everolimus improved median PFS by 7.8 months compared with placebo in pretreated patients.",
        [(7.8, "difference", "")],
    ),
    # a gain written after the share
    (
        "Patients treated with trabectedin had a 61% increase in median time to progression.",
        [(61.0, "difference", "")],
    ),
    # a decrease written after the share, relative unless said to be absolute
    (
        "Patients who received dovitinib plus fulvestrant had an estimated 36% risk reduction in PFS "
        "compared with patients who received placebo plus fulvestrant.",
        [(36.0, "relative_reduction", "")],
    ),
    (
        "The screening trial showed a 20% relative decrease in mortality in the screening arm.",
        [(20.0, "relative_reduction", "")],
    ),
    # a list of reductions with the change after the last: every value of it
    (
        "Two years of tamoxifen gave a respective 27% and 24% reduction of recurrences in the two overviews.",
        [(27.0, "relative_reduction", ""), (24.0, "relative_reduction", "")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_a_change_between_arms_is_no_arms_figure(
    tmp_path: Path, text: str, expected: list[tuple[float, str, str]]
) -> None:
    assert read(tmp_path, text) == expected


TOTALS = [
    # a count and its share, then each arm's after a comma (the sentence's one regimen is one part's)
    (
        "Patients with breast cancer were randomized to epirubicin or observation. Complete response was "
        "obtained in 60 patients (34.1%), 16 (25.4%) in the epirubicin arm and 44 (39.6%) in the "
        "observation arm.",
        ["60", "34.1"],
    ),
    # a total, then each arm's in brackets
    (
        "Patients with colorectal cancer were randomized to chemotherapy or chemotherapy and bevacizumab. "
        "At the time of analysis, 508 deaths were recorded (248 in the chemotherapy alone group and 260 in "
        "the chemotherapy plus bevacizumab group).",
        ["508"],
    ),
]


@pytest.mark.parametrize(("text", "totals"), TOTALS)
def test_a_total_before_its_parts_by_arm_is_no_arms_figure(
    tmp_path: Path, text: str, totals: list[str]
) -> None:
    found = figures(tmp_path, text)
    assert [m.arm for m in found if m.value_text in totals] == [""] * len(totals)
    assert all(m.arm for m in found if m.value_text not in totals)

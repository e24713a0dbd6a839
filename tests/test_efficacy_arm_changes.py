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

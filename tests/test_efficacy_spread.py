"""A value written with its spread before its unit ("10.2 ± 3.1 months", "72.3 ± 7.5%": a mean and
its standard deviation, a Kaplan-Meier rate and its standard error), one of the number forms issue
#10 lists. The unit after the spread is the value's, as the unit after an interval is ("18.9 (95% CI
17.1-21.3) months"); before, the value had no unit and gave no row. The spread is never a value."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extracting import figures

CASES = [
    (
        "The mean time to progression was 10.2 ± 3.1 months with docetaxel and 8.1 ± 2.9 months with "
        "paclitaxel.",
        [("TTP", "mean", "docetaxel", 10.2, "months"), ("TTP", "mean", "paclitaxel", 8.1, "months")],
    ),
    (
        "The 5-year cumulative OS were 72.3 ± 7.5% and 81.9 ± 7.0%, respectively, in the busulfan and "
        "fludarabine groups (P = 0.177).",
        [("OS", "landmark_rate", "busulfan", 72.3, "%"), ("OS", "landmark_rate", "fludarabine", 81.9, "%")],
    ),
    (
        "Median overall survival was 14.2 +/- 2.1 months.",
        [("OS", "median", "", 14.2, "months")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_a_value_takes_the_unit_written_after_its_spread(tmp_path: Path, text: str, expected: list) -> None:
    assert [row[:5] for row in figures(tmp_path, text)] == expected


def test_a_spread_without_an_endpoint_gives_no_row(tmp_path: Path) -> None:
    # the women's time since diagnosis, not a result
    text = "Ninety women (15.9 ± 2.9 months postdiagnosis) were randomized to exercise or usual care."
    assert figures(tmp_path, text) == []


def test_the_unit_without_a_spread_still_leads_to_the_arm_after_it(tmp_path: Path) -> None:
    # TIME and PERCENT are each one group: patterns write "{PERCENT}?", and an optional spread inside
    # them must not make the unit itself required there
    text = "Median PFS was 10.2 months with docetaxel and 8.1 months with paclitaxel."
    assert [row[:5] for row in figures(tmp_path, text)] == [
        ("PFS", "median", "docetaxel", 10.2, "months"),
        ("PFS", "median", "paclitaxel", 8.1, "months"),
    ]

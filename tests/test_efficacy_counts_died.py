"""A count of patients followed by the verb of their events ("12 patients died in the docetaxel arm and
20 in the paclitaxel arm") is a count of those events, and it belongs to the arm named after the verb,
as the second count of the pair belongs to the arm named after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extracting import figures

DESIGN = "Patients with metastatic breast cancer were randomly assigned to docetaxel or paclitaxel. "


@pytest.mark.parametrize(
    "sentence",
    [
        "Twelve patients died in the docetaxel arm and 20 in the paclitaxel arm.",
        "At the last follow-up, 12 women had died in the docetaxel arm and 20 in the paclitaxel arm.",
        "In all, 12 patients died with docetaxel and 20 with paclitaxel (P = 0.04).",
    ],
)
def test_the_patients_who_died_are_a_count_of_deaths_in_their_arm(tmp_path: Path, sentence: str) -> None:
    rows = figures(tmp_path, DESIGN + sentence)
    assert [(endpoint, measure, arm, value) for endpoint, measure, arm, value, _, _ in rows] == [
        ("DEATH", "count", "docetaxel", 12.0),
        ("DEATH", "count", "paclitaxel", 20.0),
    ]

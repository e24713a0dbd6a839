"""A percentage of the patients is a share of them, whose outcome may be named after its patients, as
a count's is."""

from __future__ import annotations

from pathlib import Path

from tests.extracting import figures_by_value

DESIGN = "Patients with operable breast cancer were randomly assigned to docetaxel or paclitaxel. "


def test_a_percentage_of_patients_takes_the_outcome_named_after_them(tmp_path: Path) -> None:
    figures = figures_by_value(
        tmp_path,
        DESIGN + "27.3% of patients in the docetaxel group had complete response, and 31.8% had partial "
        "response.",
    )
    assert {v: (m.endpoint, m.arm) for v, m in figures.items()} == {
        "27.3": ("CR", "docetaxel"),
        "31.8": ("PR", "docetaxel"),
    }

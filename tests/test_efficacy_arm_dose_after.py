"""Arms that differ only by dose, named by the dose alone or with the dose after the drug (issue #10:
"arms that differ only by dose or schedule need the dose or schedule in the arm")."""

from __future__ import annotations

from pathlib import Path

from tests.extracting import arm_by_value as arms

DESIGN = "Patients were randomly assigned to letrozole 0.5 mg or letrozole 2.5 mg daily."


def test_a_dose_written_after_the_drug_names_its_arm(tmp_path: Path) -> None:
    # Before, the second value took the first arm: the dose of the arm before stood within the words
    # read before the second mention, and the dose after it was not read.
    text = f"{DESIGN} The objective response rate was 16% with letrozole 0.5 mg and 24% with letrozole 2.5 mg"
    assert arms(tmp_path, text) == {"16": "letrozole (0.5 mg)", "24": "letrozole (2.5 mg)"}


def test_a_group_named_by_its_dose_alone_is_the_designs_arm(tmp_path: Path) -> None:
    text = (
        f"{DESIGN} The objective response rate was 16% in the 0.5 mg arm and 24% in the 2.5-mg arm. "
        "Median TTP was longer in the 2.5-mg arm than in the 0.5-mg arm (5.6 v 3.1 months)."
    )
    assert arms(tmp_path, text) == {
        "16": "letrozole (0.5 mg)",
        "24": "letrozole (2.5 mg)",
        "5.6": "letrozole (2.5 mg)",
        "3.1": "letrozole (0.5 mg)",
    }


def test_a_dose_of_the_arm_before_names_no_other_arm(tmp_path: Path) -> None:
    # the dose that ends the first arm's phrase is not the second mention's
    text = f"{DESIGN} The objective response rate was 16% with letrozole 0.5 mg, and 24% with letrozole."
    assert arms(tmp_path, text)["24"] == ""

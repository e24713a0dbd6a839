"""Arm labels a paper writes as a group's dose or size (issue #10)."""

from __future__ import annotations

from pathlib import Path

from tests.extracting import arm_by_value as arms


def test_a_group_named_by_its_dose_or_size_is_a_label(tmp_path: Path) -> None:
    """ "in the 45 Gy group", "with the 10 μM trabedersen group": arms that differ by dose keep it."""
    text = (
        "Median survival was 12.0 months with the 10 μM trabedersen group and 13.1 months with the 80 μM "
        "trabedersen group. Five-year overall survival was 32.2% in the 1 cm group and 30.9% in the 3 cm "
        "group."
    )
    assert arms(tmp_path, text) == {
        "12.0": "10 μM trabedersen",
        "13.1": "80 μM trabedersen",
        "32.2": "1 cm",
        "30.9": "3 cm",
    }


def test_a_group_named_by_a_drug_and_its_dose_after_it_keeps_the_dose(tmp_path: Path) -> None:
    """ "in EPI 120 + EPO arm", "in the ondansetron 8 mg group": the dose written after the drug is
    what tells the arm from another of the same drug, so the label keeps it instead of the drug alone."""
    text = (
        "Complete Response (CR) was obtained in 60 patients, 16 (25.4%) in EPI 120 arm, 18 (32.7%) in "
        "EPI 120 + EPO arm and 26 (44.8%) in EPI 40+EPO arm, respectively. Complete response was 31% in "
        "the ondansetron 4 mg group and 42% in the ondansetron 8 mg group."
    )
    found = arms(tmp_path, text)
    assert found["25.4"] == "EPI 120"
    assert found["32.7"] == "EPI 120 + EPO"
    assert found["44.8"] == "EPI 40+EPO"
    assert found["31"] == "ondansetron 4 mg"
    assert found["42"] == "ondansetron 8 mg"

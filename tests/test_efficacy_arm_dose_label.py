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

"""Percentages of patients listed before the words they share, as counts are: "33% of sunitinib- and
29% of capecitabine-treated patients had died", "9% of anastrozole and 12% of tamoxifen patients".
Before, the first share had no arm, or no endpoint and no row."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extracting import figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Patients were randomly assigned to receive sunitinib or capecitabine. At data cut-off, 33% "
            "of sunitinib- and 29% of capecitabine-treated patients had died.",
            [("DEATH", "sunitinib", 33.0), ("DEATH", "capecitabine", 29.0)],
        ),
        (
            "Patients were randomly assigned to receive sunitinib or capecitabine. At data cut-off, 33% "
            "in the sunitinib arm and 29% in the capecitabine arm had died.",
            [("DEATH", "sunitinib", 33.0), ("DEATH", "capecitabine", 29.0)],
        ),
        (
            "Patients were randomly assigned to receive anastrozole or tamoxifen. Recurrence was "
            "reported in 9% of anastrozole and 12% of tamoxifen patients.",
            [("RECURRENCE", "anastrozole", 9.0), ("RECURRENCE", "tamoxifen", 12.0)],
        ),
    ],
)
def test_shares_listed_before_their_shared_words_take_their_own_arm(
    tmp_path: Path, text: str, expected: list
) -> None:
    rows = figures(tmp_path, text)
    assert [(endpoint, arm, value) for endpoint, _, arm, value, _, _ in rows] == expected

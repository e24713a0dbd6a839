"""Durations of response and of clinical benefit in the words issue #10 lists as not covered:
"response duration", "duration of objective response", "remission duration", "duration of
clinical benefit". Before, such a sentence gave no row: no endpoint fits a duration but these."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extracting import values

CASES = [
    (
        "The median response duration was 12.6 months with anastrozole and 9.3 months with tamoxifen.",
        [("DOR", "median", 12.6, None), ("DOR", "median", 9.3, None)],
    ),
    (
        "The median duration of objective response was 12.6 months with anastrozole and 9.3 months with "
        "tamoxifen.",
        [("DOR", "median", 12.6, None), ("DOR", "median", 9.3, None)],
    ),
    (
        "Median remission duration was 14 months in arm A and 9 months in arm B.",
        [("DOR", "median", 14.0, None), ("DOR", "median", 9.0, None)],
    ),
    (
        "The median duration of complete remission was 14 months with idarubicin and 9 months with "
        "daunorubicin.",
        [("DOR", "median", 14.0, None), ("DOR", "median", 9.0, None)],
    ),
    (
        "The median duration of clinical benefit was 16.3 months with fulvestrant and 12.1 months with "
        "anastrozole.",
        [("DOCB", "median", 16.3, None), ("DOCB", "median", 12.1, None)],
    ),
    # the rates beside them stay rates of their response
    (
        "The clinical benefit rate was 40%, and the median duration of clinical benefit was 16.3 months.",
        [("CBR", "rate", 40.0, None), ("DOCB", "median", 16.3, None)],
    ),
    (
        "The complete remission rate was 62%, with a median remission duration of 11 months.",
        [("CR", "rate", 62.0, None), ("DOR", "median", 11.0, None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_duration_endpoints(tmp_path: Path, text: str, expected: list[tuple]) -> None:
    assert values(tmp_path, text) == expected

"""Values the unseen abstracts still lost (issue #10, third pass): a count of the patients an
outcome was "observed in", the second count of a pair of patients' counts, a share in words, an
endpoint named right after a "versus" pair, and endpoint words
(time to relapse, RCB 0-I, second breast cancers, local progressions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extracting import values

CASES = [
    # a count of the patients an outcome was found in, also the last of a list and with its denominator
    (
        "A complete response was observed in 20 patients.",
        [("CR", "count", 20.0, None)],
    ),
    (
        "Objective response was seen in 12 of 40 evaluable patients.",
        [("ORR", "count", 12.0, 40)],
    ),
    (
        "RCB 0-I was observed in four and eight patients in the letrozole and chemotherapy arms, "
        "respectively.",
        [("PCR", "count", 4.0, None), ("PCR", "count", 8.0, None)],
    ),
    # the endpoint named after a "versus" pair is both values' endpoint, not the one before them
    (
        "There was no survival difference: 33.6 versus 27.3% OS at 3 years (P=0.8) and 22.9 versus 22.3 "
        "months median time to relapse.",
        [
            ("OS", "landmark_rate", 33.6, None),
            ("OS", "landmark_rate", 27.3, None),
            ("TTR", "median", 22.9, None),
            ("TTR", "median", 22.3, None),
        ],
    ),
    # the second count of a pair of patients' counts, as of a pair of events' counts
    (
        "Fifty-six patients assigned to TX/CEX died during the follow-up compared with 75 of patients "
        "assigned to T/CEF.",
        [("DEATH", "count", 56.0, None), ("DEATH", "count", 75.0, None)],
    ),
    (
        "Overall, 12 patients in arm A and 8 in arm B achieved a complete response.",
        [("CR", "count", 12.0, None), ("CR", "count", 8.0, None)],
    ),
    # where the clause has counted before "occurred in", the patients after it are the denominator
    (
        "253 deaths occurred overall in 453 patients in the 1 cm margin group and 241 occurred in 447 "
        "patients in the 3 cm group.",
        [("DEATH", "count", 253.0, 453)],
    ),
    # a share written in words
    (
        "Sixty-three percent achieved a complete response.",
        [("CR", "rate", 63.0, None)],
    ),
    # endpoint words
    (
        "The mean time to relapse was 20.42 and 16.35 months in the two groups, respectively.",
        [("TTR", "mean", 20.42, None), ("TTR", "mean", 16.35, None)],
    ),
    (
        "There were 27 local progressions in the surgery plus tamoxifen group and 106 in the "
        "tamoxifen-alone group.",
        [("PFS", "count", 27.0, None), ("PFS", "count", 106.0, None)],
    ),
    (
        "Second breast cancers occurred in 6% of the fenretinide arm.",
        [("RECURRENCE", "rate", 6.0, None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_values_read(tmp_path: Path, text: str, expected: list[tuple]) -> None:
    assert values(tmp_path, text) == expected


NOT_VALUES = [
    # the count's outcome is a harm, and the sentence names no endpoint
    "Grade 3 neutropenia was observed in 12 patients.",
    # "in 2 and 3 weeks" counts no patients
    "Complete response was observed in 2 and 3 weeks.",
    # local progression-free survival is no count of local progressions
    "Local progression-free survival was assessed in 40 patients.",
    # a number word before "percent" of no endpoint is no figure
    "Sixty percent of the patients were older than 65 years.",
]


@pytest.mark.parametrize("text", NOT_VALUES)
def test_no_values(tmp_path: Path, text: str) -> None:
    assert values(tmp_path, text) == []

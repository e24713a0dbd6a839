"""Counts the unseen abstracts and PMC texts still lost or misread (issue #10, fifth pass): best
responses counted in words ("one CR and three PRs"), and a count whose verb belongs to the next
count's clause ("30 patients were alive and 12 patients had a distant recurrence")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_efficacy_recall4 import values

CASES = [
    # a count in words before a best-response abbreviation that ends its item counts that response
    (
        "The ORR was 13%: one PR per RECIST and one PR per GCIG criteria.",
        [("ORR", "rate", 13.0), ("PR", "count", 1.0), ("PR", "count", 1.0)],
    ),
    (
        "In the TEGAFOX arm, six CR and 22 PR were recorded.",
        [("CR", "count", 6.0), ("PR", "count", 22.0)],
    ),
    ("One PR was observed after two cycles.", [("PR", "count", 1.0)]),
    # the events a count names right after it are its own, not what follows the verb they share
    (
        "Among 10 patients, two PR and three SD were achieved (ORR = 20%; DCR = 50%).",
        [("PR", "count", 2.0), ("SD", "count", 3.0), ("ORR", "rate", 20.0), ("DCR", "rate", 50.0)],
    ),
    ("There was one CR in a patient with locally advanced disease.", [("CR", "count", 1.0)]),
    # "achieved a PR": the abbreviation after a verb of outcome and its article is the response
    (
        "Two patients achieved a PR and three had stable disease.",
        [("PR", "count", 2.0), ("SD", "count", 3.0)],
    ),
    # a verb after another count is that count's: the twelve were free of disease, the four had a recurrence
    (
        "Twelve patients were free of disease and four patients had a local recurrence.",
        [("RECURRENCE", "count", 4.0)],
    ),
    (
        "In the control arm, 30 patients were alive and 12 patients had a distant recurrence.",
        [("RECURRENCE", "count", 12.0)],
    ),
    (
        "Three patients were ineligible and two patients had a complete response.",
        [("CR", "count", 2.0)],
    ),
    # counts listed before one verb share it
    (
        "Twenty patients and 24 patients died in the first year.",
        [("DEATH", "count", 20.0), ("DEATH", "count", 24.0)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_counts_read(tmp_path: Path, text: str, expected: list[tuple]) -> None:
    assert values(tmp_path, text) == expected


NOT_COUNTS = [
    # a number word before an abbreviation that goes on is no count of responses
    "Ten PD patients were divided into two groups after a response of the tumour.",
    "Outliers were more than two SDs from the mean of the response rate.",
    "At one CR class of the tumour response, all people were invited.",
    # a number word that counts no response
    "One of the patients had a complete response of the tumour.",
]


@pytest.mark.parametrize("text", NOT_COUNTS)
def test_no_count(tmp_path: Path, text: str) -> None:
    assert [v for v in values(tmp_path, text) if v[1] == "count"] == []

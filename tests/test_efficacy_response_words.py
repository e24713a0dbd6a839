"""A tumour response written without "rate", "objective" or "clinical" (issue #10): "tumour
responses", "radiological responses", "major responses", "remission rate", and "Responses were seen
in ..."; "complete" or "partial" before them names that category; never a response of the immune
system, a marker or a grading scale."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extracting import values

CASES = [
    (
        "Tumour responses were observed in 42% and 31% of patients, respectively.",
        [("ORR", "rate", 42.0, None), ("ORR", "rate", 31.0, None)],
    ),
    (
        "Radiological responses were recorded in 38% of the exemestane group and 27% of the megestrol group.",
        [("ORR", "rate", 38.0, None), ("ORR", "rate", 27.0, None)],
    ),
    (
        "Major responses occurred in 20 patients (50%) receiving capecitabine.",
        [("ORR", "count", 20.0, None), ("ORR", "rate", 50.0, None)],
    ),
    (
        "The remission rate was 64% with FEC and 51% with CMF.",
        [("ORR", "rate", 64.0, None), ("ORR", "rate", 51.0, None)],
    ),
    (
        "Responses (complete and partial) were seen in 26% of the patients.",
        [("ORR", "rate", 26.0, None)],
    ),
    (
        "Objective tumour regression was seen in 35% of patients given letrozole and 22% of those given "
        "tamoxifen.",
        [("ORR", "rate", 35.0, None), ("ORR", "rate", 22.0, None)],
    ),
    # a complete or partial tumour response is that category, not a response of any kind
    (
        "Two patients (5%) had a complete tumour response and 10 (25%) had a partial tumour response.",
        [
            ("CR", "count", 2.0, None),
            ("CR", "rate", 5.0, None),
            ("PR", "count", 10.0, None),
            ("PR", "rate", 25.0, None),
        ],
    ),
    ("Two patients had long-lasting complete tumor remissions.", [("CR", "count", 2.0, None)]),
    # responses of the immune system, a marker or a scale are no tumour's
    ("T-cell responses were observed in 40% of the vaccinated patients.", []),
    ("Ki-67 responses were seen in 12 of 30 patients (40%).", []),
    (
        "Patients with a Mandard tumour regression grade of 1, 2, or 3 were classed as responders.",
        [],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_response_words(tmp_path: Path, text: str, expected: list[tuple]) -> None:
    assert values(tmp_path, "RESULTS: " + text) == expected

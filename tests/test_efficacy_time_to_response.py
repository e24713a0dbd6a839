"""Time to response is an endpoint of its own (issue #10, PMC-audit recall, second pass): "the
median time to response was 4.0 months", "the median time to CR ... (109.6 days vs. 175.2 days)".
Before it was, such a sentence gave no row, or a response rate's row for a duration."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extracting import values

CASES = [
    (
        "Among responding patients in the talimogene laherparepvec arm (n=66), the median time to response "
        "was 4.0 months (95% CI: 3.2, 5.0) compared with 3.8 months (95% CI: 1.9, 5.6) for the two "
        "responding patients in the GM-CSF group.",
        [("TTRESP", "median", 4.0, None), ("TTRESP", "median", 3.8, None)],
    ),
    (
        "The median time to CR in group B was significantly shorter than that in group A (109.6 days vs. "
        "175.2 days, p=0.001).",
        [("TTRESP", "median", 109.6, None), ("TTRESP", "median", 175.2, None)],
    ),
    (
        "The median time to first response was 2.1 months with trastuzumab and 2.8 months with lapatinib.",
        [("TTRESP", "median", 2.1, None), ("TTRESP", "median", 2.8, None)],
    ),
    # the response rate in the same sentence stays a response rate
    (
        "The objective response rate was 42%, and the median time to objective response was 1.9 months.",
        [("ORR", "rate", 42.0, None), ("TTRESP", "median", 1.9, None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_time_to_response(tmp_path: Path, text: str, expected: list[tuple]) -> None:
    assert values(tmp_path, text) == expected

"""A percentage written right before an endpoint is that endpoint's: "an overall response rate of
71% with 15% CR", "43.8% stable disease". Before, a best-response abbreviation after a percentage
was no endpoint at all, and the value took the endpoint named before it (ORR)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_efficacy_recall4 import values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The overall response rate was 71% with 15% CR, and median survival was 25.9 months.",
            [("ORR", "rate", 71.0), ("CR", "rate", 15.0), ("OS", "median", 25.9)],
        ),
        (
            "The overall response rate was 64% (18% complete response) and 69% (30% CR) respectively.",
            [("ORR", "rate", 64.0), ("CR", "rate", 18.0), ("ORR", "rate", 69.0), ("CR", "rate", 30.0)],
        ),
        (
            "The trial showed 25% partial response (4/16 patients) and 43.8% stable disease (7/16).",
            [("PR", "rate", 25.0), ("PR", "count", 4.0), ("SD", "rate", 43.8), ("SD", "count", 7.0)],
        ),
    ],
)
def test_a_percentage_right_before_an_endpoint_is_its(tmp_path: Path, text: str, expected: list) -> None:
    assert values(tmp_path, text) == expected


def test_an_abbreviation_that_does_not_end_its_item_is_no_endpoint(tmp_path: Path) -> None:
    # "SD" before a table's next column is a standard deviation, not stable disease
    assert ("SD", "rate", 87.6) not in values(tmp_path, "The response rate was 87.6% SD E 47.0 in the table.")

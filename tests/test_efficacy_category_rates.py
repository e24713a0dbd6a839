"""The rate of one best-response category: "the complete response rate", "the partial response rate".
The general response-rate entry ("response rates?") is tried before the categories' and found the
phrase's tail first, "response rate", which, nearer the value, named it ORR. A phrase that begins
before an endpoint phrase found earlier and holds it is the whole phrase: its endpoint wins; one that
only overlaps it does not ("rates of death from breast cancer" stays cancer-specific mortality)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extracting import values

CASES = [
    ("The complete response rate was 16.1% with docetaxel.", [("CR", "rate", 16.1, None)]),
    ("The partial response rate was 30% with docetaxel.", [("PR", "rate", 30.0, None)]),
    ("The clinical complete response rate was 12% with docetaxel.", [("CR", "rate", 12.0, None)]),
    # the phrases that name the whole response stay the response rate
    ("The objective response rate was 45% with docetaxel.", [("ORR", "rate", 45.0, None)]),
    ("The complete or partial response rate was 45% with docetaxel.", [("ORR", "rate", 45.0, None)]),
    ("The pathological complete response rate was 28% with docetaxel.", [("PCR", "rate", 28.0, None)]),
    ("The complete intracranial response rate was 20% with docetaxel.", [("CR", "rate", 20.0, None)]),
    # overlapping phrases, neither holding the other: the later, nearer one
    (
        "The rates of death from breast cancer were 26.1 percent with docetaxel.",
        [("CSM", "rate", 26.1, None)],
    ),
    (
        "Five-year local recurrence-free survival was 97.6% with docetaxel.",
        [("RFS", "landmark_rate", 97.6, None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_a_categorys_rate_is_that_category(tmp_path: Path, text: str, expected: list) -> None:
    assert values(tmp_path, text) == expected

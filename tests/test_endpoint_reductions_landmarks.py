"""Endpoint and measure (issue #10): relative reductions are never rates, and a landmark rate's
time point may be written between its endpoint and its value, or once for a sentence's rates."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_arm_chooser import figures


def read(tmp_path: Path, text: str) -> list[tuple[str, str, float, str]]:
    return [(m.endpoint, m.measure, m.value, m.timepoint) for m in figures(tmp_path, text)]


CASES = [
    # an adjective between "reduction in the" and "risk"
    (
        "Letrozole gave a 41% reduction in the estimated risk of death compared with tamoxifen.",
        [("OS", "relative_reduction", 41.0, "")],
    ),
    # "progression" after a reduction is progression or death, not the response category PD
    (
        "Median PFS was 11.4 versus 5.4 months, a 58% reduction in the estimated risk for progression.",
        [("PFS", "median", 11.4, ""), ("PFS", "median", 5.4, ""), ("PFS", "relative_reduction", 58.0, "")],
    ),
    # a list of reductions with the phrase after the last, brackets between
    (
        "Exemestane showed a 30% (P = 0.01) and 12% (P = 0.3) respective reduction in the risk of relapse.",
        [("RECURRENCE", "relative_reduction", 30.0, ""), ("RECURRENCE", "relative_reduction", 12.0, "")],
    ),
    # a time point between the endpoint and the value, both values of a pair
    (
        "There was no benefit of capecitabine in OS (3-year rate of 71.6 vs. 72.7%, p=0.69).",
        [("OS", "landmark_rate", 71.6, "3 years"), ("OS", "landmark_rate", 72.7, "3 years")],
    ),
    # one time point for the sentence's rates, the abbreviation defined after it and a later endpoint
    (
        "3-years overall survival (OS) was 78% with letrozole vs. 82.4% with tamoxifen (P = 0.145), while "
        "disease-free survival (DFS) differed significantly: 59% with letrozole vs. 75.1% with tamoxifen.",
        [
            ("OS", "landmark_rate", 78.0, "3 years"),
            ("OS", "landmark_rate", 82.4, "3 years"),
            ("DFS", "landmark_rate", 59.0, "3 years"),
            ("DFS", "landmark_rate", 75.1, "3 years"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_endpoint_and_measure(tmp_path: Path, text: str, expected: list[tuple[str, str, float, str]]) -> None:
    assert read(tmp_path, text) == expected


def test_a_reduction_of_no_endpoint_named_is_no_rate(tmp_path: Path) -> None:
    # "a 47% and 19% respective reduction in risk for axitinib": of a composite endpoint named before
    text = (
        "The composite endpoint of symptoms, death and progression showed a 47% (P = 0.03) and 19% "
        "(P = 0.26) respective reduction in risk for letrozole compared with tamoxifen."
    )
    assert [m for m in figures(tmp_path, text) if m.measure == "rate"] == []


def test_two_landmark_phrases_lend_no_time_point(tmp_path: Path) -> None:
    # two time points named before: which one a later plain rate is at is not said
    text = "The 3-year OS was 80% and the 5-year OS 70%, while the DFS rate was 60% with letrozole."
    assert ("DFS", "rate", 60.0, "") in read(tmp_path, text)

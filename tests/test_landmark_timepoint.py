"""A landmark rate's time point (issue #10): "the 5-year DFS rate was 85%" is a figure at 5 years.

The `timepoint` column holds it as the source states it ("5 years", "36 months"), for landmark
rates only; a list of time points ("the 1-, 3-, and 5-year OS rates were a, b and c") gives each
value its own. The reconciler never compares landmark rates at different time points."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline.efficacy.cues import Cue
from pipeline.efficacy.rules import efficacy_rules
from pipeline.efficacy.timepoint import landmark_times
from pipeline.reconcile import reconcile_measurements
from pipeline.records import Measurement, columns
from pipeline.report import key_text
from tests.test_arm_chooser import figures
from tests.test_reconcile import kinds, other, row


def timepoints(tmp_path: Path, text: str) -> list[tuple[str, str, float, str]]:
    return [(m.endpoint, m.measure, m.value, m.timepoint) for m in figures(tmp_path, text)]


def test_the_column_is_an_extra_column_of_measurements() -> None:
    names = columns(Measurement)
    assert "timepoint" in names
    # the contract's columns keep their order; the new one comes after them
    assert names.index("timepoint") > names.index("section")


CASES = [
    ("The 5-year DFS rate was 85% with letrozole.", [("DFS", "landmark_rate", 85.0, "5 years")]),
    ("The 36-month PFS rate was 40%.", [("PFS", "landmark_rate", 40.0, "36 months")]),
    # a number in words is written in digits, not converted
    (
        "Three-year OS was 91% vs 87% with anastrozole versus tamoxifen.",
        [("OS", "landmark_rate", 91.0, "3 years"), ("OS", "landmark_rate", 87.0, "3 years")],
    ),
    ("The one-year survival rate was 62%.", [("OS", "landmark_rate", 62.0, "1 year")]),
    (
        "Patients surviving at 8 years were 37% in the letrozole arm.",
        [("OS", "landmark_rate", 37.0, "8 years")],
    ),
    ("PFS at 6 months was 48.1% with gefitinib.", [("PFS", "landmark_rate", 48.1, "6 months")]),
    # the time point of a median is no landmark: empty
    ("The median PFS was 9.9 months.", [("PFS", "median", 9.9, "")]),
    # lists of time points: one value per time point, list after list
    (
        "The 1-, 3-, and 5-year overall survival rates were 88.9%, 82.4%, and 74.8% for Arm A and 91.8%, "
        "90.2%, and 82.1% for Arm B.",
        [
            ("OS", "landmark_rate", 88.9, "1 year"),
            ("OS", "landmark_rate", 82.4, "3 years"),
            ("OS", "landmark_rate", 74.8, "5 years"),
            ("OS", "landmark_rate", 91.8, "1 year"),
            ("OS", "landmark_rate", 90.2, "3 years"),
            ("OS", "landmark_rate", 82.1, "5 years"),
        ],
    ),
    (
        "The rates of PFS at two and three years were 78% and 57%, respectively.",
        [("PFS", "landmark_rate", 78.0, "2 years"), ("PFS", "landmark_rate", 57.0, "3 years")],
    ),
    (
        "In all, 6- and 12-month survival probabilities were 57% (95% CI: 42-72%) and 27% (95% CI: 14-40%).",
        [("OS", "landmark_rate", 57.0, "6 months"), ("OS", "landmark_rate", 27.0, "12 months")],
    ),
    (
        "The 2-year and 3-year DFS rates were 90% and 84%.",
        [("DFS", "landmark_rate", 90.0, "2 years"), ("DFS", "landmark_rate", 84.0, "3 years")],
    ),
    # a time point right before any survival or recurrence endpoint phrase, also a list of them
    ("The 3-year iDFS was 91.2% with letrozole.", [("IDFS", "landmark_rate", 91.2, "3 years")]),
    (
        "The 5-year local recurrence rate was 4.1% with letrozole.",
        [("RECURRENCE", "landmark_rate", 4.1, "5 years")],
    ),
    (
        "The 5-year rate of local recurrence was 3% with letrozole.",
        [("RECURRENCE", "landmark_rate", 3.0, "5 years")],
    ),
    (
        "The five-year cumulative incidence of relapse was 75%.",
        [("RECURRENCE", "landmark_rate", 75.0, "5 years")],
    ),
    (
        "The 1-, 3-, and 5-year distant metastasis-free survival rates were 82.5%, 79.1%, and 79.1%.",
        [
            ("MFS", "landmark_rate", 82.5, "1 year"),
            ("MFS", "landmark_rate", 79.1, "3 years"),
            ("MFS", "landmark_rate", 79.1, "5 years"),
        ],
    ),
    # an endpoint the lexicon names at a time point, the time point before it or after it, is that
    # endpoint's landmark: not overall survival read from its last word
    (
        "Relapse-free survival at 4 years was 72% vs 65%.",
        [("RFS", "landmark_rate", 72.0, "4 years"), ("RFS", "landmark_rate", 65.0, "4 years")],
    ),
    (
        "The 4-year recurrence-free survival was 81% with letrozole.",
        [("RFS", "landmark_rate", 81.0, "4 years")],
    ),
    (
        "The 10-year breast cancer-specific survival was 87% with letrozole.",
        [("BCSS", "landmark_rate", 87.0, "10 years")],
    ),
    (
        "Invasive disease-free survival at 5 years was 88.4% with letrozole.",
        [("IDFS", "landmark_rate", 88.4, "5 years")],
    ),
    (
        "The 10-year disease-specific survival was 70% vs 77%.",
        [("DSS", "landmark_rate", 70.0, "10 years"), ("DSS", "landmark_rate", 77.0, "10 years")],
    ),
    # ... and words the lexicon names no endpoint by are no overall survival
    ("The 5-year symptom-free survival was 40% with letrozole.", []),
    # ... but a count of events stays a count
    ("There were 27 local recurrences at 5 years.", [("RECURRENCE", "count", 27.0, "")]),
    # a sentence that opens with a time point reports its survival and recurrence rates at it
    (
        "At 12 months, OS was 40% with trabedersen and 31% with standard chemotherapy.",
        [("OS", "landmark_rate", 40.0, "12 months"), ("OS", "landmark_rate", 31.0, "12 months")],
    ),
    (
        "At 10 years, the cumulative incidence of local recurrence was 10.2% versus 6.2% for the 0 Gy and "
        "the 16 Gy boost groups.",
        [("RECURRENCE", "landmark_rate", 10.2, "10 years"), ("RECURRENCE", "landmark_rate", 6.2, "10 years")],
    ),
    ("After 20 years, 50.4% of the women died.", [("DEATH", "landmark_rate", 50.4, "20 years")]),
    (
        "At two years, 83.1% of the patients were alive and disease free.",
        [("DFS", "landmark_rate", 83.1, "2 years")],
    ),
    # a time point written right after a value, or after its pair, is that pair's (dev 15617992)
    (
        "The relapse rate was 86.2% vs. 62.5% at 2 years, and 100% vs. 81.3% at 5 years.",
        [
            ("RECURRENCE", "landmark_rate", 86.2, "2 years"),
            ("RECURRENCE", "landmark_rate", 62.5, "2 years"),
            ("RECURRENCE", "landmark_rate", 100.0, "5 years"),
            ("RECURRENCE", "landmark_rate", 81.3, "5 years"),
        ],
    ),
    ("Overall survival was 64% (95% CI 58-70) at 5 years.", [("OS", "landmark_rate", 64.0, "5 years")]),
    # ... but not its response rates, nor its medians
    ("At 12 weeks, the ORR was 40% with letrozole.", [("ORR", "rate", 40.0, "")]),
    ("The ORR was 40% at 12 weeks with letrozole.", [("ORR", "rate", 40.0, "")]),
    ("At 3 years, median OS was 20.1 months with letrozole.", [("OS", "median", 20.1, "")]),
    # a list whose values do not line up with its time points: the time point is unknown, not guessed
    (
        "The 1-, 3-, and 5-year overall survival rates were 88.9% and 74.8%.",
        [("OS", "landmark_rate", 88.9, ""), ("OS", "landmark_rate", 74.8, "")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_timepoint(tmp_path: Path, text: str, expected: list[tuple[str, str, float, str]]) -> None:
    assert timepoints(tmp_path, text) == expected


def test_the_value_keeps_its_own_characters(tmp_path: Path) -> None:
    text = "The 1-, 3-, and 5-year overall survival rates were 88.9%, 82.4%, and 74.8%."
    found = figures(tmp_path, text)
    assert [m.value_text for m in found] == ["88.9", "82.4", "74.8"]
    starts = [text.index(m.value_text) for m in found]
    assert [m.char_start for m in found] == starts
    assert [m.char_end - m.char_start for m in found] == [4, 4, 4]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("5-year DFS", ("5 years",)),
        ("five-year overall survival rate", ("5 years",)),
        ("1-, 3-, and 5-year OS", ("1 year", "3 years", "5 years")),
        ("1-year, 3-year and 5-year OS", ("1 year", "3 years", "5 years")),
        ("PFS at two and three years", ("2 years", "3 years")),
        ("PFS rate at 12 weeks", ("12 weeks",)),
    ],
)
def test_landmark_times(phrase: str, expected: tuple[str, ...]) -> None:
    rules = efficacy_rules()
    match = rules.landmark.search(phrase)
    assert match is not None and match.group() == phrase
    assert landmark_times(phrase, Cue(0, len(phrase), "landmark:OS"), rules) == expected


def test_only_a_landmark_phrase_has_time_points() -> None:
    assert landmark_times("median OS at 5 years", Cue(0, 9, "OS"), efficacy_rules()) == ()


# ---------------------------------------------------------------------------------------------
# Reconciliation: the time point is part of a landmark rate's key


def landmark(value: float, timepoint: str, **fields: Any) -> dict[str, Any]:
    return {"measure": "landmark_rate", "unit": "%", "value": value, "timepoint": timepoint, **fields}


def test_landmark_rates_at_different_time_points_are_not_compared() -> None:
    # one trial, one arm: a 3-year DFS of 85% and a 5-year DFS of 78% say different things
    assert kinds(row(**landmark(85.0, "3 years")), other(**landmark(78.0, "5 years"))) == []


def test_landmark_rates_at_one_time_point_are_compared() -> None:
    assert kinds(row(**landmark(85.0, "5 years")), other(**landmark(78.0, "5 years"))) == ["value_conflict"]
    # written alike up to case and spacing
    assert kinds(row(**landmark(85.0, "5 years")), other(**landmark(78.0, "5  Years"))) == ["value_conflict"]


def test_an_unknown_time_point_is_compared_only_with_unknown_ones() -> None:
    assert kinds(row(**landmark(85.0, "")), other(**landmark(78.0, "5 years"))) == []
    assert kinds(row(**landmark(85.0, "")), other(**landmark(78.0, ""))) == ["value_conflict"]


def test_the_time_point_of_another_measure_is_not_part_of_its_key() -> None:
    assert kinds(row(value=18.1, timepoint="5 years"), other(value=24.7, timepoint="")) == ["value_conflict"]


def test_a_file_without_the_column_is_read_as_unknown_time_points() -> None:
    first, second = row(**landmark(85.0, "")), other(**landmark(78.0, ""))
    del first["timepoint"], second["timepoint"]
    conflicts = reconcile_measurements(pd.DataFrame([first, second]))
    assert list(conflicts["kind"]) == ["value_conflict"]


def test_a_conflict_names_its_time_point_for_the_reviewer() -> None:
    conflicts = reconcile_measurements(
        pd.DataFrame([row(**landmark(85.0, "5 years")), other(**landmark(78.0, "5 years"))])
    )
    (conflict,) = conflicts.to_dict("records")
    assert conflict["timepoint"] == "5 years"
    assert "landmark rate at 5 years" in key_text(conflict)
    assert key_text({**conflict, "measure": "rate", "timepoint": ""}).split(" · ")[1] == "rate"

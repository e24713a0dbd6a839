"""Efficacy values the PMC audit (`bench/pmc_misses.py`, seeds 20261219 and 20261220) found missed
(issue #10, sixth pass): counts with their shares listed before the one verb that names their
outcome, and a complete or partial response rate written with its abbreviation ("CR rate")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_efficacy_recall4 import values

CASES = [
    # counts, each with its share in brackets, listed before one verb: all share its outcome
    (
        "For the subgroup, 35 of the 51 patients (68%) in the chemotherapy plus cetuximab arm, and 27 of the "
        "48 patients (56%) in the chemotherapy alone arm achieved either a partial or complete response; "
        "p=0.22.",
        [("ORR", "count", 35.0), ("ORR", "rate", 68.0), ("ORR", "count", 27.0), ("ORR", "rate", 56.0)],
    ),
    (
        "31 patients (59.6%) in arm A and 27 patients (62.8%) in arm B had a complete response.",
        [("CR", "count", 31.0), ("CR", "rate", 59.6), ("CR", "count", 27.0), ("CR", "rate", 62.8)],
    ),
    (
        "15 (60%) of 25 patients in the axitinib arm and 2 (7%) of 29 in the sorafenib arm had a partial "
        "response.",
        [("PR", "count", 15.0), ("PR", "rate", 60.0), ("PR", "count", 2.0), ("PR", "rate", 7.0)],
    ),
    # digits inside a name between the counts are no number: the list goes on to its verb
    (
        "12 (30%) patients with HER2-positive tumours and 8 (20%) with HER2-negative tumours achieved a "
        "pathological complete response.",
        [("PCR", "count", 12.0), ("PCR", "rate", 30.0), ("PCR", "count", 8.0), ("PCR", "rate", 20.0)],
    ),
    (
        "15 of the 23 patients (65%) with low miR-31-3p expression and 27 of the 48 patients (56%) in the "
        "mid plus high miR-31-3p expression subgroup achieved complete or partial responses (p=0.61).",
        [("ORR", "count", 15.0), ("ORR", "rate", 65.0), ("ORR", "count", 27.0), ("ORR", "rate", 56.0)],
    ),
    # a number that is no name's part still ends the list: the 12 of 40 are no share of a response
    (
        "12 of 40 patients (30%) were older than 65 years and 8 of 40 (20%) had a complete response.",
        [("CR", "count", 8.0), ("CR", "rate", 20.0)],
    ),
    # a count with a verb of its own keeps to it: the 20 had a history, the 18 a response
    (
        "20 patients (53%) had a history of BCG vaccination and 18 (47%) had a complete response.",
        [("CR", "count", 18.0), ("CR", "rate", 47.0)],
    ),
    (
        "In the control arm, 30 patients (40%) were alive and 12 patients (16%) had a distant recurrence.",
        [("RECURRENCE", "count", 12.0), ("RECURRENCE", "rate", 16.0)],
    ),
    # a clause that names its outcome before the count keeps it; so do a count's own events
    (
        "Partial response was seen in four patients (20%), and 13 patients (65%) had stable disease.",
        [("PR", "count", 4.0), ("PR", "rate", 20.0), ("SD", "count", 13.0), ("SD", "rate", 65.0)],
    ),
    (
        "The overall response rate was 20/25 (80%), and 4/25 (16%) had PD as best response.",
        [("ORR", "count", 20.0), ("ORR", "rate", 80.0), ("PD", "count", 4.0), ("PD", "rate", 16.0)],
    ),
    (
        "Five partial responses and 3 patients had stable disease.",
        [("PR", "count", 5.0), ("SD", "count", 3.0)],
    ),
    # a share written after its count and the patients is the count's: its outcome follows, not the
    # endpoint named earlier in the sentence
    (
        "The ORR was 30%; 27 patients (62.8%) in arm B had a complete response.",
        [("ORR", "rate", 30.0), ("CR", "count", 27.0), ("CR", "rate", 62.8)],
    ),
    # "CR rate", "PR rate": the response category's abbreviation before "rate"
    (
        "High CR rates were achieved after radiotherapy in both arms of our study (95.2% in Arm A and "
        "90.1% in Arm B).",
        [("CR", "rate", 95.2), ("CR", "rate", 90.1)],
    ),
    (
        "The PR rate was similar in Arm A and Arm B (84.1% and 83.9%).",
        [("PR", "rate", 84.1), ("PR", "rate", 83.9)],
    ),
    # the abbreviation is case-sensitive: "cr" is no complete response
    ("The cr rate was 30%.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_values_read(tmp_path: Path, text: str, expected: list[tuple]) -> None:
    assert values(tmp_path, text) == expected

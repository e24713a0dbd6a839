"""Recall on PMC articles (bench/pmc_misses.py's audit): endpoint abbreviations a paper defines,
"survival" with its figures in brackets, counts written "N/M patients" or before a share whose
outcome comes later, and the numbers that stay no count."""

from __future__ import annotations

from pathlib import Path

from tests.extracting import values


def test_an_abbreviation_the_paper_defines_is_its_endpoint_wherever_it_stands(tmp_path: Path) -> None:
    text = (
        "Endoscopic complete response (CR) was the primary endpoint.\n\n"
        "CR was observed in 20 patients (42.6%) in arm A. The CR rate was 30% in arm B."
    )
    assert values(tmp_path, text) == [
        ("CR", "count", 20.0, None),
        ("CR", "rate", 42.6, None),
        ("CR", "rate", 30.0, None),
    ]


def test_without_its_definition_a_bare_abbreviation_is_no_endpoint(tmp_path: Path) -> None:
    assert values(tmp_path, "CR was observed in 20 patients (42.6%) in arm A.") == []


def test_a_defined_abbreviation_does_not_take_the_figure_before_its_definition(tmp_path: Path) -> None:
    text = "The response rate was 82.7% (25.3% complete response (CR)) versus 59.2% (14.1% CR)."
    endpoints = {value: endpoint for endpoint, _, value, _ in values(tmp_path, text)}
    assert endpoints[82.7] == endpoints[59.2] == "ORR" and endpoints[14.1] == "CR"


def test_a_definition_of_another_phrase_ending_in_an_endpoint_word_defines_nothing(tmp_path: Path) -> None:
    # "risk of recurrence (ROR)" is a score, not recurrence; "treatment-related mortality (TRM)" no mortality
    text = (
        "The risk of recurrence (ROR) score and treatment-related mortality (TRM) were recorded.\n\n"
        "ROR was 45% in the high group and TRM was 2% overall."
    )
    assert values(tmp_path, text) == []


def test_abbreviations_in_a_run_are_headers_or_markers_not_endpoints(tmp_path: Path) -> None:
    text = (
        "A partial response (PR) was seen in 12% of patients.\n\n"
        "Of the tumours, 100%, 19% and 16% were ER, PR, HER2 positive, respectively."
    )
    assert [value for _, _, value, _ in values(tmp_path, text)] == [12.0]


def test_survival_with_its_figures_in_brackets(tmp_path: Path) -> None:
    text = (
        "There was no difference in survival (15.9 vs 15.2 months), nor for long-term survival (e.g., "
        "5-year OS)."
    )
    assert values(tmp_path, text) == [("OS", "median", 15.9, None), ("OS", "median", 15.2, None)]
    assert values(
        tmp_path, "FSRT leads to survival times of 22, 16 and 8 months for grade II, III and IV."
    ) == [
        ("OS", "median", 22.0, None),
        ("OS", "median", 16.0, None),
        ("OS", "median", 8.0, None),
    ]


def test_a_count_written_over_its_denominator_is_the_count(tmp_path: Path) -> None:
    text = "During follow-up, 291/829 patients (35.1%) experienced gastric cancer recurrence."
    assert values(tmp_path, text) == [("RECURRENCE", "count", 291.0, 829), ("RECURRENCE", "rate", 35.1, 829)]


def test_a_counts_share_takes_the_outcome_named_after_its_group(tmp_path: Path) -> None:
    text = (
        "For the low expressers, 19 of the 27 patients (70%) in the cetuximab arm and 15 of the 23 "
        "patients (65%) in the chemotherapy alone arm achieved either a partial or complete response."
    )
    found = values(tmp_path, text)
    assert ("ORR", "count", 15.0, 23) in found and ("ORR", "rate", 65.0, 23) in found


def test_a_denominator_or_a_units_power_before_had_is_no_count(tmp_path: Path) -> None:
    text = (
        "A stable disease (SD) was the best response.\n\n"
        "Of these, 14 (74%) of 19 had a best response of SD. No patient with a CRP above 100 mg l-1 had "
        "a response of SD or better."
    )
    # the 19 is the denominator of the count and of its share
    assert values(tmp_path, text) == [("SD", "count", 14.0, 19), ("SD", "rate", 74.0, 19)]

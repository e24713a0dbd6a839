"""The regimen named right after a value is its arm: "32% of the patients treated with X", "39.8% of
patients receiving X", "89% of X patients"; but not after the bracket that closes a pair, where it
is the pair's subject."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extracting import arm_by_value as arms


@pytest.mark.parametrize(
    "sentence",
    [
        "Clinical benefit was 32% of the patients treated with anastrozole and 38% of the patients treated "
        "with exemestane.",
        "Clinical benefit was 32% of patients receiving anastrozole and 38% of patients receiving "
        "exemestane.",
        "At data cutoff, 32% of anastrozole patients had died, compared with 38% of exemestane patients.",
    ],
)
def test_the_regimen_after_a_value_and_its_patients_is_its_arm(tmp_path: Path, sentence: str) -> None:
    text = "Patients were randomly assigned to receive anastrozole or exemestane. " + sentence
    assert arms(tmp_path, text) == {"32": "anastrozole", "38": "exemestane"}


def test_a_regimen_after_a_pairs_closing_bracket_is_not_its_second_values(tmp_path: Path) -> None:
    text = (
        "Patients were randomized to regorafenib or placebo. Regorafenib improved the disease control rate "
        "(44.8% vs. 15.3%) in patients treated with regorafenib compared to those treated with placebo."
    )
    assert arms(tmp_path, text) == {"44.8": "regorafenib", "15.3": "placebo"}


def test_the_regimen_after_an_interval_with_a_bracket_inside_is_the_values_arm(tmp_path: Path) -> None:
    text = (
        "Patients were randomly assigned to receive anastrozole or exemestane. The median PFS was 5.9 "
        "months (95% confidence interval (CI), 4.5-7.3 months) in the anastrozole group and 7.0 months "
        "(95% CI, 5.4-8.6) in the exemestane group."
    )
    assert arms(tmp_path, text) == {"5.9": "anastrozole", "7.0": "exemestane"}


def test_the_arm_that_closes_a_values_clause_before_its_comparison_is_its_arm(tmp_path: Path) -> None:
    text = (
        "Patients were randomly assigned to receive ketorolac or placebo. At two years, 83.1% of the "
        "patients were alive and disease free in the ketorolac group vs. 89.7% in the placebo group."
    )
    assert arms(tmp_path, text) == {"83.1": "ketorolac", "89.7": "placebo"}

"""Which value of a change ("from a to b") or of a pair after a verb of direction ("X increased ORR
(a vs b)") is the arm compared with and which the subject's: the change runs from the arm compared
with to the subject's; after "increased", "prolonged" or "reduced" the subject's value is the one
the verb says, whichever the sentence writes first."""

from __future__ import annotations

from pathlib import Path

from tests.extracting import arm_by_value as arms


def test_a_change_after_an_addition_runs_from_the_regimen_added_to(tmp_path: Path) -> None:
    text = (
        "The addition of bevacizumab to paclitaxel improved median progression-free survival from 5.9 "
        "months to 11.8 months."
    )
    assert arms(tmp_path, text) == {"5.9": "paclitaxel", "11.8": "bevacizumab"}


def test_a_change_after_an_opening_compared_with_runs_from_that_arm(tmp_path: Path) -> None:
    text = (
        "Compared with paclitaxel alone, paclitaxel plus bevacizumab increased the response rate from "
        "21.2% to 36.9%."
    )
    assert arms(tmp_path, text) == {"21.2": "paclitaxel", "36.9": "paclitaxel + bevacizumab"}


def test_a_change_without_a_comparator_gives_the_first_value_no_arm(tmp_path: Path) -> None:
    text = "The addition of rituximab increased the ORR from 53% to 74% in the IELSG-32 trial."
    assert arms(tmp_path, text) == {"53": "", "74": "rituximab"}


def test_increased_gives_the_subject_the_larger_value_of_each_pair(tmp_path: Path) -> None:
    text = (
        "FOLFOXIRI significantly increased ORR (34 vs. 60%, p<0.0001), PFS (6.9 vs. 9.8 months, "
        "p=0.0006), and OS (16.7 vs. 22.6 months, p=0.032) compared to FOLFIRI."
    )
    found = arms(tmp_path, text)
    folfoxiri, folfiri = (
        "leucovorin + fluorouracil + irinotecan + oxaliplatin",
        "leucovorin + fluorouracil + irinotecan",
    )
    assert found == {
        "34": folfiri,
        "60": folfoxiri,
        "6.9": folfiri,
        "9.8": folfoxiri,
        "16.7": folfiri,
        "22.6": folfoxiri,
    }


def test_prolonged_gives_the_designs_other_arm_the_shorter_time(tmp_path: Path) -> None:
    text = (
        "Patients were randomly assigned to receive letrozole or tamoxifen. Letrozole prolonged median "
        "progression-free survival (8.1 vs 10.2 months)."
    )
    assert arms(tmp_path, text) == {"8.1": "tamoxifen", "10.2": "letrozole"}


def test_a_pair_written_in_the_verbs_order_keeps_it(tmp_path: Path) -> None:
    text = (
        "Patients were randomly assigned to receive letrozole or tamoxifen. Letrozole reduced the "
        "recurrence rate (8.1% vs 10.2%) and increased disease-free survival (84.0% vs 81.1%)."
    )
    assert arms(tmp_path, text) == {
        "8.1": "letrozole",
        "10.2": "tamoxifen",
        "84.0": "letrozole",
        "81.1": "tamoxifen",
    }


def test_a_negated_verb_says_no_direction(tmp_path: Path) -> None:
    text = "Capecitabine did not increase median overall survival (14.1 vs 12.8 months)."
    assert arms(tmp_path, text) == {"14.1": "capecitabine", "12.8": ""}


def test_a_verb_that_describes_the_patients_says_no_direction(tmp_path: Path) -> None:
    text = (
        "Patients were randomized to receive ixabepilone plus capecitabine or capecitabine alone. In "
        "patients with reduced performance status, ixabepilone plus capecitabine was associated with "
        "improvements in OS (median: 12.3 vs. 9.5 months; HR, 0.75)."
    )
    assert arms(tmp_path, text) == {"12.3": "ixabepilone + capecitabine", "9.5": "capecitabine", "0.75": ""}


def test_a_verb_of_an_earlier_figure_says_nothing_of_the_pair(tmp_path: Path) -> None:
    text = (
        "Patients were randomly assigned to tucatinib or placebo, each with trastuzumab and capecitabine. "
        "Tucatinib reduced the risk of progression or death by 46% and doubled the objective response "
        "rate (40.6% vs. 22.8%)."
    )
    assert arms(tmp_path, text) == {"46": "", "40.6": "tucatinib", "22.8": "placebo"}

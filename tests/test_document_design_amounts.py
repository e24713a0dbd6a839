"""Arms of one regimen told apart by how much of it is given: "randomly assigned to receive either 3
(group 1) or 6 (group 2) cycles of epidoxorubicin/docetaxel", "randomized to 6 or 12 months of
trastuzumab" (issue #10: "arms that differ only by dose or schedule need the dose or schedule in the
arm"; trials of treatment duration and of the number of cycles)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extracting import arm_by_value, design_of


@pytest.mark.parametrize(
    ("text", "arms"),
    [
        # the number of cycles written once, after the last arm, with each arm's label
        (
            "Forty-five patients were randomly assigned to receive either 3 (group 1) or 6 (group 2) "
            "cycles of epirubicin/docetaxel prior to surgery.",
            ["epirubicin + docetaxel (3 cycles)", "epirubicin + docetaxel (6 cycles)"],
        ),
        (
            "Patients were randomly assigned to receive 4 or 6 courses of docetaxel and cyclophosphamide.",
            ["docetaxel + cyclophosphamide (4 courses)", "docetaxel + cyclophosphamide (6 courses)"],
        ),
        # the duration of a treatment
        (
            "Women were randomized to 6 or 12 months of adjuvant trastuzumab.",
            ["trastuzumab (6 months)", "trastuzumab (12 months)"],
        ),
        (
            "Patients were randomly allocated to 5 versus 10 years of tamoxifen.",
            ["tamoxifen (5 years)", "tamoxifen (10 years)"],
        ),
        # an amount after the drug, and a third arm; one year is one year, not "1 years"
        (
            "Patients were randomized to trastuzumab for 1 or 2 years or to observation.",
            ["trastuzumab (1 year)", "trastuzumab (2 years)", "observation"],
        ),
        # the arms a title compares
        (
            "Pathological complete response rates comparing 3 versus 6 cycles of epirubicin and docetaxel "
            "in the neoadjuvant setting of breast cancer. Forty-five patients were enrolled.",
            ["epirubicin + docetaxel (3 cycles)", "epirubicin + docetaxel (6 cycles)"],
        ),
        # each arm's amount written out was read before, and still is
        (
            "Patients were randomly assigned to 3 cycles of epirubicin plus docetaxel or 6 cycles of "
            "epirubicin plus docetaxel.",
            ["epirubicin + docetaxel (3 cycles)", "epirubicin + docetaxel (6 cycles)"],
        ),
    ],
)
def test_arms_of_one_regimen_are_told_apart_by_its_amount(text: str, arms: list[str]) -> None:
    design = design_of(text)
    assert design is not None
    assert [a.canonical for a in design.arms] == arms


def test_amounts_without_a_drug_make_no_arms_of_one() -> None:
    # an amount with no drug after it names no arm of a drug
    design = design_of("Patients were randomized to 2 or 5 years of follow-up visits.")
    assert design is None or not any("(" in a.canonical for a in design.arms)


def test_values_of_arms_told_apart_by_amount_take_their_arms(tmp_path: Path) -> None:
    text = (
        "Forty-five patients were randomly assigned to receive either 3 (group 1) or 6 (group 2) cycles "
        "of epirubicin/docetaxel prior to surgery. The pCR rates were 10% and 36%, respectively "
        "(p=0.045)."
    )
    assert arm_by_value(tmp_path, text) == {
        "10": "epirubicin + docetaxel (3 cycles)",
        "36": "epirubicin + docetaxel (6 cycles)",
    }

"""Arms that differ only by dose (issue #10, PMC samples 30-12-01b): each arm keeps the dose that tells
it from the other, and a drug that two arms share, named without its dose, names no arm."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.efficacy.document_design import read_design
from pipeline.entities import extract_entities
from tests.extracting import arm_by_value as arms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # PMC3018908: the unit is written once, after the last dose
        (
            "Patients were randomized to trabedersen at doses of 10 or 80 μM or standard chemotherapy "
            "(temozolomide).",
            ["trabedersen (10 μM)", "trabedersen (80 μM)", "temozolomide"],
        ),
        # the drug after the doses
        (
            "Women were randomised to receive 3.75 or 7.5 mg of tamoxifen daily.",
            ["tamoxifen (3.75 mg)", "tamoxifen (7.5 mg)"],
        ),
        (
            "Patients were randomised to once-daily placebo or baricitinib 2 or 4 mg for 24 weeks.",
            ["baricitinib (2 mg)", "baricitinib (4 mg)", "placebo"],
        ),
    ],
)
def test_doses_listed_with_one_unit_are_arms_of_one_drug(text: str, expected: list[str]) -> None:
    design = read_design(text, extract_entities("doc", text))
    assert design is not None
    assert [a.canonical for a in design.arms] == expected


def test_a_drug_two_arms_share_named_without_its_dose_names_no_arm(tmp_path: Path) -> None:
    text = (
        "Patients were randomized to trabedersen at doses of 10 or 80 μM or standard chemotherapy "
        "(temozolomide). The median survival was 39.1 months with trabedersen. "
        "Median survival in the 80 μM trabedersen group was 13.1 months."
    )
    found = arms(tmp_path, text)
    assert found["39.1"] == ""
    assert found["13.1"] == "trabedersen (80 μM)"


def test_a_dose_written_before_a_drug_names_its_arm(tmp_path: Path) -> None:
    text = (
        "Patients were randomized to trabedersen at doses of 10 or 80 μM or standard chemotherapy "
        "(temozolomide). The median time to progression was 22.4 months with 10 μM trabedersen, 3.4 "
        "months with 80 μM trabedersen, and 13.0 months with standard chemotherapy. Median survival "
        "was 12.0 months with the 10 μM trabedersen group compared with 13.1 months with the 80 μM "
        "trabedersen group."
    )
    found = arms(tmp_path, text)
    assert found["22.4"] == found["12.0"] == "trabedersen (10 μM)"
    assert found["3.4"] == found["13.1"] == "trabedersen (80 μM)"


def test_an_agent_added_to_a_shared_drug_names_the_arm(tmp_path: Path) -> None:
    # PMC3405220: huachansu (cinobufacini), the agent that tells the arms apart, is a drug
    text = (
        "Patients were randomised to receive gemcitabine 1000 mg m-2 on days 1, 8, and 15 with huachansu "
        "20 ml m-2 daily for 21 days (arm A) or placebo (arm B). The objective response rate of the "
        "experimental arm was 7.7%."
    )
    assert arms(tmp_path, text)["7.7"] == "gemcitabine + huachansu"


def test_drugs_after_the_last_arms_label_are_every_arms_given_its_own_way(tmp_path: Path) -> None:
    # PMC3845560: the arms differ by schedule; the drugs are written once, after the list
    text = (
        "Patients were randomized to undergo 2 cycles of sinusoidal chronomodulated infusion (Arm A) or "
        "flat intermittent constant rate infusion (Arm B) of cisplatin and 5-FU followed by radical "
        "radiotherapy. The 3-year PFS rates were 88.1% in Arm A and 94.5% in Arm B."
    )
    design = read_design(text, extract_entities("doc", text))
    assert design is not None
    assert [a.canonical for a in design.arms] == [
        "cisplatin + fluorouracil (sinusoidal chronomodulated infusion)",
        "cisplatin + fluorouracil (flat intermittent constant rate infusion)",
    ]
    found = arms(tmp_path, text)
    assert found["94.5"] == "cisplatin + fluorouracil (flat intermittent constant rate infusion)"

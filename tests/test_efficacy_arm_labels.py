"""Arms read from the label right next to a value ("3.3% for TARGIT", "DA-: 87.5%", "group 1, 74%"):
resolved to the paper's own arms where its design names them, else kept as the paper's words."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.efficacy import extract_measurements
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline


def arms(tmp_path: Path, text: str) -> list[tuple[str, str, float]]:
    """(arm, arm_text, value) of each figure of `text`, in a document about cancer."""
    path = tmp_path / "abstract.txt"
    path.write_text(text + "\n\n(From a report of a breast cancer trial.)\n", encoding="utf-8")
    document = ingest_file(path)
    entities = document_entities(shared_pipeline(), "abstract", [document.text])
    return [(m.arm, m.arm_text, m.value) for m in extract_measurements(document, entities)]


def test_a_short_form_after_the_value_names_the_designs_arm(tmp_path: Path) -> None:
    text = (
        "Patients were randomised to targeted intraoperative radiotherapy (TARGIT) or external beam "
        "radiotherapy (EBRT). The 5-year risk for local recurrence was 3.3% (95% CI 2.1-5.1) for TARGIT "
        "versus 1.3% (0.7-2.5) for EBRT."
    )
    assert [(arm_text, value) for _, arm_text, value in arms(tmp_path, text)] == [
        ("TARGIT", 3.3),
        ("EBRT", 1.3),
    ]
    found = {value: arm for arm, _, value in arms(tmp_path, text)}
    assert found[3.3] != found[1.3] and "intraoperative" in found[3.3] and "external" in found[1.3]


def test_a_counts_share_with_its_interval_in_its_brackets_is_of_the_counts_arm(tmp_path: Path) -> None:
    # PMC2990616 (sample 12-01e): the interval inside the share's brackets hid the label after them.
    text = (
        "Patients were randomly assigned to FOLFOX4 plus radiotherapy (arm A) or cisplatin and "
        "fluorouracil plus radiotherapy (arm B). An endoscopic complete response was reported in 21 out "
        "of 47 patients (44.7% 95% CI: 30.2%, 59.9%) in arm A and in 12 out of 40 patients (30% 95% CI: "
        "15.8%, 44.2%) in arm B."
    )
    assert [(arm_text, value) for _, arm_text, value in arms(tmp_path, text)] == [
        ("arm A", 21.0),
        ("arm A", 44.7),
        ("arm B", 12.0),
        ("arm B", 30.0),
    ]


def test_a_label_the_design_does_not_know_is_kept_as_written(tmp_path: Path) -> None:
    text = "The clinical response rate was 66% for CT and 48% for HT (P = 0.075)."
    assert arms(tmp_path, text) == [("CT", "CT", 66.0), ("HT", "HT", 48.0)]


def test_labels_before_their_values_and_the_negated_arm(tmp_path: Path) -> None:
    text = (
        "Patients were randomized to epirubicin plus darbepoetin alfa (DA) or epirubicin alone. DA had no "
        "significant impact on EFS (DA+: 89.3%, DA-: 87.5%)."
    )
    found = arms(tmp_path, text)
    assert [(arm_text, value) for _, arm_text, value in found] == [("DA", 89.3), ("DA-", 87.5)]
    assert [arm for arm, _, _ in found] == ["epirubicin + darbepoetin alfa", "epirubicin"]


def test_numbered_groups_are_the_designs_arms_in_order(tmp_path: Path) -> None:
    text = (
        "Patients were randomly assigned to receive docetaxel or paclitaxel. The objective response "
        "rates were similar (group 1, 74%; group 2, 82%)."
    )
    assert arms(tmp_path, text) == [("docetaxel", "group 1", 74.0), ("paclitaxel", "group 2", 82.0)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a group already named takes no number: what follows it is a count of its patients
        (
            "In the docetaxel group 209 patients died, versus 193 in the paclitaxel group.",
            [("docetaxel", 209.0), ("paclitaxel", 193.0)],
        ),
        # a numbered group's patients are no count
        ("Median OS was 12.1 months in the group 2 patients.", [("paclitaxel", 12.1)]),
    ],
)
def test_a_number_after_a_named_group_is_a_count_not_a_label(
    tmp_path: Path, text: str, expected: list
) -> None:
    design = "Patients were randomly assigned to receive docetaxel or paclitaxel. "
    assert [(arm, value) for arm, _, value in arms(tmp_path, design + text)] == expected


def test_a_label_without_a_preposition_only_in_a_comparison(tmp_path: Path) -> None:
    text = "In patients with NR > 0.20, the 10-year LRR rate was 28.7% MDA vs. 22.7% UCSF (p = 0.32)."
    assert [(arm_text, value) for _, arm_text, value in arms(tmp_path, text)] == [
        ("MDA", 28.7),
        ("UCSF", 22.7),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The objective response rate (ORR: 45%) was high.",
        "Median PFS was longer (PALOMA-2: 25.4 vs 13.7 months).",
        "The 5-year overall survival was 82% in HER2-positive disease.",
        "The response rate in cohort 2, 50%, was the highest.",
        # PMC5514258 (samples 30c to 12-02c): a risk group is a subgroup, not a treatment.
        "Five-year overall survival was 93% for the low-risk group, 77% for the high-risk group.",
        # PMC5610004, PMC2958944, PMC4101294 (sample 12-02e): a disease or an agency named by its
        # short form is who the patients are, or whose grading, not what they received.
        "In the SCLC group, 523 deaths were identified during follow-up.",
        "Median survival was 21 months for WHO grade IV tumours.",
        "The 5-year overall survival was 30.8% in NSCLC.",
    ],
)
def test_endpoints_trials_populations_diseases_and_cohorts_are_no_arm_labels(
    tmp_path: Path, text: str
) -> None:
    found = arms(tmp_path, text)
    assert found and all(arm_text == "" for _, arm_text, _ in found)


def test_a_header_labels_the_pair_under_it(tmp_path: Path) -> None:
    text = "Overall survival at five years was not equivalent (Ax vs. no-Ax: 98% vs. 94%)."
    assert [(arm_text, value) for _, arm_text, value in arms(tmp_path, text)] == [
        ("Ax", 98.0),
        ("no-Ax", 94.0),
    ]


def test_a_value_compared_with_a_labelled_one_is_the_other_arm(tmp_path: Path) -> None:
    text = (
        "Patients were randomised to targeted intraoperative radiotherapy (TARGIT) or external beam "
        "radiotherapy (EBRT). There were more deaths with EBRT (3.5% [2.3-5.2] vs 1.4% [0.8-2.5])."
    )
    found = arms(tmp_path, text)
    assert [value for _, _, value in found] == [3.5, 1.4]
    assert "external" in found[0][0] and "intraoperative" in found[1][0]


def test_a_papers_registration_number_does_not_make_it_a_review_of_two_trials(tmp_path: Path) -> None:
    text = (
        "In the TARGIT-A trial, patients were randomised to targeted intraoperative radiotherapy (TARGIT) "
        "or external beam radiotherapy (EBRT). This study is registered with ClinicalTrials.gov, "
        "NCT00983684. The 5-year risk for local recurrence was 3.3% versus 1.3%."
    )
    found = arms(tmp_path, text)
    assert "intraoperative" in found[0][0] and "external" in found[1][0]


def test_a_value_in_brackets_after_another_is_of_its_arm(tmp_path: Path) -> None:
    text = (
        "Patients were randomized to high-dose chemotherapy or observation. The response rate was higher "
        "in the chemotherapy arm: 82.7% (25.3% complete response) versus 59.2% (14.1% complete response)."
    )
    assert [(arm, value) for arm, _, value in arms(tmp_path, text)] == [
        ("high-dose chemotherapy", 82.7),
        ("high-dose chemotherapy", 25.3),
        ("observation", 59.2),
        ("observation", 14.1),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "pCR rates were 21%, 22%, and 19% for PTX, PWI, and PTI, respectively.",
            [("PTX", 21.0), ("PWI", 22.0), ("PTI", 19.0)],
        ),
        (
            "Relapse-free survival was 64.1%, 71.0%, and 59.5% for groups A, B, and C, respectively.",
            [("groups A", 64.1), ("B", 71.0), ("C", 59.5)],
        ),
        (
            "Median overall survival was 19.3 and 44.1 months in the standard and intensive groups, "
            "respectively.",
            [("standard", 19.3), ("intensive", 44.1)],
        ),
    ],
)
def test_a_list_of_labels_after_a_respectively_list(tmp_path: Path, text: str, expected: list) -> None:
    assert [(arm_text, value) for _, arm_text, value in arms(tmp_path, text)] == expected


def test_a_label_inside_a_regimen_is_that_regimen(tmp_path: Path) -> None:
    text = (
        "Median overall survival was lower with capecitabine plus enzastaurin than with capecitabine plus "
        "placebo (9.9 [7.0-16.6] months vs 14.9 [9.9-19.3] months)."
    )
    assert [(arm, value) for arm, _, value in arms(tmp_path, text)] == [
        ("capecitabine + enzastaurin", 9.9),
        ("capecitabine + placebo", 14.9),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The ORR was 31.3% vs 8.8% in FGF pathway-nonamplified subgroup.",
        "Median PFS was 34.1 months here, compared to 24 months in RTOG 9310.",
    ],
)
def test_a_short_form_that_names_something_else_is_no_label(tmp_path: Path, text: str) -> None:
    assert all(arm_text not in ("FGF", "RTOG") for _, arm_text, _ in arms(tmp_path, text))


def test_a_pair_after_the_arm_it_is_compared_with_takes_both_arms_in_order(tmp_path: Path) -> None:
    text = (
        "The response rate in the sunitinib arm was not statistically different from that obtained in "
        "the capecitabine arm (11 vs. 16%; P = 0.109)."
    )
    assert [(arm, value) for arm, _, value in arms(tmp_path, text)] == [
        ("sunitinib", 11.0),
        ("capecitabine", 16.0),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "It is estimated that 80% of patients with NSCLC will develop a local recurrence.",
        "Median survival was 11.3 months for patients with AA and 7.4 months for patients with GBM.",
        "Median PFS did not differ between the two treatment arms (2.8 vs. 2.9 months).",
    ],
)
def test_patients_with_a_disease_and_all_arms_are_no_arm(tmp_path: Path, text: str) -> None:
    assert all(arm_text == "" for _, arm_text, _ in arms(tmp_path, text))


def test_a_regimen_right_after_each_count_of_a_list_is_its_arm(tmp_path: Path) -> None:
    # "399 recurrences (164 letrozole and 235 placebo)" (PICO 18332043), "66 patients died (31 placebo
    # and 35 erlotinib)" (PMC4112798): no preposition, but each count names its arm after it.
    text = (
        "Patients were randomized to letrozole or placebo. At a median follow-up of 64 months, 399 "
        "recurrences (164 letrozole and 235 placebo) occurred."
    )
    assert [(arm, value) for arm, _, value in arms(tmp_path, text) if value != 399] == [
        ("letrozole", 164.0),
        ("placebo", 235.0),
    ]
    text = (
        "Patients were randomized to erlotinib or placebo. Sixty-six patients died (31 placebo and 35 "
        "erlotinib), with a median OS of 2.9 and 3.4 months, respectively."
    )
    assert [(arm, value) for arm, _, value in arms(tmp_path, text) if value in (31, 35)] == [
        ("placebo", 31.0),
        ("erlotinib", 35.0),
    ]


def test_a_count_of_patients_treated_with_a_regimen_is_that_regimens(tmp_path: Path) -> None:
    # "9 sorafenib-treated patients and 14 capecitabine-treated patients" (PMC3532036): the count's
    # arm named after it, hyphenated to what says the patients were given it.
    text = (
        "Patients were randomized to sorafenib or capecitabine. As of June 30, 2011, 23 patients had "
        "experienced tumor recurrence (9 sorafenib-treated patients and 14 capecitabine-treated patients)."
    )
    assert [(arm, value) for arm, _, value in arms(tmp_path, text) if value != 23] == [
        ("sorafenib", 9.0),
        ("capecitabine", 14.0),
    ]
    text = (
        "Patients were randomized to sorafenib or capecitabine. Recurrence occurred in 9 "
        "sorafenib-treated patients."
    )
    assert [(arm, value) for arm, _, value in arms(tmp_path, text)] == [("sorafenib", 9.0)]

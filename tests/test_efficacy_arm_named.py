"""An arm the sentence names by a group label no lexicon drug makes: a therapy ("with radiotherapy
alone", "for the CI therapy"), a share of cases ("3.1% of cases in RT group"), a share or count
"after" a treatment ("8 (11.1%) after CRT"); kept as the paper wrote it. Such an arm, compared
with the sentence's regimen or set beside it, makes the paragraph one about two arms: a later figure
that names no arm is not the regimen's. A paragraph that names only a comparator (placebo, a control
group) is about no arm, and lends its figures none."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extracting import arm_by_value
from tests.test_efficacy_arm_labels import arms


def test_shares_of_cases_take_the_group_after_them(tmp_path: Path) -> None:
    text = (
        "The rate of local recurrence between groups was: 3.1% of cases in RT group vs 5.6% of cases "
        "in CRT group, respectively."
    )
    assert [(arm_text, value) for _, arm_text, value in arms(tmp_path, text)] == [
        ("RT group", 3.1),
        ("CRT group", 5.6),
    ]


def test_a_share_or_a_count_after_a_treatment_is_of_that_arm(tmp_path: Path) -> None:
    text = "A complete response was found in 3 (4.4%) cases after RT and 8 (11.1%) after CRT (P = 0.112)."
    assert [(arm_text, value) for _, arm_text, value in arms(tmp_path, text)] == [
        ("RT", 3.0),
        ("RT", 4.4),
        ("CRT", 8.0),
        ("CRT", 11.1),
    ]


def test_a_duration_after_a_treatment_is_its_time_point_not_its_arm(tmp_path: Path) -> None:
    text = "The median overall survival was 12 months after RT in this series."
    assert [arm_text for _, arm_text, _ in arms(tmp_path, text)] == [""]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (
            "GBM patients had a median survival of 14.6 months with radiotherapy and temozolomide vs "
            "12.1 months with radiotherapy alone.",
            ("radiotherapy alone", 12.1),
        ),
        (
            "The overall median survival was 25 weeks for patients in the bolus arm and 30 weeks for the "
            "CI therapy (P = 0.45).",
            ("the CI therapy", 30.0),
        ),
        (
            "The relapse-free survival was 69% for radiotherapy alone and 93% for adjuvant chemotherapy "
            "(P = 0.002).",
            ("adjuvant chemotherapy", 93.0),
        ),
        (
            "The combination achieved a higher pCR rate (15.2%), but not significantly different from "
            "chemotherapy alone (6.5%).",
            ("chemotherapy alone", 6.5),
        ),
        (
            "The 3-year relapse-free survival was 72% with capecitabine and 60% with surgery alone.",
            ("surgery alone", 60.0),
        ),
    ],
)
def test_a_therapy_named_after_the_value_is_its_arm(
    tmp_path: Path, text: str, named: tuple[str, float]
) -> None:
    assert named in [(arm_text, value) for _, arm_text, value in arms(tmp_path, text)]


def test_a_therapy_patients_had_before_is_no_arm(tmp_path: Path) -> None:
    text = (
        "The objective response rate was 30% in patients with prior chemotherapy and 20% with prior "
        "radiotherapy."
    )
    assert [arm_text for _, arm_text, _ in arms(tmp_path, text)] == ["", ""]


def test_a_therapy_read_back_from_the_value_is_a_whole_arm_name(tmp_path: Path) -> None:
    """Before the value a therapy names an arm where an arm's name starts ("than radiotherapy alone
    (87%)"), never the tail of what patients had ("with prior endocrine therapy (30%)")."""
    compared = "The complete response rate was higher with docetaxel (94%) than radiotherapy alone (87%)."
    assert ("radiotherapy alone", 87.0) in [
        (arm_text, value) for _, arm_text, value in arms(tmp_path, compared)
    ]
    trait = "The response rate in patients with prior endocrine therapy (30%) was low."
    assert [arm_text for _, arm_text, _ in arms(tmp_path, trait)] == [""]


def test_a_phase_every_arm_shares_after_the_value_is_no_arm(tmp_path: Path) -> None:
    text = "The pathological complete response rate was 30% after neoadjuvant chemotherapy."
    assert [arm_text for _, arm_text, _ in arms(tmp_path, text)] == [""]


@pytest.mark.parametrize(
    "compared",
    [
        # PMC5593668: "Rates of metastasis and relapse were lower in the S-1 than in the surgery-only group"
        "Recurrence rates were lower in the capecitabine than in the surgery-only group at all sites.",
        "Recurrence was less frequent with capecitabine compared with observation.",
        "Figure 1 shows the sites of relapse by group: capecitabine (n = 415) surgery alone (n = 414).",
    ],
)
def test_a_whole_cohort_count_after_two_arms_takes_neither(tmp_path: Path, compared: str) -> None:
    text = f"{compared} Two hundred forty-seven patients (29.8%) had recurrence at a single site."
    assert [arm_text for _, arm_text, value in arms(tmp_path, text) if value == 29.8] == [""]


def test_a_count_after_one_regimen_is_still_that_regimens(tmp_path: Path) -> None:
    text = "Patients received capecitabine for six months. Forty patients (30%) had a recurrence."
    assert [arm_text for _, arm_text, value in arms(tmp_path, text) if value == 30.0] == ["capecitabine"]


def test_a_pair_after_a_regimen_compared_with_an_arm_without_drugs_is_theirs(tmp_path: Path) -> None:
    text = (
        "Recurrence rates were lower in the capecitabine than in the surgery-only group at all sites. "
        "The 5-year recurrence rate was 20% vs 30%."
    )
    assert [(arm_text, value) for _, arm_text, value in arms(tmp_path, text)] == [
        ("capecitabine", 20.0),
        ("surgery-only group", 30.0),
    ]


def test_a_than_before_a_number_compares_with_no_regimen(tmp_path: Path) -> None:
    # "more than 50% response" bounds a quantity; the sentence's one regimen, named after it, is still
    # its figures' arm, as it is where no "than" comes between.
    text = (
        "There were 27.3% complete response, 31.8% more than 50% response, and 40.9% no response with "
        "gemcitabine plus cisplatin."
    )
    found = {value: arm for arm, _, value in arms(tmp_path, text)}
    assert found[27.3] == found[31.8] == "gemcitabine + cisplatin"


@pytest.mark.parametrize(
    "text",
    [
        # PMC529310 (samples 30h, 30k, 30m, 12-01d, 12-02d): the trial group's rates were the controls'.
        "Patients were randomly divided into a trial group (rmhTNF with chemotherapy) and a control group "
        "(chemotherapy alone). The response rate for colorectal cancer was 5.00% (1/20), while no response "
        "case was seen in the control group (0/12).",
        # PMC5452066 (samples 12-01d, 12-02d): PM01183's ORR was topotecan's, the next clause's.
        "Ten of the 12 confirmed responses were reported for 33 patients with platinum-resistant disease "
        "[ORR = 30%]; for the 29 patients treated with topotecan, no responses were found.",
        # 12393819: the breast-conserving group's recurrences were the mastectomy group's.
        "Thirty women had a recurrence of tumor in the same breast, whereas eight women in the control "
        "group had a recurrence.",
    ],
)
def test_a_regimen_after_while_whereas_or_a_semicolon_is_the_next_clauses(tmp_path: Path, text: str) -> None:
    first_arm, _, _ = arms(tmp_path, text)[0]
    assert first_arm == ""


@pytest.mark.parametrize(
    "text",
    [
        # PMC3342924: a background paragraph that mentions placebo once; its cited figures were placebo's.
        "Placebo-controlled trials are rare in this setting. According to de Jong and colleagues, the "
        "median RFS after resection of liver metastases is 23 months.",
        # 17407159, 19115106: a marker's groups, in an abstract whose only arm label is "control group".
        "Plasma was drawn from 60 patients and from 30 healthy women in a control group. The time to "
        "progression (84 days vs 174 days; P < .0001) was shorter in patients with elevated levels.",
    ],
)
def test_a_paragraph_naming_only_a_comparator_lends_its_figures_no_arm(tmp_path: Path, text: str) -> None:
    assert set(arm_by_value(tmp_path, text).values()) == {""}


def test_a_paragraph_naming_one_active_regimen_still_lends_it(tmp_path: Path) -> None:
    text = "Patients received letrozole until progression. The median time to progression was 9.4 months."
    assert arm_by_value(tmp_path, text)["9.4"] == "letrozole"

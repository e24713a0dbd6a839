"""Arms on the wordings of real trial reports (issue #10, PMC samples 30b-30f): pairs under a later
"respectively" list of two arms, a change "from a to b" against the arm compared with, a list of
values before the arm named after its last, an arm named after a denominator or a bracketed unit,
and a value "in both arms", which is the whole trial's."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.efficacy import arm_chooser
from tests.extracting import arm_by_value as arms


def test_every_pair_before_a_respectively_list_of_two_arms_takes_it_in_order(tmp_path: Path) -> None:
    text = (
        "Patients were randomly assigned to receive capecitabine plus lapatinib or capecitabine. "
        "The objective response rate was 35.4% and 19.5% (P < 0.01), and the median overall survival "
        "was 14.8 and 9.9 months (P < 0.001) in the lapatinib and capecitabine arms, respectively."
    )
    found = arms(tmp_path, text)
    assert found["35.4"] == found["14.8"] == "capecitabine + lapatinib"
    assert found["19.5"] == found["9.9"] == "capecitabine"


def test_the_second_of_a_pair_before_a_respectively_list_is_the_second_arm(tmp_path: Path) -> None:
    text = (
        "Patients were randomly assigned to receive fulvestrant plus dovitinib or fulvestrant plus placebo. "
        "The median PFS was 5.1 (3.8-14.0) months and 5.5 (3.5-10.7) months in the dovitinib and placebo "
        "arms, respectively."
    )
    found = arms(tmp_path, text)
    assert found["5.1"] == "fulvestrant + dovitinib"
    assert found["5.5"] == "fulvestrant + placebo"


def test_a_change_from_a_to_b_runs_from_the_arm_compared_with(tmp_path: Path) -> None:
    text = (
        "In a cited trial, ramucirumab increased median overall survival compared with placebo from "
        "3.8 months to 5.2 months in advanced gastric cancer."
    )
    assert arms(tmp_path, text) == {"3.8": "placebo", "5.2": "ramucirumab"}


def test_a_list_of_values_takes_the_arm_named_after_its_last(tmp_path: Path) -> None:
    text = (
        "Patients were randomly assigned to receive cisplatin (Arm A) or docetaxel (Arm B). The 1-, 3-, "
        "and 5-year overall survival rates were 88.9%, 82.4%, and 74.8% for Arm A and 91.8%, 90.2%, "
        "and 82.1% for Arm B."
    )
    found = arms(tmp_path, text)
    assert [found[v] for v in ("88.9", "82.4", "74.8")] == ["cisplatin"] * 3
    assert [found[v] for v in ("91.8", "90.2", "82.1")] == ["docetaxel"] * 3


def test_an_arm_named_after_a_denominator_or_a_bracketed_unit(tmp_path: Path) -> None:
    text = (
        "Patients were randomly assigned to receive epirubicin or docetaxel. 116 (46%) of 254 patients "
        "in the epirubicin group had a complete or partial response compared with 100 (42%) of 238 "
        "patients in the docetaxel group. Median overall survival was 715 days (24 months) in the "
        "epirubicin group versus 901 days (30 months) in the docetaxel group."
    )
    found = arms(tmp_path, text)
    assert found["46"] == found["24"] == "epirubicin"
    assert found["42"] == found["30"] == "docetaxel"


def test_a_value_in_both_arms_is_the_whole_trials_but_a_pair_in_both_arms_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(arm_chooser, "ENABLED", True)  # a whole-trial figure is no open arm to choose
    text = (
        "Patients were randomly assigned to receive anastrozole or tamoxifen. Anastrozole improved "
        "disease-free survival. Four-year overall survival was 95.1% for both groups. The objective "
        "response rates (49% and 48%) in both arms were as expected."
    )
    found = arms(tmp_path, text)
    assert found["95.1"] == ""
    assert found["49"] != "" and found["48"] != ""


def test_a_group_the_sentence_opens_with_is_its_figures_arm(tmp_path: Path) -> None:
    # PMC4101294 (sample 30h): the group opens the sentence, the figures come clauses later.
    text = (
        "Of the 17 patients in the combination group, tumor was completely destroyed in 1 patient, and "
        "tumors were controlled in 9 other patients with 3 patients (17.64%) judged as partial response "
        "and 6 patients (35.29%) judged as stable disease after two cycles of treatment. In the "
        "chemotherapy group, the objective response rate was 11.76% and the median survival was 6.1 months."
    )
    found = arms(tmp_path, text)
    assert found["6"] == found["35.29"] == "combination"
    assert found["11.76"] == found["6.1"] == "chemotherapy"


def test_a_leading_group_resolves_to_the_designs_arm(tmp_path: Path) -> None:
    text = (
        "Patients were randomly assigned to receive docetaxel (group A) or paclitaxel (group B). "
        "In group B, the objective response rate was 47%."
    )
    assert arms(tmp_path, text)["47"] == "paclitaxel"


def test_no_leading_group_for_all_groups_or_past_another_group(tmp_path: Path) -> None:
    text = (
        "In both groups, the objective response rate was 47%. In this group, the median survival was "
        "9.5 months. In the combination group, the objective response rate was 52%, compared with 20% "
        "in the control group."
    )
    found = arms(tmp_path, text)
    assert found["47"] == found["9.5"] == ""
    assert found["52"] == "combination"
    assert found["20"] == "control"


@pytest.mark.parametrize(
    "lead",
    [
        "Of the 17 patients who received chemotherapy alone,",
        "Among the 17 patients treated with chemotherapy alone,",
        "In patients receiving chemotherapy alone,",
        "For those given chemotherapy alone,",
    ],
)
def test_a_leading_group_named_by_what_its_patients_received(tmp_path: Path, lead: str) -> None:
    # An arm without drugs is no regimen of the sentence: before, its figures took the other arm.
    text = (
        "Patients with stage IV NSCLC were randomly assigned to chemotherapy plus endostar or chemotherapy "
        f"alone. {lead} the objective response rate was 11.76%."
    )
    assert arms(tmp_path, text)["11.76"] == "chemotherapy alone"


def test_a_leading_subgroup_by_what_its_patients_received_is_no_arm(tmp_path: Path) -> None:
    text = (
        "Patients were randomly assigned to docetaxel or paclitaxel. In patients receiving radiotherapy, "
        "the pCR rate was 13.9%."
    )
    assert arms(tmp_path, text)["13.9"] == ""

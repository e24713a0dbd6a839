"""An arm the sentence names as a group, not by a drug next to the value (issue #10, the PMC samples'
largest arm error: an empty arm where the sentence names the group). The group a clause's subject
names is the arm of the figures its verb gives ("The ORR in the combination group was 23.5%"), over
a regimen named earlier in the sentence, but not a group of patients that no treatment names ("the
SCLC group"); and the arm named without drugs that a sentence of one regimen compares it with is
the other arm of its pairs ("patients treated with cetuximab had a shorter PFS compared to patients
treated with chemotherapy alone (12.3 versus 26.7 months)"), "X alone" a known trial's arm of X; a
count said to have happened in a group is that group's ("19 partial remission (PR) were recorded in
the TEGAFIRI arm"), and "controls" are the control arm."""

from __future__ import annotations

from pathlib import Path

from pipeline.efficacy import complete_arm
from tests.extracting import arm_by_value as arms

_DESIGN = (
    "Patients were randomly assigned to receive CT-PFNECII combined with second-line chemotherapy "
    "(combination group, n = 17) or second-line chemotherapy alone (chemotherapy group, n = 17). "
)


def test_the_group_a_clauses_subject_names_is_its_figures_arm(tmp_path: Path) -> None:
    # PMC4101294: "The ORR and DCR in the combination group were 8 of 17 (23.53%) and 10 of 17
    # (58.82%), respectively" had no arm.
    text = (
        _DESIGN + "The ORR and DCR in the combination group were 8 of 17 (23.53%) and 10 of 17 (58.82%), "
        "respectively. The median overall survival in the chemotherapy group was 6.1 months."
    )
    found = arms(tmp_path, text)
    assert found["23.53"] == found["58.82"] == found["8"] == found["10"] != ""
    assert found["6.1"] not in ("", found["23.53"])


def test_the_subjects_group_is_the_arm_over_a_regimen_named_earlier(tmp_path: Path) -> None:
    # PMC5856890: the platinum-based chemotherapy group's median OS was given osimertinib.
    text = (
        "At the data cut-off, median OS time for the osimertinib group was 26.5 months and the median "
        "OS time for the platinum-based doublet chemotherapy group was 14.1 months."
    )
    found = arms(tmp_path, text)
    assert found["26.5"] == "osimertinib"
    assert found["14.1"] == "platinum-based doublet chemotherapy"


def test_a_group_no_treatment_names_is_no_arm(tmp_path: Path) -> None:
    text = "The median survival time for the SCLC group was 1.7 years in this cohort of lung cancer."
    assert arms(tmp_path, text)["1.7"] == ""


def test_a_subjects_group_does_not_reach_past_a_comparison(tmp_path: Path) -> None:
    text = _DESIGN + "The ORR in the combination group was 47%, compared with 20% in the chemotherapy group."
    found = arms(tmp_path, text)
    assert found["47"] != found["20"]
    assert "" not in (found["47"], found["20"])


def test_patients_treated_with_an_arm_without_drugs_are_compared_with(tmp_path: Path) -> None:
    # PMC5706840 (samples 30j, 30k): 26.7 months is the chemotherapy-alone arm's.
    text = (
        "Patients treated with cetuximab had a shorter progression free survival compared to patients "
        "treated with chemotherapy alone (median progression free survival 12.3 versus 26.7 months "
        "respectively; p=0.005)."
    )
    found = arms(tmp_path, text)
    assert found["12.3"] == "cetuximab"
    assert found["26.7"] == "chemotherapy alone"


def test_a_sentence_of_two_regimens_keeps_its_pair(tmp_path: Path) -> None:
    # PMC3456942: "chemotherapy alone" compared with is not a third arm that moves the pair.
    text = (
        "The addition of bevacizumab to fluorouracil-based combination chemotherapy showed better "
        "outcomes as compared with chemotherapy alone (overall survival: 20.3 vs. 15.6 months)."
    )
    assert arms(tmp_path, text)["20.3"] == "bevacizumab"


def test_a_short_form_cut_inside_a_name_is_not_the_arm_compared_with(tmp_path: Path) -> None:
    # PMC3349250: "compared with IFN-α" is no arm "IFN".
    text = (
        "In this trial, sunitinib showed superior PFS compared with IFN-α in renal cancer (median PFS "
        "11 vs 5 months, P<0.001)."
    )
    assert arms(tmp_path, text)["5"] != "IFN"


def test_x_alone_is_the_known_trials_arm_of_x_and_nothing_else() -> None:
    # "compared with chemotherapy alone": H0648g's control arm, not trastuzumab + chemotherapy.
    assert complete_arm("H0648g", "chemotherapy alone") == "chemotherapy"
    assert complete_arm("H0648g", "chemotherapy-only") == "chemotherapy"
    assert complete_arm("UNKNOWN", "chemotherapy alone") == "chemotherapy alone"


def test_a_count_said_to_have_happened_in_a_group_is_that_groups(tmp_path: Path) -> None:
    # PMC2360030 (sample 30m): "19 partial remission (PR) were recorded in the TEGAFIRI arm" had no arm;
    # PMC4737890: "194 deaths were attributed to melanoma in the 1 cm group".
    text = (
        "Patients were randomly assigned to receive TEGAFIRI or TEGAFOX. Six complete remission (CR) and "
        "19 partial remission (PR) were recorded in the TEGAFIRI arm, and six CR and 22 PR were recorded in "
        "the TEGAFOX group. Overall, 194 deaths were attributed to melanoma in the TEGAFOX group."
    )
    found = arms(tmp_path, text)
    assert found["19"] == "tegafiri"
    assert found["22"] == found["194"] == "tegafox"


def test_controls_after_a_value_are_the_control_arm(tmp_path: Path) -> None:
    # PMC3669518: "(30% in the experimental group vs 29% for controls)" gave 29% no arm.
    text = (
        "There was no improvement with the addition of cetuximab in overall response rate (30% in the "
        "experimental group vs 29% for controls)."
    )
    found = arms(tmp_path, text)
    assert found["29"] == "control"
    assert found["30"] == "experimental"


def test_the_group_a_sentence_opens_with_takes_a_respectively_list_of_time_points(tmp_path: Path) -> None:
    # PMC5041956: "In Group B, ... 91.7%, 86.7% ... respectively" took group A from the paragraph.
    text = (
        "Patients were randomly assigned to Group A (microwave ablation) or Group B (radiofrequency "
        "ablation). For the patients of Group A, the local control rate of 3, 6, 12 months was 88.4%, "
        "86.0%, 79.1% respectively. In Group B, the local control rate of 3, 6, 12 months was 91.7%, "
        "86.7%, 76.7% respectively."
    )
    found = arms(tmp_path, text)
    assert found["88.4"] == found["86.0"] == found["79.1"] == "group A"
    assert found["91.7"] == found["86.7"] == found["76.7"] == "group B"

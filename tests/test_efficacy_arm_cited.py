"""A cited study's figure takes the cited study's arm, never the paper's own design (issue #10, PMC
sample 30j): where the study named nearest to a value is another's (a reference marker, "et al.",
"a previous study", "the Nordic study") rather than the paper's ("our study", "we", its trial), the
design neither lends the value an arm nor orders its pair; the arm is what the text names."""

from __future__ import annotations

from pathlib import Path

from tests.extracting import arm_by_value as arms

# The design in a paragraph of its own, as in a paper's abstract or methods; the discussion follows.
DESIGN = "Patients were randomly assigned to receive docetaxel or paclitaxel.\n"


def test_a_cited_pair_takes_the_regimen_its_sentence_names_not_the_designs_order(tmp_path: Path) -> None:
    text = DESIGN + (
        "Capecitabine improved the median progression-free survival (5.1 vs 3.2 months) in a previous "
        "study [12]."
    )
    found = arms(tmp_path, text)
    assert found["5.1"] == "capecitabine"
    assert found["3.2"] == ""


def test_a_pair_by_an_author_et_al_is_not_the_designs(tmp_path: Path) -> None:
    text = DESIGN + "Smith et al. reported a median overall survival of 14.2 vs 11.0 months."
    assert arms(tmp_path, text) == {"14.2": "", "11.0": ""}


def test_a_figure_nearer_another_study_than_the_papers_own_is_the_other_studys(tmp_path: Path) -> None:
    text = DESIGN + (
        "Survival in our study was similar to that in the Nordic study, but in the Nordic study the "
        "patients given delayed treatment had a shorter median overall survival (9 vs 14 months)."
    )
    found = arms(tmp_path, text)
    assert found["9"] == found["14"] == ""


def test_the_papers_own_figures_beside_a_cited_one_keep_the_design(tmp_path: Path) -> None:
    text = DESIGN + (
        "In our study, the median progression-free survival was 9.1 vs 6.2 months, longer than the "
        "5.0 months reported by Smith et al. [4]."
    )
    found = arms(tmp_path, text)
    assert found["9.1"] == "docetaxel"
    assert found["6.2"] == "paclitaxel"
    assert found["5.0"] == ""


def test_figures_set_beside_a_study_named_after_them_are_the_papers_own(tmp_path: Path) -> None:
    # PMC5850960, PMC4518420: "Median overall survival was 28 months, which is consistent with previous
    # trials ... [18]" gave the paper's own figure to the trials it is compared with.
    text = DESIGN + (
        "The median progression-free survival was 9.1 vs 6.2 months, which is consistent with previous "
        "trials of taxanes [12]."
    )
    assert arms(tmp_path, text) == {"9.1": "docetaxel", "6.2": "paclitaxel"}


def test_the_figures_of_the_study_set_beside_them_stay_the_studys(tmp_path: Path) -> None:
    # PMC5827032: "... in the TEL group (52.5%) compared with the TE group (10.0%), consistent with the
    # early results of other studies (3-12%)16,36"
    text = DESIGN + (
        "The median progression-free survival was 9.1 vs 6.2 months, similar to the 5.0 months of "
        "other studies [12]."
    )
    found = arms(tmp_path, text)
    assert (found["9.1"], found["6.2"], found["5.0"]) == ("docetaxel", "paclitaxel", "")


def test_a_sentence_without_another_study_keeps_the_design(tmp_path: Path) -> None:
    text = DESIGN + "The median progression-free survival was 9.1 vs 6.2 months."
    assert arms(tmp_path, text) == {"9.1": "docetaxel", "6.2": "paclitaxel"}


def test_a_cited_figure_takes_no_regimen_an_earlier_sentence_gave_the_papers_trial(tmp_path: Path) -> None:
    # PMC3342924: "According to de Jong and colleagues, the median RFS after resection of liver
    # metastases is 23 months" was given the placebo of the paper's own trial, named sentences before
    # (there by its name, LICC, which a paper naming other trials too does not tell apart as its own).
    text = (
        "In our study, patients were given capecitabine until progression. According to de Jong and "
        "colleagues, the median recurrence-free survival after resection of liver metastases is 23 "
        "months [15]."
    )
    assert arms(tmp_path, text)["23"] == ""


def test_a_cited_figure_beside_the_design_takes_no_regimen_of_the_paragraph(tmp_path: Path) -> None:
    # PMC3845560: Chua et al.'s CR rate after induction chemotherapy was given the cisplatin a sentence
    # "... in this study" had named.
    text = DESIGN + (
        "In this study, all patients received docetaxel every three weeks. Previously, Chua et al. [2] "
        "reported that induction chemotherapy led to a complete response rate of 94%."
    )
    assert arms(tmp_path, text)["94"] == ""


def test_a_cited_figure_keeps_the_regimen_its_own_sentence_names(tmp_path: Path) -> None:
    text = (
        "Patients were given capecitabine until progression. In a previous study of gemcitabine [15], "
        "the median overall survival was 8 months."
    )
    assert arms(tmp_path, text)["8"] == "gemcitabine"


def test_trials_counted_as_having_shown_a_result_are_other_studies(tmp_path: Path) -> None:
    # PMC5827032: two cited trials' carboplatin pCR pair was given this paper's lobaplatin and its control.
    text = DESIGN + (
        "Two randomized phase II neoadjuvant trials have confirmed that carboplatin significantly increases "
        "the pCR rate (53.2% vs. 36.9%)."
    )
    found = arms(tmp_path, text)
    assert found["53.2"] == "carboplatin"
    assert found["36.9"] == ""


def test_a_sentence_naming_no_study_goes_on_about_the_cited_one_before_it(tmp_path: Path) -> None:
    # PMC1891198: "Recent reports from the Southwest Oncology Group indicate that ... prednisone ...
    # affects disease-free and overall survival17. Specifically, disease-free survival improved from 6
    # months to 13 months" was given the paper's thalidomide and lenalidomide. The regimen the cited
    # study gave is the one its report names; its control arm is not named.
    text = DESIGN + (
        "Recent reports from the Southwest Oncology Group indicate that prednisone affects survival [17]. "
        "Specifically, disease-free survival improved from 6 months to 13 months."
    )
    found = arms(tmp_path, text)
    assert found["13"] == "prednisone"
    assert found["6"] == ""


def test_the_papers_own_study_named_after_a_cited_one_keeps_the_design(tmp_path: Path) -> None:
    text = DESIGN + (
        "Recent reports indicate that prednisone affects survival [17]. In our study, the median "
        "progression-free survival was 9.1 vs 6.2 months."
    )
    found = arms(tmp_path, text)
    assert found["9.1"] == "docetaxel"
    assert found["6.2"] == "paclitaxel"


def test_a_cited_figure_keeps_the_regimen_the_paragraph_named_of_the_cited_study(tmp_path: Path) -> None:
    # A review's seed: "Previous reports indicated that the use of trastuzumab ... Moreover, the median
    # time from diagnosis of brain metastasis to death extended from 4.0 to 14.9 months".
    text = DESIGN + (
        "Previous reports indicated that the use of trastuzumab prolonged overall survival. Moreover, the "
        "median overall survival extended from 4.0 to 14.9 months."
    )
    assert arms(tmp_path, text)["14.9"] == "trastuzumab"


def test_a_comparison_in_the_reference_list_is_no_design(tmp_path: Path) -> None:
    # a cited paper's title compares its regimens; the paper itself states no design
    text = (
        "Osimertinib in T790M-positive lung cancer\n\n"
        "Median progression-free survival was 10.1 vs 4.4 months in the pooled analysis.\n\n"
        "References\n\n"
        "1. Mok TS, Wu YL, Thongprasert S. Gefitinib or carboplatin-paclitaxel in pulmonary "
        "adenocarcinoma. N Engl J Med. 2009;361:947-57.\n"
        "2. Sequist LV, Yang JC. Phase III study of afatinib or cisplatin plus pemetrexed. J Clin "
        "Oncol. 2013;31:3327-34.\n"
    )
    assert arms(tmp_path, text) == {"10.1": "", "4.4": ""}

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


def test_a_sentence_without_another_study_keeps_the_design(tmp_path: Path) -> None:
    text = DESIGN + "The median progression-free survival was 9.1 vs 6.2 months."
    assert arms(tmp_path, text) == {"9.1": "docetaxel", "6.2": "paclitaxel"}

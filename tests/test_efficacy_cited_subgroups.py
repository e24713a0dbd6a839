"""The reconciler's false alarms within one paper (issue #10, 50 judged conflicts of a PMC run, all
false): a cited study's figure given the paper's trial, and a subgroup's figure keyed with the whole
population's. A study the text names as another's ("Nordlinger's approach", "reported in a phase II
study", "de Jong and colleagues", "The EXPAND trial15") keeps its figures from the paragraph's trial;
a figure in brackets right after a trial's name is that trial's; a subgroup a sentence names ("in
Japanese patients", "In those patients naive to prior tamoxifen therapy") is the figure's population."""

from __future__ import annotations

from pathlib import Path

from pipeline.efficacy import extract_measurements
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline
from pipeline.trials import find_trials


def figures(tmp_path: Path, text: str) -> dict[str, tuple[str, str]]:
    """value as printed -> (trial, population), for the figures of `text` in a cancer document."""
    path = tmp_path / "review.txt"
    path.write_text(text + "\n\n(From a review of cancer trials.)\n", encoding="utf-8")
    document = ingest_file(path)
    entities = document_entities(shared_pipeline(), "review", [document.text])
    return {m.value_text: (m.trial, m.population) for m in extract_measurements(document, entities)}


def trial_of(tmp_path: Path, text: str) -> dict[str, str]:
    return {value: trial for value, (trial, _) in figures(tmp_path, text).items()}


def population_of(tmp_path: Path, text: str) -> dict[str, str]:
    return {value: population for value, (_, population) in figures(tmp_path, text).items()}


TRIAL = "The FOOBAR trial randomised patients with colorectal cancer to tecemotide or placebo. "


def test_an_authors_approach_is_another_study_and_ends_the_paragraphs_trial(tmp_path: Path) -> None:
    text = TRIAL + (
        "Nordlinger's approach using peri-operative FOLFOX increased the 3-year recurrence-free "
        "survival by 7.3% (28.1% vs. 35.4%); per protocol it benefited even more (3-yrs. "
        "recurrence-free survival 33.2% vs. 42.2%) [24]."
    )
    found = trial_of(tmp_path, text)
    assert found["28.1"] == found["35.4"] == found["42.2"] == ""


def test_a_figure_reported_in_an_unnamed_study_is_not_the_paragraphs_trial(tmp_path: Path) -> None:
    text = TRIAL + (
        "Values were lower in this study than those reported in a phase II study of tecemotide in "
        "Japanese patients (median progression-free survival, 7.4 months)."
    )
    assert trial_of(tmp_path, text)["7.4"] == ""


def test_an_author_and_colleagues_is_another_study(tmp_path: Path) -> None:
    text = TRIAL + (
        "According to de Jong and colleagues, the median overall survival after resection of liver "
        "metastases is 36 months [15]."
    )
    assert trial_of(tmp_path, text)["36"] == ""


def test_a_trial_named_with_a_reference_number_glued_to_trial_is_a_trial() -> None:
    names = [m.canonical for m in find_trials("The EXPAND trial15 assessed cetuximab; the COG trial30 too.")]
    assert names == ["EXPAND", "COG"]


def test_a_figure_in_brackets_after_a_trials_name_is_that_trials(tmp_path: Path) -> None:
    text = (
        "The AURA study enrolled patients with lung cancer. "
        "The median progression-free survival in our study was consistent with that of osimertinib-"
        "treated patients in the AURA extension trial (9.6 months) [19] and the control arm of the "
        "IMPRESS trial (5.4 months) [25]."
    )
    found = trial_of(tmp_path, text)
    assert found["9.6"] == "AURA"
    assert found["5.4"] == "IMPRESS"


def test_a_subgroup_named_before_a_figure_is_its_population(tmp_path: Path) -> None:
    text = TRIAL + (
        "In those patients naive to prior tamoxifen therapy (414/694; 59.7%), median progression-free "
        "survival was 17.0 months for tecemotide compared with 12.6 months for placebo (HR = 0.74)."
    )
    found = population_of(tmp_path, text)
    assert found["17.0"] == found["12.6"] == found["0.74"] == "patients naive to prior tamoxifen therapy"


def test_a_subgroup_named_however_it_is_called_is_one_population(tmp_path: Path) -> None:
    text = TRIAL + (
        "The objective response rate was higher with tecemotide than with placebo in Japanese patients "
        "(52.0 vs. 3.4%). In the Japanese subgroup analysis, median progression-free survival was 12.1 "
        "months with tecemotide. In the overall population, the objective response rate was 19.4 vs. "
        "9.4%."
    )
    found = population_of(tmp_path, text)
    assert found["52.0"] == found["3.4"] == found["12.1"] == "Japanese patients"
    assert found["19.4"] == found["9.4"] == ""


def test_whom_a_trial_enrolled_is_no_subgroup(tmp_path: Path) -> None:
    text = (
        "A phase III trial of tecemotide in Japanese patients reported a median overall survival of "
        "25.6 months."
    )
    assert population_of(tmp_path, text)["25.6"] == ""


BREAST = "Neoadjuvant chemotherapy with or without carboplatin in HER2-negative breast cancer.\n"


def test_a_subgroup_a_receptor_status_or_menopause_defines_is_the_figures_population(tmp_path: Path) -> None:
    text = BREAST + (
        "Among patients with triple-negative breast cancer, the pCR rate was 61.5% with carboplatin and "
        "26.3% without. The pCR rate in postmenopausal patients was 18.4% and 5.1% in the two groups, "
        "respectively. In the whole population, the pCR rate was 32.1% with carboplatin."
    )
    found = population_of(tmp_path, text)
    assert found["61.5"] == found["26.3"] == "patients with triple-negative breast cancer"
    assert found["18.4"] == found["5.1"] == "postmenopausal patients"
    assert found["32.1"] == ""


def test_the_trait_of_all_the_patients_a_trial_took_is_no_subgroup(tmp_path: Path) -> None:
    enrolled = BREAST + (
        "Postmenopausal women with HER2-negative breast cancer were randomized to carboplatin or not. "
        "In postmenopausal women, the pCR rate was 40.2% with carboplatin."
    )
    assert population_of(tmp_path, enrolled)["40.2"] == ""
    # the title names the trial's patients; the sentence does not say whom it took
    titled = BREAST + "In HER2-negative patients, the pCR rate was 40.2%."
    assert population_of(tmp_path, titled)["40.2"] == ""


def test_the_patients_a_subgroup_analysis_took_are_a_subgroup(tmp_path: Path) -> None:
    text = (
        "Axitinib versus sorafenib: subgroup analysis of Japanese patients from the AXIS trial.\n"
        "Japanese patients enrolled in AXIS were randomized to axitinib or sorafenib. In Japanese "
        "patients, the objective response rate was 52.0% with axitinib."
    )
    assert population_of(tmp_path, text)["52.0"] == "Japanese patients"


def test_a_subgroup_named_after_a_comma_comments_on_the_figure(tmp_path: Path) -> None:
    text = TRIAL + (
        "Median OS reached 65.3 months, particularly favorable in hormone receptor-positive patients."
    )
    assert population_of(tmp_path, text)["65.3"] == ""


def test_a_subgroup_a_sentence_opens_with_is_the_figures_population(tmp_path: Path) -> None:
    text = TRIAL + (
        "Among patients with BRCA mutations, the objective response rate was 65% with tecemotide.\n\n"
        "For patients who received prior chemotherapy, median progression-free survival was 11.0 months "
        "for tecemotide versus 3.2 months for placebo.\n\n"
        "In patients who responded, the median duration of response was 9.4 months.\n\n"
        "In patients with colorectal cancer, median overall survival was 25.6 months."
    )
    found = population_of(tmp_path, text)
    assert found["65"] == "patients with BRCA mutations"
    assert found["11.0"] == found["3.2"] == "patients who received prior chemotherapy"
    # the responders are whom a duration of response is of; the trial took patients with colorectal cancer
    assert found["9.4"] == found["25.6"] == ""

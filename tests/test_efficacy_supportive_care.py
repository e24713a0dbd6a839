"""Figures of trials of supportive care in cancer patients: an antiemetic's or a laxative's
response, the deaths of a trial of perioperative care, and the death anchor of a utility scale are
no cancer treatment's results; a cancer treatment's responses and an exercise trial's survival are."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.efficacy import extract_measurements
from pipeline.efficacy.background import supportive_care_endpoints
from pipeline.efficacy.pieces import sentence_pieces
from pipeline.efficacy.rules import efficacy_rules
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline


def figures(tmp_path: Path, text: str) -> list[tuple[str, str, str]]:
    path = tmp_path / "paper.txt"
    path.write_text(text, encoding="utf-8")
    document = ingest_file(path)
    entities = document_entities(shared_pipeline(), "paper", [document.text])
    return [(m.endpoint, m.measure, m.value_text) for m in extract_measurements(document, entities)]


ANTIEMETIC = (
    "TITLE: A Randomized Cross-over Study of Metoclopramide plus Dexamethasone versus Granisetron plus "
    "Dexamethasone in Patients Receiving Chemotherapy with Cisplatin\n\n"
    "ABSTRACT:\n"
    "We carried out a randomized cross-over trial to compare the antiemetic effect of granisetron "
    "with that of metoclopramide in patients with lung cancer given cisplatin chemotherapy.\n"
    "Fifty-four patients with metastatic lung cancer were enrolled.\n"
    "Complete response rate on day 1 was 45 and 90% in the metoclopramide and the granisetron groups, "
    "respectively (P = 0.0001).\n"
)
LUNG_TRIAL = (
    "TITLE: A Randomized Study of Gemcitabine plus Cisplatin versus Docetaxel plus Cisplatin in "
    "Patients with Advanced Lung Cancer\n\n"
    "ABSTRACT:\n"
    "We carried out a randomized trial to compare the efficacy of two cisplatin doublets in patients "
    "with lung cancer.\n"
    "Fifty-four patients with metastatic lung cancer were enrolled.\n"
    "Complete response rate was 45 and 90% in the gemcitabine and the docetaxel groups, "
    "respectively (P = 0.0001).\n"
)


def test_an_antiemetic_trials_complete_response_is_no_tumour_response(tmp_path: Path) -> None:
    assert figures(tmp_path, ANTIEMETIC) == []
    # The same sentence in a trial of cancer treatment is its result.
    assert [value for _, _, value in figures(tmp_path, LUNG_TRIAL)] == ["45", "90"]


def test_a_laxatives_response_rate_is_no_tumour_response(tmp_path: Path) -> None:
    text = (
        "TITLE: Impact of Treatment with Naloxegol for Opioid-Induced Constipation in Cancer Patients\n\n"
        "ABSTRACT.INTRODUCTION:\n"
        "Opioid-induced constipation is the most common side effect of opioid treatment in cancer pain.\n"
        "Naloxegol was associated with significantly higher response rates than placebo "
        "(48.7% vs. 28.8%) in patients with cancer.\n"
    )
    assert figures(tmp_path, text) == []


def test_a_palliative_trial_for_painful_metastases_reports_pain_responses(tmp_path: Path) -> None:
    # PMC2442760 (sample 12-02d): a pain-palliation response read as a tumour ORR.
    text = (
        "TITLE: Single Versus Multiple Fractions of Palliative Radiotherapy for Bone Metastases\n\n"
        "ABSTRACT.BACKGROUND:\n"
        "Single-fraction radiotherapy for the management of painful bone metastases is not widely "
        "practiced.\n"
        "We observed 8 (14%) complete responses and 33 (57%) partial responses, for an overall response "
        "rate of 71%.\n"
    )
    assert figures(tmp_path, text) == []


PERIOPERATIVE = (
    "TITLE: Patient Empowerment Improved Perioperative Quality of Care in Cancer Patients Aged 65 Years "
    "and Older - A Randomized Controlled Trial\n\n"
    "ABSTRACT.PURPOSE:\n"
    "This randomized trial explored the effect of patient empowerment on outcomes after major "
    "oncologic surgery in elderly cancer patients.\n"
    "One year after surgery, 45 patients in the intervention group compared to 58 patients in the "
    "control group had died (p = 0.19).\n"
)


def test_the_deaths_of_a_trial_of_perioperative_care_are_no_cancer_treatment_result(tmp_path: Path) -> None:
    assert figures(tmp_path, PERIOPERATIVE) == []
    chemotherapy = PERIOPERATIVE.replace("Patient Empowerment Improved Perioperative Quality of Care", "S-1")
    chemotherapy = chemotherapy.replace("patient empowerment", "adjuvant S-1 chemotherapy")
    # (the "45" before "patients in the intervention group" is not read as a count today either)
    assert [value for _, _, value in figures(tmp_path, chemotherapy)] == ["58"]


def test_an_exercise_trial_of_fatigue_keeps_its_survival(tmp_path: Path) -> None:
    # A symptom in the opening takes the responses only: an exercise trial's deaths and DFS are results.
    text = (
        "Exercise and fatigue following breast cancer: exploratory survival analyses of two randomised "
        "trials. Women with breast cancer were randomised to exercise or usual care. There were 11 "
        "(5.3%) deaths in the exercise group compared with 15 (11.5%) deaths in the usual care group.\n"
    )
    assert {endpoint for endpoint, _, _ in figures(tmp_path, text)} == {"DEATH"}


TRASTUZUMAB = "TITLE: Trastuzumab in HER2-positive breast cancer\n\n"


@pytest.mark.parametrize(
    ("opening", "dropped"),
    [
        ("TITLE: Ginger for chemotherapy-induced nausea and vomiting in breast cancer\n", {"ORR", "CR"}),
        ("TITLE: Early Enteral Versus Parenteral Feeding after Esophageal Cancer Surgery\n", {"DEATH"}),
        # headings are no sentences of the opening: the aim is its third sentence
        (
            TRASTUZUMAB + "ABSTRACT.BACKGROUND::\nWe compared regimens.\nABSTRACT.AIM:\nWe studied pain.\n",
            {"CR"},
        ),
        (TRASTUZUMAB + "ABSTRACT:\nWe compared two regimens.\n", set()),
        ("TITLE: Azasetron versus Ondansetron: Efficacy and Safety in the Prevention of Nausea\n", {"CR"}),
        # a symptom named as a harm of the treatment is not the trial's subject
        (TRASTUZUMAB + "ABSTRACT:\nAdverse events were fatigue and pain.\n", set()),
    ],
)
def test_the_subject_is_read_from_the_opening_headings_aside(opening: str, dropped: set[str]) -> None:
    # Pain named after the opening's three sentences is not its subject.
    text = opening + "Patients were enrolled.\n" * 3 + "A patient had pain.\n"
    endpoints = supportive_care_endpoints(text, sentence_pieces(text), efficacy_rules())
    assert dropped <= endpoints
    if not dropped:
        assert endpoints == frozenset()


@pytest.mark.parametrize(
    "scale",
    [
        "On a scale of 0-1, where 0 represents death and 1 perfect health, the response rate improved.",
        "Health states are valued between 1 (full health) and 0, where 0 indicates death; the response "
        "rate improved.",
        "It runs from 100 to 0, and 0 means death; the response rate improved.",
    ],
)
def test_the_death_anchor_of_a_scale_is_no_figure(tmp_path: Path, scale: str) -> None:
    text = "Patients with metastatic breast cancer received docetaxel.\n" + scale + "\n"
    assert all(value != "0" for _, _, value in figures(tmp_path, text))


@pytest.mark.parametrize(
    "ratio",
    [
        "As shown by the ERSPC trial, 1410 men would have to be offered screening and 48 PCs treated to "
        "prevent one PC death during a 9-year period.",
        "Treating 39 patients for 3 years with the drug would prevent one death from any cause.",
    ],
)
def test_the_one_death_a_number_needed_to_treat_prevents_is_no_count(tmp_path: Path, ratio: str) -> None:
    text = "Patients with metastatic prostate cancer received docetaxel.\n" + ratio + "\n"
    assert all(value.lower() not in ("one", "1") for _, _, value in figures(tmp_path, text))

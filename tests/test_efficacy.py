from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.efficacy import (
    complete_arm,
    complete_population,
    described_cohort,
    extract_measurements,
    pooled_trial_name,
)
from pipeline.efficacy.arm import arm_of
from pipeline.efficacy.candidates import Value
from pipeline.efficacy.context import Paragraph, Sentence
from pipeline.efficacy.cues import Cue
from pipeline.efficacy.endpoint import endpoint_of
from pipeline.efficacy.population import population_of
from pipeline.efficacy.regimens import Regimen
from pipeline.efficacy.rules import efficacy_rules
from pipeline.efficacy.trial import trial_of
from pipeline.evaluate import evaluate_measurements
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline
from pipeline.numbers import parse_number
from pipeline.records import Entity
from tests.conftest import CORPUS, REPO

# The sentences below come from cancer papers; alone, a sentence does not say so, and the extractor
# reports figures only of documents about cancer. A last paragraph without figures says it.
ONCOLOGY = "\n\n(From a report of a cancer trial.)\n"


def measure(tmp_path: Path, text: str) -> list[tuple]:
    path = tmp_path / "doc.txt"
    path.write_text(text + ONCOLOGY, encoding="utf-8")
    document = ingest_file(path)
    entities = document_entities(shared_pipeline(), "doc", [document.text])
    return [
        (
            m.trial,
            m.endpoint,
            m.cns,
            m.measure,
            m.arm,
            m.population,
            m.value,
            m.unit,
            m.ci_low,
            m.ci_high,
            m.p_value,
        )
        for m in extract_measurements(document, entities)
    ]


CASES = [
    (
        "In HER2CLIMB, the intracranial ORR was 47.3% with tucatinib versus 20.0% with placebo (P=0.03).",
        [
            (
                "HER2CLIMB",
                "ORR",
                True,
                "rate",
                "tucatinib + trastuzumab + capecitabine",
                "brain metastases",
                47.3,
                "%",
                None,
                None,
                "0.03",
            ),
            (
                "HER2CLIMB",
                "ORR",
                True,
                "rate",
                "placebo + trastuzumab + capecitabine",
                "brain metastases",
                20.0,
                "%",
                None,
                None,
                "0.03",
            ),
        ],
    ),
    (
        "In DESTINY-Breast03, T-DXd was compared with T-DM1. The confirmed intracranial ORR were 65.7% and "
        "34.3%, respectively.",
        [
            (
                "DESTINY-Breast03",
                "ORR",
                True,
                "rate",
                "trastuzumab deruxtecan",
                "brain metastases",
                65.7,
                "%",
                None,
                None,
                "",
            ),
            (
                "DESTINY-Breast03",
                "ORR",
                True,
                "rate",
                "trastuzumab emtansine",
                "brain metastases",
                34.3,
                "%",
                None,
                None,
                "",
            ),
        ],
    ),
    (
        "In NALA, median PFS was 7.8 vs 5.5 months (HR 0.76; 95% CI 0.63-0.93; P = .0059).",
        [
            # A pair with no arms named: the trial's experimental arm, then its control.
            (
                "NALA",
                "PFS",
                False,
                "median",
                "neratinib + capecitabine",
                "",
                7.8,
                "months",
                None,
                None,
                "0.0059",
            ),
            (
                "NALA",
                "PFS",
                False,
                "median",
                "lapatinib + capecitabine",
                "",
                5.5,
                "months",
                None,
                None,
                "0.0059",
            ),
            ("NALA", "PFS", False, "hazard_ratio", "", "", 0.76, "ratio", 0.63, 0.93, "0.0059"),
        ],
    ),
    (
        "In the PERMEATE trial, among patients with active brain metastases the CNS-ORR was 74·6% "
        "[95% CI, 61.6–85.0%].",
        [
            (
                "PERMEATE",
                "ORR",
                True,
                "rate",
                "pyrotinib + capecitabine",
                "active brain metastases",
                74.6,
                "%",
                61.6,
                85.0,
                "",
            )
        ],
    ),
    (
        "In TBCRC 022, cohort 3A had a CNS ORR of 49% and a median OS of 13.3 months.",
        [
            (
                "TBCRC 022",
                "ORR",
                True,
                "rate",
                "neratinib + capecitabine",
                "cohort 3A",
                49.0,
                "%",
                None,
                None,
                "",
            ),
            (
                "TBCRC 022",
                "OS",
                False,
                "median",
                "neratinib + capecitabine",
                "cohort 3A",
                13.3,
                "months",
                None,
                None,
                "",
            ),
        ],
    ),
    ("Brain metastases develop in 30-50% of patients with HER2-positive disease.", []),
    ("At a median follow-up of 29.6 months, OS was improved.", []),
    ("Median OS rose from approximately 20 months to over 50 months.", []),
    ("- **Median overall survival (OS):** Ranges between **9 to 24 months**.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_sentences(tmp_path: Path, text: str, expected: list[tuple]) -> None:
    assert measure(tmp_path, text) == expected


def test_cell_per_line_table_of_seed_000() -> None:
    document = ingest_file(CORPUS / "000_db4a9a29616def56.txt")
    rows = extract_measurements(
        document, document_entities(shared_pipeline(), document.doc_id, [document.text])
    )
    table = {(m.trial, m.endpoint, m.cns, m.population, m.value) for m in rows if m.source == "table"}
    assert ("LANDSCAPE", "ORR", True, "", 65.9) in table
    assert ("TBCRC 022", "OS", False, "cohort 3B", 15.1) in table
    assert ("NCT00263588", "PFS", False, "", 2.4) in table
    assert ("PERMEATE", "ORR", True, "cohort B", 42.1) in table


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_every_row_points_at_its_number(path: Path) -> None:
    document = ingest_file(path)
    rows = extract_measurements(
        document, document_entities(shared_pipeline(), document.doc_id, [document.text])
    )
    for row in rows:
        assert document.text[row.char_start : row.char_end] == row.value_text
        assert parse_number(row.value_text) == row.value  # never a number that is not in the source
        assert row.value_text in row.evidence


def test_complete_arm() -> None:
    assert complete_arm("HER2CLIMB", "tucatinib") == "tucatinib + trastuzumab + capecitabine"
    assert (
        complete_arm("HER2CLIMB", "trastuzumab + capecitabine") == "trastuzumab + capecitabine"
    )  # ambiguous
    assert complete_arm("TUXEDO-1", "") == "trastuzumab deruxtecan"  # single-arm trial
    assert complete_arm("UNKNOWN", "tucatinib") == "tucatinib"


def test_complete_arm_by_place_in_a_pair_and_control() -> None:
    # Both HER2CLIMB arms contain trastuzumab + capecitabine: the pair's second value is the control's.
    assert (
        complete_arm("HER2CLIMB", "trastuzumab + capecitabine", 1) == "placebo + trastuzumab + capecitabine"
    )
    assert complete_arm("HER2CLIMB", "control") == "placebo + trastuzumab + capecitabine"
    assert (
        complete_arm("TBCRC 022", "lapatinib") == "neratinib + capecitabine"
    )  # a prior therapy, not the arm
    assert complete_arm("UNKNOWN", "control") == "control"


def test_described_cohort() -> None:
    text = "patients with CNS metastasis who were naive to TKI therapy"
    assert described_cohort("TBCRC 022", text, 0, len(text)) == "cohort 3A"
    assert described_cohort("PERMEATE", "42.1% (post-RT)", 0, 15) == "cohort B"
    assert described_cohort("HER2CLIMB", text, 0, len(text)) == ""


def test_cohort_carries_to_the_next_sentence_of_its_trial(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "In DEBBRAH, in cohort 3, 4 patients attained the intracranial PR (44.4%). In addition, 3 patients "
        "(33.3%) exhibited stable disease. In TUXEDO-1, the intracranial ORR was 73.3%.",
    )
    assert [(m.value_text, m.population) for m in found] == [
        ("4", "cohort 3"),
        ("44.4", "cohort 3"),
        ("3", "cohort 3"),
        ("33.3", "cohort 3"),
        ("73.3", ""),
    ]


def test_complete_population() -> None:
    # An intracranial response in a trial of all comers is its brain-metastasis subgroup's.
    assert (
        complete_population("HER2CLIMB", "", cns=True, brain_metastases_context=False) == "brain metastases"
    )
    assert (
        complete_population("HER2CLIMB", "", cns=False, brain_metastases_context=True) == "brain metastases"
    )
    assert complete_population("HER2CLIMB", "", cns=False, brain_metastases_context=False) == ""
    # A trial of brain-metastasis patients only: its whole population.
    assert complete_population("TUXEDO-1", "", cns=True, brain_metastases_context=True) == ""
    # "stable" adds nothing where only stable brain metastases were admitted; elsewhere it is a subgroup.
    assert (
        complete_population("DESTINY-Breast03", "stable brain metastases", True, True) == "brain metastases"
    )
    assert (
        complete_population("HER2CLIMB", "stable brain metastases", True, True) == "stable brain metastases"
    )
    assert complete_population("UNKNOWN", "", cns=True, brain_metastases_context=True) == ""


def test_pooled_trial_name() -> None:
    names = ["DESTINY-Breast01", "DESTINY-Breast02", "DESTINY-Breast03"]
    assert pooled_trial_name(names) == "DESTINY-Breast01/02/03"
    assert pooled_trial_name(["DEBBRAH", "TUXEDO-1", "DFCI-Duke-MDACC"]) == "DEBBRAH/TUXEDO-1/DFCI-Duke-MDACC"
    assert pooled_trial_name(["HER2CLIMB", "NALA"]) == "HER2CLIMB/NALA"


def test_pooled_analysis_is_one_trial(tmp_path: Path) -> None:
    text = (
        "A pooled analysis of the DESTINY-Breast01, 02 and 03 studies included patients with brain "
        "metastases. The intracranial ORR was 45.2%."
    )
    assert [m[0] for m in measure(tmp_path, text)] == ["DESTINY-Breast01/02/03"]


# Floors on the seeds' hand-made gold (annotations/measurements.jsonl). Raise them as the
# extractor improves; never lower them.
# Issue #4's targets: records (trial + endpoint + value) >= 0.9 both ways; arm and population right on
# >= 0.85 of those records; CIs exact wherever the source gives one. Measured: 0.941, 0.904, 0.919,
# 0.890, 43 of 43.
FLOORS = {"record_precision": 0.95, "record_recall": 0.93, "arm": 0.95, "population": 0.9, "ci": 1.0}


def test_measurement_scores_meet_floors() -> None:
    nlp = shared_pipeline()
    e = evaluate_measurements(
        REPO / "annotations",
        CORPUS,
        lambda doc: extract_measurements(doc, document_entities(nlp, doc.doc_id, [doc.text])),
    )
    assert e.record_precision >= FLOORS["record_precision"], e.record_precision
    assert e.record_recall >= FLOORS["record_recall"], e.record_recall
    assert e.attributed["arm"] / e.records_correct >= FLOORS["arm"]
    assert e.attributed["population"] / e.records_correct >= FLOORS["population"]
    assert e.cis_exact / e.gold_cis >= FLOORS["ci"]


def measurements_of(tmp_path: Path, text: str) -> list:
    path = tmp_path / "doc.txt"
    path.write_text(text + ONCOLOGY, encoding="utf-8")
    document = ingest_file(path)
    return extract_measurements(document, document_entities(shared_pipeline(), "doc", [document.text]))


def test_counts_of_patients_with_their_denominator(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "In DESTINY-Breast12, CNS ORR was reported in 19 of 23 patients (82.6%). In cohort 3, 4 patients "
        "attained the intracranial PR (44.4%), and 3 patients (33.3%) exhibited stable disease.",
    )
    assert [(m.value_text, m.endpoint, m.cns, m.measure, m.unit, m.n, m.population) for m in found] == [
        ("19", "ORR", True, "count", "patients", 23, "brain metastases"),
        ("82.6", "ORR", True, "rate", "%", 23, "brain metastases"),
        ("4", "PR", True, "count", "patients", None, "cohort 3"),
        ("44.4", "PR", True, "rate", "%", None, "cohort 3"),
        ("3", "SD", False, "count", "patients", None, "cohort 3"),
        ("33.3", "SD", False, "rate", "%", None, "cohort 3"),
    ]


def test_a_study_without_a_name_is_not_the_last_named_trial(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "The Reper study reported an ORR of 52.4%, while the Bergen et al. study showed an ORR of 92.9%. "
        "In LANDSCAPE, the ORR was 66%. In a meta-analysis of 8 studies, the CNS-ORR was 29%.",
    )
    assert [(m.value_text, m.trial) for m in found] == [
        ("52.4", "RePer"),
        ("92.9", ""),
        ("66", "LANDSCAPE"),
        ("29", ""),
    ]


def test_a_figure_another_study_reports_is_not_the_paragraphs_trial(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "In LANDSCAPE, the ORR was 66%. Smith et al. reported an ORR of 52% with the same regimen, "
        "and the ORR was 48% in a previous phase II study of it. The median OS was 12.1 months.",
    )
    # the paragraph's trial is lent to a figure of its own (12.1), not to one another study reports
    assert [(m.value_text, m.trial) for m in found] == [
        ("66", "LANDSCAPE"),
        ("52", ""),
        ("48", ""),
        ("12.1", "LANDSCAPE"),
    ]


def test_incidence_endpoints_are_the_whole_trials(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "In NALA, fewer patients required intervention for symptomatic CNS disease with neratinib "
        "(22.8% vs 29.2%). The median time to brain metastasis increased from 10 to 15 months.",
    )
    assert [(m.value_text, m.endpoint, m.cns, m.measure) for m in found] == [
        ("22.8", "INTERVENTION", True, "rate"),
        ("29.2", "INTERVENTION", True, "rate"),
        ("10", "TTBM", False, "median"),
        ("15", "TTBM", False, "median"),
    ]
    assert [m.population for m in found[:2]] == ["", ""]  # NALA's patients, not its BM subgroup


def test_the_intervals_of_a_pair_written_after_both_values(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "In HER2CLIMB, median OS was longer (21.6 vs 12.5 months, CI, 18.1-28.5 vs 11.2-16.9; p < 0.05).",
    )
    assert [(m.value_text, m.ci_low, m.ci_high) for m in found] == [
        ("21.6", 18.1, 28.5),
        ("12.5", 11.2, 16.9),
    ]


def test_respective_regimens_named_after_the_values(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "In PERUSE, the overall response rates (ORRs) were 83%, 79%, and 77% with paclitaxel, docetaxel, "
        "and nab-paclitaxel, respectively.",
    )
    # Compared inside a single-arm trial of pertuzumab, trastuzumab and a taxane: each taxane's arm.
    assert [m.arm for m in found] == [
        "pertuzumab + trastuzumab + paclitaxel",
        "pertuzumab + trastuzumab + docetaxel",
        "pertuzumab + trastuzumab + nab-paclitaxel",
    ]


def test_respective_regimens_listed_with_and_and_a_list_after_another_value(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "In PERUSE, paclitaxel, used in 41% of patients, showed comparable efficacy to docetaxel and "
        "nab-paclitaxel, with median PFS of 23, 19.6, and 18 months, respectively.",
    )
    # "docetaxel and nab-paclitaxel" are two of the three regimens, and the 41% is not in the list.
    assert [(m.value_text, m.arm) for m in found] == [
        ("23", "pertuzumab + trastuzumab + paclitaxel"),
        ("19.6", "pertuzumab + trastuzumab + docetaxel"),
        ("18", "pertuzumab + trastuzumab + nab-paclitaxel"),
    ]


def test_a_regimen_that_does_not_fit_a_single_arm_trial_is_kept_as_named() -> None:
    assert complete_arm("PERUSE", "paclitaxel") == "pertuzumab + trastuzumab + paclitaxel"
    assert complete_arm("PERUSE", "capecitabine", 0) == "capecitabine"
    assert complete_arm("PERUSE", "capecitabine") == "pertuzumab + trastuzumab + taxane"


def test_the_compared_regimens_are_a_pairs_arms_not_a_prior_therapy(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "The phase 3 EMILIA trial showed that T-DM1 improved overall survival compared with lapatinib plus "
        "capecitabine in patients who had progressed on previous trastuzumab-based therapy (29.9 months "
        "[95% CI 26.3-34.1] vs 25.9 months [95% CI 22.7-28.3]).",
    )
    assert [(m.value_text, m.arm) for m in found] == [
        ("29.9", "trastuzumab emtansine"),
        ("25.9", "lapatinib + capecitabine"),
    ]


def test_a_pair_whose_first_value_is_described_takes_the_experimental_arm(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "CLEOPATRA changed practice, with 37% of patients surviving at 8 years versus 23% in the control "
        "arm.",
    )
    assert [(m.value_text, m.arm) for m in found] == [
        ("37", "pertuzumab + trastuzumab + docetaxel"),
        ("23", "placebo + trastuzumab + docetaxel"),
    ]


def test_bracketed_subgroup_figures_before_an_endpoint_with_its_own_value(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "In HER2CLIMB, median OS was longer (21.6 vs 12.5 months). In the patients with active brain "
        "metastasis (21.4 vs 11.8 months) and stable brain metastasis (21.6 vs 16.4 months), the median PFS "
        "was recorded as 9.9 months.",
    )
    # The PFS has its own value; the bracketed pairs go on with the OS of the sentence before, and
    # their subgroups are theirs, not the 9.9's.
    assert [(m.value_text, m.endpoint, m.population) for m in found[2:]] == [
        ("21.4", "OS", "active brain metastases"),
        ("11.8", "OS", "active brain metastases"),
        ("21.6", "OS", "stable brain metastases"),
        ("16.4", "OS", "stable brain metastases"),
        ("9.9", "PFS", "brain metastases"),
    ]


def test_values_before_an_endpoint_with_its_own_value_need_a_figure_of_their_unit_before(
    tmp_path: Path,
) -> None:
    found = measurements_of(
        tmp_path,
        "In PERUSE, median PFS was 20.7 months. Paclitaxel, used in 41% of patients, had a median PFS "
        "of 23 months.",
    )
    assert [(m.value_text, m.endpoint) for m in found] == [("20.7", "PFS"), ("23", "PFS")]


def test_a_count_with_its_rate_takes_the_population_after_both(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "In DEBBRAH cohort 3, 1 patient showed PD. Together, 4 patients (44.4%) experienced PD across the "
        "three cohorts.",
    )
    assert [(m.value_text, m.population) for m in found] == [
        ("1", "cohort 3"),
        ("4", "all cohorts"),
        ("44.4", "all cohorts"),
    ]


def test_a_population_abbreviation_the_document_defines(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "Leptomeningeal carcinomatosis (LC) is a severe complication. Data from the LC cohort of the "
        "phase II DEBBRAH trial show a median overall survival of 13.3 months.",
    )
    assert [(m.value_text, m.population) for m in found] == [("13.3", "leptomeningeal disease")]


def test_prolonged_stabilization_is_stable_disease(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "DEBBRAH showed a median overall survival (OS) of 13.3 months and prolonged stabilization in 71.4% "
        "of patients.",
    )
    assert [(m.value_text, m.endpoint) for m in found] == [("13.3", "OS"), ("71.4", "SD")]


def test_a_carried_trial_gives_way_to_the_trial_named_with_the_same_figure(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "In DESTINY-Breast03, T-DXd improved PFS (28.8 vs 6.8 months). T-DXd also achieved a 64.9% "
        "objective response rate in patients with active brain metastases.\n\n"
        "A pooled analysis of the DEBBRAH, TUXEDO-1 and DFCI/Duke/MDACC studies showed an ORR of 64.9% with "
        "T-DXd. T-DXd also achieved an ORR of 59.1% in DESTINY-Breast03.",
    )
    pooled = "DEBBRAH/TUXEDO-1/DFCI-Duke-MDACC"
    assert [(m.value_text, m.trial) for m in found if m.endpoint == "ORR"] == [
        ("64.9", pooled),  # only carried from the sentence before: the document names its study later
        ("64.9", pooled),
        ("59.1", "DESTINY-Breast03"),
    ]


def test_a_relative_reduction_needs_no_endpoint_phrase(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "In HER2CLIMB, tucatinib with trastuzumab and capecitabine reduced intracranial progression or death "
        "by 68%.",
    )
    assert [(m.value_text, m.trial, m.endpoint, m.cns, m.measure) for m in found] == [
        ("68", "HER2CLIMB", "PFS", True, "relative_reduction")
    ]


def test_median_survival_is_overall_survival(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "In CLEOPATRA, the addition of pertuzumab further extended survival to 57.1 months. The median "
        "survival time was 9.5 months in the combination group and 5.3 months in the chemotherapy group.",
    )
    assert [(m.value_text, m.endpoint, m.measure) for m in found] == [
        ("57.1", "OS", "median"),
        ("9.5", "OS", "median"),
        ("5.3", "OS", "median"),
    ]


def test_responses_a_sentence_places_in_the_brain_are_intracranial(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "A pooled analysis supported the intracranial activity of T-DXd with an overall response rate (ORR) "
        "of 68%. In HER2CLIMB, the intracranial ORR was 47.3%, with a median duration of response of 8.6 "
        "months. DESTINY-Breast12 reported a CNS-specific PFS of 58.9%. The ORR of KAMILLA was 21.4%.",
    )
    assert [(m.value_text, m.endpoint, m.cns) for m in found] == [
        ("68", "ORR", True),
        ("47.3", "ORR", True),
        ("8.6", "DOR", True),
        ("58.9", "PFS", True),
        ("21.4", "ORR", False),
    ]


def test_an_endpoint_named_after_its_pair(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "The ORR and DCR in the combination group were significantly higher than in the chemotherapy group "
        "(23.53% vs 11.76% for ORR, P < .01; and 58.82% vs 35.29% for DCR, P < .01).",
    )
    assert [(m.value_text, m.endpoint) for m in found] == [
        ("23.53", "ORR"),
        ("11.76", "ORR"),
        ("58.82", "DCR"),
        ("35.29", "DCR"),
    ]


def test_an_endpoint_inside_a_bracketed_figure_is_that_figures_own(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "The overall response rate was 64% (18% complete response-CR) and 69% (30% complete response).",
    )
    assert [(m.value_text, m.endpoint) for m in found] == [
        ("64", "ORR"),
        ("18", "CR"),
        ("69", "ORR"),
        ("30", "CR"),
    ]


def test_brackets_inside_a_bracketed_figure_close_with_it(tmp_path: Path) -> None:
    # PMC5292678 (sample 12-02e): the CRi in brackets closed before the 71% names the 9%, not the
    # arms' response rates after it.
    found = measurements_of(
        tmp_path,
        "The overall response rate was 69% (complete remission (CR) 60%, CRi 9%), with no difference "
        "between the two arms (71% and 66%).",
    )
    assert [(m.value_text, m.endpoint) for m in found] == [
        ("69", "ORR"),
        ("60", "CR"),
        ("9", "CR"),
        ("71", "ORR"),
        ("66", "ORR"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Primary objectives were to determine progression-free survival (PFS) at 6 months and safety.",
        "Treatment was discontinued because of disease progression in 21 patients (44.7 %).",
        "The reasons for discontinuation were progressive disease (55.3% vs 80.0%) and AEs (21.3% vs 2.0%).",
        "We consider non-response bias for the self-reported data, with a response rate of 51%.",
    ],
)
def test_time_points_discontinuations_and_survey_responses_are_not_figures(tmp_path: Path, text: str) -> None:
    assert measurements_of(tmp_path, text) == []


def test_landmarks_written_in_words_or_before_the_rate(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "Five-year overall survival rates for the two treatment groups were 71% and 59%. At 1 year, the "
        "survival rate was 75% in arm A and 58% in arm B.",
    )
    assert [(m.value_text, m.endpoint, m.measure) for m in found] == [
        ("71", "OS", "landmark_rate"),
        ("59", "OS", "landmark_rate"),
        ("75", "OS", "landmark_rate"),
        ("58", "OS", "landmark_rate"),
    ]


def test_respective_endpoints_list_after_list(tmp_path: Path) -> None:
    found = measurements_of(
        tmp_path,
        "Median progression-free survival (PFS) and OS were 2.7 and 5.3 months, respectively, for arm A, and "
        "3.8 and 6.9 months, respectively, for arm B. Median OS and PFS were 9 and 3 months, respectively.",
    )
    assert [(m.value_text, m.endpoint) for m in found] == [
        ("2.7", "PFS"),
        ("5.3", "OS"),
        ("3.8", "PFS"),
        ("6.9", "OS"),
        ("9", "OS"),
        ("3", "PFS"),
    ]


def test_each_stage_is_a_function_of_one_hand_built_sentence() -> None:
    text = "Median PFS was 7.8 vs 5.6 months in HER2CLIMB."
    values = tuple(
        Value(text.index(number), text.index(number) + 3, number, "months") for number in ("7.8", "5.6")
    )
    at = text.index("HER2CLIMB")
    her2climb = Entity("doc", "TRIAL", "HER2CLIMB", "HER2CLIMB", at, at + 9, "lexicon")
    sentence = Sentence(
        text=text,
        start=0,
        end=len(text),
        values=values,
        cues=(Cue(text.index("PFS"), text.index("PFS") + 3, "PFS"),),
        regimens=(),
        trials=(her2climb,),
        pairs={0: 0, 1: 1},
        listed={},
        listed_endpoints=None,
        analysis="",
    )
    rules, paragraph = efficacy_rules(), Paragraph()
    for index in (0, 1):
        assert endpoint_of(sentence, index, paragraph, rules) == (sentence.cues[0], "PFS", "median")
        assert trial_of(sentence, index, paragraph, rules) == her2climb
    # An unnamed pair in a two-arm trial: the experimental arm, then the control.
    assert arm_of(sentence, 0, "HER2CLIMB", paragraph) == (
        Regimen(values[0].start, values[0].start, "", "tucatinib + trastuzumab + capecitabine"),
        "tucatinib + trastuzumab + capecitabine",
    )
    assert arm_of(sentence, 1, "HER2CLIMB", paragraph)[1] == "placebo + trastuzumab + capecitabine"
    # The trial's brain-metastasis subgroup only when the paragraph has spoken of brain metastases.
    assert population_of(sentence, 0, "PFS", False, "HER2CLIMB", paragraph, rules) == ""
    brain = Paragraph(brain_metastases=True)
    assert population_of(sentence, 0, "PFS", False, "HER2CLIMB", brain, rules) == "brain metastases"

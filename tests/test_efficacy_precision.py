"""Figures on real papers that are not efficacy results: trials outside oncology in documents that
name cancer a few times, safety and statistics sentences, and numbers that are no result wherever
they stand (a decimal comma, the bound of an open interval, a crossover share)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.efficacy import extract_measurements
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline
from pipeline.sentences import sentence_spans

CANCER_TRIAL = "\n\n(From a report of a cancer trial.)\n"


def figures(tmp_path: Path, text: str) -> list[tuple[str, str, float, str]]:
    path = tmp_path / "paper.txt"
    path.write_text(text, encoding="utf-8")
    document = ingest_file(path)
    entities = document_entities(shared_pipeline(), "paper", [document.text])
    return [(m.endpoint, m.measure, m.value, m.unit) for m in extract_measurements(document, entities)]


# A paragraph about rheumatoid arthritis treated with methotrexate, a drug of the oncology lexicon.
ARTHRITIS = (
    "Patients with rheumatoid arthritis received methotrexate weekly, and methotrexate doses were "
    "raised by 2.5 mg every two weeks; adherence to methotrexate was checked at each visit.\n"
)
RESULT = "The response rate was 52% with methotrexate.\n"


def test_a_long_document_that_names_cancer_rarely_for_its_length_reports_no_figures(tmp_path: Path) -> None:
    # About 9,000 characters that name cancer twice (a malignancy among the adverse events) and an
    # oncology drug dozens of times: not about cancer. Naming cancer once per 3,500 characters is.
    body = ARTHRITIS * 45
    rare = "Two malignancies were reported; one was a skin cancer.\n" + body + RESULT
    assert figures(tmp_path, rare) == []
    often = ("Patients with breast cancer were treated.\n" + ARTHRITIS * 15) * 3 + RESULT
    assert figures(tmp_path, often) == [("ORR", "rate", 52.0, "%")]


def test_tumour_necrosis_factor_is_not_cancer(tmp_path: Path) -> None:
    text = "Adalimumab blocks tumour necrosis factor. The response rate was 52% with adalimumab.\n"
    assert figures(tmp_path, text) == []
    assert figures(tmp_path, text + CANCER_TRIAL) == [("ORR", "rate", 52.0, "%")]


@pytest.mark.parametrize(
    "sentence",
    [
        # statistics of a method, not results of a trial
        "Accordingly, there is a 99.8% chance of arm B having a higher response rate than arm A "
        "(i.e., Pr(B > A) = 99.8% > δ).",
        "The Bayesian posterior probability of a higher response rate in arm B was 93%.",
        "A higher risk of relapse was seen in 64 of 108 (59%) leave-one-out iterations.",
        "For 500 simulated patients, a 50% enhancement of median survival (to 5.1 years) was detectable.",
        # deaths the investigators relate to the treatment are a safety figure
        "Five deaths were considered possibly related to the study treatment: one in arm A, four in arm B.",
    ],
)
def test_statistics_of_a_method_and_deaths_related_to_treatment_are_no_results(
    tmp_path: Path, sentence: str
) -> None:
    assert figures(tmp_path, sentence + CANCER_TRIAL) == []


def test_a_decimal_comma_is_no_figure(tmp_path: Path) -> None:
    # read as two numbers, "9,4 months" gave a median of 4 months
    text = "FOLFOX and bevacizumab displays a median PFS of 9,4 months, and the ORR was 47.3%."
    assert figures(tmp_path, text + CANCER_TRIAL) == [("ORR", "rate", 47.3, "%")]


def test_the_bound_of_an_interval_open_at_its_other_end_is_no_figure(tmp_path: Path) -> None:
    text = "The median OS was not reached (18.6 months–NE) in the dovitinib arm."
    assert figures(tmp_path, text + CANCER_TRIAL) == []


def test_a_share_of_patients_who_crossed_over_is_no_figure(tmp_path: Path) -> None:
    text = (
        "AURA3 may not give a true measure of OS benefit due to a high proportion (60%) of patients "
        "switching to osimertinib. Fifteen patients from the control arm (52%) crossed over after "
        "disease progression; the ORR was 13%."
    )
    assert figures(tmp_path, text + CANCER_TRIAL) == [("ORR", "rate", 13.0, "%")]


def test_a_sentence_may_start_with_a_word_whose_capitals_follow_small_letters() -> None:
    # "mEOC+P was ...": without the boundary the survival sentence's endpoint reached the
    # toxicity figures of the next one.
    text = "Median OS was 8.8 months with mEOC+P (p=0.013). mEOC+P was associated with grade 3 rash (11%)."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Median OS was 8.8 months with mEOC+P (p=0.013).",
        "mEOC+P was associated with grade 3 rash (11%).",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # the bounds of a range of results across studies
        "Overall response rates for ELF reported in previous studies range from 9 to 23%.",
        "The median survival in several studies ranged from 52 weeks to 64 weeks.",
        # time points
        "At 3 and 4 years, the survival rate remained highest for the 10 μM group.",
        "Improved OS was associated with higher CEC numbers after 4 weeks and 6 weeks of treatment.",
        # thresholds and hedges
        "Complete response was the disappearance of all lesions; PR was a reduction of 30% or more.",
        "We dichotomized PFS less than 4 months vs greater than 4 months.",
        "The 5-year survival rate for early-stage disease approaches 100%.",
        # a share of patients who received a treatment, the number of a label (also as a count)
        "Poor median OS in our FOLFIRI arm may be due to the fact that only 62% of patients in this arm "
        "received an oxaliplatin-based second line regimen.",
    ],
)
def test_ranges_time_points_and_thresholds_are_no_figures(tmp_path: Path, sentence: str) -> None:
    assert figures(tmp_path, sentence + CANCER_TRIAL) == []


def test_a_duration_with_or_more_is_a_threshold_not_a_figure(tmp_path: Path) -> None:
    text = (
        "Median duration of response was 4.6 months (95% CI, 2.5-6.9 months), and 23% of responses "
        "lasted 6 months or more."
    )
    values = [f[2] for f in figures(tmp_path, text + CANCER_TRIAL)]
    assert 4.6 in values and 6.0 not in values


def test_a_value_after_a_word_of_safety_is_not_the_endpoints_figure(tmp_path: Path) -> None:
    text = (
        "Pleurodesis produces a complete response in 64% of patients, with the following most "
        "reported adverse effects: pain (23%) and fever (19%)."
    )
    assert figures(tmp_path, text + CANCER_TRIAL) == [("CR", "rate", 64.0, "%")]


def test_a_value_in_another_list_items_brackets_is_not_the_endpoints_figure(tmp_path: Path) -> None:
    text = (
        "The most frequently reported serious adverse events were disease progression (n = 40 [7.9%]), "
        "pneumonia (n = 10 [2.0%]), asthenia (n = 9 [1.8%]), and back pain (n = 7 [1.4%])."
    )
    assert figures(tmp_path, text + CANCER_TRIAL) == [("PD", "rate", 7.9, "%")]
    vessels = (
        "Tumours with pCR had lower VEGFA expression than those without pCR (6.19 vs 6.93; P=0.04), "
        "less pericyte-covered blood vessels (64% vs 77% P=0.02) and a higher density."
    )
    assert [value for _, _, value, _ in figures(tmp_path, vessels + CANCER_TRIAL)] == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # the items are the endpoint's own: another endpoint, a regimen, an arm, a time point, a
        # subgroup named with a preposition
        ("The ORR was 40% (n = 8), and partial response (n = 6 [30%]) was seen.", [40.0, 30.0]),
        ("Median OS was 16.2 months (95% CI 14-18), FOLFIRI (14.1 months) aside.", [16.2, 14.1]),
        ("The ORR was 40% (n = 20), arm B (30%) and arm C (25%).", [40.0, 30.0, 25.0]),
        ("The OS rate was 80% (1 year), 2 years (60%) and 3 years (50%).", [80.0, 60.0, 50.0]),
        ("Median PFS was 8.1 months (95% CI 6-10), in the elderly (7.2 months).", [8.1, 7.2]),
    ],
)
def test_a_value_in_the_endpoints_own_list_item_is_kept(
    tmp_path: Path, text: str, values: list[float]
) -> None:
    assert [value for _, _, value, _ in figures(tmp_path, text + CANCER_TRIAL)] == values


def test_the_number_of_a_name_is_no_count(tmp_path: Path) -> None:
    text = "OS was longer in those who mounted an anti-CEA and/or MUC-1 response (15.1 vs. 3.9 months)."
    assert [(endpoint, value) for endpoint, _, value, _ in figures(tmp_path, text + CANCER_TRIAL)] == [
        ("OS", 15.1),
        ("OS", 3.9),
    ]
    table = "Four patients (0.5%) had recurrence at three sites.   Table 1 Site of first relapse by group."
    assert figures(tmp_path, table + CANCER_TRIAL) == [
        ("RECURRENCE", "count", 4.0, "patients"),
        ("RECURRENCE", "rate", 0.5, "%"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # the statistics of a test
        "As cut-off for the identification of complete response the point of highest sensitivity still "
        "retaining 100% specificity was chosen.",
        "A 13% cut-off could predict pCR with 94% sensitivity and 36% specificity.",
        # a design's expectations
        "For the FOLFIRI arm, a response rate of 40% and a R0 resection rate of 15% was expected.",
        "Fewer PFS events than expected occurred in the amplified subgroup (18 vs 50 events).",
        # why treatment was stopped or started
        "The main reason for discontinuing study treatment was disease progression; 54% of patients "
        "receiving ILF and 72% receiving ELF.",
        # deaths of a regimen's toxicity
        "There were four regimen-related deaths in the BuCy group.",
    ],
)
def test_statistics_of_a_test_expectations_and_reasons_to_stop_are_no_results(
    tmp_path: Path, sentence: str
) -> None:
    assert figures(tmp_path, sentence + CANCER_TRIAL) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Initial response rates approach 70%, but fewer than 5% of patients achieve a complete remission.",
        "The tumor recurrence rate after liver transplantation is often below 10%.",
        # every number of a hedged list
        "Median overall and progression free survival ranges around 12 and 5 months, respectively.",
        # the bounds of a range
        "Primary CNS lymphoma is an aggressive lymphoma with a median survival of 1 to 3 months untreated.",
        "In Hodgkin lymphoma 20 to 40% of patients suffered from recurrence.",
    ],
)
def test_thresholds_hedged_lists_and_ranges_are_no_figures(tmp_path: Path, sentence: str) -> None:
    assert figures(tmp_path, sentence + CANCER_TRIAL) == []


def test_a_value_compared_with_another_or_a_change_is_a_figure(tmp_path: Path) -> None:
    # "higher than" before a value compares it with another arm's; "from ... to" is a change
    compared = "The ORR was 47.3% with tucatinib, higher than 20.0% with placebo."
    assert [f[2] for f in figures(tmp_path, compared + CANCER_TRIAL)] == [47.3, 20.0]
    change = "Temozolomide raised median survival from 12.1 to 14.6 months."
    assert [f[2] for f in figures(tmp_path, change + CANCER_TRIAL)] == [12.1, 14.6]


def test_a_cited_figure_about_a_disease_is_no_result_but_a_cited_trials_is(tmp_path: Path) -> None:
    disease = "For patients with metastatic disease, 5 year overall survival is 2 % [4]."
    assert figures(tmp_path, disease + CANCER_TRIAL) == []
    superscript = "For early-stage disease the 5-year survival rate is 98%.2 Most patients are cured."
    assert figures(tmp_path, superscript + CANCER_TRIAL) == []
    treatment = "Median overall survival was 28 months with sipuleucel-T [18]."
    assert figures(tmp_path, treatment + CANCER_TRIAL) == [("OS", "median", 28.0, "months")]
    study = "A US study of 204 patients found an overall survival of 86% at 3 years [12]."
    assert [f[2] for f in figures(tmp_path, study + CANCER_TRIAL)] == [86.0]
    uncited = "For patients with metastatic disease, 5 year overall survival was 2 %."
    assert [f[2] for f in figures(tmp_path, uncited + CANCER_TRIAL)] == [2.0]


def test_a_figure_in_the_methods_is_no_result_unless_it_counts_a_cohorts_events(tmp_path: Path) -> None:
    text = (
        "TITLE: Regorafenib in colorectal cancer\n\n"
        "BODY.METHODS.STATISTICAL ANALYSIS:\n"
        "The median PFS with regorafenib is 4.6 months in the historical control.\n\n"
        "BODY.PATIENTS AND METHODS.PATIENT COHORTS:\n"
        "In the first cohort, 40 (42.1%) patients developed a recurrence.\n\n"
        "BODY.RESULTS:\n"
        "The median PFS with regorafenib was 5.1 months.\n"
    )
    assert [f[2] for f in figures(tmp_path, text)] == [40.0, 42.1, 5.1]


def test_a_row_of_patients_not_assessable_and_an_intervals_level_are_no_figures(tmp_path: Path) -> None:
    # a response table read as text: the not-assessable row is no response
    table = (
        "Response PR 30 (19.4%) 13 (16.7%) Not assessable 6 (3.9%) 5 (6.4%) Overall response rate 30 (19.4%)"
    )
    assert [f[2] for f in figures(tmp_path, table + CANCER_TRIAL) if f[2] in (6.0, 3.9, 5.0, 6.4)] == []
    assert 19.4 in [f[2] for f in figures(tmp_path, table + CANCER_TRIAL)]
    level = "Caspofungin reduced mortality, saving 0.55 life years (95% uncertainty interval 0.10-0.97)."
    assert figures(tmp_path, level + CANCER_TRIAL) == []


def test_a_superscript_citation_after_a_capital_marks_a_cited_sentence(tmp_path: Path) -> None:
    text = (
        "Overall survival is still poor in recurrent tumors, with a median survival of 11.3 months for "
        "patients with AA and 7.4 months for patients with GBM.3 The high-grade gliomas are rare."
    )
    assert figures(tmp_path, text + CANCER_TRIAL) == []


@pytest.mark.parametrize(
    "sentence",
    [
        # the level of a confidence limit
        "The ORR was significantly higher with TEGAFOX (95% CL, 27.6-51.1).",
        # an age threshold
        "In an exploratory analysis, subjects older than 60 had similar progression free survival.",
        # reasons for declining to take part
        "Reasons for declining to participate: travel 2 (6%), patient death 1 (3%).",
    ],
)
def test_a_confidence_limits_level_an_age_and_reasons_to_decline_are_no_figures(
    tmp_path: Path, sentence: str
) -> None:
    assert figures(tmp_path, sentence + CANCER_TRIAL) == []


def test_survival_of_groups_a_marker_defines_is_no_result_but_a_treatments_in_a_subgroup_is(
    tmp_path: Path,
) -> None:
    infiltrate = (
        "Patients with increased parenchymal CD3+ lymphocytic infiltrate seemed to have shorter OS: "
        "median OS 7.8 months and 4.5 months."
    )
    assert figures(tmp_path, infiltrate + CANCER_TRIAL) == []
    expression = (
        "Progression-free survival was not significantly different between the miR-31-3p expression "
        "subgroups, with a median progression free survival of 18.0 months in the low expression "
        "subgroup versus 15.9 months in the combined mid plus high expression subgroup."
    )
    assert figures(tmp_path, expression + CANCER_TRIAL) == []
    responders = (
        "Patients who achieved pCR had superior event-free survival (HR, 0.24; 95% CI, 0.18-0.33) "
        "than those who did not achieve a pCR."
    )
    assert figures(tmp_path, responders + CANCER_TRIAL) == []
    prognostic = "HER2 positivity emerged as an independent prognostic factor for survival (HR 0.60)."
    assert figures(tmp_path, prognostic + CANCER_TRIAL) == []
    treatment = "In the low expression subgroup, median PFS was 10.9 months with gefitinib."
    assert [f[2] for f in figures(tmp_path, treatment + CANCER_TRIAL)] == [10.9]
    response = "Patients with positive staining for pSMAD2 had a response rate of 40%."
    assert [f[2] for f in figures(tmp_path, response + CANCER_TRIAL)] == [40.0]
    arms = (
        "Patients with high expression treated with cetuximab had a shorter median PFS than patients "
        "treated with chemotherapy alone (12.3 versus 26.7 months). This difference was not observed in "
        "low expressers (median progression free survival 20.3 months versus 18.9 months respectively)."
    )
    assert [f[2] for f in figures(tmp_path, arms + CANCER_TRIAL)] == [12.3, 26.7, 20.3, 18.9]


def test_a_chemical_named_as_a_measured_level_is_no_treatment_of_marker_groups(tmp_path: Path) -> None:
    levels = (
        "In the univariable analysis, higher insulin (HR = 0.81 [0.67, 0.98] p = 0.03) and C-peptide "
        "(HR = 0.62 [0.39, 1.00]; p = 0.05) levels were associated with a longer PFS, while higher "
        "Osteopontin (OPN; HR = 1.56 [1.13, 2.15]; p = 0.01) levels were associated with a shorter PFS."
    )
    assert figures(tmp_path, levels + CANCER_TRIAL) == []
    serum = "Patients with high serum leptin were associated with a shorter PFS (HR = 1.70)."
    assert figures(tmp_path, serum + CANCER_TRIAL) == []
    # a drug given, even at a higher dose, is a treatment: its group's figure stays
    dose = "Patients given a higher paclitaxel dose were associated with a longer PFS (HR = 0.70)."
    assert [f[2] for f in figures(tmp_path, dose + CANCER_TRIAL)] == [0.70]


def test_post_operative_and_30_day_mortality_are_safety_figures(tmp_path: Path) -> None:
    surgery = (
        "30-day post-operative mortality was similar in the two groups (14 [3%] of 457 patients in the "
        "chemotherapy alone group vs 11 [3%] of 438 in the chemotherapy and bevacizumab group)."
    )
    assert figures(tmp_path, surgery + CANCER_TRIAL) == []
    early = "One 60-day death was recorded in the TEGAFIRI arm, and 2 deaths (4%) in the TEGAFOX arm."
    assert figures(tmp_path, early + CANCER_TRIAL) == []
    deaths = "In the chemotherapy alone group 41 patients (9%) died, and 30 (7%) in the bevacizumab group."
    assert {("DEATH", 9.0), ("DEATH", 7.0)} <= {
        (f[0], f[2]) for f in figures(tmp_path, deaths + CANCER_TRIAL)
    }


@pytest.mark.parametrize(
    "sentence",
    [
        # a group an event during treatment defines, against "those who did not"
        "Overall survival did not differ between patients who developed rash (median 10.6 months [95% CI "
        "9.0-12.2]) and those who did not (8.5 months [7.1-9.9]; HR 0.64 [95% CI 0.37-1.11], p=0.11).",
        # groups the sentence only refers back to (weight-loss groups)
        "Five-year overall survival rates for these groups were 71%, 59%, 47%, and 42%, respectively.",
        # a factor's association with survival, the treatment named only as a time
        "In the multivariate analysis, severe aGVHD was significantly associated with a lower OS (RR 5.214, "
        "CI 1.333-20.404, P = 0.018).",
        "After adjustment for potential confounders, >10% weight loss before radiotherapy remained "
        "significantly associated with a worse OS (HR 1.7; 95% CI 1.2-2.5; P=0.002).",
    ],
)
def test_survival_of_groups_an_event_or_a_factor_defines_is_no_result(tmp_path: Path, sentence: str) -> None:
    assert figures(tmp_path, sentence + CANCER_TRIAL) == []


def test_mutant_versus_wild_type_is_no_result_but_a_treatment_within_either_is(tmp_path: Path) -> None:
    pooled = (
        "Patients with EGFR mutations showed significantly longer survival than those with wild-type EGFR "
        "or unknown EGFR status (8.4 vs. 1.8 vs. 2.0 months, P < 0.001 for PFS)."
    )
    assert {1.8, 2.0}.isdisjoint(f[2] for f in figures(tmp_path, pooled + CANCER_TRIAL))
    within = (
        "Combined treatment was not associated with superior PFS to gefitinib alone in those with wild-type "
        "EGFR (0.9 vs. 2.0 months in gefitinib alone, P=NS)."
    )
    assert [f[2] for f in figures(tmp_path, within + CANCER_TRIAL)] == [0.9, 2.0]
    subgroup = (
        "In patients with EGFR mutations, PFS was 10.9 months with gefitinib vs 7.4 months with chemotherapy."
    )
    assert [f[2] for f in figures(tmp_path, subgroup + CANCER_TRIAL)] == [10.9, 7.4]
    treated = (
        "Patients who received chemotherapy had longer overall survival than those who did not (HR 0.61)."
    )
    assert [f[2] for f in figures(tmp_path, treated + CANCER_TRIAL)] == [0.61]


def test_deaths_from_other_causes_than_cancer_are_no_result_where_the_sentence_names_no_cancer(
    tmp_path: Path,
) -> None:
    statin = (
        "Among participants allocated simvastatin there were fewer deaths from all respiratory causes (26 "
        "[0.3%] simvastatin vs 39 [0.4%] placebo; RR 0.66 [0.41-1.08]; p = 0.1). Whereas 9.1% of the "
        "placebo-allocated patients died of vascular causes, only 7.6% of those allocated simvastatin did so."
    )
    assert figures(tmp_path, statin + CANCER_TRIAL) == []
    cancer = (
        "Breast cancer mortality was 2.6% with TARGIT vs 1.9% with EBRT, and there were fewer deaths from "
        "cardiovascular causes with TARGIT (1.4% vs 3.5%)."
    )
    assert [f[2] for f in figures(tmp_path, cancer + CANCER_TRIAL)] == [2.6, 1.9, 1.4, 3.5]


def test_a_flattened_table_of_adverse_events_reports_no_results_up_to_the_next_caption(
    tmp_path: Path,
) -> None:
    # Two tables flattened into a paragraph with the sentence after them (no full stop between):
    # the efficacy table's numbers are read, the adverse-event table's and what is glued to it not.
    text = (
        "Patients with metastatic colorectal cancer were randomly assigned to the XELIRI arm (capecitabine "
        "plus irinotecan) or the FOLFIRI arm (irinotecan plus leucovorin and fluorouracil). The R0 resection "
        "was performed in 10 (24%) of all patients in the XELIRI arm.   Table 2 Efficacy of treatment in the "
        "XELIRI and FOLFIRI arms, data are shown as n (%) XELIRI FOLFIRI n = 41 n = 46 p Complete response "
        "5 (12%) 1 (2%) 0.10 Table 3 Adverse events regarding CTCAE-3 in the XELIRI and FOLFIRI arms, data "
        "are shown as n (%) XELIRI FOLFIRI N = 41 n = 46 p Diarrhoea Grade 1 1 (2%) 4 (8%) 0.18 Death* 0 0 - "
        "* Patients who died within 30 days after the last cycle of chemotherapy   At relapse, all patients "
        "received at least one line of chemotherapy: oxaliplatin-based second-line therapy received 85% of "
        "patients in the XELIRI arm and 62% of patients in the FOLFIRI arm (p = 0.59).\n"
    )
    assert [(f[0], f[2]) for f in figures(tmp_path, text)] == [
        ("CR", 5.0),
        ("CR", 12.0),
        ("CR", 1.0),
        ("CR", 2.0),
    ]


def test_the_level_of_a_confidence_interval_written_with_a_comma_is_no_figure(tmp_path: Path) -> None:
    row = "OS (month) Median (95%, CI) 13.7 (11.1-16.3) 14.0 (9.7-18.2) 0.72"
    assert 95.0 not in [f[2] for f in figures(tmp_path, row + CANCER_TRIAL)]


@pytest.mark.parametrize(
    "sentence",
    [
        # a characteristic with and without it, the same words after "with" and "without"
        "Patients with grade 2 neuropathy had longer median overall survival than patients without grade 2 "
        "neuropathy (14.1 vs 10.2 months; P=0.03).",
        # a participle and its negation
        "Cancer-specific mortality was higher in the nonbiopsied group: 12% (31/258) of biopsied patients "
        "died compared with 21% (66/314) of the nonbiopsied patients.",
        # an agent noun and its negation
        "Overall survival was longer for responders than for non-responders (median 19.5 and 8.1 months).",
        # a group set against another that a characteristic defines
        "Hazard ratios for patients presenting high expression compared with patients presenting low "
        "expression were not significant (DFS hazard ratio = 0.84, 95% CI 0.55 to 1.29).",
        "Patients with baseline pSMAD2+ tumours had a median overall survival of 11.2 months vs. 7.4 months "
        "for patients with no pSMAD2 expression (p = 0.31).",
    ],
)
def test_survival_of_a_group_and_its_complement_is_no_result(tmp_path: Path, sentence: str) -> None:
    assert figures(tmp_path, sentence + CANCER_TRIAL) == []


def test_a_group_and_its_complement_take_no_arm_the_design_would_lend_them(tmp_path: Path) -> None:
    design = (
        "Patients with stage III colon cancer were randomly assigned to capecitabine or to fluorouracil "
        "plus leucovorin.\n"
    )
    groups = (
        "The 3-year RFS in the HLA-A*2402 matched and unmatched groups was 61.2% and 70.4%, respectively "
        "(HR 1.31; P=0.48).\n"
    )
    assert figures(tmp_path, design + groups + CANCER_TRIAL) == []
    subgroup = (
        "In patients with liver metastases, median OS was 12.1 months with capecitabine and 10.3 months "
        "with fluorouracil plus leucovorin, and in those without, 20.2 and 19.1 months.\n"
    )
    assert [f[2] for f in figures(tmp_path, design + subgroup + CANCER_TRIAL)] == [12.1, 10.3, 20.2, 19.1]


def test_what_unnamed_studies_report_together_is_no_result_but_a_named_or_own_study_is(
    tmp_path: Path,
) -> None:
    literature = (
        "Previous reports showed that talc pleurodesis produces a complete response in 71% of patients "
        "[3-6].",
        "In this review, several studies showed that adjuvant chemotherapy improved the 5-year survival from "
        "5.2% to 12%.",
        "Several studies have reported that the pCR rates of TNBC patients increased to 24% with cisplatin.",
        "Radiosurgery achieved a median overall survival of 17 months with temozolomide in some series [9].",
    )
    for sentence in literature:
        assert figures(tmp_path, sentence + CANCER_TRIAL) == [], sentence
    own = "The response rate was 31% in our study, higher than several studies have reported for ELF."
    assert [f[2] for f in figures(tmp_path, own + CANCER_TRIAL)] == [31.0]
    compared = "The 26% response rate of this study compares well with those reported in previous studies."
    assert [f[2] for f in figures(tmp_path, compared + CANCER_TRIAL)] == [26.0]
    named = (
        "Several trials have shown a benefit of pertuzumab: in the CLEOPATRA trial median OS was 56.5 months "
        "with pertuzumab and 40.8 months with placebo."
    )
    assert [f[2] for f in figures(tmp_path, named + CANCER_TRIAL)] == [56.5, 40.8]


def test_the_level_of_a_confidential_interval_is_no_figure(tmp_path: Path) -> None:
    # "confidential" for "confidence": the level is no recurrence rate
    sentence = (
        "Distant recurrence developed in 61 of the 702 patients; the hazard ratio was 0.71 (95% confidential "
        "interval: 0.52-0.97)."
    )
    assert 95.0 not in [f[2] for f in figures(tmp_path, sentence + CANCER_TRIAL)]


def test_an_arm_the_design_lends_does_not_make_a_markers_groups_a_result(tmp_path: Path) -> None:
    """The design's arm is what a reader would give a value the sentence gives no arm; the groups a
    marker defines are pooled over the arms, so it is not theirs (PMC5454908, PMC5362536)."""
    design = "Patients were randomly assigned to galunisertib plus lomustine or lomustine alone. "
    groups = (
        "The median OS was 4.5 months compared to 7.2 months for all other patients with no or reduced "
        "CD3+ T cell infiltrates."
    )
    assert figures(tmp_path, design + groups + CANCER_TRIAL) == []
    named = "In patients with reduced CD3+ infiltrates, the median OS was 7.2 months with galunisertib."
    assert [f[2] for f in figures(tmp_path, design + named + CANCER_TRIAL)] == [7.2]


def test_groups_a_risk_score_or_a_count_of_risk_factors_defines_are_no_result(tmp_path: Path) -> None:
    """Risk groups of a score, a nomogram or a count of risk factors compare no treatments
    (PMC5013640); a treatment model only "adjusted by" is not the sentence's subject."""
    design = "Patients were randomly assigned to enzalutamide or abiraterone. "
    groups = (
        "Thus, four risk groups with distinct PFS curves were identified: 0, 1, 2, or 3 risk factors "
        "with corresponding median PFS of 9.8, 2.0, 1.6, and 0.7 years, respectively. "
    )
    adjusted = "In the nomogram adjusted by treatment, the median OS of the high score group was 14.2 months."
    assert figures(tmp_path, design + groups + adjusted + CANCER_TRIAL) == []
    named = "In patients with 2 risk factors, the median PFS was 11.3 months with enzalutamide."
    assert [f[2] for f in figures(tmp_path, design + named + CANCER_TRIAL)] == [11.3]


def test_a_markers_positive_and_negative_groups_set_against_each_other_are_no_result(tmp_path: Path) -> None:
    """A hazard ratio of positive against negative biopsies compares marker groups (PMC5954168)."""
    design = "Patients were randomly assigned to docetaxel or observation. "
    groups = (
        "There was no significant increased risk of death in patients with positive compared with "
        "suspicious or negative biopsies: HR = 1.58 (95% CI: 0.52-4.78, p = 0.42)."
    )
    assert figures(tmp_path, design + groups + CANCER_TRIAL) == []
    named = "In patients with positive biopsies, the median OS was 21.5 months with docetaxel."
    assert [f[2] for f in figures(tmp_path, design + named + CANCER_TRIAL)] == [21.5]


def test_a_figure_of_the_introduction_that_names_no_study_is_the_diseases(tmp_path: Path) -> None:
    """The paper's own results come after its introduction: a figure there is cited, with a reference
    marker or without one (PMC3571894, PMC5117008, PMC4874152); a cited trial's result names a study,
    a regimen or a comparison, or takes the arm of the regimen its paragraph describes (PMC4350572)."""
    disease = (
        "Acute myeloid leukemia is one of the most common leukemias with a 20% 5-year event-free survival."
    )
    introduction = "TITLE: Decitabine in leukemia\n\nBODY.INTRODUCTION:\n" + disease + "\n"
    assert figures(tmp_path, introduction + CANCER_TRIAL) == []
    results = "TITLE: Decitabine in leukemia\n\nBODY.RESULTS:\n" + disease + "\n"
    assert [f[2] for f in figures(tmp_path, results + CANCER_TRIAL)] == [20.0]
    cited = (
        "TITLE: Decitabine in leukemia\n\nBODY.BACKGROUND:\n"
        "A phase II study found a 5-year event-free survival of 35%.\n"
        "Median overall survival was 28 months with decitabine.\n"
        "The treatment consisted of four cycles of gemcitabine plus docetaxel followed by doxorubicin. "
        "The rates of PFS at two and three years were 78% and 57%, respectively [11].\n"
    )
    assert [f[2] for f in figures(tmp_path, cited + CANCER_TRIAL)] == [35.0, 28.0, 78.0, 57.0]


def test_survival_a_marker_is_correlated_with_is_no_result(tmp_path: Path) -> None:
    """A marker "correlated with" an endpoint defines groups as one "associated with" a worse outcome
    does (PMC5593668, PMC5454908); a treatment named in the sentence keeps its figure."""
    marker = (
        "ERBB2 was the gene that was most highly correlated with hematogenous recurrence after TOP2A "
        "(HR = 2.23; 95% CI: 1.48-3.34; P < 0.0001)."
    )
    assert figures(tmp_path, marker + CANCER_TRIAL) == []
    treated = "Treatment with tamoxifen was correlated with fewer recurrences (HR 0.62)."
    assert [f[2] for f in figures(tmp_path, treated + CANCER_TRIAL)] == [0.62]


def test_a_markers_groups_compared_over_both_arms_are_no_result(tmp_path: Path) -> None:
    """Arms named only as pooled ("in either treatment arm") make no treatment comparison of a sentence
    on a response's groups (PMC5119624); nor does a marker's expression (PMC5797014). A treatment
    compared within a marker's group keeps its figures."""
    pooled = (
        "The onset of durable response prior to 12 months in either treatment arm was associated with a "
        "94% decrease in the risk of death (HR 0.06; [95% CI: 0.01, 0.45]; P=0.0002)."
    )
    assert figures(tmp_path, pooled + CANCER_TRIAL) == []
    markers = (
        "Moreover, the median survival time (MST) was statistically significant between the different "
        "expression of the three tumor markers (25.03 months versus 18.90 months, p<0.001 for CEA)."
    )
    assert figures(tmp_path, markers + CANCER_TRIAL) == []
    treated = "PFS was longer in the cetuximab arm in patients with wild-type KRAS (HR 0.60)."
    assert [f[2] for f in figures(tmp_path, treated + CANCER_TRIAL)] == [0.6]
    associated = (
        "Treatment with sorafenib was associated with a 30% reduction in the risk of death (HR 0.70)."
    )
    assert [f[2] for f in figures(tmp_path, associated + CANCER_TRIAL)] == [30.0, 0.7]
    subgroup = (
        "In the low expression subgroup, median OS was 20.1 months in the cetuximab arm and 15.2 months "
        "in the chemotherapy alone arm."
    )
    assert [f[2] for f in figures(tmp_path, subgroup + CANCER_TRIAL)] == [20.1, 15.2]


def test_a_number_after_at_least_is_a_threshold_not_a_figure(tmp_path: Path) -> None:
    """An endpoint's definition counts with a threshold (PMC5856890); its own figure stays."""
    definition = (
        "Primary analysis endpoints were PFS, objective response rate (ORR, defined as the number [%] of "
        "patients with measurable disease with at least one confirmed visit response of complete response "
        "[CR] or partial response [PR]) and OS."
    )
    assert figures(tmp_path, definition + CANCER_TRIAL) == []
    dosed = "The objective response rate was 23% in patients who received at least one dose of study drug."
    assert [f[2] for f in figures(tmp_path, dosed + CANCER_TRIAL)] == [23.0]


def test_a_markers_states_listed_with_their_figures_are_no_result(tmp_path: Path) -> None:
    """Deaths counted in each state of a biopsy, listed, compare the marker's groups (PMC5954168)."""
    design = "Patients were randomly assigned to docetaxel or observation. "
    listed = (
        "Only 4/27 deaths were attributed to prostate cancer: 1/145 in patients with negative, 0/18 "
        "suspicious, and 3/14 positive biopsies, respectively: HR = 15.64 (95% CI: 1.41-173.66, p = 0.02)."
    )
    assert figures(tmp_path, design + listed + CANCER_TRIAL) == []
    named = (
        "In patients with negative, suspicious or positive biopsies, the median OS was 21.5 months with "
        "docetaxel."
    )
    assert [f[2] for f in figures(tmp_path, design + named + CANCER_TRIAL)] == [21.5]


def test_groups_compared_regardless_of_treatment_arm_or_adjusting_for_it_are_no_result(
    tmp_path: Path,
) -> None:
    """An arm named only as pooled ("regardless of treatment arm", PMC5119624) or as what a model is
    adjusted for ("Adjusting for treatment", PMC4620970) makes no treatment comparison; a pair of
    reductions ("a 90% or 85% decrease") is a response's groups' as one is."""
    pooled = (
        "Similarly, regardless of treatment arm, the onset of durable response prior to 9 or 18 months was "
        "associated with a 90% or 85% decrease in the risk of death, respectively."
    )
    assert figures(tmp_path, pooled + CANCER_TRIAL) == []
    adjusted = (
        "Adjusting for treatment and stratum, patients with higher sVEGFR2 trended towards improved PFS "
        "(HR=0.90/1000 units, 95% CI=0.80-1.01, p-value=0.085)."
    )
    assert figures(tmp_path, adjusted + CANCER_TRIAL) == []
    treated = "Adjusting for age, treatment with denosumab improved PFS (HR 0.82, 95% CI 0.71-0.95)."
    assert [f[2] for f in figures(tmp_path, treated + CANCER_TRIAL)] == [0.82]


def test_a_biomarker_studys_cohorts_and_non_responsive_profiles_are_no_result(tmp_path: Path) -> None:
    """The events of a marker study's training or validation cohort (PMC4090726) and the survival of
    a profile against a "non-responsive" one (PMC3672718) are no treatment's result."""
    cohort = (
        "In the validation set, 28 (48.3%) patients developed a recurrence (92.9% ipsilateral), of which 11 "
        "cases were of an invasive carcinoma."
    )
    assert figures(tmp_path, cohort + CANCER_TRIAL) == []
    profile = (
        "Patients who had an HT responsive profile had a significantly decreased OS (HR: 2.08; 95% CI: 1.21 "
        "to 3.56; P = 0.007) when compared to those with a non-responsive profile."
    )
    assert figures(tmp_path, profile + CANCER_TRIAL) == []


def test_a_ratio_going_on_with_the_groups_of_the_sentence_before_is_no_result(tmp_path: Path) -> None:
    """A sentence that names no groups, treatment or comparison of its own gives its ratios of the
    groups the sentence before compared (PMC5954168, PMC2949642), whether that one was read for
    figures or not ("bPFS" is no endpoint here); a rate, a treatment or a comparison of its own stays."""
    biopsies = (
        "A positive biopsy was prognostic of worse bPFS, going forward, compared with negative and "
        "suspicious biopsies, hazard ratio (HR) = 4.81 (95% CI: 2.50-9.26, p < 0.001). "
    )
    estimate = "The estimate for survival was HR = 1.58 (95% CI: 0.52-4.78, p = 0.42)."
    assert figures(tmp_path, biopsies + estimate + CANCER_TRIAL) == []
    assert [f[2] for f in figures(tmp_path, estimate + CANCER_TRIAL)] == [1.58]
    expression = (
        "Hazard ratios for patients presenting high expression compared with patients presenting low "
        "expression were not significant (BCS hazard ratio = 0.76, 95% CI 0.46 to 1.25). "
    )
    restricted = (
        "Restricting the analysis to the ER-positive group gave similar results (BCS hazard ratio = 0.60)."
    )
    assert figures(tmp_path, expression + restricted + CANCER_TRIAL) == []
    rate = "The 5-year overall survival was 61%."
    assert [f[2] for f in figures(tmp_path, biopsies + rate + CANCER_TRIAL)] == [61.0]
    treated = "Overall survival was longer with docetaxel (HR 0.58, 95% CI 0.40-0.84)."
    assert [f[2] for f in figures(tmp_path, biopsies + treated + CANCER_TRIAL)] == [0.58]
    own = (
        "In that report, 128 deaths from melanoma occurred in the group with 1 cm excision margins "
        "compared with 105 in the group with 3 cm excision margins (HR 1.24)."
    )
    assert 1.24 in [f[2] for f in figures(tmp_path, biopsies + own + CANCER_TRIAL)]

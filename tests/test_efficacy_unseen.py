"""Forms of results that trial reports use and the seed papers do not: pCR, recurrence, counts,
durations in other units, relative reductions, and arms read from the paper's own design."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extracting import figures

CASES = [
    # complete or partial responses are objective responses; with stable disease, disease control
    (
        "A complete or partial response was seen in 42% of patients.",
        [("ORR", "rate", "", 42.0, "%", None)],
    ),
    (
        "The rate of CR + PR + SD was 63%.",
        [("DCR", "rate", "", 63.0, "%", None)],
    ),
    # a tumour control rate is a disease control rate (CR + PR + SD); local tumour control is not
    (
        "The tumour control rate was 63%.",
        [("DCR", "rate", "", 63.0, "%", None)],
    ),
    (
        "The local tumour control rate was 93%.",
        [("LC", "rate", "", 93.0, "%", None)],
    ),
    # an endpoint at a time point is a landmark rate
    (
        "The PFS rate at 3 months was 48.1% with gefitinib and 37.2% with nimotuzumab plus gefitinib.",
        [
            ("PFS", "landmark_rate", "gefitinib", 48.1, "%", None),
            ("PFS", "landmark_rate", "nimotuzumab + gefitinib", 37.2, "%", None),
        ],
    ),
    # pathological complete response is its own endpoint
    (
        "The pathologic complete response rate was 28.2% with weekly treatment.",
        [("PCR", "rate", "", 28.2, "%", None)],
    ),
    (
        "A pCR was achieved by 31% of patients.",
        [("PCR", "rate", "", 31.0, "%", None)],
    ),
    # PMC5131536 (sample 12-02d): "histopathological" is read as "pathological" is
    (
        "A histopathological complete response was found in 11.1% of patients.",
        [("PCR", "rate", "", 11.1, "%", None)],
    ),
    # recurrence outside the brain, as a rate and as a count written in words; a rate at a time point
    # is a landmark rate (test_landmark_timepoint.py)
    (
        "The 10-year local recurrence rate was 8.8 percent after surgery.",
        [("RECURRENCE", "landmark_rate", "", 8.8, "%", None)],
    ),
    (
        "The local recurrence rate was 8.8 percent after surgery.",
        [("RECURRENCE", "rate", "", 8.8, "%", None)],
    ),
    (
        "Twelve women had a local recurrence.",
        [("RECURRENCE", "count", "", 12.0, "patients", None)],
    ),
    # counts with their denominators
    (
        "An objective response was seen in 15/51 (29%) patients.",
        [("ORR", "count", "", 15.0, "patients", 51), ("ORR", "rate", "", 29.0, "%", 51)],
    ),
    (
        "Six of 86 patients (7%) had a partial response.",
        [("PR", "count", "", 6.0, "patients", 86), ("PR", "rate", "", 7.0, "%", 86)],
    ),
    (
        "There were 352 DFS events among 2,463 women.",
        [("DFS", "count", "", 352.0, "patients", 2463)],
    ),
    # a count and its share of the arm are one figure's two forms, of one endpoint
    (
        "DFS events were 25 (12.1%) and 23 (17.7%).",
        [
            ("DFS", "count", "", 25.0, "patients", None),
            ("DFS", "rate", "", 12.1, "%", None),
            ("DFS", "count", "", 23.0, "patients", None),
            ("DFS", "rate", "", 17.7, "%", None),
        ],
    ),
    (
        "The IBTR rate was 1.5% (three cases).",
        [("RECURRENCE", "rate", "", 1.5, "%", None), ("RECURRENCE", "count", "", 3.0, "patients", None)],
    ),
    # the numbers listed before a count count the same; a count's outcome may follow its group
    (
        "Three and eight disease-free survival events were observed.",
        [("DFS", "count", "", 3.0, "patients", None), ("DFS", "count", "", 8.0, "patients", None)],
    ),
    (
        "Thirty women in the group that underwent breast-conserving therapy had a recurrence.",
        [("RECURRENCE", "count", "", 30.0, "patients", None)],
    ),
    # counts whose patients go unsaid
    (
        "Of the 31 evaluable cases, 11 had stable disease.",
        [("SD", "count", "", 11.0, "patients", None)],
    ),
    (
        "There were 1 CR, 5 PR, 19 SD, and 9 PD in the control group.",
        [
            ("CR", "count", "control", 1.0, "patients", None),
            ("PR", "count", "control", 5.0, "patients", None),
            ("SD", "count", "control", 19.0, "patients", None),
            ("PD", "count", "control", 9.0, "patients", None),
        ],
    ),
    # durations keep the unit they are printed in, as medians or means only
    (
        "The median overall survival times were 75.0 weeks in one cohort and 64.7 weeks in the other.",
        [("OS", "median", "", 75.0, "weeks", None), ("OS", "median", "", 64.7, "weeks", None)],
    ),
    (
        "Mean OS was 20.2 (first cohort) vs 24.2 months (second cohort).",
        [("OS", "mean", "", 20.2, "months", None), ("OS", "mean", "", 24.2, "months", None)],
    ),
    (
        "The median time to progression was 23.0 v 16.9 weeks.",
        [("TTP", "median", "", 23.0, "weeks", None), ("TTP", "median", "", 16.9, "weeks", None)],
    ),
    (
        "Time to progression was 84 days vs 174 days.",
        [("TTP", "median", "", 84.0, "days", None), ("TTP", "median", "", 174.0, "days", None)],
    ),
    (
        "The mean overall survival was 14 years.",
        [("OS", "mean", "", 14.0, "years", None)],
    ),
    # relative reductions named before their endpoint
    (
        "Letrozole gave a 14% reduction in the risk of relapse.",
        [("RECURRENCE", "relative_reduction", "", 14.0, "%", None)],
    ),
    # the events a count counts are its endpoint; a pair's second count counts the same events
    (
        "We observed 8 (14%) complete responses, 33 (57%) partial responses and 17 (29%) no responses.",
        [
            ("CR", "count", "", 8.0, "patients", None),
            ("CR", "rate", "", 14.0, "%", None),
            ("PR", "count", "", 33.0, "patients", None),
            ("PR", "rate", "", 57.0, "%", None),
        ],
    ),
    (
        "We identified seven deaths in one cohort and only one in the other cohort.",
        [("DEATH", "count", "", 7.0, "patients", None), ("DEATH", "count", "", 1.0, "patients", None)],
    ),
    # the bounds of a bracketed interval or range are not figures, nor time points in a list
    (
        "The ORR was 20.0% (4.3% to 48.1%) and the CBR was 33% (range, 20% to 45%).",
        [("ORR", "rate", "", 20.0, "%", None), ("CBR", "rate", "", 33.0, "%", None)],
    ),
    (
        "The median OS was 50.8 months with 95% CI of 45.8 months to 56.3 months.",
        [("OS", "median", "", 50.8, "months", None)],
    ),
    (
        "The ORR was 20% (95% confidence interval [CI] = 17% to 24%).",
        [("ORR", "rate", "", 20.0, "%", None)],
    ),
    (
        "Of note, at 2 and 3 years, the OS rate was 3-fold higher (40%).",
        [("OS", "rate", "", 40.0, "%", None)],
    ),
    # deaths and mortality, as counts and rates of an arm's patients
    (
        "After 20 years, 50.4% of the women died.",
        [("DEATH", "landmark_rate", "", 50.4, "%", None)],
    ),
    (
        "Fifty-four participants have died.",
        [("DEATH", "count", "", 54.0, "patients", None)],
    ),
    (
        "Two hundred forty-seven women had a local recurrence.",
        [("RECURRENCE", "count", "", 247.0, "patients", None)],
    ),
    # deaths from the cancer are their own endpoint (CSM), not all deaths: a paper gives both
    (
        "Overall, breast cancer mortality was 2.6% after surgery.",
        [("CSM", "rate", "", 2.6, "%", None)],
    ),
    (
        "Cancer-related mortality occurred at a rate of 2.6%, while overall mortality was 4.5%.",
        [("CSM", "rate", "", 2.6, "%", None), ("DEATH", "rate", "", 4.5, "%", None)],
    ),
    (
        "By the end of follow-up, six women had died of breast cancer.",
        [("CSM", "count", "", 6.0, "patients", None)],
    ),
    (
        "Among 707 participants, 70 breast cancer-specific deaths were reported.",
        [("CSM", "count", "", 70.0, "patients", None)],
    ),
    # a cancer named by its type, and deaths attributed to it
    (
        "By the end of follow-up, 359 deaths were attributed to melanoma.",
        [("CSM", "count", "", 359.0, "patients", None)],
    ),
    (
        "The hazard ratio for melanoma deaths was 1.22 (95% CI 0.88-1.69).",
        [("CSM", "hazard_ratio", "", 1.22, "ratio", None)],
    ),
    (
        "There were fewer non-breast-cancer deaths after surgery (1.4% vs 3.5%).",
        [("DEATH", "rate", "", 1.4, "%", None), ("DEATH", "rate", "", 3.5, "%", None)],
    ),
    (
        "Endocrine therapy reduces breast cancer mortality by 40%.",
        [("OS", "relative_reduction", "", 40.0, "%", None)],
    ),
    # progression events are progression-free survival's events
    (
        "At data cutoff, 189 progression events and 165 deaths had occurred.",
        [("PFS", "count", "", 189.0, "patients", None), ("DEATH", "count", "", 165.0, "patients", None)],
    ),
    # best-response categories after a count and its share
    (
        "Of the 31 patients, 19 (61.3%) PR and 9 (29.0%) SD.",
        [
            ("PR", "count", "", 19.0, "patients", None),
            ("PR", "rate", "", 61.3, "%", None),
            ("SD", "count", "", 9.0, "patients", None),
            ("SD", "rate", "", 29.0, "%", None),
        ],
    ),
    # distant metastasis as an incidence is a recurrence
    (
        "The cumulative incidence of distant metastasis was 7% without axillary radiotherapy.",
        [("RECURRENCE", "rate", "", 7.0, "%", None)],
    ),
    # "RR" with a percentage is a response rate; a relative risk is no percentage
    (
        "Twelve-week RR by ultrasound were 29.6% versus 47.8% (P = 0.075).",
        [("ORR", "rate", "", 29.6, "%", None), ("ORR", "rate", "", 47.8, "%", None)],
    ),
    (
        "Local recurrence was less frequent after radiotherapy (RR 0.45, 95% CI 0.3-0.7).",
        [("RECURRENCE", "risk_ratio", "", 0.45, "ratio", None)],
    ),
    # a count's denominator is no count of its own, with its share or "of the" between them
    (
        "Overall, 116 (46%) of 254 patients had a partial or complete response.",
        [("ORR", "count", "", 116.0, "patients", 254), ("ORR", "rate", "", 46.0, "%", 254)],
    ),
    # the share of a count in brackets before "of" its denominator is of that denominator too
    (
        "Local recurrence occurred in 21 (4%) of 520 patients and 46 (9%) of 515 controls.",
        [
            ("RECURRENCE", "count", "", 21.0, "patients", 520),
            ("RECURRENCE", "rate", "", 4.0, "%", 520),
            ("RECURRENCE", "count", "", 46.0, "patients", 515),
            ("RECURRENCE", "rate", "", 9.0, "%", 515),
        ],
    ),
    (
        "At this time, 96 of the 114 patients had died.",
        [("DEATH", "count", "", 96.0, "patients", 114)],
    ),
    # how many patients are in a state, and what share: "were alive", "alive and disease free"
    (
        "At two years, 83.1% of the patients were alive and disease free.",
        [("DFS", "landmark_rate", "", 83.1, "%", None)],  # at a time point: a landmark rate
    ),
    (
        "Fifteen patients (37.5%) were alive and without neurological progression.",
        [("PFS", "count", "", 15.0, "patients", None), ("PFS", "rate", "", 37.5, "%", None)],
    ),
    (
        "Of the 17 patients with metastatic disease, five (29%) remain alive.",
        [("OS", "count", "", 5.0, "patients", None), ("OS", "rate", "", 29.0, "%", None)],
    ),
    (  # a duration after a state is a time point, not a median
        "Overall, 7/19 patients (37%) were alive at a minimum 32 months from trial initiation.",
        [("OS", "count", "", 7.0, "patients", 19), ("OS", "rate", "", 37.0, "%", 19)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_result_forms(tmp_path: Path, text: str, expected: list[tuple]) -> None:
    assert figures(tmp_path, text) == expected


def test_a_count_of_events_then_each_arms_count_in_brackets(tmp_path: Path) -> None:
    found = figures(tmp_path, "At follow-up, 399 recurrences (164 letrozole and 235 placebo) occurred.")
    assert [(endpoint, measure, value) for endpoint, measure, _, value, _, _ in found] == [
        ("RECURRENCE", "count", 399.0),
        ("RECURRENCE", "count", 164.0),
        ("RECURRENCE", "count", 235.0),
    ]
    assert figures(tmp_path, "At follow-up, 399 recurrences (164 mg and 235 mg) occurred.") == [
        ("RECURRENCE", "count", "", 399.0, "patients", None)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Patients received letrozole for 5 years unless recurrence occurred.",  # a schedule
        "Follow-up visits were on 11/2023 and 02/2025 after the recurrence.",  # dates
        "Cardiotoxicity-free survival was longer with carvedilol (hazard ratio 0.49).",  # not OS
        "The median age of the 120 patients with a local recurrence was 55 years.",  # an age
        "Adverse events leading to death occurred in 4 patients (0.8%).",  # safety, not efficacy
        "The trial required a minimum of 552 deaths.",  # the design's events
        "Approximately 42% of stage III colon cancers recur within 8 years.",  # hedged, at a sentence's start
        "Melanoma causes 2% of all cancer deaths in the UK [3].",  # epidemiology
        "Six CR nurses and 6 CR clinicians took part.",  # cardiac rehabilitation, not complete response
        "Grade 3 diarrhoea occurred in 48 (17%) of 276 patients.",  # a count of what is no endpoint
        "Follow-up in patients who were alive at the time of analysis was 4.6 months.",  # follow-up
    ],
)
def test_not_figures(tmp_path: Path, text: str) -> None:
    assert figures(tmp_path, text) == []


def test_an_unnamed_pair_takes_the_arms_the_paper_randomised_to(tmp_path: Path) -> None:
    text = (
        "Patients were randomly assigned to receive docetaxel (n = 225) or paclitaxel (n = 224). "
        "The median overall survival was 15.4 v 12.7 months."
    )
    arms = [(arm, value) for _, _, arm, value, _, _ in figures(tmp_path, text)]
    assert arms == [("docetaxel", 15.4), ("paclitaxel", 12.7)]


def test_arms_the_paper_names_by_label(tmp_path: Path) -> None:
    text = (
        "Patients were randomized to tipifarnib plus letrozole (TL) or placebo plus letrozole (L). "
        "Clinical benefit rates were 49% (TL) and 62% (L)."
    )
    arms = [(arm, value) for _, _, arm, value, _, _ in figures(tmp_path, text)]
    assert arms == [("tipifarnib + letrozole", 49.0), ("placebo + letrozole", 62.0)]


def test_the_value_compared_with_a_named_arm_is_the_other_arms(tmp_path: Path) -> None:
    text = (
        "Patients were randomized to high-dose chemotherapy or observation. "
        "The response rate was higher in the chemotherapy arm: 82.7% versus 59.2%."
    )
    arms = [(arm, value) for _, _, arm, value, _, _ in figures(tmp_path, text)]
    assert arms == [("high-dose chemotherapy", 82.7), ("observation", 59.2)]


def test_a_title_comparison_is_the_design_when_no_sentence_states_one(tmp_path: Path) -> None:
    text = (
        "Capecitabine plus enzastaurin versus capecitabine plus placebo in metastatic breast cancer. "
        "Median PFS was 2.8 vs 4.3 months."
    )
    arms = [(arm, value) for _, _, arm, value, _, _ in figures(tmp_path, text)]
    assert arms == [("capecitabine + enzastaurin", 2.8), ("capecitabine + placebo", 4.3)]


def test_a_pair_between_the_regimen_named_before_and_the_one_it_is_compared_with(tmp_path: Path) -> None:
    text = (
        "Patients treated with cediranib had an objective response rate of 22 vs. 8%, respectively, "
        "vs. placebo."
    )
    arms = [(arm, value) for _, _, arm, value, _, _ in figures(tmp_path, text)]
    assert arms == [("cediranib", 22.0), ("placebo", 8.0)]


def test_a_value_of_a_group_the_design_does_not_know_is_not_given_the_sentences_one_regimen(
    tmp_path: Path,
) -> None:
    text = "There were 25 (15.6%) recurrences in the exercise groups and 18 (22.0%) in the control group."
    arms = [(arm, value) for _, _, arm, value, _, _ in figures(tmp_path, text)]
    assert ("control", 15.6) not in arms and ("control", 22.0) in arms


def test_trials_outside_oncology_report_no_figures(tmp_path: Path) -> None:
    # the same words report efficacy in HIV or multiple sclerosis trials: this tool is oncology's
    assert figures(tmp_path, "The virologic response rate was 88% with dolutegravir at week 48.", "") == []
    assert figures(tmp_path, "In breast cancer, the response rate was 88% with letrozole.", "") == [
        ("ORR", "rate", "letrozole", 88.0, "%", None)
    ]


def test_a_table_row_of_intervals_holds_no_figures(tmp_path: Path) -> None:
    table = "Arm\tORR (%)\tMedian PFS (months)\ntrastuzumab\t45.2\t9.1\n95% CI\t38.1-52.3\t7.9-10.4\n"
    assert [value for _, _, _, value, _, _ in figures(tmp_path, table)] == [45.2, 9.1]


def test_a_row_labelled_by_an_endpoint_is_no_header_for_the_rows_below(tmp_path: Path) -> None:
    # PMC2855860's "Efficacy results": under "Objective response rate, %" the first column holds the
    # next rows' labels, whose "95%" is the level of an interval, never a response rate
    table = (
        "Variable\tSunitinib (N = 238)\tCapecitabine (N = 244)\tHazard ratio\t95% CI\tP\n"
        "Objective response rate, %\t11\t16\t0.65\t0.4-1.1\t0.109\n"
        "95% exact CI\t8-16\t12-22\n"
    )
    assert 95.0 not in [value for _, _, _, value, _, _ in figures(tmp_path, table)]

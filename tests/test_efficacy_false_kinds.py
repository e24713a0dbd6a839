"""Numbers the judged PMC samples read as efficacy figures that are none (issue #10): the bounds of
a confidence interval written as confidence limits "from" one bound "to" the other, the top of
several studies' rates, what unnamed studies show, and the share of patients who gave no data."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.efficacy import extract_measurements
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline

CANCER_TRIAL = "\n\n(From a report of a cancer trial.)\n"


def figures(tmp_path: Path, text: str) -> list[tuple[str, float, float | None, float | None]]:
    path = tmp_path / "paper.txt"
    path.write_text(text + CANCER_TRIAL, encoding="utf-8")
    document = ingest_file(path)
    entities = document_entities(shared_pipeline(), "paper", [document.text])
    return [(m.endpoint, m.value, m.ci_low, m.ci_high) for m in extract_measurements(document, entities)]


def test_confidence_limits_from_one_bound_to_the_other_are_the_rates_interval(tmp_path: Path) -> None:
    """PMC2360030: the upper limit 55.1% was read as a second ORR."""
    text = "The overall response rate was 41.7% (95% CL, from 29.1 to 55.1%) with irinotecan."
    assert figures(tmp_path, text) == [("ORR", 41.7, 29.1, 55.1)]


@pytest.mark.parametrize(
    "sentence",
    [
        # the top of several cited trials' rates (PMC2395340)
        "Anthracyclines combined with taxanes are very active, with complete response rates as high as "
        "40% (Gianni et al, 1995; Gehl et al, 1996).",
        # what unnamed studies show (PMC4090726)
        "Studies show that local control with lumpectomy have an average ipsilateral breast recurrence "
        "rates of 43% (Leonard and Swain, 2004).",
    ],
)
def test_the_top_of_several_studies_rates_and_what_studies_show_are_no_figures(
    tmp_path: Path, sentence: str
) -> None:
    assert figures(tmp_path, sentence) == []


def test_one_results_rate_said_to_be_as_low_as_stays(tmp_path: Path) -> None:
    """A singular rate "was as low as" one figure is that result, not the bottom of several."""
    text = "In our study, the ORR of patients who received lobaplatin was as low as 15.8%."
    assert [f[:2] for f in figures(tmp_path, text)] == [("ORR", 15.8)]


def test_the_share_of_patients_who_gave_no_data_and_a_threshold_beyond_are_no_figures(tmp_path: Path) -> None:
    """PMC5129820: the 68% of placebo patients without HRQoL data, and the 6 months "beyond" which
    they gave none, were read as PFS figures of the placebo arm; the median PFS before them stays."""
    text = (
        "Patients were randomly assigned to olaparib or placebo. As the median PFS from randomisation "
        "after the end of chemotherapy was 4.8 months in the placebo arm, the majority of placebo "
        "patients (68%) did not contribute HRQoL data beyond 6 months."
    )
    assert figures(tmp_path, text) == [("PFS", 4.8, None, None)]


@pytest.mark.parametrize(
    "sentence",
    [
        # PMC2967052: the day of the scan, and the part of the study, were read as PD and SD counts
        "Partial response was sustained for 228 days before radiologic examination on day 283 showed PD.",
        "Most patients had temporary disease stabilisation with siltuximab and one patient in the 3 mg "
        "kg-1 group of part 2 had a significant tumour response with a PR.",
    ],
)
def test_a_number_naming_a_day_or_a_part_of_the_study_is_no_count(tmp_path: Path, sentence: str) -> None:
    assert figures(tmp_path, sentence) == []


def test_a_count_after_the_week_it_was_counted_at_stays(tmp_path: Path) -> None:
    text = "At week 12, 45 patients (30%) had a partial response to gefitinib."
    assert [f[:2] for f in figures(tmp_path, text)] == [("PR", 45.0), ("PR", 30.0)]


def test_a_hazard_ratios_interval_written_c_i_is_its_interval(tmp_path: Path) -> None:
    """PMC4620970: "95% C.I." ended the sentence, and its 95 was read as a PFS rate."""
    text = "PFS was longer with bevacizumab than without it (HR=0.46, 95% C.I. (0.28–0.74), p=0.03)."
    assert figures(tmp_path, text) == [("PFS", 0.46, 0.28, 0.74)]


def test_an_interval_whose_level_is_written_percent_is_the_ratios(tmp_path: Path) -> None:
    """Development abstract 12840087: "95 percent confidence interval" after a hazard ratio named
    for what it is of; the 95 was read as a relapse rate, and the interval given to a rate before it."""
    text = (
        "The 5-year relapse-free survival rates were 59 percent in the conventional-dose group and 65 "
        "percent in the high-dose group (hazard ratio for relapse in the high-dose group, 0.83; 95 "
        "percent confidence interval, 0.66 to 1.03)."
    )
    assert figures(tmp_path, text) == [
        ("RFS", 59.0, None, None),
        ("RFS", 65.0, None, None),
        ("RECURRENCE", 0.83, 0.66, 1.03),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # development abstract 32683565, PMC4101294, PMC4327560: what a ratio is of, between its name
        # and its number
        ("The stratified hazard ratio for OS was 0.897 (95% CI 0.623-1.294).", ("OS", 0.897, 0.623, 1.294)),
        # a hazard ratio of deaths is overall survival's (time to death from any cause), a cancer's own
        # deaths' stay cancer-specific
        ("The hazard ratio of mortality was 0.48 (95% CI, 0.44-5.35).", ("OS", 0.48, 0.44, 5.35)),
        (
            "OS favoured denosumab (hazard ratio for death, 0.80; 95% CI, 0.67-0.95).",
            ("OS", 0.80, 0.67, 0.95),
        ),
        (
            "The hazard ratio for breast cancer death was 0.75 (95% CI, 0.60-0.94).",
            ("CSM", 0.75, 0.60, 0.94),
        ),
        (
            "Median PFS was longer (HR for disease progression or death with everolimus, 0.32; 95% CI, "
            "0.21-0.48).",
            ("PFS", 0.32, 0.21, 0.48),
        ),
    ],
)
def test_a_ratio_named_for_its_endpoint(tmp_path: Path, text: str, expected: tuple) -> None:
    assert [f for f in figures(tmp_path, text) if f[1] == expected[1]] == [expected]

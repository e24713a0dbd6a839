"""Endpoint faults seen on real papers (issue #10, endpoint pass 8): local control is an endpoint of
its own; a flattened table's row whose label names no endpoint gives no figure (it took the row
above's); a tumour's sensitivity to a treatment and a point or Kaplan-Meier estimate of deaths no
longer drop a result sentence, while a test's sensitivity and a disease's estimated deaths still do."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.efficacy import extract_measurements
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline
from tests.extracting import figures, values

CASES = [
    # local control, a radiotherapy endpoint: freedom from local failure, with its time point
    (
        "The 3-year local control rate was 92% in the hypofractionated arm and 89% in the conventional arm.",
        [("LC", "landmark_rate", 92.0, None), ("LC", "landmark_rate", 89.0, None)],
    ),
    (
        "Locoregional control was achieved in 41 patients (85%).",
        [("LC", "count", 41.0, None), ("LC", "rate", 85.0, None)],
    ),
    # a rate's durations are its time points, not medians
    (
        "In Group B, the local control rate of 3, 6, 12, 24, 36 months was 91.7%, 86.7%, 76.7%, 56.9%, "
        "46.6% respectively.",
        [("LC", "rate", value, None) for value in (91.7, 86.7, 76.7, 56.9, 46.6)],
    ),
    # a tumour's sensitivity to a treatment is no test statistic
    (
        "High CR rates were achieved after radiotherapy in both arms of our study (95.2% in Arm A and 90.1% "
        "in Arm B), which is not surprising given the sensitivity of NPC to chemotherapy and radiotherapy.",
        [("CR", "rate", 95.2, None), ("CR", "rate", 90.1, None)],
    ),
    # ... a test's sensitivity is
    ("The sensitivity of the assay for a complete response was 85%.", []),
    ("MRI predicted pCR with a sensitivity of 74% in both arms.", []),
    # a local tumour progression is a local failure, of the rate named next to it
    (
        "The local control rate was 88.4%, and the local tumor progression rate was 4.7%.",
        [("LC", "rate", 88.4, None), ("RECURRENCE", "rate", 4.7, None)],
    ),
    # endpoints side by side head a flattened table's columns: the figures after them are of either
    (
        "Table 2 Responses of patients Group/Time (months) Number of patients Local control rate (%) "
        "Local tumor progression rate (%) Group A 3 43 88.4(38/43) 4.7(2/43) 6 43 86.0(37/43) 7.0(3/43)",
        [],
    ),
    # a point estimate of the cumulative incidence of death is a result (of deaths from the cancer) ...
    (
        "The cumulative incidence of death from melanoma was higher in the 1 cm margin group (point "
        "estimates of cumulative incidence at 8 years were 47.9% in the 1 cm margin group and 38.1% in "
        "the 3 cm group).",
        [("CSM", "rate", 47.9, None), ("CSM", "rate", 38.1, None)],
    ),
    # ... a disease's estimated deaths are not, nor are deaths from other causes
    (
        "No differences were noted regarding the cumulative incidence of death due to other causes (point "
        "estimates of cumulative incidence at 8 years were 14.5% in the 1 cm margin group and 18.2% in the "
        "3 cm group).",
        [],
    ),
    # deaths the paper reports are its own figures; a disease's estimated deaths are not
    (
        "18 deaths were reported in the anastrozole group and 17 in the placebo group.",
        [("DEATH", "count", 18.0, None), ("DEATH", "count", 17.0, None)],
    ),
    ("The estimated number of deaths from lung cancer in 2016 was 158,080 (45%).", []),
    ("Its mortality rate was estimated as 3.85% in the same year.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_endpoint_faults(tmp_path: Path, text: str, expected: list[tuple]) -> None:
    assert values(tmp_path, text) == expected


_XELIRI_TABLE = (
    "Patients with metastatic colorectal cancer were randomly assigned to the XELIRI arm (capecitabine "
    "plus irinotecan) or the FOLFIRI arm (irinotecan plus leucovorin and fluorouracil).   "
    "Table 2 Efficacy of treatment in the XELIRI and FOLFIRI arms, data are shown as n (%) "
    "XELIRI FOLFIRI n = 41 n = 46 p Complete response 5 (12%) 1 (2%) 0.10 Objective response 20 (49%) "
    "22 (48%) 0.76 Stagnation 13 (31%) 9 (19%) 0.67 Progressive disease 7 (17%) 11 (24%) 0.35 "
    "R0 resection 10 (25%) 11 (26%) 0.83   The trial goes on."
)


def test_a_flattened_rows_label_that_names_no_endpoint_gives_no_figure(tmp_path: Path) -> None:
    path = tmp_path / "table.txt"
    path.write_text(_XELIRI_TABLE + "\n\n(From a report of a cancer trial.)\n", encoding="utf-8")
    document = ingest_file(path)
    entities = document_entities(shared_pipeline(), "table", [document.text])
    endpoints = {m.value_text: m.endpoint for m in extract_measurements(document, entities)}
    # "Stagnation" and "R0 resection" took the endpoint of the row above (ORR, PD)
    assert not {"13", "31", "9", "19", "10", "25", "26"} & endpoints.keys()
    assert endpoints["49"] == endpoints["48"] == "ORR"
    assert endpoints["17"] == endpoints["24"] == "PD"
    assert endpoints["12"] == "CR"


def test_a_local_control_figure_is_of_no_recurrence(tmp_path: Path) -> None:
    """Local control is the complement of local failure: never a recurrence rate, whose conflicts it
    would raise."""
    found = figures(tmp_path, "Local control at 2 years was 90% and local recurrence occurred in 10%.")
    assert [(row[0], row[3]) for row in found] == [("LC", 90.0), ("RECURRENCE", 10.0)]

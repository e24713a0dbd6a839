"""Endpoints listed before or after their values (issue #10, endpoint lists): a list of endpoints
given once per arm ("DFS and OS were 64 and 85% for DD, and 58 and 75% for CS": the k-th value of
each group is of the k-th endpoint) or once per endpoint ("PFS and OS for SP vs. S were 71.9% vs.
46.9%, and 88.4% vs. 67.0%": the k-th pair is of the k-th endpoint); a list named after the values
with "respectively"; an endpoint named after a value's own interval and p-value; a list's time
point, which is each of its phrases'; and the endpoints in brackets that an endpoint is made of
("the objective response rate (complete response plus partial response) was 41%"), which are not
the value's."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.efficacy import extract_measurements
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline


def rows(tmp_path: Path, text: str) -> list[tuple[str, str, str, str]]:
    """(value as written, endpoint, measure, time point) of each figure of `text`, in a document
    about cancer."""
    path = tmp_path / "abstract.txt"
    path.write_text(text + "\n\n(From a report of a cancer trial.)\n", encoding="utf-8")
    document = ingest_file(path)
    entities = document_entities(shared_pipeline(), "abstract", [document.text])
    return [
        (m.value_text, m.endpoint, m.measure, m.timepoint) for m in extract_measurements(document, entities)
    ]


CASES = [
    # one group per arm, values listed with "and", the groups set apart by the arm's words
    (
        "Four-year rates of DFS and OS were 64 and 85% for DD, and 58 and 75% for CS.",
        [
            ("64", "DFS", "landmark_rate", "4 years"),
            ("85", "OS", "landmark_rate", "4 years"),
            ("58", "DFS", "landmark_rate", "4 years"),
            ("75", "OS", "landmark_rate", "4 years"),
        ],
    ),
    (
        "The median PFS and OS were 2.8 and 13.2 months in gefitinib and 2.0 and 14.0 months in "
        "nimotuzumab plus gefitinib.",
        [
            ("2.8", "PFS", "median", ""),
            ("13.2", "OS", "median", ""),
            ("2.0", "PFS", "median", ""),
            ("14.0", "OS", "median", ""),
        ],
    ),
    # one pair per endpoint, compared with "versus", the pairs listed with "and"
    (
        "The 3-years PFS and OS for SP vs. S were 71.9% vs. 46.9%, and 88.4% vs. 67.0%, respectively.",
        [
            ("71.9", "PFS", "landmark_rate", "3 years"),
            ("46.9", "PFS", "landmark_rate", "3 years"),
            ("88.4", "OS", "landmark_rate", "3 years"),
            ("67.0", "OS", "landmark_rate", "3 years"),
        ],
    ),
    # a landmark phrase of the list gives each phrase its time point
    (
        "OS and EFS at five years were not equivalent (98% vs. 94% and 96% vs. 90% respectively).",
        [
            ("98", "OS", "landmark_rate", "5 years"),
            ("94", "OS", "landmark_rate", "5 years"),
            ("96", "EFS", "landmark_rate", "5 years"),
            ("90", "EFS", "landmark_rate", "5 years"),
        ],
    ),
    # a list named after the values, then "respectively"
    (
        "The analysis confirmed the advantage of E-CMF over CMF with HR: 0.57; 95% CI 0.37 to 0.86; "
        "P = 0.006 and HR: 0.64; 95% CI 0.41 to 1.01; P = 0.05 for RFS and OS, respectively.",
        [("0.57", "RFS", "hazard_ratio", ""), ("0.64", "OS", "hazard_ratio", "")],
    ),
    # an endpoint named after the value's own interval and p-value
    (
        "Survival did not differ [HR 0.99; 95% CI, 0.70-1.38; P = 0.95 for PFS; HR 0.93, 95% CI "
        "0.63-1.38, P = 0.72 for OS].",
        [("0.99", "PFS", "hazard_ratio", ""), ("0.93", "OS", "hazard_ratio", "")],
    ),
    # the endpoints an endpoint is made of, in brackets after it, are not the value's
    (
        "The overall response rate (complete remission or CR with incomplete recovery) was 68% and "
        "survival at 5 years is 15%.",
        [("68", "ORR", "rate", ""), ("15", "OS", "landmark_rate", "5 years")],
    ),
    (
        "The objective response rate (complete response plus partial response) was 41%, and the disease "
        "control rate (partial response or stable disease) was 71%.",
        [("41", "ORR", "rate", ""), ("71", "DCR", "rate", "")],
    ),
    (
        "Progression-free survival (time from randomisation to progression or death) was 7.1 months.",
        [("7.1", "PFS", "median", "")],
    ),
    # values of one endpoint compared across arms, after a list, are that endpoint's alone
    (
        "The median PFS and OS were 2.8 and 13.2 months in gefitinib and 2.0 and 14.0 months in "
        "nimotuzumab plus gefitinib. Both PFS and OS were longer in women: median PFS was 5.1 vs 3.2 "
        "months and 4.0 vs 2.9 months in the subgroups.",
        [
            ("2.8", "PFS", "median", ""),
            ("13.2", "OS", "median", ""),
            ("2.0", "PFS", "median", ""),
            ("14.0", "OS", "median", ""),
            ("5.1", "PFS", "median", ""),
            ("3.2", "PFS", "median", ""),
            ("4.0", "PFS", "median", ""),
            ("2.9", "PFS", "median", ""),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_endpoint_lists(tmp_path: Path, text: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert rows(tmp_path, text) == expected


@pytest.mark.parametrize(
    "results",
    [
        "Four-year rates of DFS and OS were 64 and 85% for DD, and 58 and 75% for CS.",
        # a "respectively" that gives the values their endpoints comes before the arm
        "Four-year rates of DFS and OS were 64 and 85%, respectively, for DD, and 58 and 75%, "
        "respectively, for CS.",
    ],
)
def test_an_arm_per_group_of_an_endpoint_list(tmp_path: Path, results: str) -> None:
    """The arm named after a group of the list is all of its values' ("64 and 85% for DD")."""
    path = tmp_path / "abstract.txt"
    path.write_text(
        "Patients were randomised to dose-dense chemotherapy (DD) or conventional-schedule chemotherapy "
        f"(CS). {results}\n\n(From a report of a cancer trial.)\n",
        encoding="utf-8",
    )
    document = ingest_file(path)
    entities = document_entities(shared_pipeline(), "abstract", [document.text])
    arms = {m.value_text: m.arm_text for m in extract_measurements(document, entities)}
    assert arms["64"] == arms["85"] != ""
    assert arms["58"] == arms["75"] != arms["64"]

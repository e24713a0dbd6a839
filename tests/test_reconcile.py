"""Reconciliation (conflicts.csv) and in-document checks (checks.csv): table-driven rules, then the gold.

The gold test reads annotations/measurements.jsonl and annotations/conflicts.json: every expected
conflict must be flagged, and none of the expected non-conflicts (the tempting false alarms).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from functools import cache
from typing import Any

import pandas as pd
import pytest

from pipeline.errors import PatternFileError
from pipeline.reconcile import (
    agree_at_precision,
    check_measurements,
    conflict_id,
    decimals_as_written,
    find_value_in_evidence,
    p_value_bound,
    parse_counts,
    reconcile_measurements,
)
from pipeline.reconcile.rules import _section
from pipeline.records import CheckFinding, Conflict, Measurement, columns
from tests.conftest import REPO, conflict_expectations, conflict_sides, expected_sides

CONTRACT = [
    "conflict_id",
    "trial",
    "nct_id",
    "endpoint",
    "cns",
    "measure",
    "arm",
    "population",
    "doc_id_a",
    "value_a",
    "evidence_a",
    "doc_id_b",
    "value_b",
    "evidence_b",
    "kind",
    "severity",
]


def row(**fields: Any) -> dict[str, Any]:
    """One measurements.csv row; what a test does not set is a plausible default."""
    base: dict[str, Any] = {
        "doc_id": "doc_a",
        "trial": "HER2CLIMB",
        "nct_id": "",
        "endpoint": "OS",
        "cns": False,
        "measure": "median",
        "arm": "tucatinib + trastuzumab + capecitabine",
        "arm_text": "",
        "population": "brain metastases",
        "value": 18.1,
        "unit": "months",
        "ci_low": None,
        "ci_high": None,
        "ci_level": None,
        "p_value": "",
        "n": None,
        "evidence": "",
        "char_start": 100,
        "char_end": 104,
        "page": None,
        "section": "",
        "analysis": "",
        "comparison": "",
        "value_text": "",
        "source": "test",
        "timepoint": "",
    }
    unknown = set(fields) - set(base)
    assert not unknown, unknown
    base.update(fields)
    if not base["value_text"]:
        base["value_text"] = format(base["value"], "g")
    if not base["evidence"]:
        base["evidence"] = f"The median OS was {base['value_text']} months."
    return base


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=columns(Measurement))


def kinds(*rows: dict[str, Any]) -> list[str]:
    return list(reconcile_measurements(frame(*rows))["kind"])


def other(**fields: Any) -> dict[str, Any]:
    """The same figure from a second document, unless told otherwise."""
    return row(**{"doc_id": "doc_b", "char_start": 200, "char_end": 204, **fields})


# ---------------------------------------------------------------------------------------------
# Precision and agreement


@pytest.mark.parametrize(
    ("text", "value", "places"),
    [
        ("29", 29.0, 0),
        ("29.2", 29.2, 1),
        ("65·9", 65.9, 1),
        ("2.40", 2.4, 2),  # trailing zeros as printed count
        ("", 29.0, 0),  # no text: the shortest form of the value
        ("", 0.73, 2),
        ("<0.0001", 0.0001, 4),
    ],
)
def test_decimals_as_written(text: str, value: float, places: int) -> None:
    assert decimals_as_written(text, value) == places


@pytest.mark.parametrize(
    ("a", "a_places", "b", "b_places", "agree"),
    [
        (29, 0, 29.2, 1, True),  # rounded: agree at the coarser precision
        (65.9, 1, 65.9, 1, True),
        (29, 0, 29.5, 1, True),  # half a unit away rounds either way
        (29, 0, 29.6, 1, False),
        (15.1, 1, 15.5, 1, False),
        (63.9, 1, 65.7, 1, False),
        (12.0, 1, 12.5, 1, False),
        (2.4, 2, 2.4, 1, True),
        (0.73, 2, 0.7, 1, True),
        (0.73, 2, 0.8, 1, False),
    ],
)
def test_agree_at_precision(a: float, a_places: int, b: float, b_places: int, agree: bool) -> None:
    assert agree_at_precision(a, a_places, b, b_places) is agree
    assert agree_at_precision(b, b_places, a, a_places) is agree


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (
            {"value": 65.9, "value_text": "65·9"},
            {"value": 65.9, "value_text": "65.9"},
            [],
        ),  # written differently
        ({"value": 29.0, "value_text": "29"}, {"value": 29.2, "value_text": "29.2"}, []),  # rounding
        ({"value": 29.0, "value_text": "29"}, {"value": 30.0, "value_text": "30"}, ["value_conflict"]),
        ({"value": 15.1}, {"value": 15.5}, ["value_conflict"]),
        # A bound agrees with anything beyond it, and disagrees with what falls short of it.
        ({"value": 13.0, "evidence": "PFS > 13 months."}, {"value": 15.0}, []),
        ({"value": 13.0, "evidence": "PFS exceeded 13 months."}, {"value": 11.0}, ["value_conflict"]),
    ],
)
def test_rounding_and_bounds(first: dict[str, Any], second: dict[str, Any], expected: list[str]) -> None:
    assert kinds(row(**first), other(**second)) == expected


# ---------------------------------------------------------------------------------------------
# What is never compared


@pytest.mark.parametrize(
    ("changed", "why"),
    [
        ({"population": "active brain metastases"}, "different population"),
        ({"population": ""}, "whole trial vs subgroup (an empty population is the whole trial)"),
        ({"arm": "placebo + trastuzumab + capecitabine"}, "different arm"),
        ({"endpoint": "PFS"}, "different endpoint"),
        ({"cns": True}, "CNS-PFS is not PFS"),
        ({"measure": "landmark_rate"}, "different measure"),
        ({"trial": "NALA"}, "different trial"),
        # PMC3342924: "47 months" against "4.0 years" was flagged as a self-contradiction
        ({"unit": "years"}, "different unit: the reconciler converts none"),
    ],
)
def test_never_compared_across_keys(changed: dict[str, Any], why: str) -> None:
    assert kinds(row(value=18.1), other(value=24.7, **changed)) == [], why


def test_rows_without_a_trial_are_not_compared() -> None:
    # "a meta-analysis" in one paper is not known to be the one in another.
    assert kinds(row(trial="", value=29.0), other(trial="", value=35.0)) == []


def test_an_nct_number_and_its_acronym_are_one_trial() -> None:
    named = row(trial="TBCRC 022", nct_id="NCT01494662", value=15.1)
    numbered = other(trial="", nct_id="NCT01494662", value=15.5)
    acronym_only = other(doc_id="doc_c", trial="TBCRC 022", nct_id="", value=15.1)
    conflicts = reconcile_measurements(frame(named, numbered, acronym_only))
    assert list(conflicts["kind"]) == ["value_conflict", "value_conflict"]
    assert set(conflicts["trial"]) == {"TBCRC 022"}
    assert set(conflicts["nct_id"]) == {"NCT01494662"}


def test_a_trial_named_by_its_nct_number_joins_the_acronym() -> None:
    by_number = row(trial="NCT00263588", nct_id="", value=6.0, measure="rate", endpoint="ORR")
    paired = other(trial="LAPA", nct_id="NCT00263588", value=8.0, measure="rate", endpoint="ORR")
    assert kinds(by_number, paired) == ["value_conflict"]


# ---------------------------------------------------------------------------------------------
# Kinds


def test_value_conflict_names_both_sides() -> None:
    a = row(value=63.9, measure="rate", endpoint="ORR", cns=True, evidence="intracranial ORR 63.9%.")
    b = other(value=65.7, measure="rate", endpoint="ORR", cns=True, evidence="intracranial ORR was 65.7%.")
    conflict = reconcile_measurements(frame(b, a)).iloc[0]
    assert conflict["kind"] == "value_conflict"
    assert (conflict["doc_id_a"], conflict["value_a"], conflict["evidence_a"]) == (
        "doc_a",
        63.9,
        "intracranial ORR 63.9%.",
    )
    assert (conflict["doc_id_b"], conflict["value_b"]) == ("doc_b", 65.7)
    assert conflict["severity_label"] == "high"


@pytest.mark.parametrize(
    ("first", "second", "kind"),
    [
        ({"analysis": ""}, {"analysis": "updated"}, "likely_different_analysis"),
        ({"analysis": "primary"}, {"analysis": "final"}, "likely_different_analysis"),
        # The label can come from the sentence when the column is empty.
        (
            {},
            {"evidence": "In the updated analysis, median OS was 21.6 months."},
            "likely_different_analysis",
        ),
        ({"analysis": "updated"}, {"analysis": "updated"}, "value_conflict"),
        # An approximate value cannot be tied to a report: a plain conflict, at lower severity.
        ({"analysis": "updated"}, {"evidence": "OS ~ 21.6 months."}, "value_conflict"),
    ],
)
def test_likely_different_analysis(first: dict[str, Any], second: dict[str, Any], kind: str) -> None:
    assert kinds(row(value=18.1, **first), other(value=21.6, **second)) == [kind]


HR = {"measure": "hazard_ratio", "arm": "", "unit": "ratio", "population": ""}


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # The reciprocal for the same direction of comparison: one side swapped the arms.
        ({"value": 0.5, "comparison": "a vs b"}, {"value": 2.0, "comparison": "a vs b"}, ["arm_swap"]),
        ({"value": 0.73, "comparison": "a vs b"}, {"value": 1.37, "comparison": "a vs b"}, ["arm_swap"]),
        # Without the other side's direction it may be a swap or a legitimately reversed ratio.
        (
            {"value": 0.5, "comparison": "a vs b"},
            {"value": 2.0, "comparison": ""},
            ["possible_conflict_unknown_arm"],
        ),
        # The same number with the comparison written the other way round.
        ({"value": 0.5, "comparison": "a vs b"}, {"value": 0.5, "comparison": "b vs a"}, ["arm_swap"]),
        # Both the arms and the ratio reversed: the same claim.
        ({"value": 0.5, "comparison": "a vs b"}, {"value": 2.0, "comparison": "b vs a"}, []),
        ({"value": 0.5, "comparison": "a vs b"}, {"value": 0.5, "comparison": "a vs b"}, []),
        ({"value": 0.5, "comparison": "a vs b"}, {"value": 0.7, "comparison": "a vs b"}, ["value_conflict"]),
        # Close to 1 both ways is a small disagreement, not a swap.
        (
            {"value": 0.98, "comparison": "a vs b"},
            {"value": 1.02, "comparison": "a vs b"},
            ["value_conflict"],
        ),
    ],
)
def test_arm_swap(first: dict[str, Any], second: dict[str, Any], expected: list[str]) -> None:
    assert kinds(row(**HR, **first), other(**HR, **second)) == expected


def test_self_contradiction_within_one_document() -> None:
    abstract = row(value=21.6, char_start=50, evidence="Abstract: median OS 21.6 months.")
    body = row(value=18.1, char_start=5000, evidence="Results: median OS was 18.1 months.")
    conflict = reconcile_measurements(frame(body, abstract)).iloc[0]
    assert conflict["kind"] == "self_contradiction"
    assert (conflict["char_start_a"], conflict["char_start_b"]) == (50, 5000)


def test_one_documents_two_values_weigh_less_than_two_documents_disagreeing() -> None:
    # Every such finding on the PMC texts, the nxml files and the PICO abstracts (18) was a
    # distinction the extractor missed (a subgroup, a cited study, another endpoint), not the paper's.
    abstract = row(value=21.6, char_start=50, evidence="Abstract: median OS 21.6 months.")
    body = row(value=18.1, char_start=5000, evidence="Results: median OS was 18.1 months.")
    within = reconcile_measurements(frame(abstract, body)).iloc[0]
    across = reconcile_measurements(frame(abstract, {**body, "doc_id": "doc_b"})).iloc[0]
    assert (within["kind"], across["kind"]) == ("self_contradiction", "value_conflict")
    assert (within["severity_label"], across["severity_label"]) == ("medium", "high")
    assert within["severity"] < across["severity"]


def test_two_values_of_one_sentence_do_not_contradict_each_other() -> None:
    # "16-week and 24-week OS rates of 86% and 71%": the time point is not in the key.
    sentence = "16-week and 24-week overall survival rates of 86% and 71%, respectively."
    first = row(measure="landmark_rate", value=86.0, evidence=sentence, char_start=10)
    second = row(measure="landmark_rate", value=71.0, evidence=sentence, char_start=20)
    assert kinds(first, second) == []


def test_a_sentence_repeated_elsewhere_is_a_second_statement() -> None:
    sentence = "Median OS was 21.6 months versus 12.5 months."
    abstract = row(value=21.6, evidence=sentence, char_start=40)
    body = row(value=18.1, evidence=sentence, char_start=9000)  # the extractor read the body differently
    assert kinds(abstract, body) == ["self_contradiction"]


def test_one_document_labels_different_analyses_of_the_same_key() -> None:
    primary = row(value=18.1, char_start=10, analysis="primary")
    updated = row(value=21.6, char_start=900, analysis="updated")
    assert kinds(primary, updated) == ["likely_different_analysis"]


def _comparison(population: str, tucatinib: float, placebo: float, start: int) -> list[dict[str, Any]]:
    comparison = "tucatinib + trastuzumab + capecitabine vs placebo + trastuzumab + capecitabine"
    return [
        row(
            doc_id="doc_d",
            population=population,
            value=tucatinib,
            char_start=start,
            comparison=comparison,
            evidence=f"OS {tucatinib} vs {placebo} months ({population or 'all'}).",
        ),
        row(
            doc_id="doc_d",
            population=population,
            value=placebo,
            char_start=start + 8,
            comparison=comparison,
            arm="placebo + trastuzumab + capecitabine",
            evidence=f"OS {tucatinib} vs {placebo} months.",
        ),
    ]


def test_a_whole_comparison_given_to_two_populations_is_a_self_contradiction() -> None:
    rows = _comparison("active brain metastases", 24.7, 19.2, 300) + _comparison("", 24.7, 19.2, 9000)
    conflicts = reconcile_measurements(frame(*rows))
    assert list(conflicts["kind"]) == ["self_contradiction", "self_contradiction"]
    assert set(conflicts["population"]) == {"active brain metastases"}
    assert set(conflicts["population_b"]) == {""} and set(conflicts["value_a"]) == {24.7, 19.2}
    same_key = reconcile_measurements(frame(row(value=15.1), other(value=15.5))).iloc[0]
    assert (same_key["population_b"], same_key["arm_b"]) == (same_key["population"], same_key["arm"])


def test_one_shared_number_between_populations_is_not_a_contradiction() -> None:
    # HER2CLIMB: OS 21.6 months in all brain metastases and in stable ones, but 12.5 vs 16.4 on placebo.
    rows = _comparison("brain metastases", 21.6, 12.5, 300) + _comparison(
        "stable brain metastases", 21.6, 16.4, 400
    )
    assert kinds(*rows) == []


def test_attribution_errors_make_the_other_pairs_doubtful() -> None:
    rows = _comparison("active brain metastases", 24.7, 19.2, 300) + _comparison("", 24.7, 19.2, 9000)
    elsewhere = other(population="active brain metastases", value=21.4, analysis="updated")
    conflicts = reconcile_measurements(frame(*rows, elsewhere))
    plain = conflicts[conflicts["kind"] != "self_contradiction"]
    # Different analysis labels, but the copied side's attribution is doubtful: not explained away.
    assert list(plain["kind"]) == ["value_conflict"]
    assert "doubtful" in plain.iloc[0]["note"]


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        (
            "Median OS was 24.7 months in patients with active brain metastases.",
            ["possible_conflict_unknown_population"],
        ),
        ("Median OS was 24.7 months in those with active BMs.", ["possible_conflict_unknown_population"]),
        ("Median OS was 24.7 months.", []),  # the whole trial: a different population, not an unknown one
        ("Median OS was 24.7 months in patients with brain metastases.", []),  # not "active"
    ],
)
def test_possible_conflict_unknown_population(evidence: str, expected: list[str]) -> None:
    labelled = row(population="active brain metastases", value=21.4)
    unlabelled = other(population="", value=24.7, evidence=evidence)
    assert kinds(labelled, unlabelled) == expected


def test_unknown_population_stays_quiet_when_it_matches_that_population() -> None:
    labelled = row(population="active brain metastases", value=21.4)
    agreeing = other(doc_id="doc_c", population="active brain metastases", value=24.7)
    unlabelled = other(population="", value=24.7, evidence="OS 24.7 months in active brain metastases.")
    assert sorted(kinds(labelled, agreeing, unlabelled)) == ["value_conflict"]


def test_possible_conflict_unknown_arm() -> None:
    single_arm = {"trial": "TUXEDO-1", "arm": "trastuzumab deruxtecan", "endpoint": "ORR", "measure": "rate"}
    labelled = row(**single_arm, value=73.3)
    no_arm = other(**{**single_arm, "arm": ""}, value=60.0)
    assert kinds(labelled, no_arm) == ["possible_conflict_unknown_arm"]
    assert kinds(labelled, other(**{**single_arm, "arm": ""}, value=73.3)) == []


def test_no_arm_in_a_multi_arm_key_is_not_matched_to_either() -> None:
    tucatinib = row(value=21.6)
    placebo = row(arm="placebo + trastuzumab + capecitabine", value=12.5, char_start=300)
    assert kinds(tucatinib, placebo, other(arm="", value=30.0)) == []


# ---------------------------------------------------------------------------------------------
# Output shape, ids, severity


def test_columns_follow_the_record_and_the_contract() -> None:
    conflicts = reconcile_measurements(frame(row(value=15.1), other(value=15.5)))
    assert list(conflicts.columns) == columns(Conflict)
    assert list(conflicts.columns)[: len(CONTRACT)] == CONTRACT
    empty = reconcile_measurements(frame())
    assert empty.empty and list(empty.columns) == columns(Conflict)


def test_conflict_ids_do_not_depend_on_row_order() -> None:
    rows = [
        row(value=15.1),
        other(value=15.5),
        other(doc_id="doc_c", value=16.0, char_start=7),
        row(
            value=0.5,
            char_start=900,
            **{k: v for k, v in HR.items() if k != "population"},
            comparison="a vs b",
        ),
        other(
            value=2.0,
            char_start=901,
            **{k: v for k, v in HR.items() if k != "population"},
            comparison="a vs b",
        ),
    ]
    first = reconcile_measurements(frame(*rows))
    for order in ([4, 3, 2, 1, 0], [2, 0, 4, 1, 3]):
        again = reconcile_measurements(frame(*[rows[i] for i in order]))
        assert list(again["conflict_id"]) == list(first["conflict_id"])
        pd.testing.assert_frame_equal(again, first)
    assert first["conflict_id"].is_unique
    assert all(re.fullmatch(r"[0-9a-f]{16}", cid) for cid in first["conflict_id"])


def test_conflict_id_is_order_independent_and_value_sensitive() -> None:
    key = ("t:her2climb", "OS", False, "median", "arm", "brain metastases")
    a, b = ("doc_a", 100, 18.1), ("doc_b", 200, 21.6)
    assert conflict_id(key, [a, b]) == conflict_id(key, [b, a])
    assert conflict_id(key, [a, b]) != conflict_id(key, [a, ("doc_b", 200, 21.7)])


def test_severity_is_bounded_and_grows_with_the_gap() -> None:
    near = reconcile_measurements(frame(row(value=15.1), other(value=15.5))).iloc[0]
    far = reconcile_measurements(frame(row(value=15.1), other(value=30.5))).iloc[0]
    assert 0 <= near["severity"] < far["severity"] <= 1
    assert far["severity_label"] == "high"
    # Relative to the CIs: a gap well inside wide intervals weighs less than the same gap without CIs.
    wide = reconcile_measurements(
        frame(row(value=15.1, ci_low=0.8, ci_high=23.7), other(value=15.5, ci_low=1.0, ci_high=25.0))
    ).iloc[0]
    assert wide["severity"] <= near["severity"]


def test_reconcile_accepts_csv_strings() -> None:
    csv_like = frame(row(value=15.1), other(value=15.5)).astype(object)
    csv_like["cns"] = "false"
    csv_like["value"] = ["15.1", "15.5"]
    csv_like["char_start"] = ["100", "200"]
    assert list(reconcile_measurements(csv_like)["kind"]) == ["value_conflict"]


def test_reconciler_does_not_import_spacy() -> None:
    code = "import sys, pipeline.reconcile; sys.exit(1 if 'spacy' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


def test_rules_file_sections_are_validated() -> None:
    with pytest.raises(PatternFileError, match="unknown key"):
        _section({"checks": {"typo": 1}}, "checks", frozenset({"tolerance"}))
    with pytest.raises(PatternFileError, match="must be an object"):
        _section({"checks": []}, "checks", frozenset())


# ---------------------------------------------------------------------------------------------
# Checks inside one document


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("<0.0001", ("<", 0.0001)),
        ("0.035", ("=", 0.035)),
        (".01", ("=", 0.01)),
        ("P = 0.004", ("=", 0.004)),
        ("≤0.05", ("<", 0.05)),
        (">0.05", (">", 0.05)),
        ("NS", None),
        ("", None),
    ],
)
def test_parse_p_value(text: str, parsed: tuple[str, float] | None) -> None:
    assert p_value_bound(text) == parsed


@pytest.mark.parametrize(
    ("evidence", "counts"),
    [
        ("CNS ORR was reported in 19 of 23 patients (82.6%)", [(19, 23, "82.6")]),
        ("responses in 19/38 (50%) and 4 of 9 patients (44.4%)", [(19, 38, "50"), (4, 9, "44.4")]),
        ("an ORR of 82.6% (19/23)", [(19, 23, "82.6")]),
        ("4 patients (44.4%)", []),
    ],
)
def test_parse_counts(evidence: str, counts: list[tuple[int, int, str]]) -> None:
    assert parse_counts(evidence) == counts


RATIO = {"measure": "hazard_ratio", "arm": "", "unit": "ratio", "comparison": "a vs b"}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # point estimate inside its CI
        ({"value": 9.9, "ci_low": 8.4, "ci_high": 11.7}, []),
        ({"value": 12.9, "ci_low": 8.4, "ci_high": 11.7}, [("ci_contains_point", "error")]),
        ({"value": 9.9, "ci_low": 11.7, "ci_high": 8.4}, [("ci_contains_point", "error")]),
        ({"value": 18.1, "ci_low": 6.7, "ci_high": 18.1}, [("point_at_ci_bound", "warning")]),
        ({"value": 14.0, "ci_low": 11.0, "ci_high": None}, []),  # "(95% CI 11.0 - not recorded)"
        # a ratio's CI is symmetric on the log scale
        ({**RATIO, "value": 0.73, "ci_low": 0.56, "ci_high": 0.94}, []),
        ({**RATIO, "value": 0.48, "ci_low": 0.29, "ci_high": 0.79}, []),
        ({**RATIO, "value": 0.73, "ci_low": 0.56, "ci_high": 2.94}, [("ratio_ci_log_symmetry", "warning")]),
        ({**RATIO, "value": 0.05, "ci_low": 0.01, "ci_high": 0.2}, []),  # rounding of tiny ratios is forgiven
        # CI excluding 1 agrees with p < 0.05, and vice versa
        ({**RATIO, "value": 0.73, "ci_low": 0.59, "ci_high": 0.90, "p_value": "0.004"}, []),
        (
            {**RATIO, "value": 0.73, "ci_low": 0.59, "ci_high": 0.90, "p_value": "0.21"},
            [("ci_vs_p", "error")],
        ),
        (
            {**RATIO, "value": 0.86, "ci_low": 0.71, "ci_high": 1.04, "p_value": "<0.001"},
            [("ci_vs_p", "error")],
        ),
        ({**RATIO, "value": 0.86, "ci_low": 0.51, "ci_high": 1.43, "p_value": "0.57"}, []),
        # ... and roughly with its size
        (
            {**RATIO, "value": 0.69, "ci_low": 0.59, "ci_high": 0.81, "p_value": "0.0049"},
            [("ci_vs_p", "warning")],
        ),
        (
            {**RATIO, "value": 0.86, "ci_low": 0.51, "ci_high": 1.43, "p_value": "0.114"},
            [("ci_vs_p", "warning")],
        ),
        ({**RATIO, "value": 0.54, "ci_low": 0.42, "ci_high": 0.71, "p_value": "<0.001"}, []),
        ({**RATIO, "value": 0.9, "ci_low": 0.7, "ci_high": 1.15, "p_value": "0.3", "ci_level": 90}, []),
        # a percentage of n patients is a whole number of patients
        ({"measure": "rate", "value": 82.6, "n": 23}, []),
        ({"measure": "rate", "value": 65.9, "n": 45}, [("count_vs_percentage", "warning")]),
        ({"measure": "rate", "value": 61.0, "n": 337, "analysis": "meta-analysis"}, []),
        # the count, denominator and percentage in the sentence agree
        ({"measure": "rate", "value": 82.6, "evidence": "ORR in 19 of 23 patients (82.6%)."}, []),
        (
            {"measure": "rate", "value": 82.6, "evidence": "ORR in 18 of 23 patients (82.6%)."},
            [("count_vs_percentage", "error")],
        ),
        # a median lies inside its range
        ({"value": 9.9, "evidence": "median DOR 9.9 months (range 2.1–30.5)."}, []),
        (
            {"value": 9.9, "evidence": "median DOR 9.9 months (range, 10.2 to 30.5)."},
            [("median_in_range", "error")],
        ),
    ],
)
def test_checks(fields: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    findings = check_measurements(frame(row(**fields)))
    assert list(zip(findings["check"], findings["level"], strict=True)) == expected
    for _, finding in findings.iterrows():
        assert finding["doc_id"] == "doc_a" and finding["evidence"] and finding["detail"]


def test_count_row_and_rate_row_agree() -> None:
    count = row(measure="count", value=19.0, n=23, evidence="19 patients responded", char_start=10)
    good = row(measure="rate", value=82.6, n=23, evidence="a rate of 82.6%", char_start=40)
    bad = row(measure="rate", value=86.2, n=23, evidence="a rate of 86.2%", char_start=40)
    assert check_measurements(frame(count, good)).empty
    findings = check_measurements(frame(count, bad))
    assert ("count_vs_percentage", "error") in set(zip(findings["check"], findings["level"], strict=True))
    assert any("19 of 23 is 82.61%" in d for d in findings["detail"])


def test_arm_order_flip_within_a_sentence() -> None:
    sentence = "extended PFS (11.9 vs 15 months) and OS (34.4 vs 26.3 months) compared to control"
    base = {"trial": "CLEOPATRA", "evidence": sentence, "comparison": "pertuzumab vs control"}
    rows = [
        row(**base, endpoint="PFS", arm="control", value=11.9, char_start=14),
        row(**base, endpoint="PFS", arm="pertuzumab", value=15.0, char_start=22),
        row(**base, endpoint="OS", arm="pertuzumab", value=34.4, char_start=41),
        row(**base, endpoint="OS", arm="control", value=26.3, char_start=49),
    ]
    findings = check_measurements(frame(*rows))
    assert list(findings["check"]) == ["arm_order"]
    assert findings.iloc[0]["char_start"] == 14
    assert list(check_measurements(frame(*rows[2:])).itertuples()) == []


def test_checks_columns_follow_the_record() -> None:
    assert list(check_measurements(frame()).columns) == columns(CheckFinding)


@pytest.mark.parametrize(
    ("evidence", "value_text", "span"),
    [
        ("18.1 and 18 months", "18", (9, 11)),  # not the "18" inside "18.1"
        ("OS ~ 18 months", "18", (5, 7)),
        ("ORR 65·9%", "65.9", (4, 8)),  # the value lost the middle dot the sentence kept
        ("118 patients", "18", None),
    ],
)
def test_find_value_in_evidence(evidence: str, value_text: str, span: tuple[int, int] | None) -> None:
    assert find_value_in_evidence(evidence, value_text) == span


# ---------------------------------------------------------------------------------------------
# Gold: annotations/measurements.jsonl and annotations/conflicts.json

_BOUNDARY = re.compile(r"[.!?][\)\]\"”’¹²³⁴⁵⁶⁷⁸⁹⁰]*\s+(?=[A-Z(\[“\"*])")
_BLOCK_BREAK = re.compile(r"\n\s*\n")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end]: within its block (blank-line separated; a tab-separated
    table row is a block of its own), from the previous sentence end to the next one."""
    block_start = max(text.rfind("\n\n", 0, start), -1) + 1
    match = _BLOCK_BREAK.search(text, end)
    block_end = match.start() if match else len(text)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if "\t" in text[line_start:line_end]:
        block_start, block_end = line_start, line_end
    sentence_start = block_start
    for boundary in _BOUNDARY.finditer(text, block_start, start):
        sentence_start = boundary.end()
    boundary = _BOUNDARY.search(text, end, block_end)
    sentence_end = boundary.start() + 1 if boundary else block_end
    return " ".join(text[sentence_start:sentence_end].split())


@cache
def _gold_frame() -> pd.DataFrame:
    texts: dict[str, str] = {}
    rows = []
    with open(REPO / "annotations" / "measurements.jsonl", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            doc_id = record["doc_id"]
            if doc_id not in texts:
                with open(REPO / "corpus" / f"{doc_id}.txt", encoding="utf-8", newline="") as source:
                    texts[doc_id] = source.read()
            text = texts[doc_id]
            assert text[record["start"] : record["end"]] == record["text"]
            rows.append(
                {
                    **{name: record.get(name, "") for name in columns(Measurement)},
                    "char_start": record["start"],
                    "char_end": record["end"],
                    "value_text": record["text"],
                    "evidence": sentence_around(text, record["start"], record["end"]),
                    "page": None,
                    "section": "",
                    "source": "gold",
                }
            )
    return pd.DataFrame(rows, columns=columns(Measurement))


def gold_measurements() -> pd.DataFrame:
    """The 301 gold figures shaped like measurements.csv (a copy: callers may change it)."""
    return _gold_frame().copy()


@cache
def _gold_conflicts() -> pd.DataFrame:
    return reconcile_measurements(gold_measurements())


def _flagged(entry: dict[str, Any]) -> pd.DataFrame:
    conflicts = _gold_conflicts()
    sides = expected_sides(entry)
    return conflicts[[found == sides for found in conflict_sides(conflicts)]]


def _entry_id(entry: dict[str, Any]) -> str:
    sides = "~".join(
        f"{s['doc_id'][:3]}@{s['start']}={s['text']}" for s in (entry["side_a"], entry["side_b"])
    )
    return f"{entry['trial'] or '-'}:{sides}"


@pytest.mark.parametrize("entry", conflict_expectations("expected_conflicts"), ids=_entry_id)
def test_gold_expected_conflicts_are_flagged(entry: dict[str, Any]) -> None:
    found = _flagged(entry)
    assert len(found) == 1, f"not flagged: {entry['note']}"
    conflict = found.iloc[0]
    for name in ("trial", "endpoint", "measure", "arm"):
        assert conflict[name] == entry[name], name
    assert bool(conflict["cns"]) == entry["cns"]
    # For a population self-contradiction the two sides' populations differ: either may be the key.
    assert entry["population"] in {conflict["population"], conflict["population_b"]}
    values = {(entry[s]["doc_id"], entry[s]["value"]) for s in ("side_a", "side_b")}
    assert {
        (conflict["doc_id_a"], conflict["value_a"]),
        (conflict["doc_id_b"], conflict["value_b"]),
    } == values
    assert conflict["kind"] == entry["kind"]


@pytest.mark.parametrize("entry", conflict_expectations("expected_non_conflicts"), ids=_entry_id)
def test_gold_expected_non_conflicts_are_not_flagged(entry: dict[str, Any]) -> None:
    assert _flagged(entry).empty, f"false alarm ({entry['reason']}): {entry['note']}"


def test_gold_produces_only_the_expected_conflicts() -> None:
    expected = {expected_sides(e) for e in conflict_expectations("expected_conflicts")}
    assert set(conflict_sides(_gold_conflicts())) == expected


_DETECTABLE = {"ci_vs_p", "arm_order", "point_at_ci_bound"}
_UNDETECTABLE = {
    "count_vs_percentage": "4 patients (44.4%) is self-consistent as 4/9; that the three cohorts hold more"
    " than 9 patients is nowhere in the measurements",
    "attribution": "the values are OS in the gold; that the grammar of the sentence attaches them to PFS is"
    " not in the measurements",
}


def _internal(entry: dict[str, Any]) -> Any:
    if entry["check"] in _DETECTABLE:
        return entry
    reason = _UNDETECTABLE.get(entry["check"], "not detectable from the measurements")
    return pytest.param(entry, marks=pytest.mark.xfail(strict=True, reason=reason))


@pytest.mark.parametrize(
    "entry",
    [_internal(e) for e in conflict_expectations("expected_internal_inconsistencies")],
    ids=lambda e: f"{e['check']}:{e['doc_id'][:3]}@{e['start']}",
)
def test_gold_internal_inconsistencies(entry: dict[str, Any]) -> None:
    findings = check_measurements(gold_measurements())
    here = findings[(findings["doc_id"] == entry["doc_id"]) & (findings["char_start"] == entry["start"])]
    assert entry["check"] in set(here["check"])

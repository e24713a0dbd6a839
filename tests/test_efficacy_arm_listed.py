"""A list of as many values as the paper's design has arms, with no labels of its own, gives them in
the order the paper named its arms, as a pair gives a two-arm design's: "Survival in the three groups
was 93%, 94%, and 93%, respectively", "pCR in breast and axilla (21, 17, and 19 %)". Not a list over
endpoints, time points or subgroups, nor one of another length than the design's."""

from __future__ import annotations

from pathlib import Path

from pipeline.efficacy.candidates import find_values, value_series
from pipeline.efficacy.rules import efficacy_rules
from tests.extracting import arm_by_value as arms

# Control named first: the list follows the paper's order, not "experimental first".
_THREE_ARMS = (
    "Patients were randomly assigned to paclitaxel (n = 47), paclitaxel plus bevacizumab (n = 46), or "
    "paclitaxel plus trastuzumab (n = 48).\n\n"
)
_IN_ORDER = ("paclitaxel", "paclitaxel + bevacizumab", "paclitaxel + trastuzumab")
_TWO_ARMS = (
    "Patients were randomly assigned to paclitaxel (n = 47) or paclitaxel plus bevacizumab (n = 46).\n\n"
)
_FOUR_ARMS = (
    "Patients were randomly assigned to paclitaxel (n = 47), paclitaxel plus bevacizumab (n = 46), "
    "paclitaxel plus trastuzumab (n = 48), or paclitaxel plus lapatinib (n = 45).\n\n"
)


def test_a_respectively_list_over_the_three_groups_takes_the_designs_order(tmp_path: Path) -> None:
    text = _THREE_ARMS + "Overall survival in the three groups was 91%, 94%, and 89%, respectively."
    assert arms(tmp_path, text) == dict(zip(("91", "94", "89"), _IN_ORDER, strict=True))


def test_an_unlabelled_list_in_brackets_takes_the_designs_order(tmp_path: Path) -> None:
    text = _THREE_ARMS + (
        "Secondary endpoints were comparable: pCR in breast and axilla (21, 17, and 19 %); objective "
        "response (60, 61, and 63 %)."
    )
    found = arms(tmp_path, text)
    assert [found[v] for v in ("21", "17", "19")] == list(_IN_ORDER)
    assert [found[v] for v in ("60", "61", "63")] == list(_IN_ORDER)


def test_a_list_before_a_labelled_respectively_list_takes_its_labels(tmp_path: Path) -> None:
    text = (
        "Patients were randomly assigned to tailored dose-dense epirubicin and cyclophosphamide followed "
        "by docetaxel (group A), the same regimen with fixed doses (group B), or the TAC regimen (group "
        "C).\n\nThe probability for 10-year survival was 78.5, 75.1, and 63.4% and for relapse free "
        "survival 64.1, 71.0, and 59.5% for groups A, B, and C, respectively."
    )
    found = arms(tmp_path, text)
    assert [found[v] for v in ("78.5", "75.1", "63.4")] == [found[v] for v in ("64.1", "71.0", "59.5")]
    assert found["63.4"] == "tac regimen"


# A list the design's order does give, beside the one it does not: the first is each arm's, the
# second no arm's.
_GIVEN = "Overall survival in the three groups was 91%, 94%, and 89%, respectively. "


def _listed_and_not(found: dict[str, str], others: tuple[str, ...]) -> None:
    assert [found[v] for v in ("91", "94", "89")] == list(_IN_ORDER)
    assert {found[v] for v in others} == {""}


def test_a_list_over_time_points_takes_no_arm(tmp_path: Path) -> None:
    text = _THREE_ARMS + _GIVEN + "Overall survival at 1, 3 and 5 years was 90, 80 and 70%."
    _listed_and_not(arms(tmp_path, text), ("90", "80", "70"))


def test_a_list_over_subgroups_takes_no_arm(tmp_path: Path) -> None:
    text = (
        _THREE_ARMS
        + _GIVEN
        + "The objective response rate was 40%, 35% and 30% in stage I, II and III disease."
    )
    _listed_and_not(arms(tmp_path, text), ("40", "35", "30"))


def test_a_list_over_endpoints_takes_no_arm(tmp_path: Path) -> None:
    text = (
        _THREE_ARMS
        + _GIVEN
        + ("DFS, overall survival and distant metastasis-free survival were 64, 85 and 71%.")
    )
    _listed_and_not(arms(tmp_path, text), ("64", "85", "71"))


def test_a_list_of_another_length_than_the_design_takes_no_arm(tmp_path: Path) -> None:
    # The last two values of three are no pair of a two-arm design's.
    assert set(arms(tmp_path, _TWO_ARMS + "The objective response rate was 40%, 35% and 30%.").values()) == {
        ""
    }
    text = _FOUR_ARMS + "The objective response rate was 40%, 35% and 30%. Overall survival was 60% and 50%."
    assert {arms(tmp_path, text)[v] for v in ("40", "35", "30")} == {""}


def test_the_last_two_values_of_a_series_are_no_pair(tmp_path: Path) -> None:
    # "leads to survival times of 22, 16 and 8 months for recurrent WHO grade II, III and IV gliomas"
    # (PMC2958944): the series is the one regimen's, not a pair of the design's two arms after a value.
    text = (
        "Patients were randomly assigned to temozolomide (n = 40) or lomustine (n = 41).\n\nWith lomustine, "
        "median overall survival was 22, 16 and 8 months for grade II, III and IV gliomas."
    )
    assert set(arms(tmp_path, text).values()) == {"lomustine"}


def test_a_series_is_three_or_more_like_values_listed_by_commas_and_and() -> None:
    rules = efficacy_rules()
    for text, expected in (
        ("ORR was 21, 17, and 19 % in total", {0: (0, 3), 1: (1, 3), 2: (2, 3)}),
        ("ORR was 40%, 35% and 30% and 20%", {0: (0, 4), 1: (1, 4), 2: (2, 4), 3: (3, 4)}),
        ("ORR was 98% vs. 94% and 96% vs. 90%", {}),  # pairs, not a list
        ("ORR was 40% and 30%", {}),
    ):
        assert value_series(text, tuple(find_values(text, 0, len(text), rules))) == expected, text


_ERLOTINIB = "Patients were randomly assigned to erlotinib or placebo.\n\n"


def test_labels_right_after_a_pair_are_its_values_in_order_without_respectively(tmp_path: Path) -> None:
    # the design names erlotinib first; the labels after the pair name placebo first
    found = arms(
        tmp_path,
        _ERLOTINIB + "Median overall survival was 2.9 and 3.4 months in the placebo and erlotinib arms; "
        "HR 0.95 (95% CI 0.58 to 1.55).",
    )
    assert (found["2.9"], found["3.4"]) == ("placebo", "erlotinib")


def test_labels_after_a_pair_that_are_not_its_own_list_are_not_its_values(tmp_path: Path) -> None:
    # the first pair is followed by the second, not by the labels: the design's order stays its own
    found = arms(
        tmp_path,
        _ERLOTINIB + "Median PFS was 4.1 vs 2.0 months, and median overall survival was 2.9 and 3.4 "
        "months in the placebo and erlotinib arms.",
    )
    assert (found["4.1"], found["2.0"]) == ("erlotinib", "placebo")
    assert (found["2.9"], found["3.4"]) == ("placebo", "erlotinib")


_DOCETAXEL = "Patients were randomly assigned to docetaxel or paclitaxel.\n\n"


def test_a_count_and_its_share_of_the_named_group_are_that_groups(tmp_path: Path) -> None:
    found = arms(
        tmp_path,
        _DOCETAXEL + "Death occurred in 45 patients (22%) of the paclitaxel group and 60 patients (29%) "
        "of the docetaxel group.",
    )
    assert (found["45"], found["22"]) == ("paclitaxel", "paclitaxel")
    assert (found["60"], found["29"]) == ("docetaxel", "docetaxel")


def test_a_share_of_those_receiving_a_regimen_is_that_regimens(tmp_path: Path) -> None:
    found = arms(
        tmp_path,
        _DOCETAXEL + "Objective responses were observed in 32% of patients receiving paclitaxel and 25% "
        "of those receiving docetaxel.",
    )
    assert (found["32"], found["25"]) == ("paclitaxel", "docetaxel")


def test_regimens_listed_right_after_a_pair_are_its_values_in_order(tmp_path: Path) -> None:
    # "paclitaxel and docetaxel" lists the design's two arms, in another order than the design's
    found = arms(tmp_path, _DOCETAXEL + "Survival at 2 years was 35% and 25% for paclitaxel and docetaxel.")
    assert (found["35"], found["25"]) == ("paclitaxel", "docetaxel")
    found = arms(tmp_path, _DOCETAXEL + "Mean PFS was 5.4 vs 6.3 months (paclitaxel vs docetaxel).")
    assert (found["5.4"], found["6.3"]) == ("paclitaxel", "docetaxel")


def test_two_drugs_of_one_arm_joined_by_and_stay_one_regimen(tmp_path: Path) -> None:
    found = arms(
        tmp_path,
        "Patients were randomly assigned to docetaxel and cyclophosphamide or to doxorubicin.\n\n"
        "Survival at 2 years was 35% with docetaxel and cyclophosphamide.",
    )
    assert found["35"] == "docetaxel + cyclophosphamide"

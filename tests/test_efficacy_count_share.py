"""A count and its share written right after it ("35 of the 51 patients (68%)", "one patient (3.1%)",
"15 of 108 (13.9%)") are one figure: both take the arm named after the share, or the one named before
the count. A percentage of the patients is a share of them, whose outcome may be named after its
patients, as a count's is. A count or its denominator in the thousands is read whole ("12 of 1,000
patients"), and an outcome "achieved", "developed" or "reported" in patients counts them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extracting import figures_by_value

DESIGN = "Patients with operable breast cancer were randomly assigned to docetaxel or paclitaxel. "


@pytest.mark.parametrize(
    "sentence",
    [
        "pCR was achieved in 24 of the 110 patients (21.8%) in the docetaxel arm and 15 of the 108 "
        "patients (13.9%) in the paclitaxel arm.",
        "The pCR was three patients (21.8%) with docetaxel and one patient (13.9%) with paclitaxel.",
        "pCR was achieved in 24 of 110 (21.8%) with docetaxel and 15 of 108 (13.9%) with paclitaxel.",
        "pCR was achieved by 24 of 110 (21.8%) patients with docetaxel and by 15 of 108 (13.9%) with "
        "paclitaxel.",
        "pCR was achieved in 24/110 (21.8%) receiving docetaxel and 15/108 (13.9%) receiving paclitaxel.",
        # the share in brackets after a count keeps the arm named before the count
        "With docetaxel, 24 patients (21.8%) had a pCR, and with paclitaxel 15 (13.9%).",
    ],
)
def test_a_count_and_its_share_take_one_arm(tmp_path: Path, sentence: str) -> None:
    figures = figures_by_value(tmp_path, DESIGN + sentence)
    first, second = [v for v in figures if v not in ("21.8", "13.9")]
    assert {v: m.arm for v, m in figures.items()} == {
        first: "docetaxel",
        "21.8": "docetaxel",
        second: "paclitaxel",
        "13.9": "paclitaxel",
    }


@pytest.mark.parametrize(
    ("sentence", "docetaxel", "paclitaxel"),
    [
        # shares with their counts in brackets are a pair
        (
            "The pCR rates were 21.8% (24/110) and 13.9% (15/108), respectively.",
            ["21.8", "24"],
            ["13.9", "15"],
        ),
        (
            "The pCR rates were 21.8% (24 of the 110) and 13.9% (15 of the 108), respectively.",
            ["21.8", "24"],
            ["13.9", "15"],
        ),
        (
            "pCR was more frequent (21.8% [24/110] vs 13.9% [15/108]; P = 0.04).",
            ["21.8", "24"],
            ["13.9", "15"],
        ),
        # counts of outcomes joined by "and" take the arm named after the last
        (
            "Sixty-five relapses and 38 deaths in the docetaxel group and 62 relapses and 33 deaths in the "
            "paclitaxel group occurred during follow-up.",
            ["Sixty-five", "38"],
            ["62", "33"],
        ),
        (
            "Sixty-five CR and 38 PR were recorded in the docetaxel arm, and 62 CR and 33 PR were recorded "
            "in the paclitaxel arm.",
            ["Sixty-five", "38"],
            ["62", "33"],
        ),
    ],
)
def test_each_arm_takes_its_pair_or_list_of_values(
    tmp_path: Path, sentence: str, docetaxel: list[str], paclitaxel: list[str]
) -> None:
    figures = figures_by_value(tmp_path, DESIGN + sentence)
    expected = {v: "docetaxel" for v in docetaxel} | {v: "paclitaxel" for v in paclitaxel}
    assert {v: m.arm for v, m in figures.items()} == expected


def test_a_regimen_after_each_count_is_its_own_arm(tmp_path: Path) -> None:
    figures = figures_by_value(
        tmp_path, DESIGN + "In all, 399 recurrences (164 docetaxel and 235 paclitaxel) occurred."
    )
    assert {v: m.arm for v, m in figures.items()} == {"399": "", "164": "docetaxel", "235": "paclitaxel"}


def test_a_percentage_of_patients_takes_the_outcome_named_after_them(tmp_path: Path) -> None:
    figures = figures_by_value(
        tmp_path,
        DESIGN + "27.3% of patients in the docetaxel group had complete response, and 31.8% had partial "
        "response.",
    )
    assert {v: (m.endpoint, m.arm) for v, m in figures.items()} == {
        "27.3": ("CR", "docetaxel"),
        "31.8": ("PR", "docetaxel"),
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Local recurrence occurred in 12 of 1,000 patients given docetaxel.",
            {"12": (12.0, 1000, "docetaxel")},
        ),
        (
            "There were 1,013 deaths with docetaxel and 1,120 with paclitaxel.",
            {"1,013": (1013.0, None, "docetaxel"), "1,120": (1120.0, None, "paclitaxel")},
        ),
    ],
)
def test_a_count_or_denominator_in_thousands_is_read_whole(
    tmp_path: Path, sentence: str, expected: dict[str, tuple[float, int | None, str]]
) -> None:
    figures = figures_by_value(tmp_path, DESIGN + sentence)
    assert {v: (m.value, m.n, m.arm) for v, m in figures.items() if m.measure == "count"} == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "A pCR was achieved in 24 patients in the docetaxel group and 15 in the paclitaxel group.",
        "Local recurrence developed in 24 patients treated with docetaxel and 15 treated with paclitaxel.",
        "Distant recurrence was reported in 24 patients in the docetaxel arm and 15 in the paclitaxel arm.",
    ],
)
def test_an_outcome_achieved_developed_or_reported_in_patients_counts_them(
    tmp_path: Path, sentence: str
) -> None:
    figures = figures_by_value(tmp_path, DESIGN + sentence)
    assert {v: (m.measure, m.arm) for v, m in figures.items()} == {
        "24": ("count", "docetaxel"),
        "15": ("count", "paclitaxel"),
    }

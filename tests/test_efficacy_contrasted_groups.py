"""Figures of two groups a characteristic defines, set against each other (issue #10): "87.5% for
non-obese and 82.9% for obese patients", "lower for palpable than nonpalpable tumors (93.5% vs.
98.4%)". Each figure is its group's, the row's population, and no arm's: the groups are pooled over
the trial's arms, so the order of the arms the design would lend a pair is not theirs."""

from __future__ import annotations

from pathlib import Path

from tests.extracting import figures_by_value

DESIGN = "Women with early breast cancer were randomly assigned to letrozole or placebo. "


def arm_and_population(tmp_path: Path, text: str) -> dict[str, tuple[str, str]]:
    """value as printed -> (arm, population), for the figures of `text` in a cancer document."""
    return {value: (m.arm, m.population) for value, m in figures_by_value(tmp_path, text).items()}


def test_each_figure_takes_the_group_named_right_after_it(tmp_path: Path) -> None:
    found = arm_and_population(
        tmp_path, DESIGN + "Five-year disease-free survival was 88.0% for nonobese and 81.5% for obese women."
    )
    assert found["88.0"] == ("", "nonobese women")
    assert found["81.5"] == ("", "obese women")


def test_a_pair_takes_the_groups_named_before_it_in_their_order(tmp_path: Path) -> None:
    found = arm_and_population(
        tmp_path,
        DESIGN + "Disease-free survival was lower for node-positive than node-negative patients "
        "(70.5% vs. 89.9%, p < 0.001; overall survival 80.2% vs. 93.1%).",
    )
    assert found["70.5"] == found["80.2"] == ("", "node-positive patients")
    assert found["89.9"] == found["93.1"] == ("", "node-negative patients")


def test_the_groups_are_the_level_words_with_the_marker_they_share(tmp_path: Path) -> None:
    found = arm_and_population(
        tmp_path,
        DESIGN + "Patients who had elevated versus normal serum CA 15-3 levels had a lower overall "
        "response rate (21% vs 45%; P = .02).",
    )
    assert found["21"] == ("", "elevated serum CA 15-3 levels")
    assert found["45"] == ("", "normal serum CA 15-3 levels")


def test_words_that_do_not_name_opposite_groups_leave_the_arms_alone(tmp_path: Path) -> None:
    found = arm_and_population(
        tmp_path,
        DESIGN + "Among obese and elderly patients, median progression-free survival was 12.1 months "
        "with letrozole versus 8.3 months with placebo.",
    )
    assert found["12.1"][0] == "letrozole"
    assert found["8.3"][0] == "placebo"


def test_a_regimen_named_with_its_figure_keeps_its_arm(tmp_path: Path) -> None:
    found = arm_and_population(
        tmp_path,
        DESIGN + "With letrozole, the response rate was 41% for premenopausal and 33% for "
        "postmenopausal women.",
    )
    assert found["41"] == ("letrozole", "premenopausal women")
    assert found["33"] == ("letrozole", "postmenopausal women")

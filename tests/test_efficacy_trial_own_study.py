"""A trial the paragraph carries is not the paper's own study's (issue #10, PMC trial carry sample
2026-12-03): once a paragraph that named a cited trial speaks of the paper's own work ("our study",
"we", "the current study"), its figures are no longer that trial's. A trial that is the paper's own
(its title or its design names it, or it is the one trial the paper names with a registration
number) goes on being carried."""

from __future__ import annotations

from pathlib import Path

from tests.extracting import figures_by_value

CITED = (
    "The ARIES trial showed a longer median overall survival with bevacizumab beyond progression "
    "(27.5 vs. 18.7 months) [13]."
)


def trials(tmp_path: Path, text: str) -> dict[str, str]:
    return {value: m.trial for value, m in figures_by_value(tmp_path, text).items()}


def test_a_later_sentence_on_the_papers_own_study_drops_the_cited_trial(tmp_path: Path) -> None:
    text = (
        "A phase II study of bevacizumab beyond progression in colorectal cancer\n\n"
        f"{CITED} The primary objective of the current study was to confirm this. The median overall "
        "survival was 30.8 months."
    )
    found = trials(tmp_path, text)
    assert found["27.5"] == found["18.7"] == "ARIES"
    assert found["30.8"] == ""


def test_a_figure_of_our_study_in_its_own_sentence_is_not_the_cited_trials(tmp_path: Path) -> None:
    text = f"{CITED} The median overall survival in our study was 30.8 months."
    assert trials(tmp_path, text)["30.8"] == ""


def test_a_cited_trial_goes_on_where_no_own_study_is_named(tmp_path: Path) -> None:
    text = f"{CITED} Its median progression-free survival was 9.1 months."
    assert trials(tmp_path, text)["9.1"] == "ARIES"


def test_the_papers_own_trial_goes_on_past_our_words(tmp_path: Path) -> None:
    text = (
        "Final overall survival of tucatinib in the HER2CLIMB trial\n\n"
        "HER2CLIMB randomized patients to tucatinib or placebo. We observed a median overall survival "
        "of 24.7 months with tucatinib."
    )
    assert trials(tmp_path, text)["24.7"] == "HER2CLIMB"


def test_a_trial_named_with_its_registration_is_the_papers_own(tmp_path: Path) -> None:
    # No title and no randomisation sentence: the one trial the abstract names, with the one
    # registration number it gives, is its own, and "the current analysis" goes on with it.
    text = (
        "The DATA study (NCT00301457) compared 6 and 3 years of anastrozole. The current analysis "
        "examined the influence of ovarian function recovery. The 5-year rate of distant "
        "recurrence-free survival was 76.9% for women with recovery."
    )
    assert trials(tmp_path, text)["76.9"] == "DATA"

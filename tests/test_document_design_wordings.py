"""More of the ways a paper states its own design: words sharing one ending inside the list, a part
every arm shares before "with either", the noun "randomization", how patients were randomised
("using a computer-generated list"), and arms given with their sizes after "received"."""

from __future__ import annotations

import pytest

from tests.extracting import design_of


@pytest.mark.parametrize(
    ("text", "arms"),
    [
        # "first-, second-, or third-line" is one phrase of the second arm, not three more arms
        (
            "Women with metastatic breast cancer were randomly assigned to receive eribulin or capecitabine "
            "as their first-, second-, or third-line chemotherapy for advanced disease.",
            ["eribulin", "capecitabine"],
        ),
        # what comes before "with either" every arm receives
        (
            "Women were randomized 2:1 to fulvestrant (500 mg) plus goserelin with either palbociclib "
            "(125 mg/day orally) or placebo.",
            ["fulvestrant + goserelin + palbociclib", "fulvestrant + goserelin + placebo"],
        ),
        # any allocation ratio, spaced or not (PMC4052786: "randomly assigned 1 : 1 to receive zinc")
        (
            "Children with pneumonia were randomly assigned 1 : 1 to receive zinc or placebo.",
            ["zinc", "placebo"],
        ),
        (
            "Patients were randomized 3:1 to letrozole or anastrozole.",
            ["letrozole", "anastrozole"],
        ),
        (
            "Patients were randomly assigned to letrozole in combination with either everolimus or placebo.",
            ["letrozole + everolimus", "letrozole + placebo"],
        ),
        # the noun: "after randomization to"
        (
            "Seventy patients scheduled for mastectomy were analyzed after randomization to treatment with "
            "8 mg intravenous dexamethasone (n = 35) or placebo (n = 35).",
            ["dexamethasone", "placebo"],
        ),
        # how patients were randomised, between the verb and "to"
        (
            "Participants were randomized using a computer-generated list to supervised exercise or "
            "usual care.",
            ["supervised exercise", "usual care"],
        ),
        (
            "Patients were randomly assigned by a third-party investigator to receive tamoxifen (n = 40) "
            "or observation (n = 41).",
            ["tamoxifen", "observation"],
        ),
        # how they were randomised ends where "to" begins the list: not "between July 2011 and October 2014"
        (
            "In total, 88 patients were randomized by 11 sites between July 2011 and October 2014. "
            "Participants were randomized using a computer-generated list to supervised exercise or "
            "usual care.",
            ["supervised exercise", "usual care"],
        ),
        # "one of the three groups," opens the list, and is no arm of it
        (
            "Women were randomly assigned to one of the three treatment groups, tamoxifen, letrozole, or "
            "anastrozole.",
            ["tamoxifen", "letrozole", "anastrozole"],
        ),
        # no word for randomising, but each arm given with its size
        (
            "Patients received cediranib 45 mg/day (n=31) or placebo (n=31) for up to one year.",
            ["cediranib", "placebo"],
        ),
    ],
)
def test_reads_the_design_written_so(text: str, arms: list[str]) -> None:
    design = design_of(text)
    assert design is not None
    assert [a.canonical for a in design.arms] == arms


@pytest.mark.parametrize(
    "time",
    [
        "Progression-free survival was defined as the time from randomization to progression or death.",
        "Survival was measured from the date of randomisation to death or last follow-up.",
    ],
)
def test_a_time_from_randomization_is_no_design(time: str) -> None:
    """A time that starts at randomisation, written before the design, is no list of arms."""
    design = design_of(
        f"{time} Seventy patients were analyzed after randomization to treatment with dexamethasone "
        "(n = 35) or placebo (n = 35)."
    )
    assert design is not None
    assert [a.canonical for a in design.arms] == ["dexamethasone", "placebo"]


@pytest.mark.parametrize(
    ("text", "arms"),
    [
        # a bracket closes the first regimen of the comparison: its short name, its size
        (
            "Capecitabine (X) versus vinorelbine (V) in metastatic breast cancer: a phase II study. The "
            "median PFS was 5.1 and 4.4 months.",
            ["capecitabine", "vinorelbine"],
        ),
        (
            "Palbociclib (n = 72) versus placebo (n = 36): median PFS was 9.5 versus 5.6 months.",
            ["palbociclib", "placebo"],
        ),
        # "or" after a bracket that names a group or gives its size
        (
            "Either dexmedetomidine (Group D) or midazolam (Group M) was mixed with normal saline.",
            ["dexmedetomidine", "midazolam"],
        ),
        # "with that of"
        (
            "We compared the efficacy of letrozole with that of anastrozole in 120 postmenopausal women. "
            "Median PFS was 10.1 vs 9.0 months.",
            ["letrozole", "anastrozole"],
        ),
    ],
)
def test_a_comparison_written_so_is_the_design_of_a_paper_that_states_none(
    text: str, arms: list[str]
) -> None:
    design = design_of(text)
    assert design is not None
    assert [a.canonical for a in design.arms] == arms


def test_treatments_listed_with_their_shares_are_no_comparison() -> None:
    """ "abiraterone (76.1%) or cabazitaxel" lists prior treatments; the paper's comparison is the one
    after it."""
    design = design_of(
        "Prior treatments were abiraterone (76.1%) or cabazitaxel (28.6%). Enzalutamide (E) versus "
        "placebo (P) was compared in 500 patients."
    )
    assert design is not None
    assert [a.canonical for a in design.arms] == ["enzalutamide", "placebo"]


@pytest.mark.parametrize(
    ("text", "arms"),
    [
        # the placebo arm written alone takes the drug the paper later gives it with
        (
            "Patients were randomized 1:1 to receive fulvestrant plus dovitinib or placebo. Median PFS "
            "was 5.5 months in both arms. Patients who received placebo plus fulvestrant had fewer "
            "adverse events.",
            ["fulvestrant + dovitinib", "placebo + fulvestrant"],
        ),
        # the backbone written after the list is the active arm's too
        (
            "Patients were randomized to receive vandetanib (100 mg/day) or placebo together with "
            "fulvestrant. We studied fulvestrant with vandetanib in bone metastases.",
            ["fulvestrant + vandetanib", "placebo + fulvestrant"],
        ),
    ],
)
def test_a_placebo_arm_shares_the_drugs_the_paper_gives_it_elsewhere(text: str, arms: list[str]) -> None:
    design = design_of(text)
    assert design is not None
    assert [a.canonical for a in design.arms] == arms


@pytest.mark.parametrize(
    "text",
    [
        # placebo for both drugs: nothing in the paper gives placebo with one of them
        "Participants were randomized to cholecalciferol daily plus calcium carbonate or matching "
        "placebo for 48 weeks.",
        # "sertraline and placebo" are the two arms, not one regimen
        "Patients were randomized to sertraline or placebo. Sertraline and placebo were well tolerated.",
    ],
)
def test_a_placebo_arm_stays_alone_without_a_regimen_that_shares_part_of_the_other_arm(text: str) -> None:
    design = design_of(text)
    assert design is not None
    assert "placebo" in [a.canonical for a in design.arms]

"""Design sentences whose verb comes before a long object or a manner ("randomly assigned 2972
women, aged 30-70 years, with ... to receive", "randomized 1:1:1 to", "randomized in a double-blind
fashion to"), and groups named with their sizes ("the X (n = 68) and Y (n = 54) groups")."""

from __future__ import annotations

import pytest

from tests.extracting import design_of


@pytest.mark.parametrize(
    ("text", "arms"),
    [
        # the object with its comma clauses and a clause after them
        (
            "We randomly assigned 1200 women, aged 35-70 years, with resected stage I breast cancer to "
            "receive for 3 years either letrozole orally or no treatment.",
            ["letrozole", "no treatment"],
        ),
        # an object of four words, and "will randomise"
        (
            "This phase II trial will randomise 90 treatment-naive early breast cancer patients to receive "
            "anastrozole for 14 days or no treatment.",
            ["anastrozole", "no treatment"],
        ),
        # a participle clause after the object
        (
            "Four hospitals randomized 120 women undergoing mastectomy to nurse-led follow-up (n = 60) "
            "or usual care (n = 60).",
            ["nurse-led follow-up", "usual care"],
        ),
        # the ratio before the object
        (
            "We randomly assigned (1:1) patients with lymphoedema using a web-based platform to "
            "supervised exercise or usual care.",
            ["supervised exercise", "usual care"],
        ),
        # a ratio of three arms
        (
            "Patients with HER2-positive disease were randomized 1:1:1 to afatinib, lapatinib, or "
            "trastuzumab for 6 weeks.",
            ["afatinib", "lapatinib", "trastuzumab"],
        ),
        # the manner of randomising before "to"
        (
            "Healthy women were randomly assigned in a double-blind manner to tamoxifen (20 mg daily) or "
            "placebo for 5 years.",
            ["tamoxifen", "placebo"],
        ),
    ],
)
def test_reads_the_design_after_the_verbs_object(text: str, arms: list[str]) -> None:
    design = design_of(text)
    assert design is not None
    assert [a.canonical for a in design.arms] == arms


def test_groups_named_with_their_sizes() -> None:
    design = design_of(
        "Eligible patients were divided into trastuzumab (n = 68) and observation (n = 54) groups."
    )
    assert design is not None
    assert [(a.canonical, a.control) for a in design.arms] == [("trastuzumab", False), ("observation", True)]


def test_a_values_bracket_does_not_join_two_groups() -> None:
    """ "the 80 μM group (8%, p= .12) and the standard chemotherapy group": the first bracket is a value,
    not a group's size, so the groups are not read as one pair "80 μM group ... and standard
    chemotherapy"."""
    from pipeline.efficacy.document_design.rules import design_rules

    text = "compared with the 80 μM trabedersen group (8%, p= .12) and the standard chemotherapy group (7%)"
    pairs = [(m["first"], m["second"]) for m in design_rules().two_named_arms.finditer(text)]
    assert ("trabedersen group", "standard chemotherapy") not in pairs


def test_an_arm_without_drugs_keeps_what_it_adds() -> None:
    """ "whole-breast irradiation plus regional nodal irradiation" against "whole-breast irradiation
    alone": the first arm's name keeps its second part, which tells it from the other."""
    design = design_of(
        "We randomly assigned women with node-positive breast cancer to undergo either whole-breast "
        "irradiation plus regional nodal irradiation (nodal-irradiation group) or whole-breast "
        "irradiation alone (control group)."
    )
    assert design is not None
    assert "nodal" in design.arms[0].canonical
    assert design.arms[1].control


def test_group_names_are_found_where_the_whole_text_search_finds_them() -> None:
    """The pairs of named groups are searched only before each "group"/"arm" noun, for speed; they
    are the pairs a search of the whole text finds."""
    from pipeline.efficacy.document_design.readers import _ending_at_group_nouns
    from pipeline.efficacy.document_design.rules import design_rules

    rules = design_rules()
    text = (
        "Patients were divided into trastuzumab (n = 68) and observation (n = 54) groups. Toxicity "
        "was similar in the two arms. "
        + "Follow-up visits were planned every three months. "
        * 8
        + "Relapses were fewer in the exercise group than in the control group, and the letrozole "
        "and anastrozole arms did not differ."
    )
    for pattern in (rules.two_named_arms, rules.named_arm):
        whole = [m.group() for m in pattern.finditer(text)]
        assert whole
        assert [m.group() for m in _ending_at_group_nouns(pattern, text)] == whole

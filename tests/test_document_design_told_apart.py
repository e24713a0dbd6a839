"""A design is only a design when its arms can be told apart by name (issue #10): an arm with no name,
a name cut at a hyphen, or two arms of one name make the reader ask the next way of reading one."""

from __future__ import annotations

from tests.extracting import design_of


def arms_of(text: str) -> list[str] | None:
    design = design_of(text)
    return [a.canonical for a in design.arms] if design else None


DEFINED = "We compared docetaxel and epirubicin with lobaplatin (TEL) and docetaxel and epirubicin (TE). "
# "groups 1 or 2 (...)": the first arm has no name, the second runs on into the brackets
UNREAD = (
    "The other 125 patients were randomly allocated to groups 1 or 2 (63 in the patients the TE group "
    "(median tumor size 2.8 cm (range 0.7-6.00 cm)) and 62 patients in the TEL group (median tumor "
    "size 2.97 cm (range 0.94-7.00 cm))."
)


def test_an_arm_without_a_name_is_no_design() -> None:
    assert arms_of(DEFINED + UNREAD) is None


def test_a_name_cut_at_a_hyphen_is_no_arm() -> None:
    text = "Survival was improved with postoperative RT in the high- and intermediate-risk groups."
    assert arms_of(text) is None


def test_a_paper_whose_design_sentence_is_unread_takes_no_comparison_for_it() -> None:
    text = DEFINED + "Platinum-based compounds (cisplatin or carboplatin) are widely used. " + UNREAD
    assert arms_of(text) is None


def test_a_paper_without_a_design_sentence_still_takes_its_first_comparison() -> None:
    text = "Platinum-based compounds (cisplatin or carboplatin) are widely used in triple-negative disease."
    assert arms_of(text) == ["cisplatin", "carboplatin"]

"""The arms a paper's title compares, its design when no sentence states one (issue #10: "read a
document's own design ... use it to attribute unnamed pairs")."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.efficacy.pieces import title_span
from tests.extracting import arm_by_value, design_of

# An abstract as PubMed gives it: the title, then the text on the same line; no sentence says to
# what the patients were randomised.
SURGERY = (
    "Breast-conserving surgery compared with mastectomy in early breast cancer: 20-year follow-up of a "
    "randomized trial. A total of 701 women with tumors of 2 cm or less were enrolled."
)


@pytest.mark.parametrize(
    ("text", "arms"),
    [
        (SURGERY, ["breast-conserving surgery", "mastectomy"]),
        # the comparator goes last, and an arm with no drug keeps its own words
        (
            "Adjuvant tamoxifen compared with no adjuvant therapy in postmenopausal women: results of a "
            "randomized trial. Women were followed for ten years.",
            ["tamoxifen", "no adjuvant"],
        ),
        # the first arm begins after what opens the list; three arms
        (
            "A neoadjuvant, randomized phase II trial of afatinib versus trastuzumab versus lapatinib in "
            "patients with HER2-positive breast cancer. Patients were treated for six weeks.",
            ["afatinib", "trastuzumab", "lapatinib"],
        ),
        # "with or without": the addition, then the regimen alone
        (
            "Sector resection with or without postoperative radiotherapy for stage I breast cancer: "
            "20-year results of a randomized trial. Women were followed for 20 years.",
            ["postoperative radiotherapy", "sector resection"],
        ),
        # "comparing A with B" and "comparing A and B"
        (
            "A prospective randomized trial comparing patent blue and methylene blue for the detection "
            "of the sentinel lymph node. Both dyes were injected.",
            ["patent blue", "methylene blue"],
        ),
        # a title's own colon is no heading, and "vs." no full stop
        (
            "FACT: an open-label randomized phase III study of fulvestrant and anastrozole in combination "
            "compared with anastrozole alone as first-line therapy. Women were followed for a year.",
            ["fulvestrant + anastrozole", "anastrozole"],
        ),
        (
            "Randomized trial of adjuvant tamoxifen vs. no adjuvant therapy in women aged 70 or older. "
            "Women were followed for ten years.",
            ["tamoxifen", "no adjuvant"],
        ),
        # after a "TITLE:" label, on a line of its own
        (
            "TITLE: Randomised trial of chemotherapy versus endocrine therapy in locally advanced breast "
            "cancer\n\nABSTRACT: Women were followed for five years.",
            ["chemotherapy", "endocrine"],
        ),
    ],
)
def test_the_title_compares_the_arms(text: str, arms: list[str]) -> None:
    design = design_of(text)
    assert design is not None
    assert [arm.canonical for arm in design.arms] == arms


@pytest.mark.parametrize(
    "text",
    [
        # "or" between two stages of a disease compares nothing
        "Phase II, randomized, double-blind study of two dose levels of arzoxifene in patients with "
        "locally advanced or metastatic breast cancer. Women were followed for a year.",
        # the first "arm" runs into a clause: no arm's name
        "Weekly paclitaxel improves pathologic complete remission in operable breast cancer when compared "
        "with paclitaxel once every 3 weeks. Women were followed for a year.",
        # a first line that reports figures is a sentence of results, not a title
        "Overall survival with breast-conserving surgery versus mastectomy was 15.4 and 12.7 months "
        "(P = .03). The difference held in all subgroups.",
        # an empty title, then a section: the first sentence is no title
        "TITLE: \n\n  ABSTRACT.BACKGROUND:\nThis is a randomized trial comparing adjuvant S-1 therapy "
        "with surgery alone in 1,059 patients with gastric cancer.",
    ],
)
def test_no_comparison_in_the_title_reads_no_design(text: str) -> None:
    assert design_of(text) is None


def test_a_design_sentence_comes_before_the_title() -> None:
    text = (
        "Letrozole compared with tamoxifen in advanced breast cancer. Patients were randomly assigned to "
        "letrozole or anastrozole."
    )
    design = design_of(text)
    assert design is not None
    assert [arm.canonical for arm in design.arms] == ["letrozole", "anastrozole"]


def test_a_pair_of_unnamed_values_takes_the_titles_arms(tmp_path: Path) -> None:
    # Before, with no design sentence and no drug, the pair had no arm.
    text = f"{SURGERY} The 20-year overall survival was 58.3% and 58.8%, respectively."
    assert arm_by_value(tmp_path, text) == {"58.3": "breast-conserving surgery", "58.8": "mastectomy"}


def test_the_title_span_skips_its_label_and_stops_at_a_heading() -> None:
    text = "TITLE: Docetaxel versus paclitaxel in breast cancer\nABSTRACT: Patients were treated."
    start, end = title_span(text, 600) or (0, 0)
    assert text[start:end] == "Docetaxel versus paclitaxel in breast cancer"
    assert title_span("TITLE: \nABSTRACT.METHODS:\nWomen with breast cancer were treated.", 600) is None
    # an abstract's title shares its line with the text
    start, end = title_span(SURGERY, 600) or (0, 0)
    assert SURGERY[start:end] == SURGERY.split(". ")[0]

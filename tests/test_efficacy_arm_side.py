"""Which side a value is given: a "respectively" list whose entries carry a bracketed count or
percentage, how `bench/pico_dev.py` judges the side of a negated arm or an annotated label, and how
it counts the wrong sides by the audit's categories."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.pico_dev import Abstract, Span, Tally, WrongSide, arm_sides, audit_lines, side_of_row
from pipeline.efficacy.candidates import find_values, respective_positions
from pipeline.efficacy.rules import efficacy_rules
from tests.test_efficacy_arm_labels import arms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Patients were randomly assigned to an exercise group or usual care. DFS events for the "
            "exercise versus usual care group were 25 (12.1%) and 23 (17.7%), respectively.",
            [("exercise", 25.0), ("exercise", 12.1), ("usual care", 23.0), ("usual care", 17.7)],
        ),
        (
            "Patients were randomly assigned to docetaxel plus capecitabine 60 mg/m2 (group A) or docetaxel "
            "plus capecitabine 75 mg/m2 (group B). The response rate of group A and B were 61.8% (21/34) "
            "and 61.2% (30/49) respectively.",
            [("group A", 61.8), ("group A", 21.0), ("B", 61.2), ("B", 30.0)],
        ),
    ],
)
def test_a_respectively_list_of_values_with_bracketed_counts(
    tmp_path: Path, text: str, expected: list
) -> None:
    assert [(arm_text, value) for _, arm_text, value in arms(tmp_path, text)] == expected


def test_a_bracketed_value_takes_its_entrys_place_in_the_list() -> None:
    text = "Events were 25 (12.1%), 23 (17.7%) and 30 (20.0%) in arms A, B and C, respectively."
    values = tuple(find_values(text, 0, len(text), efficacy_rules()))
    listed = respective_positions(text, values, {}, text.index("respectively"))
    assert [(values[i].text, place) for i, place in sorted(listed.items())] == [
        ("25", 0),
        ("12.1", 0),
        ("23", 1),
        ("17.7", 1),
        ("30", 2),
        ("20.0", 2),
    ]


def _abstract(text: str, intervention: str, control: str) -> Abstract:
    spans = []
    for label, mention in (("intervention", intervention), ("control", control)):
        start = text.index(mention)
        spans.append(Span(label, start, start + len(mention), mention))
    return Abstract("0", text, spans)


@pytest.mark.parametrize(
    ("arm", "arm_text", "side"),
    [
        ("hormone replacement therapy", "HRT", "iv"),  # closest to "no HRT" by overlap alone
        ("no hormone replacement therapy", "", "cv"),
        ("epirubicin", "HRT-", "cv"),
        ("epirubicin", "non-HRT", "cv"),  # a short form after "non-" is negated however short
    ],
)
def test_a_negated_arm_is_the_other_side(arm: str, arm_text: str, side: str) -> None:
    text = "Women were randomised to hormone replacement therapy (HRT) or no HRT."
    abstract = _abstract(text, "hormone replacement therapy", "no HRT")
    sides = arm_sides(abstract)
    assert sides is not None
    assert side_of_row(arm, arm_text, sides, {"hrt": "hormone replacement therapy"}) == side


def test_a_negated_compound_does_not_negate_the_arm() -> None:
    text = "Patients received trastuzumab or non-trastuzumab observation."
    sides = arm_sides(_abstract(text, "trastuzumab", "non-trastuzumab observation"))
    assert sides is not None
    assert side_of_row("observation", "observation", sides, {}) == "cv"


def test_a_label_the_annotators_marked_decides_the_side() -> None:
    text = "Patients received pegylated liposomal doxorubicin 40 mg/m2 (ARM A) or 50 mg/m2 (ARM B)."
    sides = arm_sides(_abstract(text, "pegylated liposomal doxorubicin", "ARM B"))
    assert sides is not None
    arm = "pegylated liposomal doxorubicin (50 mg/m2)"
    assert side_of_row(arm, "ARM B", sides, {}) == "cv"
    assert side_of_row(arm, "", sides, {}) == "iv"


def test_the_intervention_added_on_the_control_is_the_intervention() -> None:
    text = "Patients received FAC (fluorouracil/doxorubicin/cyclophosphamide) or FAC followed by paclitaxel."
    sides = arm_sides(_abstract(text, "paclitaxel", "FAC (fluorouracil/doxorubicin/cyclophosphamide)"))
    assert sides is not None
    combined = "fluorouracil + doxorubicin + cyclophosphamide + paclitaxel"
    assert side_of_row(combined, "group 2", sides, {}) == "iv"
    assert side_of_row("fluorouracil + doxorubicin + cyclophosphamide", "group 1", sides, {}) == "cv"


def test_the_intervention_span_that_repeats_the_controls_drugs_still_names_the_added_one() -> None:
    # 29238974: the intervention is written with the control's drugs, so word overlap alone put the
    # whole DEE arm on the control's side
    intervention = "neoadjuvant recombinant human endostatin, docetaxel and epirubicin"
    text = f"{intervention}. Patients received docetaxel and epirubicin (DE) or DE plus rh-endostatin (DEE)."
    sides = arm_sides(_abstract(text, intervention, "DE"))
    assert sides is not None
    abbreviations = {"de": "docetaxel and epirubicin", "dee": "de plus rh-endostatin"}
    assert side_of_row("docetaxel + epirubicin + endostatins", "DEE group", sides, abbreviations) == "iv"
    assert side_of_row("docetaxel + epirubicin", "DE group", sides, abbreviations) == "cv"
    # the control's backbone named only in the intervention's span is no drug the control lacks
    text = "Cediranib in combination with fulvestrant or placebo was given."
    sides = arm_sides(_abstract(text, "Cediranib in combination with fulvestrant", "placebo"))
    assert sides is not None
    assert side_of_row("placebo + fulvestrant", "", sides, {}) == "cv"
    # a word the control's mention leaves out is no added drug: "level-I dissection" is the control
    sides = arm_sides(
        _abstract(
            "We compared level-III axillary lymph node dissection with level-I.",
            "level-III axillary lymph node dissection",
            "level-I",
        )
    )
    assert sides is not None
    assert side_of_row("level-i dissection", "group-B", sides, {}) == "cv"


def test_a_comparison_after_what_its_subject_is_compared_with(tmp_path: Path) -> None:
    text = (
        "Patients were randomly assigned to paclitaxel followed by CEF (P-CEF) or carboplatin plus "
        "paclitaxel followed by CEF (CP-CEF). The pCR rate in the CP-CEF was significantly higher than that "
        "in the P-CEF [61.2 (23/37) vs. 26.3 % (10/38), P = 0.003]."
    )
    assert [(arm_text, value) for _, arm_text, value in arms(tmp_path, text)] == [
        ("CP-CEF", 61.2),
        ("CP-CEF", 23.0),
        ("P-CEF", 26.3),
        ("P-CEF", 10.0),
    ]


@pytest.mark.parametrize(
    ("group", "side"),
    [("obese patients", "iv"), ("non-obese patients", "cv"), ("nonobese patients", "cv")],
)
def test_a_group_and_its_negation_are_told_apart_however_spelt(group: str, side: str) -> None:
    # the sides of a value pair are sometimes two groups, which the pipeline gives as populations
    text = "Outcomes of obese and non-obese women were compared."
    sides = arm_sides(_abstract(text, "obese", "non-obese"))
    assert sides is not None
    assert side_of_row(group, "", sides, {}) == side


def test_wrong_sides_are_counted_by_the_audit_that_read_them(tmp_path: Path) -> None:
    audit = tmp_path / "audit.csv"
    audit.write_text(
        "pmid,value_start,value_end,value_text,gold_side,row_arm,category,note\n"
        "1,10,13,49%,cv,,G3,one figure for both arms\n"
        "1,20,23,19%,cv,paclitaxel,S,right arm the overlap cannot place\n"
        "2,30,33,27,cv,tamoxifen,P3,a shared drug\n"
        "2,40,43,58,iv,cs [CS],P1,another arm\n",
        encoding="utf-8",
    )
    wrong = [
        WrongSide("1", 10, "placebo"),  # the annotation's, whatever the row's arm
        WrongSide("1", 20, "paclitaxel"),
        WrongSide("2", 30, "tamoxifen"),
        WrongSide("2", 40, "dd"),  # its arm is not the one the audit read
        WrongSide("3", 50, ""),
    ]
    tally = Tally(arm_judged=20, arm_right=15, wrong_sides=wrong)
    assert list(audit_lines(tally, audit)) == [
        "  wrong sides by audit category  G3 1, P3 1, S 1, arm changed since 1, not audited 1",
        "  with all but G and S right    0.900  (18 of 20)",
        "  without G, S counted right    0.842  (16 of 19)",
    ]

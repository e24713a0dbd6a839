"""An arm named after a value as the paper's design sentence wrote it ("with standard chemotherapy",
"with XRT and TAM", "in the group that underwent radical mastectomy") is that arm, whole: not a
drug or label inside its name, nor a regimen the sentence named earlier. So is one the patients were
given ("among women randomised to X", "in those who received X", "of patients allocated to X")."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.efficacy.arm.named import arm_written_at
from pipeline.efficacy.context import Sentence
from pipeline.efficacy.document_design import DesignArm, DocumentDesign
from tests.extracting import arm_by_value as arms

_THREE_ARMS = (
    "Women were randomly assigned to TAM (n = 336), XRT and placebo (n = 336), or XRT and TAM (n = 337). "
)


def test_a_value_with_an_arm_written_as_the_design_wrote_it_takes_that_arm(tmp_path: Path) -> None:
    text = (
        "Patients were randomized to trabedersen or standard chemotherapy (temozolomide or "
        "procarbazine/lomustine/vincristine). The median time to progression was 22.4 months (95% CI: "
        "1.2-42.0) with trabedersen and 13.0 months (95% CI: 3.7-14.3) with standard chemotherapy."
    )
    found = arms(tmp_path, text)
    assert found["22.4"] == "trabedersen"
    assert found["13.0"] == "temozolomide + procarbazine + lomustine + vincristine"


def test_the_whole_written_name_wins_over_a_label_inside_it(tmp_path: Path) -> None:
    text = _THREE_ARMS + (
        "Cumulative incidence of recurrence through 8 years was 16.5% with TAM, 9.3% with XRT and "
        "placebo, and 2.8% with XRT and TAM."
    )
    found = arms(tmp_path, text)
    assert found["16.5"] == "tam"
    assert found["9.3"] == "placebo"
    assert found["2.8"] == "xrt tam"


def test_the_group_that_underwent_an_arm_is_that_arm(tmp_path: Path) -> None:
    text = (
        "Women were randomly assigned to radical mastectomy (349 patients) or breast-conserving surgery "
        "(352 patients). The rate of death from all causes was 41.7 percent in the group that underwent "
        "breast-conserving surgery and 41.2 percent in the radical-mastectomy group."
    )
    found = arms(tmp_path, text)
    assert found["41.7"] == "breast-conserving surgery"
    assert found["41.2"] == "radical mastectomy"


def _sentence(text: str, *written: str) -> Sentence:
    design = DocumentDesign(
        tuple(
            DesignArm(f"arm {i}", name, 0, len(name), False, i, (), frozenset())
            for i, name in enumerate(written)
        ),
        0,
    )
    return Sentence(text, 0, len(text), (), (), (), (), {}, {}, None, "", design)


def test_a_name_that_goes_on_is_not_the_arm_its_first_words_write() -> None:
    # A design sentence split badly may write an arm "high dose"; "high dose trabedersen" goes on.
    text = "TTP was 3.4 months with high dose trabedersen and 13.0 months with standard chemotherapy."
    sentence = _sentence(text, "trabedersen at doses of 10", "high dose", "standard chemotherapy (TMZ)")
    assert arm_written_at(sentence, text.index("high dose")) is None
    assert arm_written_at(sentence, text.index("standard")).canonical == "arm 2"


def test_a_name_two_arms_share_names_neither() -> None:
    text = "The pCR rate was 28.2% with paclitaxel and 15.7% with paclitaxel."
    sentence = _sentence(text, "paclitaxel (weekly)", "paclitaxel (every 3 weeks)")
    assert arm_written_at(sentence, text.index("paclitaxel")) is None


_ADD_ON = (
    "A total of 400 women were randomised to receive zoledronic acid plus letrozole (n = 200) or "
    "letrozole alone (n = 200). "
)


@pytest.mark.parametrize(
    "sentence",
    [
        "The 5-year DFS was 92% among women randomised to zoledronic acid plus letrozole and 88% among "
        "women randomised to letrozole alone.",
        "The 5-year DFS was 92% for patients allocated to zoledronic acid plus letrozole versus 88% for "
        "those allocated to letrozole alone.",
        "The 5-year DFS was 92% in women given zoledronic acid plus letrozole and 88% in women given "
        "letrozole alone.",
        "The 5-year DFS was 92% in those who received zoledronic acid plus letrozole and 88% in those who "
        "received letrozole alone.",
        "Recurrence occurred in 92% of patients who received zoledronic acid plus letrozole and 88% of "
        "those who received letrozole alone.",
    ],
)
def test_the_patients_given_an_arm_as_written_are_that_arm(tmp_path: Path, sentence: str) -> None:
    assert arms(tmp_path, _ADD_ON + sentence) == {"92": "zoledronic acid + letrozole", "88": "letrozole"}

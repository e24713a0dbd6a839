"""A paper's results that name no trial are its own trial's: its design names their arms, even in a
paper that names other trials too (where the design applies only while its trial is in play)."""

from __future__ import annotations

from pathlib import Path

from tests.extracting import arm_by_value

PAPER = "\n\n".join(
    [
        "TITLE: Impact of prior chemotherapy on the efficacy of everolimus in pancreatic tumors",
        "ABSTRACT.OBJECTIVE:\nTo evaluate everolimus by prior chemotherapy use in the RADIANT-3 trial.",
        "ABSTRACT.METHODS:\nPatients were randomly assigned (1:1) to everolimus 10 mg/d (n = 207) or "
        "placebo (n = 203).",
        "ABSTRACT.RESULTS:\nEverolimus significantly prolonged median progression-free survival "
        "regardless of prior chemotherapy use (prior chemotherapy: 11.0 vs 3.2 months; hazard ratio, "
        "0.34).",
        "BODY.BACKGROUND:\nThe RADIANT-1 trial (NCT00363051) enrolled patients after chemotherapy.",
        "BODY.DISCUSSION:\n{discussion}",
    ]
)


def test_results_naming_no_trial_take_the_papers_design(tmp_path: Path) -> None:
    arms = arm_by_value(
        tmp_path,
        PAPER.format(discussion="Toxicity was as expected."),
    )
    assert arms["11.0"] == "everolimus"
    assert arms["3.2"] == "placebo"


def test_a_discussion_naming_no_trial_does_not(tmp_path: Path) -> None:
    """Outside the results, a sentence that names no trial may be any study's: the cited study's
    "12.0 vs 6.1 months" is not the paper's placebo arm."""
    arms = arm_by_value(
        tmp_path,
        PAPER.format(
            discussion="Sunitinib likewise prolonged median progression-free survival (12.0 vs 6.1 months)."
        ),
    )
    assert arms["6.1"] != "placebo"

"""A paper's own trial design: the arms it says it randomised patients to.

Most trial reports name no known trial, and their figures' arms are left implicit ("the median
OS was 15.4 v 12.7 months"; "the response rate of group A and B were 61.8% and 61.2%"). A reader
takes them from the paper's design sentence: "patients were randomly assigned to receive
docetaxel 100 mg/m2 (n = 225) or paclitaxel 175 mg/m2 (n = 224)". This package reads that sentence
into a `DocumentDesign` (the arms, experimental first, with the names the paper gives them) and
finds where a sentence names an arm without its drugs ("group 1", "TL", "the control group", "the
high-dose group"), and what arm a label right next to a value names ("3.3% for TARGIT", "DA-: 87.5%":
`label_after`, `label_before`, `labels_listed_after`). Patterns are data:
`patterns/document_design.json`.

Its stages: `rules` (the patterns, loaded and validated), `records` (the design, its arms, the
mentions and labels of an arm), `readers` (the sentences a design is read from), `phrases` (a list
phrase cut into arms) and `labels` (an arm named near a value).
"""

from pipeline.efficacy.document_design.labels import (
    arm_mentions,
    label_after,
    label_before,
    labels_listed_after,
)
from pipeline.efficacy.document_design.phrases import SHORT_FORM
from pipeline.efficacy.document_design.readers import read_design
from pipeline.efficacy.document_design.records import (
    ArmLabel,
    ArmMention,
    DesignArm,
    DocumentDesign,
    qualifier_start,
)
from pipeline.efficacy.document_design.rules import DesignRules, design_rules

__all__ = [
    "SHORT_FORM",
    "ArmLabel",
    "ArmMention",
    "DesignArm",
    "DesignRules",
    "DocumentDesign",
    "arm_mentions",
    "design_rules",
    "label_after",
    "label_before",
    "labels_listed_after",
    "qualifier_start",
    "read_design",
]

"""The rules of a paper's design, read once from `patterns/document_design.json` and validated."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.resources import load_json


@dataclass(frozen=True)
class TitleRules:
    """How a title sets arms side by side (`title` in the JSON)."""

    reach: int
    comparison: re.Pattern[str]
    comparing: re.Pattern[str]
    comparing_joiner: re.Pattern[str]
    figure: re.Pattern[str]  # what a sentence of results holds and a title does not
    separators: re.Pattern[str]
    opener: re.Pattern[str]
    list_end: re.Pattern[str]


@dataclass(frozen=True)
class DesignRules:
    randomization: re.Pattern[str]
    arm_separators: re.Pattern[str]
    between_separator: re.Pattern[str]
    counted_list: re.Pattern[str]  # "randomly assigned to two groups:": how many arms the list after it has
    counted_separator: re.Pattern[str]  # what separates the arms of such a list: "A and B", "A, B, and C"
    list_end: re.Pattern[str]
    control: re.Pattern[str]
    generic_labels: tuple[tuple[re.Pattern[str], str], ...]  # (pattern, a role of DocumentDesign.arm_in_role)
    therapy_word: re.Pattern[str]  # "chemotherapy": a word of a group's name that names no arm's drugs
    alone_word: re.Pattern[str]  # "alone": nothing added to the group's treatment
    lettered_label: re.Pattern[str]
    defined_label: re.Pattern[str]  # "(TamRT; 317 women)": a short name the design gives an arm
    leading_label: re.Pattern[str]  # "T-FEC (paclitaxel ...)"
    group_name: re.Pattern[str]  # "(chemotherapy group, n = 17)": the group name the design gives an arm
    named_arm: re.Pattern[str]
    qualifiers: re.Pattern[str]
    qualifier_phrase_end: re.Pattern[str]  # what ends the phrase a mention's dose may be written in
    noise: re.Pattern[str]
    name_end: re.Pattern[str]
    quantity: re.Pattern[str]  # "20 Gy/5 fractions", "3 cm": kept in the name of an arm without drugs
    course: re.Pattern[str]  # "6 cycles", "12 months": the amount that tells arms of one regimen apart
    added_to_previous: re.Pattern[str]
    same_as_previous: re.Pattern[str]
    all_previous: re.Pattern[str]
    shared_before: re.Pattern[str]
    comparison: re.Pattern[str]
    with_or_without: re.Pattern[str]
    drug_joiner: re.Pattern[str]
    two_named_arms: re.Pattern[str]
    respectively: re.Pattern[str]
    bracketed_label: re.Pattern[str]
    list_opener: re.Pattern[str]
    list_joiner: re.Pattern[str]
    received: re.Pattern[str]
    described_group: re.Pattern[str]
    group_described_before: re.Pattern[str]
    # A name a sentence gives an arm right next to a value: a short form, "group 1", "control", "the
    # EC-D arm"; and the short forms that name a statistic or a population instead.
    label_short: re.Pattern[str]
    label_lettered: re.Pattern[str]
    label_role: re.Pattern[str]
    label_group: re.Pattern[str]
    label_therapy: re.Pattern[str]
    label_therapy_before: str  # what precedes a therapy label read before its value
    label_modifies: re.Pattern[str]
    not_arm_label: re.Pattern[str]
    other_study: re.Pattern[str]  # a sentence about another trial: "et al.", "is currently recruiting"
    reference_marker: re.Pattern[str]  # "[17]": another study's sentence, where the paper states no design
    title: TitleRules


@cache
def design_rules() -> DesignRules:
    data = load_json(
        "document_design.json",
        frozenset(
            {
                "randomization",
                "arm_separators",
                "between_separator",
                "counted_list",
                "counted_separator",
                "list_end",
                "control",
                "generic_labels",
                "therapy_word",
                "alone_word",
                "lettered_label",
                "defined_label",
                "leading_label",
                "group_name",
                "named_arm",
                "qualifiers",
                "qualifier_phrase_end",
                "noise",
                "name_end",
                "quantity",
                "course",
                "added_to_previous",
                "same_as_previous",
                "all_previous",
                "shared_before",
                "comparison",
                "with_or_without",
                "drug_joiner",
                "two_named_arms",
                "respectively",
                "bracketed_label",
                "list_opener",
                "list_joiner",
                "received",
                "described_group",
                "group_described_before",
                "arm_label",
                "not_arm_label",
                "other_study",
                "reference_marker",
                "title",
            }
        ),
    )

    def compiled(key: str) -> re.Pattern[str]:
        return re.compile(data[key], re.IGNORECASE)

    return DesignRules(
        randomization=compiled("randomization"),
        arm_separators=compiled("arm_separators"),
        between_separator=compiled("between_separator"),
        counted_list=compiled("counted_list"),
        counted_separator=compiled("counted_separator"),
        list_end=compiled("list_end"),
        control=compiled("control"),
        generic_labels=tuple(
            (re.compile(g["pattern"], re.IGNORECASE), g["side"]) for g in data["generic_labels"]
        ),
        therapy_word=compiled("therapy_word"),
        alone_word=compiled("alone_word"),
        lettered_label=compiled("lettered_label"),
        defined_label=re.compile(data["defined_label"]),
        leading_label=re.compile(data["leading_label"]),
        group_name=compiled("group_name"),
        named_arm=compiled("named_arm"),
        qualifiers=compiled("qualifiers"),
        qualifier_phrase_end=compiled("qualifier_phrase_end"),
        noise=compiled("noise"),
        name_end=compiled("name_end"),
        quantity=compiled("quantity"),
        course=compiled("course"),
        added_to_previous=compiled("added_to_previous"),
        same_as_previous=compiled("same_as_previous"),
        all_previous=compiled("all_previous"),
        shared_before=compiled("shared_before"),
        comparison=compiled("comparison"),
        with_or_without=compiled("with_or_without"),
        drug_joiner=compiled("drug_joiner"),
        two_named_arms=compiled("two_named_arms"),
        respectively=compiled("respectively"),
        bracketed_label=compiled("bracketed_label"),
        list_opener=compiled("list_opener"),
        list_joiner=compiled("list_joiner"),
        received=compiled("received"),
        described_group=compiled("described_group"),
        group_described_before=compiled("group_described_before"),
        label_short=re.compile(data["arm_label"]["short"], re.IGNORECASE),
        label_lettered=re.compile(data["arm_label"]["lettered"], re.IGNORECASE),
        label_role=re.compile(data["arm_label"]["role"], re.IGNORECASE),
        label_group=re.compile(data["arm_label"]["group"], re.IGNORECASE),
        label_therapy=re.compile(data["arm_label"]["therapy"], re.IGNORECASE),
        label_therapy_before=re.compile(data["arm_label"]["therapy_before"]).pattern,
        label_modifies=re.compile(data["arm_label"]["modifies"]),
        not_arm_label=compiled("not_arm_label"),
        other_study=compiled("other_study"),
        reference_marker=compiled("reference_marker"),
        title=TitleRules(
            reach=int(data["title"]["reach"]),
            **{
                key: re.compile(data["title"][key], re.IGNORECASE)
                for key in (
                    "comparison",
                    "comparing",
                    "comparing_joiner",
                    "figure",
                    "separators",
                    "opener",
                    "list_end",
                )
            },
        ),
    )

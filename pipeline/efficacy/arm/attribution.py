"""Which arm (regimen) a figure is of. The value asked about is first moved to the figure it is part
of (a share in brackets, a count coordinated with others, the last of an endpoint list); a figure
of the whole trial or a total before its parts by arm has none; otherwise the arm is the one the
sentence names (`named`), else the one a reader infers (`implied`), and a drug every arm receives
names none."""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.efficacy.arm.implied import implied_arm, leading_group
from pipeline.efficacy.arm.labels import LABEL_WINDOW, label_after_value
from pipeline.efficacy.arm.named import named_arm
from pipeline.efficacy.arm.places import last_listed, place
from pipeline.efficacy.arm_chooser import chosen_arm
from pipeline.efficacy.arm_rules import arm_rules
from pipeline.efficacy.candidates import NESTED, share_of_count
from pipeline.efficacy.context import Paragraph, Sentence
from pipeline.efficacy.designs import complete_arm
from pipeline.efficacy.regimens import Regimen

# How many values in brackets a figure may carry one inside another: "59.2% (14.1% CR)", "(21/34)".
_MAX_NESTED = 2


def compares_arms(measure: str) -> bool:
    """A ratio, a difference of medians or a relative reduction belongs to no single arm."""
    return measure.endswith("_ratio") or measure in ("difference", "relative_reduction")


def arm_of(sentence: Sentence, index: int, trial: str, paragraph: Paragraph) -> tuple[Regimen | None, str]:
    """The regimen the sentence gives its value at `index` (or that a reader infers), and the arm of
    `trial` it completes to."""
    rules = arm_rules()
    design = sentence.design
    if index in sentence.cited:
        # Another study's figure ("... worse in the Nordic study; patients receiving delayed treatment
        # had shorter symptom-free survival compared to immediate treatment (2 vs 10 months"): the
        # paper's design lends it no arm and orders no pair of it, nor does a regimen an earlier
        # sentence gave the paper's own study ("According to de Jong and colleagues, the median RFS
        # after resection of liver metastases is 23 months" after "... or placebo"); what its own
        # sentence names does, and what the paragraph named of the cited study ("Previous reports
        # indicated that the use of trastuzumab ... extended from 4.0 to 14.9 months").
        sentence = replace(sentence, design=None)
        if paragraph.own_regimens or sentence.regimens:
            paragraph = replace(paragraph, regimens=sentence.regimens)
    asked, asked_index = sentence, index
    # "59.2% (14.1% CR)", "61.8% (21/34)": a value in brackets right after another is of its arm; so is
    # a count's share, "21 out of 47 patients (44.7% 95% CI: 30.2%, 59.9%) in arm A".
    for _ in range(_MAX_NESTED):
        if not index or not (
            NESTED.fullmatch(sentence.text, sentence.values[index - 1].end, sentence.values[index].start)
            or share_of_count(sentence.text, sentence.values, index - 1) == index
        ):
            break
        index -= 1
    index = _last_coordinated_count(sentence, index)
    listed = sentence.listed_endpoints
    if listed is not None and listed[index] is not None and index not in sentence.listed_by_pair:
        # "TTP and OS were 5.8 and 3.1 months": the list gives each value its endpoint, not its arm;
        # "64 and 85% for DD, and 58 and 75% for CS": the regimen after the list is all of its values'.
        sentence = replace(sentence, pairs={}, listed={})
        last = last_listed(sentence, index)
        index = last if rules.regimen_follows.match(sentence.text, sentence.values[last].end) else index
    position = place(sentence, index)
    following = rules.label_follows.match(sentence.text, sentence.values[index].end, sentence.end)
    if (
        position is None
        and following
        and following["joiner"]
        and rules.whole_trial.match(sentence.text, following.end())
    ):
        # "95.1% for both groups", "in either arm": the whole trial's figure ("(49% and 48%) in both
        # arms" is a pair, one value per arm)
        return None, ""
    if position is None and _total_before_parts(sentence, index):
        # "Complete Response (CR) was obtained in 60 patients (34.1%), 16 (25.4%) in EPI 120 arm, 18
        # (32.7%) in EPI 120 + EPO arm", "508 patients died (248 in the chemotherapy group and 260 in
        # the chemotherapy and bevacizumab group)": the figure of all the arms the values after it
        # split by arm, no one arm's
        return None, ""
    arm = (
        named_arm(sentence, index, position, paragraph)
        or (leading_group(sentence, index) if index not in sentence.pairs else None)
        or implied_arm(sentence, index, trial, paragraph)
    )
    if arm is not None and design is not None and not sentence.trials and design.names_no_arm(arm.canonical):
        # "survival was 15.4 months with daunorubicin" in a trial of DA against DClo: a drug every arm
        # receives tells no arm, and a figure given no arm misleads a reader less than one given the
        # wrong one (a sentence that names a trial may be about another trial's arms: "in the MPACT
        # trial ... gemcitabine plus nab-paclitaxel was only 8.5 months")
        arm = None
    arm = chosen_arm(asked, asked_index, paragraph, arm)
    return arm, complete_arm(trial, arm.canonical if arm else "", position)


def _total_before_parts(sentence: Sentence, index: int) -> bool:
    """Whether the value at `index` (with the values in brackets after it), named with no arm, opens a
    breakdown by arm: the next value, after a colon, a comma or an opening bracket, and one after that
    are each named with an arm ("60 patients (34.1%), 16 (25.4%) in EPI 120 arm, 18 (32.7%) in EPI 120
    + EPO arm"; "163 of 176 patients (92.6%) showed a clinical response (CR or PR): 57/63 (90.5%) in
    the EPI 120 arm, 54/55 (98.2%) in ...")."""
    text, values = sentence.text, sentence.values
    groups: list[tuple[int, int]] = []
    first = index
    while first < len(values) and len(groups) < 3:
        last = first
        while last + 1 < len(values) and (
            NESTED.fullmatch(text, values[last].end, values[last + 1].start)
            or share_of_count(text, values, last) == last + 1
        ):
            last += 1  # "59.2% (14.1% CR)", "60 patients (34.1%)": one figure with what is in brackets
        groups.append((first, last))
        first = last + 1
    if len(groups) < 3:
        return False
    (_, whole_end), (part_start, _), _ = groups
    named = [any(_names_arm_after(sentence, i) for i in range(a, b + 1)) for a, b in groups]
    gap_start, gap_end = values[whole_end].end, values[part_start].start
    return (
        named == [False, True, True]
        and bool(_PARTS_OPEN.fullmatch(text, gap_start, gap_end))
        and not any(gap_start <= r.start < gap_end for r in sentence.regimens)
    )


# The most counts one "and" list gives one arm ("CR, PR, SD and PD"); a bound keeps a run of them linear.
_MAX_COORDINATED = 6


def _last_coordinated_count(sentence: Sentence, index: int) -> int:
    """The count whose arm the count at `index` is of: the last of the counts of outcomes joined with
    it by "and" ("62 events and 33 deaths in the X group", "Six CR and 19 PR were recorded in the X
    arm") when an arm is named right after that last; else the count itself. A regimen after a count
    is its own arm, not an outcome ("(164 letrozole and 235 placebo)")."""
    values, text = sentence.values, sentence.text
    last = index
    while (
        last + 1 < min(len(values), index + _MAX_COORDINATED)
        and values[last].measure == values[last + 1].measure == "count"
        and arm_rules().coordinated_counts.fullmatch(text, values[last].end, values[last + 1].start)
        and not any(values[last].end <= r.start < values[last + 1].start for r in sentence.regimens)
    ):
        last += 1
    return last if last > index and _names_arm_after(sentence, last) else index


def _names_arm_after(sentence: Sentence, index: int) -> bool:
    """Whether an arm is named right after the value: a label ("16 (25.4%) in EPI 120 arm"), or a
    regimen within the group named after a preposition ("260 in the chemotherapy and bevacizumab
    group")."""
    if label_after_value(sentence, index) is not None:
        return True
    after = arm_rules().label_follows.match(sentence.text, sentence.values[index].end, sentence.end)
    if not after or not after["joiner"]:
        return False
    reach = after.end() + LABEL_WINDOW
    return any(after.end() <= r.start < reach for r in sentence.regimens)


# Between a total and the first of its parts: its unit, what it counts, then the colon, comma or
# bracket that opens the breakdown ("(92.6%) showed a clinical response (CR or PR): ", " (", ", ").
_PARTS_OPEN = re.compile(r"[^.;:,(\d]{0,60}(?:\([^()\d]{0,20}\)[^.;:,(\d]{0,20})?[:,(]\s*")

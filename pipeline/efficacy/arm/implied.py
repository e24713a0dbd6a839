"""The arm of a value whose sentence does not name one next to it: the group the sentence opens
with ("In the combination group, ..."), the group its clause's subject names ("The ORR in the
combination group was 23.5%"), the design's order for a pair or a list of one value per arm, or the
one regimen of the sentence or paragraph."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.efficacy.arm.labels import LABEL_WINDOW, is_label, label_regimen, widened
from pipeline.efficacy.arm.places import comparator_first, list_place
from pipeline.efficacy.arm_rules import arm_rules
from pipeline.efficacy.context import Paragraph, Sentence
from pipeline.efficacy.designs import trial_designs
from pipeline.efficacy.document_design import ArmLabel, design_rules, label_after
from pipeline.efficacy.regimens import Regimen
from pipeline.efficacy.rules import efficacy_rules


def leading_group(sentence: Sentence, index: int) -> Regimen | None:
    """The group a sentence opens with, when no other group or regimen comes before the value: "In the
    combination group, the objective response rate was 47%", "Of the 17 patients in the combination
    group, tumors were controlled in 9 ... 6 patients (35.29%)" (the design's arm, or the paper's words
    when the design does not know the group), "Of the 17 patients who received chemotherapy alone,"
    (an arm of the design). A pair's values are two arms', but a "respectively" list that no label
    gives arms distributes something else, and the group is all its values': "In Group B, the local
    control rate of 3, 6, 12, 24, 36 months was 91.7%, 86.7%, ..., 46.6% respectively"."""
    rules = arm_rules()
    text, value = sentence.text, sentence.values[index]
    lead = rules.leading_group.match(text, sentence.start, value.start)
    if lead is None:
        return None
    label = label_after(text, lead.end(), value.start, sentence.design)
    if (
        label is None
        or not _CLAUSE_END.match(text, label.end, value.start)
        or rules.group_word.search(text, label.end, value.start)
        or any(label.end <= r.start and r.end <= value.start for r in sentence.regimens)
        or not is_label(sentence, label)
    ):
        return None
    regimen = label_regimen(sentence, widened(sentence, label))
    if rules.group_word.search(text, label.start, label.end):
        return regimen
    # "Of the 17 patients who received chemotherapy alone,": what the patients were given names a group
    # of the trial only when it is one of the design's arms, not a subgroup ("In patients receiving
    # radiotherapy,"); a drug they were given is a regimen of the sentence, read before this
    arms = {a.canonical for a in sentence.design.arms} if sentence.design else set()
    return regimen if lead["given"] is not None and regimen.canonical in arms else None


# The comma that closes a sentence's opening group: "In the combination group, ...".
_CLAUSE_END = re.compile(r"\s*,")


def subject_group(sentence: Sentence, index: int) -> Regimen | None:
    """The group a clause's subject names, when the value is one of the figures its verb gives: "The
    ORR in the combination group was 23.5%", "The ORR and DCR in the combination group were 8 of 17
    (23.53%) and 10 of 17 (58.82%), respectively", "median OS time for the platinum-based doublet
    chemotherapy group was 14.1 months" (the design's arm, or the paper's words when the design does
    not know the group; a value the sentence compares with another is a pair's, read before)."""
    rules = arm_rules()
    text, value = sentence.text, sentence.values[index]
    low = max(sentence.start, value.start - _SUBJECT_REACH)
    verb = next(
        (
            v
            for v in reversed(list(rules.subject_verb.finditer(text, low, value.start)))
            if rules.figures_only.match(text, v.end(), value.start)
        ),
        None,
    )
    if verb is None:
        return None
    for lead in reversed(
        list(rules.subject_lead.finditer(text, max(low, verb.start() - LABEL_WINDOW * 2), verb.start()))
    ):
        label = label_after(text, lead.end(), verb.start(), sentence.design)
        if label is None or label.end != verb.start():
            continue
        if not rules.group_word.search(text, label.start, label.end) or not is_label(sentence, label):
            return None
        regimen = label_regimen(sentence, widened(sentence, label))
        return regimen if _names_treatment(sentence, label, regimen) else None
    return None


def _names_treatment(sentence: Sentence, label: ArmLabel, regimen: Regimen) -> bool:
    """Whether a group's label names what its patients were given: an arm of the design, a drug, a
    letter or number ("group B"), or a word of treatment ("the chemotherapy group", "the control
    arm"); "the SCLC group", "the elderly group" are who they are."""
    design = sentence.design
    if design is not None and regimen.canonical in {a.canonical for a in design.arms}:
        return True
    text = sentence.text[label.start : label.end]
    return (
        any(label.start <= r.start and r.end <= label.end for r in sentence.regimens)
        or bool(design_rules().label_lettered.match(text))
        or bool(efficacy_rules().not_prognostic.search(text))
        or any(pattern.search(text) for pattern, _ in design_rules().generic_labels)
    )


# How far before a value the verb of a subject that names its group is looked for.
_SUBJECT_REACH = 160


def implied_arm(sentence: Sentence, index: int, trial: str, paragraph: Paragraph) -> Regimen | None:
    """The arm a reader infers when the sentence does not name it: in "T-DXd improved mOS (52.6 vs.
    42.7 months)" the pair is the trial's experimental arm, then its control ("from 20.3 to 25.1":
    control first); the first of a pair, or a figure of its own, in a sentence or paragraph about
    one regimen is that regimen's ("30% of patients ... compared with 20% in the control group": a
    regimen named after the pair's second value is not the first's)."""
    rules = arm_rules()
    text, start, values, value = sentence.text, sentence.start, sentence.values, sentence.values[index]
    pairs, sentence_regimens = sentence.pairs, sentence.regimens
    place, length = list_place(sentence, index) or (0, 0)
    if length > 2 and (arms := _listed_design_arms(sentence, index, place, length)):
        # "Survival in the three groups was 93%, 94%, and 93%, respectively", "pCR in breast and
        # axilla (21, 17, and 19 %)": a list of as many values as the paper's design has arms, and no
        # labels of its own, gives them in the order the paper named its arms, as a pair does.
        return Regimen(value.start, value.start, "", arms[place])
    position = pairs.get(index)
    paired_with: list[Regimen] = []
    if (
        position is not None
        and len(paragraph.last_arms) == 2
        and not sentence_regimens
        and rules.refers_back.search(text, start, values[index - position].start)
    ):
        # "41.7 percent in the group that underwent breast-conserving surgery and 41.2 percent in the
        # radical-mastectomy group. The respective rates of death from breast cancer were 26.1 percent
        # and 24.3 percent": the pair goes in the order the sentence before gave its two arms.
        return Regimen(value.start, value.start, "", paragraph.last_arms[position])
    if position is not None:
        paired_with = [r for r in sentence_regimens if r.end <= values[index - position + 1].start]
        if comparator_first(sentence, index):
            position = 1 - position
        arms = _design_arms(sentence, trial)
        if len(arms) == 2:
            subject = _named_arm_of_pair(sentence, index - sentence.pairs[index], arms)
            if subject is not None:
                # "Letrozole improved median PFS (9.1 vs 7.0 months)" in a paper that listed
                # tamoxifen first: the arm the sentence names is the pair's subject, whatever place
                # the design gave it
                position = position if subject == 0 else 1 - position
            return Regimen(value.start, value.start, "", arms[position])
        if len(paired_with) == 1 and rules.compared_with.search(
            text, max(start, paired_with[0].start - 25), paired_with[0].start
        ):
            # "higher than those in the control group, ORR was 46.7% vs 18.45%": the one regimen named
            # is what the pair's first value is compared with, so it is the second value's.
            return paired_with[0] if position == 1 else None
        if position == 1:
            return None
    distinct = {r.canonical: r for r in paired_with or paragraph.regimens}
    if len(distinct) != 1:
        return None
    (only,) = distinct
    if not paired_with and design_rules().label_role.fullmatch(only):
        # "According to de Jong, the median RFS after resection is 23 months" in a paragraph that
        # names only placebo or a control group: a comparator is what an arm is compared with, so a
        # paragraph naming it alone is not about it, and its figures are no one's arm.
        return None
    return distinct[only]


def _named_arm_of_pair(sentence: Sentence, first: int, arms: tuple[str, ...]) -> int | None:
    """The place in `arms` of the first value's arm, for the pair whose first value is at `first`,
    when the sentence names one arm between the value before the pair (and that value's own label)
    and the pair's second value: the named arm, as the pair's subject, or the other arm when it is
    named as what is compared with ("than tamoxifen", "Compared with tamoxifen, ..."). None when no
    arm or two are named, the arm is listed with another ("in the X and test arms"), is named by a
    bare role word ("control", "placebo"), or is a drug that both arms have and neither is alone."""
    rules, text, values = arm_rules(), sentence.text, sentence.values
    since = values[first - 1].end if first else sentence.start
    label = rules.label_follows.match(text, since, sentence.end) if first else None
    if label and label["joiner"]:
        since = label.end() + LABEL_WINDOW  # "2.9 months in gefitinib alone; 1.2 vs. 2.8": that value's
    distinct = {
        r.canonical: r for r in sentence.regimens if since <= r.start and r.end <= values[first + 1].start
    }
    if len(distinct) != 1:
        return None
    (named,) = distinct.values()
    if design_rules().label_role.fullmatch(named.text):
        # a bare role word may be no arm's ("placebo-controlled", "in control and test arms"); "the
        # control group" is one
        return None
    drugs = set(named.canonical.split(" + "))
    holding = [i for i, arm in enumerate(arms) if arm == named.canonical] or [
        i for i, arm in enumerate(arms) if drugs <= set(arm.split(" + "))
    ]
    if len(holding) != 1:
        return None
    low = max(sentence.start, named.start - LABEL_WINDOW)
    if rules.compared_with.search(text, low, named.start) or rules.opens_compared.match(
        text, sentence.start, named.start
    ):
        return 1 - holding[0]
    if rules.another_before.search(text, low, named.start):
        return None  # "in the control and test arms": listed with an arm not read as one
    return holding[0]


def _design_arms(sentence: Sentence, trial: str) -> tuple[str, ...]:
    """The arms of the value's trial, experimental first: as the paper states them, or else as the
    known trials' file has them."""
    if sentence.design is not None:
        return tuple(a.canonical for a in sentence.design.arms)
    return trial_designs().arms.get(trial, ())


def _listed_design_arms(sentence: Sentence, index: int, place: int, length: int) -> tuple[str, ...]:
    """The arms of the paper's design in the order it named them, when a list of `length` values, the
    value at `index` at `place` in it, gives one per arm: the design has as many arms, the list is
    not one value per endpoint (no two endpoints named between the value before it and its first),
    has no label after it, and the sentence lists no `length` other things, time points or subgroups
    ("at 1, 3, and 5 years", "in stage I, II and III") or labels that no reader took for arms."""
    design, values, text = sentence.design, sentence.values, sentence.text
    if design is None or len(design.arms) != length or sentence.listed_endpoints is not None:
        return ()
    first = min(sentence.listed) if index in sentence.listed else index - place
    last = max(sentence.listed) if index in sentence.listed else index - place + length - 1
    since = values[first - 1].end if first else sentence.start
    named = {c.value for c in sentence.cues if since <= c.start and c.end <= values[first].start}
    if len(named) > 1:
        return ()
    bounds = [sentence.start, *(e for v in values for e in (v.start, v.end)), sentence.end]
    things = _things_listed(length)
    if any(things.search(text, a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=True)):
        return ()
    following = arm_rules().label_follows.match(text, values[last].end, sentence.end)
    if following and following["joiner"] and label_after(text, following.end(), sentence.end, design):
        return ()  # "42, 90, and 90% of the control group": a label of its own that no reader placed
    return tuple(a.canonical for a in sorted(design.arms, key=lambda a: a.order))


@lru_cache(maxsize=4)
def _things_listed(length: int) -> re.Pattern[str]:
    """A list of `length` things of up to four words each, by commas and a last "and" or "or": "1, 3,
    and 5 years", "stage I, II and III", "PTX, PWI, and PTI"."""
    item = r"[\w+/<>≥≤.–-]+(?:[ \t]+[\w+/<>≥≤.–-]+){0,3}"
    return re.compile(rf"(?<![\w.]){item}(?:\s*,\s*{item}){{{length - 2}}}\s*,?\s+(?:and|or)\s+{item}")

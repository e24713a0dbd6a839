"""The arm a label next to a value names: after it ("3.3% for TARGIT", "16 patients (35 %) with
EC-D"), before it ("DA-: 87.5%", "control, 90.7%"), over a pair as a header ("Ax vs. no-Ax: 98% vs.
94%") or listed after a "respectively" list; and the regimen a label stands for. Where labels are
found in the text is `document_design.labels`; this reads them around a value."""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.efficacy.arm.places import list_place
from pipeline.efficacy.arm_rules import arm_rules
from pipeline.efficacy.context import Sentence
from pipeline.efficacy.document_design import (
    ArmLabel,
    design_rules,
    label_after,
    label_before,
    labels_listed_after,
)
from pipeline.efficacy.regimens import Regimen
from pipeline.efficacy.rules import efficacy_rules


def dosed_label(sentence: Sentence, regimen: Regimen) -> Regimen | None:
    """The group a regimen heads when its name goes on to the dose that tells it from another arm of
    the same drug ("in the ondansetron 4 mg group", "in EPI 120 + EPO arm"): the regimen alone would
    name every arm of that drug."""
    label = label_after(sentence.text, regimen.start, sentence.end, sentence.design)
    if label is None or label.end <= regimen.end or not _DOSE.search(sentence.text, regimen.end, label.end):
        return None
    return label_regimen(sentence, label)


_DOSE = re.compile(r"\d")


def adjacent_label(sentence: Sentence, index: int) -> Regimen | None:
    """The arm a label right next to the value names: after it ("3.3% (95% CI 2.1-5.1) for TARGIT",
    "16 patients (35 %) with EC-D", "28.7% BC vs.", "15.6%) DFS events in the exercise groups") or
    before it ("DA-: 87.5%", "group 1, 74%", "control, 90.7%", "TL (52%"); an endpoint's or a trial's
    name is no label. A pair under a header takes the header's labels in order ("Ax vs. no-Ax: 98% vs.
    94%"); a value compared with a labelled one is the design's other arm ("with TARGIT (1.4% [0.8-2.5]
    vs 3.5%")."""
    rules = arm_rules()
    text, values, value = sentence.text, sentence.values, sentence.values[index]
    label = (
        label_after_value(sentence, index) or _label_before(sentence, index) or header_label(sentence, index)
    )
    if label is not None:
        return label_regimen(sentence, label)
    compared_with_previous = index > 0 and bool(
        rules.compared_before.search(text, values[index - 1].end, value.start)
    )
    if compared_with_previous:
        compared = label_after_value(sentence, index - 1) or _label_before(sentence, index - 1)
        if compared is not None:
            return other_design_arm(sentence, label_regimen(sentence, compared), value.start)
    return None


def labels_after_list(sentence: Sentence) -> list[ArmLabel]:
    """The labels named after a "respectively" list's last value, one per value."""
    return _labels_after(sentence, max(sentence.listed), max(sentence.listed.values()) + 1)


def labels_respectively(sentence: Sentence, index: int, length: int) -> list[ArmLabel]:
    """The `length` labels listed after the sentence's last list of `length` values (a pair, a
    series) when a "respectively" follows them, for a list of as many at or before it; without the
    "respectively", for that list's own values only, when the labels end their clause ("Median OS was
    2.9 and 3.4 months in the placebo and erlotinib arms;")."""
    rules = arm_rules()
    ends = (i for i in range(len(sentence.values)) if list_place(sentence, i) == (length - 1, length))
    last = max(ends, default=-1)
    labels = _labels_after(sentence, last, length) if last >= index else []
    if not labels:
        return []
    end = labels[-1].end
    place = list_place(sentence, index)
    own_list = place is not None and index + length - 1 - place[0] == last
    if not rules.respectively_next.match(sentence.text, end, sentence.end) and not (
        own_list and rules.labels_end.match(sentence.text, end, sentence.end)
    ):
        return []
    return [widened(sentence, label) for label in labels]


def _labels_after(sentence: Sentence, last: int, count: int) -> list[ArmLabel]:
    """The `count` labels listed right after the value at `last` ("... 23, 19.6 and 18 months for PTX,
    PWI and PTI"), or none unless each of them is a label."""
    rules = arm_rules()
    text = sentence.text
    after = rules.label_follows.match(text, sentence.values[last].end, sentence.end)
    if not after or not after["joiner"]:
        return []
    labels = labels_listed_after(text, after.end(), sentence.end, sentence.design, count)
    labels = [label for label in labels if is_label(sentence, label)]
    return labels if len(labels) == count else []


def header_label(sentence: Sentence, index: int) -> ArmLabel | None:
    """The label a header gives a value of the pair under it: "(Ax vs. no-Ax: 98% vs. 94%"."""
    rules = arm_rules()
    text, values, value = sentence.text, sentence.values, sentence.values[index]
    if rules.paired_after.match(text, value.end, sentence.end):
        header = _header(sentence, index)
        return header[0] if header else None
    if index > 0 and rules.compared_before.search(text, values[index - 1].end, value.start):
        header = _header(sentence, index - 1)
        return header[1] if header else None
    return None


def label_after_value(sentence: Sentence, index: int) -> ArmLabel | None:
    rules = arm_rules()
    text, value = sentence.text, sentence.values[index]
    after = rules.label_follows.match(text, value.end, sentence.end)
    if not after:
        return None
    label = label_after(text, after.end(), sentence.end, sentence.design) or (
        None if after["joiner"] else _regimen_label(sentence, after)
    )
    label = widened(sentence, label) if label else None
    if (
        label
        and not after["joiner"]
        and not rules.direct_label_end.match(text, label.end, sentence.end)
        and not rules.direct_label_start.search(text, max(sentence.start, value.start - 12), value.start)
        and not efficacy_rules().treated_after_count.match(text, label.end, sentence.end)
    ):
        # "28.7% BC vs. 22.7% MDACC": a label without a preposition only in a comparison, or where it
        # says the patients were given it ("9 sorafenib-treated patients")
        return None
    if label and design_rules().label_modifies.match(text, label.end, sentence.end):
        # "in FGF pathway-amplified subgroup", "in RTOG 9310": the short form names something else
        return None
    return label if label and is_label(sentence, label) else None


def _regimen_label(sentence: Sentence, after: re.Match[str]) -> ArmLabel | None:
    """A regimen named right after a value without a preposition, as a label is: "399 recurrences
    (164 letrozole and 235 placebo)", "66 patients died (31 placebo and 35 erlotinib)", "9
    sorafenib-treated patients" (the caller keeps it only where the values are compared or listed,
    or where it says the patients were given it, as for any label without a preposition)."""
    at = {after.end(), after.start("counted")}
    regimen = next((r for r in sentence.regimens if r.start in at), None)
    return ArmLabel(regimen.start, regimen.end, regimen.canonical) if regimen else None


def _label_before(sentence: Sentence, index: int) -> ArmLabel | None:
    rules = arm_rules()
    text, value = sentence.text, sentence.values[index]
    gap = _LABEL_GAP_BEFORE.search(text, max(sentence.start, value.start - LABEL_WINDOW), value.start)
    if not gap:
        return None
    label = label_before(text, max(sentence.start, gap.start() - LABEL_WINDOW), gap.start(), sentence.design)
    label = widened(sentence, label) if label else None
    paired = index in sentence.pairs or bool(rules.paired_after.match(text, value.end, sentence.end))
    if (
        label
        and paired
        and (
            "," in gap.group()
            or rules.another_before.search(text, max(sentence.start, label.start - 25), label.start)
            or any(r.end <= label.start and r.canonical != label.canonical for r in sentence.regimens)
        )
    ):
        # "(Ax vs. no-Ax: 98% vs. 94%", "similar in the PC and EP arm (89.4% vs. 79.5%": a header
        # that pairs; "lower with X than with Y (9.9 vs 14.9)", "longer than that of control group,
        # 39.1 weeks vs 14.0 weeks", "X was not different from that obtained in the Y arm (11 vs.
        # 16%)": what is compared with, not the first value's arm
        return None
    return label if label and is_label(sentence, label) else None


def _header(sentence: Sentence, first: int) -> tuple[ArmLabel, ArmLabel] | None:
    """The two labels of "X vs. Y: a vs. b" before a pair's first value."""
    rules = arm_rules()
    text, start, design = sentence.text, sentence.start, sentence.design
    value = sentence.values[first]
    gap = _HEADER_END.search(text, max(start, value.start - LABEL_WINDOW), value.start)
    second = label_before(text, max(start, gap.start() - LABEL_WINDOW), gap.start(), design) if gap else None
    joiner = rules.header_joiner.search(text, max(start, second.start - 12), second.start) if second else None
    first_label = (
        label_before(text, max(start, joiner.start() - LABEL_WINDOW), joiner.start(), design)
        if joiner
        else None
    )
    if second is None or first_label is None or not all(is_label(sentence, x) for x in (first_label, second)):
        return None
    return first_label, second


def widened(sentence: Sentence, label: ArmLabel) -> ArmLabel:
    """A label that is part of a regimen the sentence names is that whole regimen ("placebo" of
    "capecitabine plus placebo")."""
    overlapping = [r for r in sentence.regimens if r.start < label.end and label.start < r.end]
    if not overlapping:
        return label
    start, end = min(label.start, overlapping[0].start), max(label.end, overlapping[-1].end)
    return replace(label, start=start, end=end)


def is_label(sentence: Sentence, label: ArmLabel) -> bool:
    """An endpoint's or a trial's name is no arm."""
    spans = [(c.start, c.end) for c in sentence.cues] + [(t.char_start, t.char_end) for t in sentence.trials]
    return not any(s < label.end and label.start < e for s, e in spans)


def label_regimen(sentence: Sentence, label: ArmLabel) -> Regimen:
    """The regimen a label names: the drugs it is made of when nothing else is in it ("in the T-DM1
    group", "the capecitabine-plus-trastuzumab group", "FEC-D"), the arm without them when negated
    ("DA-"), else the design's arm it names or its own words ("E → CMF", "TARGIT")."""
    rules = arm_rules()
    text, design = sentence.text, sentence.design
    label_text = text[label.start : label.end]
    within = [r for r in sentence.regimens if label.start <= r.start and r.end <= label.end]
    rest = label_text
    for regimen in reversed(within):
        rest = rest[: regimen.start - label.start] + rest[regimen.end - label.start :]
    if within and not label.negated and rules.only_joiners.fullmatch(rest):
        if len(within) == 1:
            return within[0]
        names = " + ".join(dict.fromkeys(n for r in within for n in r.canonical.split(" + ")))
        return Regimen(label.start, label.end, label_text, design.complete(names) if design else names)
    other = design.other_arm(within[-1].canonical) if within and label.negated and design else None
    if other is not None:
        return Regimen(label.start, label.end, label_text, other.canonical)
    return Regimen(label.start, label.end, label_text, label.canonical)


def other_design_arm(sentence: Sentence, named: Regimen, position: int) -> Regimen | None:
    other = sentence.design.other_arm(named.canonical) if sentence.design else None
    return Regimen(position, position, "", other.canonical) if other else None


LABEL_WINDOW = 40
# The colon after a header's labels, before its pair: "Ax vs. no-Ax: 98% vs. 94%".
_HEADER_END = re.compile(r"\s*:\s*\Z")
# Between a label and the value after it: "DA-: 87.5%", "group 1, 74%", "TL (52%", "[61.2".
_LABEL_GAP_BEFORE = re.compile(r"\s*[:,(\[]\s*\Z")

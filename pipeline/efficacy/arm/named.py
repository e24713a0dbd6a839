"""The arm a sentence names for a value: a label or regimen next to it, the regimens a pair or a
"respectively" list distributes in order, the arm a design sentence wrote by name ("the standard
chemotherapy group"), a treatment given or not ("with or without rh-endostatin"), or the regimen of
the comparison the value is in."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from pipeline.efficacy.arm.implied import subject_group
from pipeline.efficacy.arm.labels import (
    adjacent_label,
    dosed_label,
    header_label,
    label_regimen,
    labels_after_list,
    labels_respectively,
    other_design_arm,
)
from pipeline.efficacy.arm.places import comparator_first, is_change, last_listed, list_place, two_values
from pipeline.efficacy.arm_rules import arm_rules
from pipeline.efficacy.candidates import NESTED
from pipeline.efficacy.context import Paragraph, Sentence
from pipeline.efficacy.document_design import DocumentDesign, design_rules, label_after
from pipeline.efficacy.regimens import Regimen


def named_arm(sentence: Sentence, index: int, position: int | None, paragraph: Paragraph) -> Regimen | None:
    """The arm the sentence names for its value at `index`, at `position` in its pair or
    "respectively" list (None when in neither), in the order a reader looks: labels a list
    distributes, regimens right after a pair, an arm or regimen named after the value, a label next
    to it, the regimens the pair or list compares, the group its clause is about, and the regimen
    named before it; None when the sentence names none for it."""
    rules = arm_rules()
    text, values, value, pairs = sentence.text, sentence.values, sentence.values[index], sentence.pairs
    sentence_regimens, respectively = sentence.regimens, index in sentence.listed
    in_list = list_place(sentence, index)
    if (
        in_list is not None
        and (index in pairs or index in sentence.series)
        and (labels := labels_respectively(sentence, index, in_list[1]))
    ):
        # "5.5 (3.8-14.0) months and 5.5 (3.5-10.7) months in the dovitinib and placebo arms,
        # respectively", "ORR was 35.4% and 19.5% ..., and the 1-year survival rate was 62.7% and
        # 31.5% in NP plus rh-endostatin group and NP alone group, respectively", "10-year survival
        # was 78.5, 75.1, and 63.4% and for relapse free survival 64.1, 71.0, and 59.5% for groups A,
        # B, and C, respectively": the arms the "respectively" distributes are every list's of as many
        # values before it, in order.
        return label_regimen(sentence, labels[in_list[0]])
    if index in pairs and not respectively and (listed := _regimens_after_pair(sentence, index)):
        # "Survival at 2 years was 35% and 25% for docetaxel and paclitaxel.": the regimens listed
        # right after a pair, ending its clause, are its values' in order, as labels would be.
        return listed[pairs[index]]
    after = rules.regimen_follows.match(text, value.end)
    names_regimen = after is not None and any(r.start == after.end() for r in sentence_regimens)
    if not names_regimen and index not in pairs and not respectively:
        # "91.7%, 88.1%, and 85.2% for Arm A": a list of values takes the regimen named after its last.
        last = last_listed(sentence, index)
        after = rules.regimen_follows.match(text, values[last].end) if last > index else after
    # "(44.8% vs. 15.3%) in patients treated with X compared to those treated with Y": a regimen after
    # the bracket that closes a pair is the pair's subject, not its second value's arm (a bracket
    # opened and closed after the value, "2.0 months (95% CI, 1.4-2.8 months) with Y", is its own).
    gap = text[value.end : after.end()] if after else ""
    closes_pair = pairs.get(index) == 1 and gap.count(")") > gap.count("(")
    if after and not respectively and not closes_pair and not _heads_next_value(sentence, index, after.end()):
        # "13.0 months (95% CI: 3.7-14.3) with standard chemotherapy", "2.8% with XRT and TAM": an arm
        # named after the value as the design sentence wrote it, whole, over a drug or label inside it
        # ("XRT") and over a regimen named earlier in the sentence.
        written = arm_written_at(sentence, after.end())
        following = [r for r in sentence_regimens if r.start == after.end()]
        if written is not None and (not following or written.end > following[0].end):
            return written
        if following:
            return dosed_label(sentence, following[0]) or following[0]
    if not respectively and (labelled := adjacent_label(sentence, index)) is not None:
        return labelled
    if index not in pairs and not respectively and (closing := _closes_clause(sentence, index)) is not None:
        return closing
    if respectively and (header := header_label(sentence, index)) is not None:
        return label_regimen(sentence, header)
    if index in pairs or respectively:
        # "83%, 79%, and 77% with paclitaxel, docetaxel, and nab-paclitaxel, respectively": named after.
        named_after = [r for r in sentence_regimens if r.start >= values[-1].end] if respectively else []
        earlier = list(paragraph.regimens) if len({r.canonical for r in paragraph.regimens}) == 2 else []
        named_before = [r for r in sentence_regimens if r.end <= value.start]
        if len({r.canonical for r in named_before}) == 1:
            # "cediranib had a longer PFS (223 vs. 112 days) vs. placebo": one named before the pair,
            # the other after it as what the first is compared with.
            last = values[index - pairs[index] + 1] if index in pairs else values[-1]
            named_before += [
                r
                for r in sentence_regimens
                if r.start >= last.end
                and rules.compared_with.search(text, max(last.end, r.start - 25), r.start)
            ][:1]
        candidates = named_before or named_after or earlier
        distinct: list[Regimen] = []
        for regimen in candidates:
            if regimen.canonical not in [d.canonical for d in distinct]:
                distinct.append(regimen)
        if position is None:
            return None
        if (
            index in pairs
            and len(distinct) == 2
            and rules.opens_compared.match(text, sentence.start, distinct[0].start)
        ):
            # "Compared with melphalan and prednisone, the same agents with thalidomide added improved
            # PFS (29.5 vs. 17.5 months)": an opening "compared with" names the arm the subject is
            # compared with, named first but the pair's second.
            distinct.reverse()
        if respectively and (len(distinct) < 2 or position >= len(distinct)):
            # "60, 61, and 63% for PTX, PWI, and PTI, respectively", "in the standard and intensive
            # groups, respectively": a list of labels after the values
            listed = labels_after_list(sentence)
            if position < len(listed):
                return label_regimen(sentence, listed[position])
            return _given_or_not(sentence, index, position)
        if len(distinct) < 2 or position >= len(distinct):
            return _given_or_not(sentence, index, position) if len(distinct) < 2 else None
        if len(distinct) > 2 and index in pairs:
            # "T-DM1 improved OS compared with lapatinib plus capecitabine in patients who had progressed
            # on previous trastuzumab-based therapy (29.9 vs 25.9 months)": the compared regimens.
            found = next(
                (
                    i
                    for i in range(1, len(distinct))
                    if rules.compared_with.search(text, max(0, distinct[i].start - 20), distinct[i].start)
                ),
                None,
            )
            compared = len(distinct) - 1 if found is None else found
            # "FOLFOXIRI increased ORR (34 vs. 60%) ... compared to FOLFIRI": the arm compared with
            # first; a verb's direction tells it only where the sentence names that arm.
            named = found is not None
            flipped = is_change(sentence, index) or (named and comparator_first(sentence, index))
            return distinct[compared - 1 : compared + 1][position ^ flipped]
        if index in pairs and comparator_first(sentence, index):
            # "ramucirumab increases median overall survival compared with placebo from 3.8 months to
            # 5.2 months", "the addition of X to Y increased PFS from a to b", "FOLFOXIRI increased
            # ORR (34 vs. 60%) compared to FOLFIRI": the pair runs from the arm compared with to the
            # subject's.
            compared = [
                r for r in distinct[:2] if rules.compared_with.search(text, max(0, r.start - 25), r.start)
            ]
            if len(distinct) == 2 and len(compared) == 1:
                return compared[0] if position == 0 else next(r for r in distinct if r is not compared[0])
            if is_change(sentence, index):
                # a verb's direction alone does not tell which of two regimens named before the pair
                # is its subject ("X combined with Y (referred to as Y group) extended PFS")
                return distinct[1 - position]
        return distinct[position]
    if after and rules.group_named.match(text, after.end()):
        return None  # "25 (15.6%) events in the exercise groups": a group the design does not know
    if (group := subject_group(sentence, index)) is not None:
        # "median OS time for the osimertinib group was 26.5 months and the median OS time for the
        # platinum-based doublet chemotherapy group was 14.1 months": the group the value's clause is
        # about, over a regimen named earlier in the sentence.
        return group
    before = [r for r in sentence_regimens if r.end <= value.start]
    if before and (subject := _subject_of_comparison(sentence, index, before)) is not None:
        return subject
    if before:
        other = _other_arm(sentence, before[-1], value.start)
        return other or before[-1]
    # The sentence's one regimen, unless it is what the value is compared with.
    if len({r.canonical for r in sentence_regimens}) == 1 and not rules.compared_after.search(
        text, value.end, sentence_regimens[0].start
    ):
        return sentence_regimens[0]
    return None


def _closes_clause(sentence: Sentence, index: int) -> Regimen | None:
    """The regimen or arm that closes the value's clause right before the clause is compared with the
    next value, when no other regimen and no value comes between: "At two years, 83.1% of the patients
    were alive and disease free in the ketorolac group vs. 89.7% in the placebo arm"."""
    rules, text, values = arm_rules(), sentence.text, sentence.values
    if index + 1 >= len(values):
        return None
    value, following = values[index], values[index + 1]
    between = [r for r in sentence.regimens if value.end <= r.start and r.end <= following.start]
    if len(between) != 1 or ";" in text[value.end : following.start]:
        return None
    (regimen,) = between
    closes = rules.clause_arm_after.fullmatch(text, regimen.end, following.start)
    joined = rules.clause_arm_before.search(text, max(value.end, regimen.start - 20), regimen.start)
    return regimen if closes and joined else None


def _regimens_after_pair(sentence: Sentence, index: int) -> tuple[Regimen, Regimen] | None:
    """The two regimens listed right after the second value of the pair at `index` when they end
    their clause ("35% and 25% for docetaxel and paclitaxel."), else None."""
    rules = arm_rules()
    text = sentence.text
    second = sentence.values[index - sentence.pairs[index] + 1]
    lead = rules.regimen_follows.match(text, second.end, sentence.end)
    starting = {r.start: r for r in sentence.regimens}
    first = starting.get(lead.end()) if lead else None
    joiner = rules.listed_joiner.match(text, first.end, sentence.end) if first else None
    other = starting.get(joiner.end()) if joiner else None
    if first is None or other is None or other.canonical == first.canonical:
        return None
    return (first, other) if rules.labels_end.match(text, other.end, sentence.end) else None


def _given_or_not(sentence: Sentence, index: int, position: int) -> Regimen | None:
    """The arm of a value of a pair or a two-value list that the sentence splits by one treatment
    given or not, named right before the values or right after them: "The ORR in patients receiving
    chemotherapy with or without rh-endostatin were 90.9% (30/33) and 67.7% (21/31), respectively",
    "91% and 87% for patients treated or not with adjuvant chemotherapy": the first is the arm with it
    (the design's arm that it completes), the second the arm without it (the design's other arm, or
    "no X"). A treatment is a regimen or a therapy ("with and without cardiac risk factors" splits
    the patients by who they are, not by what they were given)."""
    rules = arm_rules()
    text, values = sentence.text, sentence.values
    span = two_values(sentence, index, position)
    if span is None:
        return None
    first, last = values[span[0]], values[span[1]]
    split = None
    for match in rules.given_or_not.finditer(text, sentence.start, sentence.end):
        before = match.end() <= first.start and not any(match.end() <= v.start < first.start for v in values)
        after = last.end <= match.start() <= last.end + _GIVEN_OR_NOT_REACH and not any(
            last.end < v.start < match.start() for v in values
        )
        if before or after:
            split = match
            if after:
                break
    if split is None:
        return None
    treatment = _treatment_at(sentence, split.end())
    if treatment is None:
        return None
    design = sentence.design
    given = design.complete(treatment.canonical) if design else treatment.canonical
    if position == 0:
        return replace(treatment, canonical=given)
    other = design.other_arm(given) if design else None
    negation = split.start("negation")
    return Regimen(
        negation, treatment.end, text[negation : treatment.end], other.canonical if other else f"no {given}"
    )


def _treatment_at(sentence: Sentence, position: int) -> Regimen | None:
    """The regimen whose word starts at `position` ("rh-endostatin", read as endostatin), or the
    therapy named there ("adjuvant chemotherapy")."""
    text = sentence.text
    for regimen in sentence.regimens:
        if position <= regimen.start and not _SPACE.search(text, position, regimen.start):
            return Regimen(position, regimen.end, text[position : regimen.end], regimen.canonical)
    therapy = design_rules().label_therapy.match(text, position, sentence.end)
    if therapy is None:
        return None
    name = " ".join(therapy["words"].lower().split())
    return Regimen(therapy.start(), therapy.end(), therapy.group(), name)


# How far after a pair's second value the treatment given or not may be named ("87% for patients
# treated or not with"); whitespace inside a regimen's word ("rh-endostatin").
_GIVEN_OR_NOT_REACH = 40
_SPACE = re.compile(r"\s")


def _heads_next_value(sentence: Sentence, index: int, position: int) -> bool:
    """Whether the regimen in the bracket opened right after the value is the next value's: "75% (DA 78%
    vs DClo 72%", "84% (vitamin A: 87%, Placebo: 81%)": the whole trial's figure, then each arm's."""
    text, values = sentence.text, sentence.values
    if index + 1 >= len(values) or not _BRACKET_OPENS.fullmatch(text, values[index].end, position):
        return False
    named = [r for r in sentence.regimens if r.start == position]
    return bool(named) and bool(_BEFORE_ITS_VALUE.fullmatch(text, named[0].end, values[index + 1].start))


# A value's unit and the bracket opened after it; a regimen and its value: "DA 78%", "vitamin A: 87%".
_BRACKET_OPENS = re.compile(r"\s*%?\s*(?:months?|weeks?|days?|years?)?\s*\(\s*")
_BEFORE_ITS_VALUE = re.compile(r"\s*[:=,]?\s*")


def arm_written_at(sentence: Sentence, position: int) -> Regimen | None:
    """The design's arm whose name, as the design sentence wrote it ("standard chemotherapy" of
    "standard chemotherapy (temozolomide or ...)", "XRT and TAM" of "XRT and TAM (n = 337)"), starts
    at `position`, the longest where several do; "the group that underwent X" names X."""
    rules = arm_rules()
    if sentence.design is None:
        return None
    lead = rules.written_lead.match(sentence.text, position, sentence.end)
    start = lead.end() if lead else position
    for pattern, arm in _written_names(sentence.design):
        match = pattern.match(sentence.text, start, sentence.end)
        if match:
            return Regimen(match.start(), match.end(), match.group(), arm)
    return None


@lru_cache(maxsize=8)
def _written_names(design: DocumentDesign) -> tuple[tuple[re.Pattern[str], str], ...]:
    """A pattern per arm for its name as written, up to what the design sentence adds after it (its
    size, drugs or schedule in brackets), longest first; a name two arms share names neither."""
    rules = arm_rules()
    names: dict[str, list[str]] = {}
    for arm in design.arms:
        head = rules.written_head.match(arm.text)
        words = _WRITTEN_WORD.findall(head["name"]) if head else []
        if words and any(len(w) > 1 and w[0].isalpha() for w in words) and not words[0][0].isdigit():
            names.setdefault(" ".join(w.lower() for w in words), []).append(arm.canonical)
    if len(design.arms) == 2:
        # "chemotherapy alone or chemotherapy plus bevacizumab": "the chemotherapy alone group" is the
        # arm without what the other adds, whatever the design sentence called it.
        for arm, other in (design.arms, design.arms[::-1]):
            head = rules.written_head.match(arm.text)
            added = rules.written_added.search(head["name"]) if head else None
            base = _WRITTEN_WORD.findall(head["name"][: added.start()]) if added else []
            if base and other.canonical != arm.canonical:
                names.setdefault(" ".join(w.lower() for w in base) + " alone", []).append(other.canonical)
    patterns = [
        (
            re.compile(r"[\s-]+".join(re.escape(w) for w in name.split()) + rules.written_end, re.IGNORECASE),
            arms[0],
        )
        for name, arms in sorted(names.items(), key=lambda kv: -len(kv[0]))
        if len(set(arms)) == 1
    ]
    return tuple(patterns)


# The words of an arm's written name (`written_head`), without a full stop after the last.
_WRITTEN_WORD = re.compile(r"[\w+/→.]+(?<!\.)")


def compared_arms(
    text: str, start: int, end: int, named: tuple[Regimen, ...], design: DocumentDesign | None
) -> tuple[Regimen, ...]:
    """The arms named without drugs that a sentence naming regimens compares them with ("lower in
    the S-1 than in the surgery-only group", "X versus radiotherapy alone", "compared with the
    control group") or sets beside them with their sizes ("S-1 (n = 415) Surgery-only (n = 414)"):
    the sentence is about two arms, not about its one regimen."""
    rules = arm_rules()
    if not named:
        return ()
    arms: list[Regimen] = []
    for comparison in rules.compared_arm.finditer(text, start, end):
        label = label_after(text, comparison.end(), end, design)
        if (
            label is not None
            and not any(r.start < label.end and label.start < r.end for r in named)
            and not _CUT_NAME.match(text, label.end)
        ):
            arms.append(Regimen(label.start, label.end, text[label.start : label.end], label.canonical))
    return tuple(arms)


# A label that ends inside a name ("IFN" of "IFN-α") is not the arm's name.
_CUT_NAME = re.compile(r"[-\u2212]\w")


def _subject_of_comparison(sentence: Sentence, index: int, before: list[Regimen]) -> Regimen | None:
    """A comparison that comes after what the sentence compares its subject with: "the pCR rate in the
    CP-CEF was higher than that in the P-CEF [61.2 (23/37) vs. 26.3 %" (a pair under its counts,
    which `paired_values` does not see) is the subject's, CP-CEF, then the P-CEF's."""
    rules = arm_rules()
    text, values, value, compared = sentence.text, sentence.values, sentence.values[index], before[-1]
    first = index
    if index and rules.compared_before.search(text, values[index - 1].end, value.start):
        first = index - 1
        while first and NESTED.fullmatch(text, values[first - 1].end, values[first].start):
            first -= 1
    if (
        not rules.paired_after.match(text, values[first].end, sentence.end)
        or not rules.compared_with.search(text, max(sentence.start, compared.start - 25), compared.start)
        or any(compared.end <= v.start for v in values[:first])
    ):
        return None
    if first < index:
        return compared
    subjects = [r for r in before if r.canonical != compared.canonical]
    return subjects[-1] if subjects else other_design_arm(sentence, compared, value.start)


def _other_arm(sentence: Sentence, named: Regimen, position: int) -> Regimen | None:
    """The design's other arm, for a value that the sentence compares with the regimen it named."""
    rules = arm_rules()
    design = sentence.design
    if design is None or len(design.arms) != 2:
        return None
    previous = [v for v in sentence.values if named.end <= v.end <= position]
    if not previous or not rules.compared_before.search(sentence.text, previous[-1].end, position):
        return None
    others = [a for a in design.arms if a.canonical != named.canonical]
    return Regimen(position, position, "", others[0].canonical) if len(others) == 1 else None

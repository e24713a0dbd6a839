"""Which arm (regimen) a figure is of: named next to it, placed by a pair or a "respectively" list,
or implied by the trial's design or the paragraph's one regimen. The words and phrasings this reads
(prepositions, comparisons, verbs of direction) are data, `patterns/arm.json`; punctuation, word shapes
and each design's names as written are patterns here."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from pipeline.efficacy.arm_chooser import chosen_arm
from pipeline.efficacy.arm_rules import arm_rules
from pipeline.efficacy.candidates import LISTED, NESTED, Regimen, share_of_count
from pipeline.efficacy.context import Paragraph, Sentence
from pipeline.efficacy.designs import complete_arm, trial_designs
from pipeline.efficacy.document_design import (
    ArmLabel,
    DocumentDesign,
    design_rules,
    label_after,
    label_before,
    labels_listed_after,
)
from pipeline.efficacy.rules import efficacy_rules

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
    # "59.2% (14.1% CR)", "61.8% (21/34)": a value in brackets right after another is of its arm.
    for _ in range(_MAX_NESTED):
        if not index or not NESTED.fullmatch(
            sentence.text, sentence.values[index - 1].end, sentence.values[index].start
        ):
            break
        index -= 1
    index = _last_coordinated_count(sentence, index)
    listed = sentence.listed_endpoints
    if listed is not None and listed[index] is not None and index not in sentence.listed_by_pair:
        # "TTP and OS were 5.8 and 3.1 months": the list gives each value its endpoint, not its arm;
        # "64 and 85% for DD, and 58 and 75% for CS": the regimen after the list is all of its values'.
        sentence = replace(sentence, pairs={}, listed={})
        last = index
        while last + 1 < len(sentence.values) and LISTED.fullmatch(
            sentence.text, sentence.values[last].end, sentence.values[last + 1].start
        ):
            last += 1
        index = last if rules.regimen_follows.match(sentence.text, sentence.values[last].end) else index
    position = _place(sentence, index)
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
        _named_arm(sentence, index, position, paragraph)
        or (_leading_group(sentence, index) if index not in sentence.pairs else None)
        or _implied_arm(sentence, index, trial, paragraph)
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
    if _label_after(sentence, index) is not None:
        return True
    after = arm_rules().label_follows.match(sentence.text, sentence.values[index].end, sentence.end)
    if not after or not after["joiner"]:
        return False
    reach = after.end() + _LABEL_WINDOW
    return any(after.end() <= r.start < reach for r in sentence.regimens)


# Between a total and the first of its parts: its unit, what it counts, then the colon, comma or
# bracket that opens the breakdown ("(92.6%) showed a clinical response (CR or PR): ", " (", ", ").
_PARTS_OPEN = re.compile(r"[^.;:,(\d]{0,60}(?:\([^()\d]{0,20}\)[^.;:,(\d]{0,20})?[:,(]\s*")


def _named_arm(sentence: Sentence, index: int, position: int | None, paragraph: Paragraph) -> Regimen | None:
    rules = arm_rules()
    text, values, value, pairs = sentence.text, sentence.values, sentence.values[index], sentence.pairs
    sentence_regimens, respectively = sentence.regimens, index in sentence.listed
    in_list = _list_place(sentence, index)
    if (
        in_list is not None
        and (index in pairs or index in sentence.series)
        and (labels := _labels_respectively(sentence, index, in_list[1]))
    ):
        # "5.5 (3.8-14.0) months and 5.5 (3.5-10.7) months in the dovitinib and placebo arms,
        # respectively", "ORR was 35.4% and 19.5% ..., and the 1-year survival rate was 62.7% and
        # 31.5% in NP plus rh-endostatin group and NP alone group, respectively", "10-year survival
        # was 78.5, 75.1, and 63.4% and for relapse free survival 64.1, 71.0, and 59.5% for groups A,
        # B, and C, respectively": the arms the "respectively" distributes are every list's of as many
        # values before it, in order.
        return _label_regimen(sentence, labels[in_list[0]])
    if index in pairs and not respectively and (listed := _regimens_after_pair(sentence, index)):
        # "Survival at 2 years was 35% and 25% for docetaxel and paclitaxel.": the regimens listed
        # right after a pair, ending its clause, are its values' in order, as labels would be.
        return listed[pairs[index]]
    after = rules.regimen_follows.match(text, value.end)
    names_regimen = after is not None and any(r.start == after.end() for r in sentence_regimens)
    if not names_regimen and index not in pairs and not respectively:
        # "91.7%, 88.1%, and 85.2% for Arm A": a list of values takes the regimen named after its last.
        last = index
        while last + 1 < len(values) and LISTED.fullmatch(text, values[last].end, values[last + 1].start):
            last += 1
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
        written = _arm_written_at(sentence, after.end())
        following = [r for r in sentence_regimens if r.start == after.end()]
        if written is not None and (not following or written.end > following[0].end):
            return written
        if following:
            return _dosed_label(sentence, following[0]) or following[0]
    if not respectively and (labelled := _adjacent_label(sentence, index)) is not None:
        return labelled
    if respectively and (header := _header_label(sentence, index)) is not None:
        return _label_regimen(sentence, header)
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
            listed = _labels_after_list(sentence)
            if position < len(listed):
                return _label_regimen(sentence, listed[position])
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
            flipped = _is_change(sentence, index) or (named and _comparator_first(sentence, index))
            return distinct[compared - 1 : compared + 1][position ^ flipped]
        if index in pairs and _comparator_first(sentence, index):
            # "ramucirumab increases median overall survival compared with placebo from 3.8 months to
            # 5.2 months", "the addition of X to Y increased PFS from a to b", "FOLFOXIRI increased
            # ORR (34 vs. 60%) compared to FOLFIRI": the pair runs from the arm compared with to the
            # subject's.
            compared = [
                r for r in distinct[:2] if rules.compared_with.search(text, max(0, r.start - 25), r.start)
            ]
            if len(distinct) == 2 and len(compared) == 1:
                return compared[0] if position == 0 else next(r for r in distinct if r is not compared[0])
            if _is_change(sentence, index):
                # a verb's direction alone does not tell which of two regimens named before the pair
                # is its subject ("X combined with Y (referred to as Y group) extended PFS")
                return distinct[1 - position]
        return distinct[position]
    if after and rules.group_named.match(text, after.end()):
        return None  # "25 (15.6%) events in the exercise groups": a group the design does not know
    if (group := _subject_group(sentence, index)) is not None:
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


def _dosed_label(sentence: Sentence, regimen: Regimen) -> Regimen | None:
    """The group a regimen heads when its name goes on to the dose that tells it from another arm of
    the same drug ("in the ondansetron 4 mg group", "in EPI 120 + EPO arm"): the regimen alone would
    name every arm of that drug."""
    label = label_after(sentence.text, regimen.start, sentence.end, sentence.design)
    if label is None or label.end <= regimen.end or not _DOSE.search(sentence.text, regimen.end, label.end):
        return None
    return _label_regimen(sentence, label)


_DOSE = re.compile(r"\d")


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
    span = _two_values(sentence, index, position)
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


def _place(sentence: Sentence, index: int) -> int | None:
    """The value's place in its "respectively" list, else in its pair; None when it is in neither."""
    return sentence.listed[index] if index in sentence.listed else sentence.pairs.get(index)


def _list_place(sentence: Sentence, index: int) -> tuple[int, int] | None:
    """The value's place in the list it is in and how many values the list gives: a series of three
    or more ("21, 17, and 19 %"), else a pair, else the list a "respectively" distributes; None when
    it is in none. The pairs a "respectively" lists are each a pair ("98% vs. 94% and 96% vs. 90%
    respectively")."""
    if index in sentence.series:
        return sentence.series[index]
    if index in sentence.pairs:
        return sentence.pairs[index], 2
    return (sentence.listed[index], max(sentence.listed.values()) + 1) if index in sentence.listed else None


def _two_values(sentence: Sentence, index: int, position: int) -> tuple[int, int] | None:
    """The first and last value (with the values in brackets after it) of the pair or list of exactly
    two values that the value at `index`, at `position` in it, is in."""
    values, text = sentence.values, sentence.text

    first = next((i for i in range(index, -1, -1) if _place(sentence, i) == 0), None)
    if first is None or position > 1:
        return None
    while first and _place(sentence, first - 1) == 0:
        first -= 1  # "90.9% (30/33)": the list's value, not the count in brackets after it
    last = first
    for i in range(first + 1, len(values)):
        at = _place(sentence, i)
        if at is None or (at == 0 and _place(sentence, last) == 1):
            break
        if at > 1:
            return None  # a third value of the list
        last = i
    if _place(sentence, last) != 1:
        return None
    while last + 1 < len(values) and NESTED.fullmatch(text, values[last].end, values[last + 1].start):
        last += 1
    return first, last


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


def _arm_written_at(sentence: Sentence, position: int) -> Regimen | None:
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
    return subjects[-1] if subjects else _other_design_arm(sentence, compared, value.start)


def _adjacent_label(sentence: Sentence, index: int) -> Regimen | None:
    """The arm a label right next to the value names: after it ("3.3% (95% CI 2.1-5.1) for TARGIT",
    "16 patients (35 %) with EC-D", "28.7% BC vs.", "15.6%) DFS events in the exercise groups") or
    before it ("DA-: 87.5%", "group 1, 74%", "control, 90.7%", "TL (52%"); an endpoint's or a trial's
    name is no label. A pair under a header takes the header's labels in order ("Ax vs. no-Ax: 98% vs.
    94%"); a value compared with a labelled one is the design's other arm ("with TARGIT (1.4% [0.8-2.5]
    vs 3.5%")."""
    rules = arm_rules()
    text, values, value = sentence.text, sentence.values, sentence.values[index]
    label = _label_after(sentence, index) or _label_before(sentence, index) or _header_label(sentence, index)
    if label is not None:
        return _label_regimen(sentence, label)
    compared_with_previous = index > 0 and bool(
        rules.compared_before.search(text, values[index - 1].end, value.start)
    )
    if compared_with_previous:
        compared = _label_after(sentence, index - 1) or _label_before(sentence, index - 1)
        if compared is not None:
            return _other_design_arm(sentence, _label_regimen(sentence, compared), value.start)
    return None


def _labels_after_list(sentence: Sentence) -> list[ArmLabel]:
    """The labels named after a "respectively" list's last value, one per value."""
    return _labels_after(sentence, max(sentence.listed), max(sentence.listed.values()) + 1)


def _labels_respectively(sentence: Sentence, index: int, length: int) -> list[ArmLabel]:
    """The `length` labels listed after the sentence's last list of `length` values (a pair, a
    series) when a "respectively" follows them, for a list of as many at or before it; without the
    "respectively", for that list's own values only, when the labels end their clause ("Median OS was
    2.9 and 3.4 months in the placebo and erlotinib arms;")."""
    rules = arm_rules()
    ends = (i for i in range(len(sentence.values)) if _list_place(sentence, i) == (length - 1, length))
    last = max(ends, default=-1)
    labels = _labels_after(sentence, last, length) if last >= index else []
    if not labels:
        return []
    end = labels[-1].end
    place = _list_place(sentence, index)
    own_list = place is not None and index + length - 1 - place[0] == last
    if not rules.respectively_next.match(sentence.text, end, sentence.end) and not (
        own_list and rules.labels_end.match(sentence.text, end, sentence.end)
    ):
        return []
    return [_widened(sentence, label) for label in labels]


def _labels_after(sentence: Sentence, last: int, count: int) -> list[ArmLabel]:
    """The `count` labels listed right after the value at `last` ("... 23, 19.6 and 18 months for PTX,
    PWI and PTI"), or none unless each of them is a label."""
    rules = arm_rules()
    text = sentence.text
    after = rules.label_follows.match(text, sentence.values[last].end, sentence.end)
    if not after or not after["joiner"]:
        return []
    labels = labels_listed_after(text, after.end(), sentence.end, sentence.design, count)
    labels = [label for label in labels if _is_label(sentence, label)]
    return labels if len(labels) == count else []


def _header_label(sentence: Sentence, index: int) -> ArmLabel | None:
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


def _label_after(sentence: Sentence, index: int) -> ArmLabel | None:
    rules = arm_rules()
    text, value = sentence.text, sentence.values[index]
    after = rules.label_follows.match(text, value.end, sentence.end)
    if not after:
        return None
    label = label_after(text, after.end(), sentence.end, sentence.design) or (
        None if after["joiner"] else _regimen_label(sentence, after)
    )
    label = _widened(sentence, label) if label else None
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
    return label if label and _is_label(sentence, label) else None


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
    gap = _LABEL_GAP_BEFORE.search(text, max(sentence.start, value.start - _LABEL_WINDOW), value.start)
    if not gap:
        return None
    label = label_before(text, max(sentence.start, gap.start() - _LABEL_WINDOW), gap.start(), sentence.design)
    label = _widened(sentence, label) if label else None
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
    return label if label and _is_label(sentence, label) else None


def _header(sentence: Sentence, first: int) -> tuple[ArmLabel, ArmLabel] | None:
    """The two labels of "X vs. Y: a vs. b" before a pair's first value."""
    rules = arm_rules()
    text, start, design = sentence.text, sentence.start, sentence.design
    value = sentence.values[first]
    gap = _HEADER_END.search(text, max(start, value.start - _LABEL_WINDOW), value.start)
    second = label_before(text, max(start, gap.start() - _LABEL_WINDOW), gap.start(), design) if gap else None
    joiner = rules.header_joiner.search(text, max(start, second.start - 12), second.start) if second else None
    first_label = (
        label_before(text, max(start, joiner.start() - _LABEL_WINDOW), joiner.start(), design)
        if joiner
        else None
    )
    if (
        second is None
        or first_label is None
        or not all(_is_label(sentence, x) for x in (first_label, second))
    ):
        return None
    return first_label, second


def _widened(sentence: Sentence, label: ArmLabel) -> ArmLabel:
    """A label that is part of a regimen the sentence names is that whole regimen ("placebo" of
    "capecitabine plus placebo")."""
    overlapping = [r for r in sentence.regimens if r.start < label.end and label.start < r.end]
    if not overlapping:
        return label
    start, end = min(label.start, overlapping[0].start), max(label.end, overlapping[-1].end)
    return replace(label, start=start, end=end)


def _is_label(sentence: Sentence, label: ArmLabel) -> bool:
    """An endpoint's or a trial's name is no arm."""
    spans = [(c.start, c.end) for c in sentence.cues] + [(t.char_start, t.char_end) for t in sentence.trials]
    return not any(s < label.end and label.start < e for s, e in spans)


def _label_regimen(sentence: Sentence, label: ArmLabel) -> Regimen:
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


def _other_design_arm(sentence: Sentence, named: Regimen, position: int) -> Regimen | None:
    other = sentence.design.other_arm(named.canonical) if sentence.design else None
    return Regimen(position, position, "", other.canonical) if other else None


_LABEL_WINDOW = 40
# The colon after a header's labels, before its pair: "Ax vs. no-Ax: 98% vs. 94%".
_HEADER_END = re.compile(r"\s*:\s*\Z")
# Between a label and the value after it: "DA-: 87.5%", "group 1, 74%", "TL (52%", "[61.2".
_LABEL_GAP_BEFORE = re.compile(r"\s*[:,(\[]\s*\Z")


def _leading_group(sentence: Sentence, index: int) -> Regimen | None:
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
        or not _is_label(sentence, label)
    ):
        return None
    regimen = _label_regimen(sentence, _widened(sentence, label))
    if rules.group_word.search(text, label.start, label.end):
        return regimen
    # "Of the 17 patients who received chemotherapy alone,": what the patients were given names a group
    # of the trial only when it is one of the design's arms, not a subgroup ("In patients receiving
    # radiotherapy,"); a drug they were given is a regimen of the sentence, read before this
    arms = {a.canonical for a in sentence.design.arms} if sentence.design else set()
    return regimen if lead["given"] is not None and regimen.canonical in arms else None


# The comma that closes a sentence's opening group: "In the combination group, ...".
_CLAUSE_END = re.compile(r"\s*,")


def _subject_group(sentence: Sentence, index: int) -> Regimen | None:
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
        list(rules.subject_lead.finditer(text, max(low, verb.start() - _LABEL_WINDOW * 2), verb.start()))
    ):
        label = label_after(text, lead.end(), verb.start(), sentence.design)
        if label is None or label.end != verb.start():
            continue
        if not rules.group_word.search(text, label.start, label.end) or not _is_label(sentence, label):
            return None
        regimen = _label_regimen(sentence, _widened(sentence, label))
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


def _implied_arm(sentence: Sentence, index: int, trial: str, paragraph: Paragraph) -> Regimen | None:
    """The arm a reader infers when the sentence does not name it: in "T-DXd improved mOS (52.6 vs.
    42.7 months)" the pair is the trial's experimental arm, then its control ("from 20.3 to 25.1":
    control first); the first of a pair, or a figure of its own, in a sentence or paragraph about
    one regimen is that regimen's ("30% of patients ... compared with 20% in the control group": a
    regimen named after the pair's second value is not the first's)."""
    rules = arm_rules()
    text, start, values, value = sentence.text, sentence.start, sentence.values, sentence.values[index]
    pairs, sentence_regimens = sentence.pairs, sentence.regimens
    place, length = _list_place(sentence, index) or (0, 0)
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
        if _comparator_first(sentence, index):
            position = 1 - position
        arms = _design_arms(sentence, trial)
        if len(arms) == 2:
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


def _comparator_first(sentence: Sentence, index: int) -> bool:
    """Whether the pair of the value at `index` gives the arm compared with first and the subject's
    second: a change, "the addition of rituximab increased the ORR from 53% to 74%", or a pair after
    a verb that says which way the subject moved it, "FOLFOXIRI increased ORR (34 vs. 60%)",
    "X reduced recurrence (12% vs. 8%)", whichever value the sentence writes first (the subject's
    is the larger after "increased", the smaller after "reduced")."""
    rules = arm_rules()
    if _is_change(sentence, index):
        return True
    text, values = sentence.text, sentence.values
    first_index = index - sentence.pairs[index]
    first, second = values[first_index], values[first_index + 1]
    verbs = list(
        rules.direction_verb.finditer(text, max(sentence.start, first.start - _DIRECTION_REACH), first.start)
    )
    if not verbs or rules.direction_break.search(text, verbs[-1].end(), first.start):
        return False
    verb = verbs[-1]
    if any(verb.end() <= v.start and i not in sentence.pairs for i, v in enumerate(values[:first_index])):
        return False  # "reducing progression or death by 68% and doubling the ORR (47.3% vs. 20.0%)"
    if rules.negated.search(text, max(sentence.start, verb.start() - 20), verb.start()):
        return False  # "did not increase OS (a vs b)", "without prolonging": no direction
    if rules.describes_patients.search(text, max(sentence.start, verb.start() - 30), verb.start()):
        return False  # "in patients with reduced performance status, X improved OS": who, not which way
    if verb["improved"] and not (second.unit in _TIMES and first.unit in (second.unit, "")):
        return False  # an improved rate may be a lower one (recurrence); a longer time is always better
    try:
        a, b = float(first.text.replace(",", "")), float(second.text.replace(",", ""))
    except ValueError:
        return False
    if a == b:
        return False
    subject_larger = not verb["down"]
    return (a < b) == subject_larger


def _is_change(sentence: Sentence, index: int) -> bool:
    """Whether the pair of the value at `index` is a change, "from 3.8 months to 5.2 months"."""
    rules = arm_rules()
    first = sentence.values[index - sentence.pairs[index]]
    return bool(rules.change_from.search(sentence.text, max(sentence.start, first.start - 6), first.start))


# How far before a pair a verb of direction (`direction_verb`) is looked for.
_DIRECTION_REACH = 160
# Units of a duration as the value finder keeps them: an improved time is a longer one.
_TIMES = ("months", "weeks", "days", "years")


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

"""A paper's own trial design: the arms it says it randomised patients to.

Most trial reports name no known trial, and their figures' arms are left implicit ("the median
OS was 15.4 v 12.7 months"; "the response rate of group A and B were 61.8% and 61.2%"). A reader
takes them from the paper's design sentence: "patients were randomly assigned to receive
docetaxel 100 mg/m2 (n = 225) or paclitaxel 175 mg/m2 (n = 224)". This module reads that sentence
into a `DocumentDesign` (the arms, experimental first, with the names the paper gives them) and
finds where a sentence names an arm without its drugs ("group 1", "TL", "the control group", "the
high-dose group"), and what arm a label right next to a value names ("3.3% for TARGIT", "DA-: 87.5%":
`label_after`, `label_before`, `labels_listed_after`). Patterns are data:
`patterns/document_design.json`.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from pipeline.records import Entity
from pipeline.resources import load_json

_WORD = re.compile(r"[A-Za-z][\w+/-]*")
# A group named by a short name: "the TL group" (its own label).
_SHORT_NAME = re.compile(r"[A-Z][A-Za-z0-9+/-]{0,9}")
# An arm named by a short form alone: "TARGIT", "EC-DCb", "CT" (two capitals at least).
SHORT_FORM = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z0-9+/-]{1,9}")
_PLACEBO = re.compile(r"\bplacebo\b", re.IGNORECASE)
_STOP_WORDS = (
    "the a an of with and or plus in on to for by at as group groups arm arms patients women "
    "participants subjects receive receiving received undergo undergoing treatment therapy treated "
    "either dose doses administered given cycles cycle followed day days mg"
)
_STOP = frozenset(_STOP_WORDS.split())
# "group B", "arm II": the place in the design sentence that a letter or numeral stands for
_ORDINALS = dict(zip("ABCDEFGH", range(8), strict=True)) | {"I": 0, "II": 1, "III": 2, "IV": 3}
_MAX_LIST = 400  # characters after "randomised to" that can hold the list of arms
_MAX_NAME_WORDS = 6


@dataclass(frozen=True)
class DesignRules:
    randomization: re.Pattern[str]
    arm_separators: re.Pattern[str]
    between_separator: re.Pattern[str]
    list_end: re.Pattern[str]
    control: re.Pattern[str]
    generic_labels: tuple[tuple[re.Pattern[str], str], ...]  # (pattern, a role of DocumentDesign.arm_in_role)
    lettered_label: re.Pattern[str]
    defined_label: re.Pattern[str]  # "(TamRT; 317 women)": a short name the design gives an arm
    leading_label: re.Pattern[str]  # "T-FEC (paclitaxel ...)"
    named_arm: re.Pattern[str]
    qualifiers: re.Pattern[str]
    noise: re.Pattern[str]
    name_end: re.Pattern[str]
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


@cache
def design_rules() -> DesignRules:
    data = load_json(
        "document_design.json",
        frozenset(
            {
                "randomization",
                "arm_separators",
                "between_separator",
                "list_end",
                "control",
                "generic_labels",
                "lettered_label",
                "defined_label",
                "leading_label",
                "named_arm",
                "qualifiers",
                "noise",
                "name_end",
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
            }
        ),
    )

    def compiled(key: str) -> re.Pattern[str]:
        return re.compile(data[key], re.IGNORECASE)

    return DesignRules(
        randomization=compiled("randomization"),
        arm_separators=compiled("arm_separators"),
        between_separator=compiled("between_separator"),
        list_end=compiled("list_end"),
        control=compiled("control"),
        generic_labels=tuple(
            (re.compile(g["pattern"], re.IGNORECASE), g["side"]) for g in data["generic_labels"]
        ),
        lettered_label=compiled("lettered_label"),
        defined_label=re.compile(data["defined_label"]),
        leading_label=re.compile(data["leading_label"]),
        named_arm=compiled("named_arm"),
        qualifiers=compiled("qualifiers"),
        noise=compiled("noise"),
        name_end=compiled("name_end"),
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
    )


@dataclass(frozen=True)
class DesignArm:
    canonical: str  # the regimen ("tipifarnib + letrozole"), or the arm's own words ("radical mastectomy")
    text: str  # as written in the design sentence
    start: int
    end: int
    control: bool  # the comparator: placebo, observation, usual care, "X alone"
    order: int  # its place in the design sentence (0 = named first)
    labels: tuple[str, ...]  # names the paper defines for it: "group A", "TL"
    words: frozenset[str]  # its content words and drugs, lower-case, to match "the high-dose group"


@dataclass(frozen=True)
class DocumentDesign:
    arms: tuple[DesignArm, ...]  # experimental arms first, in the paper's order, then the controls
    start: int  # where the design sentence's list of arms begins
    trial: str = ""  # the trial it is the design of, when the paper names it
    only_trial: bool = True  # the paper names no other trial: every unnamed figure is its trial's

    def control_arm(self) -> DesignArm | None:
        controls = [a for a in self.arms if a.control]
        return controls[0] if len(controls) == 1 else (self.arms[-1] if len(self.arms) == 2 else None)

    def experimental_arm(self) -> DesignArm | None:
        control = self.control_arm()
        others = [a for a in self.arms if a is not control]
        return others[0] if len(others) == 1 else None

    def other_arm(self, canonical: str) -> DesignArm | None:
        """The arm of a two-arm design besides the one named `canonical` ("no-Ax", "DA-", a value
        compared with the named arm's)."""
        others = [a for a in self.arms if a.canonical != canonical]
        return others[0] if len(self.arms) == 2 and len(others) == 1 else None

    def arm_in_role(self, role: str) -> DesignArm | None:
        """The arm a generic name stands for: `control`, `experimental`, or by its number of drugs,
        `combination` (the one arm with the most) and `single_agent` (the one with the fewest)."""
        if role == "control":
            return self.control_arm()
        if role == "experimental":
            return self.experimental_arm()
        counts = [len(_drugs_of(a.canonical).split(" + ")) for a in self.arms]
        wanted = max(counts) if role == "combination" else min(counts)
        chosen = [a for a, count in zip(self.arms, counts, strict=True) if count == wanted]
        return chosen[0] if len(chosen) == 1 else None

    def shared(self, regimen: str) -> bool:
        """Whether every drug of `regimen` is in every other arm too, so that it tells no arm apart: the
        "fluorouracil" a short form "ELF" was read as, in a trial of ILF against ELF."""
        named = set(_drugs_of(regimen).split(" + "))
        others = [a for a in self.arms if a.canonical != regimen]
        return (
            len(self.arms) >= 2
            and bool(others)
            and all(named <= set(_drugs_of(a.canonical).split(" + ")) for a in others)
        )

    def complete(self, regimen: str, around: str = "") -> str:
        """The one arm whose drugs include every drug of `regimen` ("the capecitabine group" in a trial
        of capecitabine vs capecitabine + trastuzumab is the arm that is exactly capecitabine); of arms
        of the same drugs, the one whose schedule or dose the words `around` it name ("weekly
        paclitaxel")."""
        named = set(regimen.split(" + "))
        exact = [a for a in self.arms if a.canonical == regimen]
        if exact:
            return exact[0].canonical
        fitting = [a for a in self.arms if named <= set(_drugs_of(a.canonical).split(" + "))]
        if len(fitting) > 1 and around:
            # "once-every-3-weeks paclitaxel" is the arm "paclitaxel (once every 3 weeks)"
            said = _plain_spacing(around)
            fitting = [
                a
                for a in fitting
                if _qualifier_of(a.canonical) and _plain_spacing(_qualifier_of(a.canonical)) in said
            ]
        return fitting[0].canonical if len(fitting) == 1 else regimen


_QUALIFIED = re.compile(r"^(?P<drugs>.*?) \((?P<qualifier>[^()]*)\)$")


def _drugs_of(canonical: str) -> str:
    """ "paclitaxel (weekly)" -> "paclitaxel"."""
    match = _QUALIFIED.match(canonical)
    return match["drugs"] if match else canonical


def _plain_spacing(phrase: str) -> str:
    return " ".join(phrase.lower().replace("-", " ").split())


def _qualifier_of(canonical: str) -> str:
    match = _QUALIFIED.match(canonical)
    return match["qualifier"] if match else ""


@dataclass(frozen=True)
class ArmMention:
    start: int
    end: int
    arm: DesignArm


def read_design(text: str, entities: list[Entity]) -> DocumentDesign | None:
    """The arms of the first design sentence that names at least two, with what the paper says an
    arm named without drugs received."""
    rules = design_rules()
    drugs = sorted((e for e in entities if e.label == "DRUG"), key=lambda e: e.char_start)
    stated_unread = False
    for reader in (_stated, _labelled, _described, _compared, _named_groups):
        if reader is _compared and stated_unread:
            continue  # its first comparison is a guess for a paper that states no design, not this one
        design = reader(text, drugs, rules)
        design = _with_what_groups_received(design, text, drugs, rules) if design else None
        if design and _told_apart(design):
            return design
        stated_unread = stated_unread or (reader is _stated and design is not None)
    return None


def _told_apart(design: DocumentDesign) -> bool:
    """Every arm has a name of its own: none empty ("randomly allocated to groups 1 or 2 (63 ..."),
    none cut at a hyphen ("the high- and intermediate-risk groups"), no two the same ("EPI±EPO" when
    EPO is no drug the lexicon knows). A design that fails is none, and the next reader is asked; a
    paper whose design sentence fails still states one, so the first two regimens it compares
    elsewhere ("platinum-based compounds (cisplatin or carboplatin)") are not taken for it."""
    names = [a.canonical for a in design.arms]
    return all(name and not name.endswith("-") for name in names) and len(set(names)) == len(names)


def _stated(text: str, drugs: list[Entity], rules: DesignRules) -> DocumentDesign | None:
    """The arms of the first sentence that says patients were randomised to them."""
    starts = [d.char_start for d in drugs]
    for trigger in rules.randomization.finditer(text):
        if _about_other_study(text, trigger.start(), rules):
            continue
        list_start = trigger.end()
        end = _list_end(text, list_start, rules)
        # Only the list's drugs: all of them for each sentence that says "randomised" is quadratic.
        listed = drugs[bisect_left(starts, list_start) : bisect_left(starts, end)]
        between = trigger.group().rstrip().endswith("between")
        groups = rules.two_named_arms.match(text, list_start, end)
        if groups and not rules.respectively.search(text, groups.end(), end + _RESPECTIVELY_AFTER):
            groups = None  # "randomised to the combination and sequential arms": the groups are the list
        drug_starts = frozenset(d.char_start for d in listed)
        spans = _arm_spans(text, groups.end() if groups else list_start, end, rules, between, drug_starts)
        arms = _arms(text, spans, listed, rules)
        if groups and len(arms) == 2:
            arms = _in_groups(arms, groups, rules)
        if len(arms) >= 2:
            return DocumentDesign(_ordered(arms), list_start)
    return None


_RESPECTIVELY_AFTER = 20  # characters after a list of arms that can say ", respectively"


def _in_groups(arms: list[DesignArm], groups: re.Match[str], rules: DesignRules) -> list[DesignArm]:
    """The arms of "randomly divided into study group and control group, and received Yiyoutasai or
    Aisu, respectively": each with its group's words and role, so "the study group" names it."""
    return [
        replace(
            arm,
            control=bool(rules.control.search(groups[group])),
            words=arm.words | _words_of(groups[group]),
        )
        for arm, group in zip(arms, ("first", "second"), strict=True)
    ]


def _with_what_groups_received(
    design: DocumentDesign, text: str, drugs: list[Entity], rules: DesignRules
) -> DocumentDesign:
    """An arm named without drugs ("the study group") takes the regimen the paper says it received:
    "Patients in the test group received Cipterbin combined with vinorelbine"."""
    named = {d.canonical for d in drugs}
    unnamed = [a for a in design.arms if not a.control and not named & set(a.canonical.split(" + "))]
    if not unnamed:
        return design  # most designs: every arm names its drugs
    chains = _drug_chains(text, drugs, rules)
    arms = []
    for arm in design.arms:
        names = _received(arm, text, chains, rules) if arm in unnamed else []
        arms.append(replace(arm, canonical=" + ".join(names), words=arm.words | set(names)) if names else arm)
    canonicals = [a.canonical for a in arms]
    if len(set(canonicals)) < len(canonicals):
        return design  # both groups received the same drugs: their own names tell them apart
    return replace(design, arms=tuple(arms))


def _received(
    arm: DesignArm, text: str, chains: list[tuple[int, int, list[str]]], rules: DesignRules
) -> list[str]:
    """The drugs the paper says a group received right after naming it, or none."""
    received = re.search(rf"\b{re.escape(arm.canonical)}\s+{rules.received.pattern}", text, re.IGNORECASE)
    if received is None:
        return []
    return next((names for start, _, names in chains if 0 <= start - received.end() <= _MAX_RECEIVED_GAP), [])


_MAX_RECEIVED_GAP = 40  # characters between "received" and the first drug of what was received


# Where a sentence ends: not at "vs.", "et al.", "Fig.", "e.g." or "i.e.".
_SENTENCE_BREAK = re.compile(r"(?<!\bvs)(?<!\bal)(?<!\bFig)(?<!\be\.g)(?<!\bi\.e)[.!?]\s+(?=[A-Z(\[])|\n")
_MAX_SENTENCE = 1500  # characters either side of a position searched for its sentence's bounds


def _about_other_study(text: str, position: int, rules: DesignRules, cited: bool = False) -> bool:
    """Whether the sentence at `position` is about a trial other than the paper's own ("a phase III
    study of TAS-118 plus oxaliplatin vs. S-1 plus cisplatin ... is currently recruiting [17]",
    "Smith et al. randomised 300 women to ..."): a design read there is another trial's, not the
    paper's. With `cited`, a sentence that cites a reference is another study's too: for a
    comparison taken as the design of a paper that states none ("dexmedetomidine is being used
    ... [12-16]"), not for a design sentence, which often cites its method ("randomly assigned in
    a ratio of 2:1 [12]")."""
    window = max(0, position - _MAX_SENTENCE)
    start = next((m.end() for m in reversed(list(_SENTENCE_BREAK.finditer(text, window, position)))), window)
    limit = min(len(text), position + _MAX_SENTENCE)
    end_match = _SENTENCE_BREAK.search(text, position, limit)
    end = end_match.start() + 1 if end_match else limit
    return rules.other_study.search(text, start, end) is not None or (
        cited and rules.reference_marker.search(text, start, end) is not None
    )


def _ordered(arms: list[DesignArm]) -> tuple[DesignArm, ...]:
    return tuple(sorted(arms, key=lambda a: (a.control, a.order)))


def _compared(text: str, drugs: list[Entity], rules: DesignRules) -> DocumentDesign | None:
    """The first two regimens the paper compares ("capecitabine plus enzastaurin versus capecitabine
    plus placebo", "cisplatin with or without cetuximab"): its design when it states none."""
    chains = _drug_chains(text, drugs, rules)
    for (a_start, a_end, a_names), (b_start, b_end, b_names) in itertools.pairwise(chains):
        between = text[a_end:b_start]
        if rules.with_or_without.match(between):
            both = a_names + [n for n in b_names if n not in a_names]
            arms = [(a_start, b_end, both, False), (a_start, a_end, a_names, True)]
        elif rules.comparison.match(between) and a_names != b_names:
            arms = [(a_start, a_end, a_names, False), (b_start, b_end, b_names, False)]
        else:
            continue
        if _about_other_study(text, a_start, rules, cited=True):
            continue
        return DocumentDesign(
            _ordered(
                [
                    DesignArm(
                        canonical=" + ".join(names),
                        text=text[start:end],
                        start=start,
                        end=end,
                        control=control or bool(rules.control.search(text, start, end)),
                        order=order,
                        labels=(),
                        words=frozenset(names),
                    )
                    for order, (start, end, names, control) in enumerate(arms)
                ]
            ),
            a_start,
        )
    return None


def _labelled(text: str, drugs: list[Entity], rules: DesignRules) -> DocumentDesign | None:
    """Arms the paper labels as it lists them, with no randomisation sentence before the list:
    "sunitinib (arm A) versus no therapy (arm B)", "level-III dissection (group-A, n=258) or level-I
    dissection (group-B, n=256)", "X (group A), the same regimen with fixed doses (group B) and the
    TAC regimen (group C)"; each arm runs from the previous one's label to its own."""
    labels = list(rules.bracketed_label.finditer(text))
    starts = [d.char_start for d in drugs]
    for at, first in enumerate(labels):
        run = [first]
        for following in labels[at + 1 :]:
            between = text[run[-1].end() : following.start()]
            if (
                len(between) > _MAX_LIST // 2
                or _SENTENCE_END.search(between)
                or following["label"] in {m["label"] for m in run}
            ):
                break
            run.append(following)
        if len(run) < 2:
            continue
        full_stop = text.rfind(". ", max(0, first.start() - _MAX_LIST // 2), first.start())
        sentence = full_stop + 2 if full_stop >= 0 else 0
        openers = [
            o
            for o in rules.list_opener.finditer(
                text, max(sentence, first.start() - _MAX_LIST // 2), first.start()
            )
            # not the bracket of "mg/m(2)" or "docetaxel (T)", closed before the first label
            if not o.group().startswith("(")
            or text.count("(", o.start(), first.start()) > text.count(")", o.start(), first.start())
        ]
        start = openers[-1].end() if openers else first.start()
        spans = [(start, first.end())]
        for previous, label in itertools.pairwise(run):
            joiner = rules.list_joiner.match(text, previous.end(), label.start())
            spans.append((previous.end() + len(joiner[0]), label.end()))
        listed = drugs[bisect_left(starts, start) : bisect_left(starts, run[-1].end())]
        sentence_start = max(0, text.rfind(". ", max(0, start - _MAX_LIST), start))
        before = drugs[bisect_left(starts, sentence_start) : bisect_left(starts, start)]
        shared = tuple(dict.fromkeys(n for d in before for n in d.canonical.split(" + ")))
        arms = _arms(text, spans, listed, rules, shared)
        if len(run) > 2 and not (len(arms) == len(run) and all(a.labels for a in arms)):
            # a third label that is no arm of the list: the first two are still one
            arms = _arms(text, spans[:2], listed, rules, shared)
            run = run[:2]
        if len(arms) == len(run) and all(a.labels for a in arms):
            return DocumentDesign(_ordered(arms), start)
    return None


_SENTENCE_END = re.compile(r"[.;!?]\s+[A-Z]")
_DESCRIPTION_END = re.compile(r"[.;](?:\s|$)")
_MAX_DESCRIPTION = 200  # characters of what a group received
_MAX_BETWEEN_DESCRIPTIONS = 600


def _described(text: str, drugs: list[Entity], rules: DesignRules) -> DocumentDesign | None:
    """Lettered groups the paper defines by what each received, one sentence each: "Group 1 (N = 178)
    consisted of patients treated ... with FAC ... Group 2 (N = 62) ... with FAC followed by paclitaxel",
    or with the label last: "590 patients were treated with conservative surgery and radiotherapy
    (group A). ... 194 patients underwent adjuvant therapy based on CMF regimens (group B)"; the first
    run of such sentences with two groups or more, each its own letter or number."""
    run = _described_run(rules.described_group.finditer(text))
    if len(run) >= 2:
        spans = []
        for match, following in itertools.zip_longest(run, run[1:]):
            # "Group C received placebo, Group E received esmolol and Group D received ...": one sentence
            limit = min(following.start() if following else len(text), match.end() + _MAX_DESCRIPTION)
            end = _DESCRIPTION_END.search(text, match.end(), limit)
            spans.append((match.end(), end.start() if end else limit))
    else:
        run = _described_run(rules.group_described_before.finditer(text))
        spans = [(m.start("what"), m.end("what")) for m in run]
    if len(run) < 2:
        return None
    starts = [d.char_start for d in drugs]
    listed = drugs[bisect_left(starts, spans[0][0]) : bisect_left(starts, spans[-1][1])]
    arms = _arms(text, spans, listed, rules)
    if len(arms) != len(run):
        return None  # a group that cannot be told from another
    labelled = [replace(a, labels=(_lettered(m),)) for a, m in zip(arms, run, strict=True)]
    return DocumentDesign(_ordered(labelled), run[0].start())


def _described_run(matches: Iterator[re.Match[str]]) -> list[re.Match[str]]:
    """The first run of group descriptions close to one another, each of its own group."""
    run: list[re.Match[str]] = []
    for match in matches:
        if run and (
            match.start() - run[-1].end() > _MAX_BETWEEN_DESCRIPTIONS
            or _lettered(match) in {_lettered(m) for m in run}
        ):
            if len(run) >= 2:
                break
            run = []
        run.append(match)
    return run


def _named_groups(text: str, drugs: list[Entity], rules: DesignRules) -> DocumentDesign | None:
    """The first two groups the paper sets side by side ("168 in the fenretinide arm and 190 in the
    control arm", "the trastuzumab and observation groups"): its design when it states none."""
    pairs = [
        ((m.start("first"), m.end("first")), (m.start("second"), m.end("second")))
        for m in rules.two_named_arms.finditer(text)
    ]
    named = list(rules.named_arm.finditer(text))
    pairs += [
        ((a.start("words"), a.end("words")), (b.start("words"), b.end("words")))
        for a, b in itertools.pairwise(named)
        if b.start() - a.end() <= _MAX_BETWEEN_GROUPS and _SIDE_BY_SIDE.fullmatch(text, a.end(), b.start())
    ]
    for spans in sorted(pairs):
        if _about_other_study(text, spans[0][0], rules, cited=True):
            continue
        arms = [
            arm
            for order, (start, end) in enumerate(spans)
            if (arm := _group_arm(text, start, end, order, drugs, rules)) is not None
        ]
        if len(arms) == 2 and arms[0].words != arms[1].words:
            return DocumentDesign(_ordered(arms), spans[0][0])
    return None


_MAX_BETWEEN_GROUPS = 80
# What lies between two groups set side by side: a comparison within one clause of one sentence.
_SIDE_BY_SIDE = re.compile(
    r"(?=[^.;]*\b(?:and|versus|vs|or|compared|than)\b)[^.;]*?(?:\s(?:the|in|on|for|with|of))?\s*",
    re.IGNORECASE,
)


def _group_arm(
    text: str, start: int, end: int, order: int, drugs: list[Entity], rules: DesignRules
) -> DesignArm | None:
    """A named group as an arm; None for one that names no treatment ("the study group")."""
    phrase = text[start:end]
    if any(
        side == "experimental" and pattern.fullmatch(f"{phrase} group")
        for pattern, side in rules.generic_labels
    ):
        return None
    names = [d.canonical for d in drugs if start <= d.char_start and d.char_end <= end]
    canonical = " + ".join(names) or " ".join(_plain_words(phrase, rules)[:_MAX_NAME_WORDS]).lower()
    if not canonical:
        return None
    return DesignArm(
        canonical=canonical,
        text=phrase,
        start=start,
        end=end,
        control=bool(rules.control.search(phrase)),
        order=order,
        labels=(phrase,) if _SHORT_NAME.fullmatch(phrase) else (),
        words=frozenset(_content_words(phrase, rules) | set(names)),
    )


def _drug_chains(text: str, drugs: list[Entity], rules: DesignRules) -> list[tuple[int, int, list[str]]]:
    """Drugs (and placebo) joined into regimens: "capecitabine plus placebo", "AC followed by paclitaxel"."""
    parts = [(d.char_start, d.char_end, d.canonical) for d in drugs]
    parts += [(m.start(), m.end(), "placebo") for m in _PLACEBO.finditer(text)]
    chains: list[tuple[int, int, list[str]]] = []
    for start, end, canonical in sorted(parts):
        names = canonical.split(" + ")
        if chains and rules.drug_joiner.match(text[chains[-1][1] : start]):
            previous = chains[-1]
            chains[-1] = (previous[0], end, previous[2] + [n for n in names if n not in previous[2]])
        else:
            chains.append((start, end, names))
    return chains


def _list_end(text: str, start: int, rules: DesignRules) -> int:
    limit = min(len(text), start + _MAX_LIST)
    depth = 0
    for position in range(start, limit):
        character = text[position]
        if character in "([":
            depth += 1
        elif character in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and rules.list_end.match(text, position):
            return position
    return limit


def _top_level(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Matches of `pattern` in text[start:end] outside brackets."""
    depth_at = []
    depth = 0
    for character in text[start:end]:
        depth_at.append(depth)
        if character in "([":
            depth += 1
        elif character in ")]":
            depth = max(0, depth - 1)
    return [m for m in pattern.finditer(text, start, end) if depth_at[m.start() - start] == 0]


def _arm_spans(
    text: str,
    start: int,
    end: int,
    rules: DesignRules,
    between: bool,
    drug_starts: frozenset[int] = frozenset(),
) -> list[tuple[int, int]]:
    separators = _top_level(text, start, end, rules.between_separator if between else rules.arm_separators)
    if not separators:
        return []
    spans: list[tuple[int, int]] = []
    position = start
    for separator in separators:
        spans.append((position, separator.start()))
        position = separator.end()
    spans.append((position, end))
    if separators[-1].group().startswith(","):  # "A (n = 336), B (n = 336), or C": a list of arms
        listed: list[tuple[int, int]] = []
        for span_start, span_end in spans[:-1]:
            commas = _top_level(text, span_start, span_end, re.compile(r",\s+"))
            cut = span_start
            for comma in commas:
                listed.append((cut, comma.start()))
                cut = comma.end()
            listed.append((cut, span_end))
        spans = [*listed, spans[-1]]
    last_start, last_end = spans[-1]
    # "paclitaxel 175 mg/m2 (n = 224), every 21 days": the rest is not the arm; but "cyclophosphamide,
    # epirubicin and fluorouracil" is a list of the arm's drugs
    comma = [
        c for c in _top_level(text, last_start, last_end, re.compile(r",\s+")) if c.end() not in drug_starts
    ]
    if comma:
        spans[-1] = (last_start, comma[0].start())
    return [(s, e) for s, e in spans if e > s]


def _arms(
    text: str,
    spans: list[tuple[int, int]],
    drugs: list[Entity],
    rules: DesignRules,
    shared: tuple[str, ...] = (),
) -> list[DesignArm]:
    """The arms of a list's spans; `shared`, the drugs named before a list of arms that differ
    only by schedule or dose ("doxorubicin given either as 60 mg/m2 every 6 weeks (arm A) or ...")."""
    drafts: list[tuple[int, int, int, list[str]]] = []
    for order, (start, end) in enumerate(spans):
        names: list[str] = []
        if drafts and rules.added_to_previous.match(text[start:end]):
            names = [n for n in drafts[-1][3] if n != "placebo"]
        if drafts and rules.same_as_previous.match(text[start:end]):
            names = list(drafts[-1][3])  # "X (group A), the same regimen with fixed doses (group B)"
        if drafts and rules.all_previous.match(text[start:end]):
            names = list(dict.fromkeys(n for *_, previous in drafts for n in previous if n != "placebo"))
        found = [(d.char_start, d.canonical) for d in drugs if start <= d.char_start and d.char_end <= end]
        found += [(m.start(), "placebo") for m in _PLACEBO.finditer(text, start, end)]
        for _, canonical in sorted(found):
            for name in canonical.split(" + "):
                if name not in names:
                    names.append(name)
        drafts.append((order, start, end, names))
    shared_end = rules.shared_before.search(text, *spans[0]) if spans else None
    if shared_end:  # "EC followed either by D or DCb": every arm is EC followed by its own drugs
        first_start = spans[0][0]
        shared_names = [
            n
            for d in drugs
            if first_start <= d.char_start < shared_end.start()
            for n in d.canonical.split(" + ")
        ]
        drafts = [
            (order, start, end, names if order == 0 else list(dict.fromkeys([*shared_names, *names])))
            for order, start, end, names in drafts
        ]
    with_drugs = [names for *_, names in drafts if names] or ([list(shared)] if shared else [])
    arms: list[DesignArm] = []
    previous: list[str] = []  # the drugs of the last arm that names some
    for order, start, end, names in drafts:
        phrase = text[start:end]
        words = _content_words(phrase, rules)
        schedule = {w for q in rules.qualifiers.finditer(phrase) for w in _words_of(q.group())}
        if not names and with_drugs and not (words - schedule):
            # "either 3 (group 1) or 6 (group 2) cycles of epirubicin/docetaxel": the drugs are shared;
            # "PTX alone or with iniparib, either once-weekly or twice-weekly": the previous arm's
            names = previous or with_drugs[0]
        previous = names or previous
        name_end = rules.name_end.search(phrase)
        name = phrase[: name_end.start()] if name_end else phrase
        name_words = _plain_words(name, rules) or _plain_words(phrase, rules)  # "treatment with ALNC (Ax)"
        if arms and [w.lower() for w in name_words] == ["without"]:
            name_words = [*name_words, arms[-1].canonical]  # "with ALNC (Ax) or without (no-Ax)"
        canonical = " + ".join(names) or " ".join(name_words[:_MAX_NAME_WORDS]).lower()
        lettered = rules.lettered_label.match(phrase.lstrip())
        if not names and lettered and not _plain_words(phrase.lstrip()[lettered.end() :], rules):
            # "Group A (using the model; n = 43) versus Group B (...)": an arm named by its label alone
            # is that label ("group A"), not its letter ("b", or nothing for the article-like "A")
            canonical = _label_name(lettered)
        if not canonical:
            continue
        labels = tuple(
            [_lettered(m) for m in rules.lettered_label.finditer(phrase)]
            + [
                label
                for m in rules.defined_label.finditer(phrase)
                if (label := m["label"] or m["last"])
                and not rules.lettered_label.fullmatch(label)
                and not rules.not_arm_label.search(_AFFIXES.sub("", label))
                # "paclitaxel followed by FAC (FAC) or eight cycles of FAC": a regimen's name, not the arm's
                and not any(_label(label).search(text, s, e) for s, e in spans if s != start)
            ]
        )
        if not labels and len(name_words) == 1 and SHORT_FORM.fullmatch(name_words[0]):
            labels = (name_words[0],)  # "randomly assigned to receive DE (n = 402) or DEE (n = 401)"
        leading = rules.leading_label.match(phrase)
        if not labels and leading and not rules.not_arm_label.search(leading["label"]):
            labels = (leading["label"],)
        arms.append(
            DesignArm(
                canonical=canonical,
                text=phrase,
                start=start,
                end=end,
                control=bool(rules.control.search(phrase)),
                order=order,
                labels=labels,
                words=frozenset(words | set(names)),
            )
        )
    return _distinguished(arms, rules)


def _distinguished(arms: list[DesignArm], rules: DesignRules) -> list[DesignArm]:
    """Arms of the same drugs told apart by schedule or dose ("paclitaxel (weekly)" and "paclitaxel
    (once every 3 weeks)"), else by their own words; arms that still cannot be told apart are dropped."""
    seen: dict[str, int] = {}
    for arm in arms:
        seen[arm.canonical] = seen.get(arm.canonical, 0) + 1
    result = []
    for arm in arms:
        if seen[arm.canonical] == 1:
            result.append(arm)
            continue
        qualifier = _qualifier(arm.text, rules)
        if qualifier:
            result.append(replace(arm, canonical=f"{arm.canonical} ({qualifier})"))
        else:  # "TAM (n = 336), XRT and placebo (n = 336), or XRT and TAM": the arm's own words
            words = " ".join(_plain_words(arm.text, rules)[:_MAX_NAME_WORDS]).lower()
            result.append(replace(arm, canonical=words))
    canonicals = [a.canonical for a in result]
    return [a for a in result if canonicals.count(a.canonical) == 1]


@cache
def _label(label: str) -> re.Pattern[str]:
    """A label the paper defines ("TL", "CHUT"), as a word of its own."""
    return re.compile(rf"(?<![\w-]){re.escape(label)}(?![\w-])")


def _qualifier(phrase: str, rules: DesignRules) -> str:
    found = rules.qualifiers.search(phrase)
    # "37.5 mg/m(2)" is "37.5 mg/m2": the arm's name keeps no brackets of its own
    return " ".join(found.group().lower().replace("(", "").replace(")", "").split()) if found else ""


def _plain_words(phrase: str, rules: DesignRules) -> list[str]:
    """The words that name an arm; a word after "no" is kept ("no therapy" is not "no")."""
    words = _WORD.findall(rules.noise.sub(" ", phrase))
    return [w for i, w in enumerate(words) if w.lower() not in _STOP or (i and words[i - 1].lower() == "no")]


def _content_words(phrase: str, rules: DesignRules) -> set[str]:
    return _words_of(rules.noise.sub(" ", phrase))


def _words_of(phrase: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(phrase) if w.lower() not in _STOP}


def _lettered(match: re.Match[str]) -> str:
    return match["label"].upper()


def _label_name(match: re.Match[str]) -> str:
    """A lettered label as an arm's name: "Group A" is "group A", "arm-2" is "arm 2"."""
    noun = match.group()[: match.start("label") - match.start()].strip(" -")
    return f"{noun.lower()} {match['label']}"


def _lettered_arm(design: DocumentDesign, label: str) -> DesignArm | None:
    """The arm "group B" / "arm 2" names: the one the paper labels so, else, for a paper that labels
    none, the one at that place in its list."""
    lettered = {name: arm for arm in design.arms for name in arm.labels}
    if label in lettered:
        return lettered[label]
    by_order = sorted(design.arms, key=lambda a: a.order)
    if not any(a.labels for a in design.arms) and _ORDINALS.get(label, 9) < len(by_order):
        return by_order[_ORDINALS[label]]  # "arm A" / "group 1" of a paper that lists its arms in order
    if label.isdigit() and not lettered and 0 < int(label) <= len(by_order):
        return by_order[int(label) - 1]
    return None


def _fitting(design: DocumentDesign, phrase: str) -> list[DesignArm]:
    """The arms a phrase can name: by their words ("the high-dose group"), else by the role a generic
    name gives ("the control versus experimental groups", "the intensive arm")."""
    words = _words_of(phrase)
    fitting = [a for a in design.arms if words and all(_among(word, a.words) for word in words)]
    if len(fitting) == 1:
        return fitting  # "the high-dose group" of a trial whose arms differ by dose
    for pattern, side in design_rules().generic_labels:
        if pattern.fullmatch(f"{phrase.strip()} group"):
            arm = design.arm_in_role(side)
            return [arm] if arm else []
    return fitting


def _among(word: str, words: frozenset[str]) -> bool:
    """The word is one of the arm's, or a hyphenated one whose parts all are ("the radical-mastectomy
    group" of "radical mastectomy")."""
    if word in words:
        return True
    parts = [p for p in word.split("-") if p and p not in _STOP]
    return len(parts) > 1 and all(p in words for p in parts)


# What every name of an arm below ends in; most sentences have none, and skip those patterns.
_GROUP_NOUN = re.compile(r"\b(?:groups?|arms?|cohorts?|controls)\b", re.IGNORECASE)


def arm_mentions(text: str, start: int, end: int, design: DocumentDesign) -> list[ArmMention]:
    """Where text[start:end] names one of the design's arms without its drugs."""
    rules = design_rules()
    found: list[ArmMention] = []

    def add(match_start: int, match_end: int, arm: DesignArm | None) -> None:
        if arm and not any(m.start < match_end and match_start < m.end for m in found):
            found.append(ArmMention(match_start, match_end, arm))

    for match in rules.lettered_label.finditer(text, start, end):
        add(match.start(), match.end(), _lettered_arm(design, _lettered(match)))
    for arm in design.arms:
        for label in arm.labels:
            if rules.lettered_label.fullmatch(label):
                continue
            for match in _label(label).finditer(text, start, end):
                add(match.start(), match.end(), arm)
    if not _GROUP_NOUN.search(text, start, end):
        return sorted(found, key=lambda m: m.start)
    for match in rules.two_named_arms.finditer(text, start, end):
        for group in ("first", "second"):
            fitting = _fitting(design, match[group])
            if len(fitting) == 1:
                add(match.start(group), match.end(group), fitting[0])
    for match in rules.named_arm.finditer(text, start, end):
        fitting = _fitting(design, match["words"])
        if len(fitting) == 1:
            add(match.start("words"), match.end(), fitting[0])
    for pattern, side in rules.generic_labels:
        for match in pattern.finditer(text, start, end):
            add(match.start(), match.end(), design.arm_in_role(side))
    return sorted(found, key=lambda m: m.start)


@dataclass(frozen=True)
class ArmLabel:
    """A name a sentence gives an arm right next to a value ("for TARGIT", "DA-:", "group 1,", "in the
    non-XRT group"): the design's arm it names, or, when the design names none, the label's own words
    (the reader still sees the paper's name for the group)."""

    start: int
    end: int
    canonical: str
    negated: bool = False  # "no-Ax", "DA-": the arm without what the label names


# What makes a short form a name rather than a word: two capitals ("TARGIT", "EC-DCb"), or a letter or
# two standing alone ("T", "TL", "Ax").
_MAX_LONE_SHORT = 3
_NEGATED = re.compile(r"^(?:no|non|not)[- ]|[-\u2212]$", re.IGNORECASE)
_AFFIXES = re.compile(r"^(?:no|non|not)[- ]|[+\-\u2212]$", re.IGNORECASE)


def label_after(text: str, position: int, limit: int, design: DocumentDesign | None) -> ArmLabel | None:
    """The arm named by a label that starts at `position`."""
    for kind, pattern in _label_patterns():
        match = pattern.match(text, position, limit)
        if match and (label := _arm_label(text, kind, match, design)):
            return label
    return None


def label_before(text: str, start: int, position: int, design: DocumentDesign | None) -> ArmLabel | None:
    """The arm named by a label that ends at `position` (searched from `start`)."""
    for kind, pattern in _label_patterns(ending=True):
        match = pattern.search(text, start, position)
        if match and (label := _arm_label(text, kind, match, design)):
            return label
    return None


def labels_listed_after(
    text: str, position: int, limit: int, design: DocumentDesign | None, most: int
) -> list[ArmLabel]:
    """The labels of a list that starts at `position` ("PTX, PWI, and PTI", "groups A, B, and C",
    "the vinorelbine arm and taxane arm", "the standard and intensive groups"), at most `most`."""
    rules = design_rules()
    two = rules.two_named_arms.match(text, position, limit)
    if two:
        return [
            ArmLabel(two.start(g), two.end(g), arm.canonical if arm else two[g])
            for g in ("first", "second")
            for arm in [_arm_named(text, design, two[g]) if design else None]
        ]
    labels: list[ArmLabel] = []
    label = label_after(text, position, limit, design)
    lettered = bool(label and rules.label_lettered.match(text, label.start, label.end))
    while label is not None and len(labels) < most:
        labels.append(label)
        joiner = _LIST_JOINER.match(text, label.end, limit)
        if joiner is None:
            break
        label = label_after(text, joiner.end(), limit, design)
        bare = _BARE_LABEL.match(text, joiner.end(), limit) if lettered and label is None else None
        if bare and design:
            arm = _lettered_arm(design, bare.group().upper())
            label = ArmLabel(bare.start(), bare.end(), arm.canonical if arm else bare.group())
        elif bare:
            label = ArmLabel(bare.start(), bare.end(), bare.group())
    return labels


# Between the labels of a list: ", ", ", and ", " and ", " vs. "; "groups A, B, and C" name the
# later groups by their letter alone.
_LIST_JOINER = re.compile(
    r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|versus|vs\.?)\s+)(?:the\s+)?", re.IGNORECASE
)
_BARE_LABEL = re.compile(r"(?:[A-H]|[1-8]|I{1,3}|IV)\b")


@cache
def _label_patterns(ending: bool = False) -> tuple[tuple[str, re.Pattern[str]], ...]:
    rules = design_rules()
    kinds = (
        ("lettered", rules.label_lettered),
        ("role", rules.label_role),
        ("group", rules.label_group),
        ("therapy", rules.label_therapy),
        ("short", rules.label_short),
    )
    if not ending:
        return kinds
    # A therapy read back from the value is its whole name only where an arm's name starts: "than
    # radiotherapy alone (87%)", not "with prior endocrine therapy (30%)".
    lead = {"therapy": rules.label_therapy_before}
    return tuple((kind, re.compile(rf"{lead.get(kind, '')}(?:{p.pattern})\Z", p.flags)) for kind, p in kinds)


def _arm_label(text: str, kind: str, match: re.Match[str], design: DocumentDesign | None) -> ArmLabel | None:
    rules = design_rules()
    phrase = match.group()
    if kind == "lettered":
        lettered = rules.lettered_label.search(phrase)
        arm = _lettered_arm(design, _lettered(lettered)) if design and lettered else None
        return ArmLabel(
            match.start(), match.end(), arm.canonical if arm else " ".join(phrase.lower().split())
        )
    if kind == "role":
        arm = design.control_arm() if design else None
        return ArmLabel(match.start(), match.end(), arm.canonical if arm else "control")
    words = match["words"] if kind in ("group", "therapy") else phrase
    if (
        kind == "group"
        and phrase.endswith("s")
        and any(p.fullmatch(f"{words} group") for p, _ in rules.generic_labels)
    ):
        return None  # "the two treatment arms", "the control groups": all arms, or several
    core = _AFFIXES.sub("", words)
    if kind == "short" and sum(c.isupper() for c in core) < 2 and len(core) > _MAX_LONE_SHORT:
        return None
    if not core or rules.not_arm_label.search(core):
        return None
    negated = bool(_NEGATED.search(words))
    arm = _arm_named(text, design, core) if design else None
    if arm is not None and design is not None and negated:
        arm = design.other_arm(arm.canonical)
    return ArmLabel(match.start(), match.end(), arm.canonical if arm else words, negated)


def _arm_named(text: str, design: DocumentDesign, name: str) -> DesignArm | None:
    """The design's arm a name stands for: a label it defines, its words, its role, or the long form
    of a short form the paper defines ("targeted intraoperative radiotherapy (TARGIT)")."""
    labelled = [a for a in design.arms if name in a.labels]
    if len(labelled) == 1:
        return labelled[0]
    fitting = _fitting(design, name)
    if len(fitting) == 1:
        return fitting[0]
    long_words = _words_of(_long_form(text, name))
    overlap = [len(long_words & a.words) for a in design.arms]
    best = max(overlap, default=0)
    return design.arms[overlap.index(best)] if best and overlap.count(best) == 1 else None


_LONG_FORM_WORDS = 6
# "targeted intraoperative radiotherapy (TARGIT)": a short form and the words before its definition.
_DEFINED = re.compile(
    rf"(?<![\w-])((?:[\w-]++\s++){{1,{_LONG_FORM_WORDS}}})\(\s*([A-Z][\w+/-]{{0,9}})\s*[),;]"
)


def _long_form(text: str, short: str) -> str:
    """The words before the first "(SHORT)" of the text: where a paper defines a short form."""
    return _defined_short_forms(text).get(short, "")


@lru_cache(maxsize=2)
def _defined_short_forms(text: str) -> dict[str, str]:
    """Every short form the text defines, read once per document (a search per label would be
    quadratic in a long document)."""
    defined: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        defined.setdefault(match.group(2), match.group(1))
    return defined

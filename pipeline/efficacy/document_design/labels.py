"""Where a sentence names an arm of the design without its drugs, and what arm a label right next to a
value names."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pipeline.efficacy.document_design.phrases import (
    AFFIXES,
    STOP,
    group_name,
    label_word,
    letter_of,
    words_of,
)
from pipeline.efficacy.document_design.records import (
    ArmLabel,
    ArmMention,
    DesignArm,
    DocumentDesign,
    qualified_in,
)
from pipeline.efficacy.document_design.rules import design_rules

# "group B", "arm II": the place in the design sentence that a letter or numeral stands for
_ORDINALS = dict(zip("ABCDEFGH", range(8), strict=True)) | {"I": 0, "II": 1, "III": 2, "IV": 3}


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
    """The arms a phrase can name: by the group name the design gave one ("the chemotherapy group"), by
    their words ("the high-dose group"), else by the role a generic name gives ("the control versus
    experimental groups", "the intensive arm")."""
    named = [a for a in design.arms if group_name(phrase) in a.group_names]
    if len(named) == 1:
        return named  # "the chemotherapy group" the design defined: "... alone (chemotherapy group)"
    words = words_of(phrase)
    fitting = [a for a in design.arms if words and all(_among(word, a.words) for word in words)]
    if len(fitting) == 1:
        return fitting  # "the high-dose group" of a trial whose arms differ by dose
    if len(by_drugs := _fitting_past_therapy_words(design, words)) == 1:
        return by_drugs
    if len(qualified := qualified_in(fitting or design.arms, phrase)) == 1:
        # "the 10 μM trabedersen group" of a trial of trabedersen at 10 and 80 μM; "the 0.5 mg arm",
        # named by its dose alone
        return qualified
    for pattern, side in design_rules().generic_labels:
        if pattern.fullmatch(f"{phrase.strip()} group"):
            arm = design.arm_in_role(side)
            return [arm] if arm else []
    return fitting


def _fitting_past_therapy_words(design: DocumentDesign, words: set[str]) -> list[DesignArm]:
    """The arms a group's name fits once its words of treatment are set aside, in a trial whose arms
    name their drugs: "the rh-endostatin plus chemotherapy group" is the arm with rh-endostatin; "the
    chemotherapy alone group" the one arm every other arm adds drugs to."""
    rules = design_rules()
    specific = {w for w in words if not rules.therapy_word.fullmatch(w)}
    if not specific or specific == words:
        return []
    if all(rules.alone_word.fullmatch(w) for w in specific):
        return [a for a in design.arms if design.added_to(a)]
    return [a for a in design.arms if all(_among(word, a.words) for word in specific)]


def _among(word: str, words: frozenset[str]) -> bool:
    """The word is one of the arm's, or a hyphenated one whose parts all are ("the radical-mastectomy
    group" of "radical mastectomy")."""
    if word in words:
        return True
    parts = [p for p in word.split("-") if p and p not in STOP]
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
        add(match.start(), match.end(), _lettered_arm(design, letter_of(match)))
    # the longest label first: "TCH+L" is one arm's whole label, not the other's "TCH" and a letter
    labelled = sorted(
        (
            (label, arm)
            for arm in design.arms
            for label in arm.labels
            if not rules.lettered_label.fullmatch(label)
        ),
        key=lambda pair: -len(pair[0]),
    )
    for label, arm in labelled:
        for match in label_word(label).finditer(text, start, end):
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


# What makes a short form a name rather than a word: two capitals ("TARGIT", "EC-DCb"), or a letter or
# two standing alone ("T", "TL", "Ax").
_MAX_LONE_SHORT = 3
_NEGATED = re.compile(r"^(?:no|non|not)[- ]|[-\u2212]$", re.IGNORECASE)


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
        arm = _lettered_arm(design, letter_of(lettered)) if design and lettered else None
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
    core = AFFIXES.sub("", words)
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
    long_words = words_of(_long_form(text, name))
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

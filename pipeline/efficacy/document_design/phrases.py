"""The arms of a list phrase: where the list is cut into arms, each arm's drugs, name and labels,
and the words that name an arm."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from functools import cache

from pipeline.efficacy.document_design.records import DesignArm
from pipeline.efficacy.document_design.rules import DesignRules
from pipeline.records import Entity

_WORD = re.compile(r"[A-Za-z][\w+/-]*")
# An arm named by a short form alone: "TARGIT", "EC-DCb", "CT" (two capitals at least).
SHORT_FORM = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z0-9+/-]{1,9}")
PLACEBO = re.compile(r"\bplacebo\b", re.IGNORECASE)
_STOP_WORDS = (
    "the a an of with and or plus in on to for by at as group groups arm arms patients women "
    "participants subjects receive receiving received undergo undergoing treatment therapy treated "
    "either dose doses administered given cycles cycle followed day days mg"
)
STOP = frozenset(_STOP_WORDS.split())
_MAX_NAME_WORDS = 6
_NEGATIONS = frozenset({"", "no", "not", "non"})
_COMMA = re.compile(r",\s+")
# a comma of a list, with the "and" that may close it: it ends where the next item starts
_DRUG_LIST_COMMA = re.compile(r",\s+(?:and\s+)?")
# Where a list's opener ends and its first arm begins: "one of the three conditions: (1) AAF".
_COLON = re.compile(r":\s")
# What a label is read without: "no-" or "non-" before it, "+" or "-" after it ("no-Ax", "DA-").
AFFIXES = re.compile(r"^(?:no|non|not)[- ]|[+\-\u2212]$", re.IGNORECASE)


# The end of a word that shares its ending with the next ("first-" of "first-, second-, or third-line");
# not a short form's sign ("DA-, DA+").
_SUSPENDED_HYPHEN = re.compile(r"[a-z]-")


def _top_level(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Matches of `pattern` in text[start:end] outside brackets and not at a comma right after a word's
    hyphen: in "first-, second-, or third-line" the commas join halves of words that share one
    ending, never arms or names. A bare "or" after one still cuts: "eight- or 15-pulse ATP" are
    two arms."""
    depth_at = []
    depth = 0
    for character in text[start:end]:
        depth_at.append(depth)
        if character in "([":
            depth += 1
        elif character in ")]":
            depth = max(0, depth - 1)
    return [
        m
        for m in pattern.finditer(text, start, end)
        if depth_at[m.start() - start] == 0
        and not (text.startswith(",", m.start()) and _SUSPENDED_HYPHEN.match(text, m.start() - 2, m.start()))
    ]


def arm_spans(
    text: str,
    start: int,
    end: int,
    rules: DesignRules,
    separator: re.Pattern[str],
    drug_starts: frozenset[int] = frozenset(),
) -> list[tuple[int, int]]:
    separators = _top_level(text, start, end, separator)
    if not separators:
        return []
    spans: list[tuple[int, int]] = []
    position = start
    for separator in separators:
        spans.append((position, separator.start()))
        position = separator.end()
    spans.append((position, end))
    # "A (n = 336), B (n = 336), or C": a list of arms; so is "10 μg (arm A), 100 μg (arm B) or 1000 μg"
    listing = separators[-1].group().startswith(",")
    listed: list[tuple[int, int]] = []
    for span_start, span_end in spans[:-1]:
        cut = span_start
        for comma in _top_level(text, span_start, span_end, _COMMA):
            if listing or _after_label(text, comma, rules):
                listed.append((cut, comma.start()))
                cut = comma.end()
        listed.append((cut, span_end))
    spans = [*listed, spans[-1]]
    last_start, last_end = spans[-1]
    # "paclitaxel 175 mg/m2 (n = 224), every 21 days": the rest is not the arm; but "cyclophosphamide,
    # epirubicin(,) and fluorouracil" is a list of the arm's drugs
    comma = [
        c for c in _top_level(text, last_start, last_end, _DRUG_LIST_COMMA) if c.end() not in drug_starts
    ]
    if comma:
        spans[-1] = (last_start, comma[0].start())
    return [(s, e) for s, e in spans if e > s]


def _after_label(text: str, comma: re.Match[str], rules: DesignRules) -> bool:
    """Whether a comma comes right after an arm's lettered label: "10 μg (arm A), 100 μg (arm B) or ..."."""
    opening = text.rfind("(", 0, comma.start())
    return (
        text[comma.start() - 1] == ")"
        and opening >= 0
        and bool(rules.lettered_label.fullmatch(text, opening + 1, comma.start() - 1))
    )


def arms_of_spans(
    text: str,
    spans: list[tuple[int, int]],
    drugs: list[Entity],
    rules: DesignRules,
    shared: tuple[str, ...] = (),
) -> list[DesignArm]:
    """The arms of a list's spans; `shared`, the drugs named before a list of arms that differ
    only by schedule or dose ("doxorubicin given either as 60 mg/m2 every 6 weeks (arm A) or ...")."""
    drafts: list[tuple[int, int, int, list[str]]] = []
    alone: set[int] = set()  # the arms the next one adds to: "A with or without B" is A + B, and A alone
    for order, (start, end) in enumerate(spans):
        names: list[str] = []
        found = [(d.char_start, d.canonical) for d in drugs if start <= d.char_start and d.char_end <= end]
        if drafts and rules.with_or_without.match(text[drafts[-1][2] : start]):
            alone.add(order - 1)
            names = [n for n in drafts[-1][3] if n != "placebo"]
            # an addition without drugs is named by its words: "with or without the addition of 40 Gy RT"
            own = "" if found else own_name(_name_part(text, start, end, rules), rules)
            names += [own] if own else []
        if drafts and rules.added_to_previous.match(text[start:end]):
            names = [n for n in drafts[-1][3] if n != "placebo"]
        if drafts and rules.same_as_previous.match(text[start:end]):
            names = list(drafts[-1][3])  # "X (group A), the same regimen with fixed doses (group B)"
        if drafts and rules.all_previous.match(text[start:end]):
            names = list(dict.fromkeys(n for *_, previous in drafts for n in previous if n != "placebo"))
        found += [(m.start(), "placebo") for m in PLACEBO.finditer(text, start, end)]
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
    after, label_start = _after_last_label(text, spans, drugs, rules)
    shared_after = bool(after) and any(not names for *_, names in drafts[:-1])
    if shared_after:
        # "sinusoidal chronomodulated infusion (Arm A) or flat intermittent constant rate infusion
        # (Arm B) of DDP and 5-FU": what follows the last arm's label is every arm's drugs
        drafts = [
            (order, start, end, list(dict.fromkeys([*(n for n in names if n not in after), *after])))
            for order, start, end, names in drafts
        ]
    with_drugs = [names for *_, names in drafts if names] or ([list(shared)] if shared else [])
    doses = _listed_doses(text, drafts, rules)
    drafts = [
        (order, start, end, doses[order][1] if order in doses else names)
        for order, start, end, names in drafts
    ]
    arms: list[DesignArm] = []
    previous: list[str] = []  # the drugs of the last arm that names some
    for order, start, end, names in drafts:
        phrase = text[start:end]
        words = content_words(phrase, rules)
        schedule = {w for q in rules.qualifiers.finditer(phrase) for w in words_of(q.group())}
        if not names and with_drugs and not (words - schedule):
            # "either 3 (group 1) or 6 (group 2) cycles of epirubicin/docetaxel": the drugs are shared;
            # "PTX alone or with iniparib, either once-weekly or twice-weekly": the previous arm's
            names = previous or with_drugs[0]
        previous = names or previous
        name = _name_part(text, start, end, rules)
        name_words = plain_words(name, rules) or plain_words(phrase, rules)  # "treatment with ALNC (Ax)"
        if arms and [w.lower() for w in name_words] == ["without"]:
            own = f"without {arms[-1].canonical}".lower()  # "with ALNC (Ax) or without (no-Ax)"
        else:
            own = own_name(name, rules)
            if own in _NEGATIONS:  # "not using (Group B) ultrasound scissors": the name goes on
                own = own_name(phrase, rules)
        canonical = " + ".join(names) or own
        lettered = rules.lettered_label.match(phrase.lstrip())
        if not names and lettered and not plain_words(phrase.lstrip()[lettered.end() :], rules):
            # "Group A (using the model; n = 43) versus Group B (...)": an arm named by its label alone
            # is that label ("group A"), not its letter ("b", or nothing for the article-like "A")
            canonical = _label_name(lettered)
        if shared_after and names:  # the drugs after the list, each arm given them its own way
            way = own_name(text[start:label_start] if order == drafts[-1][0] else name, rules)
            canonical = f"{' + '.join(names)} ({way})" if way else canonical
        if order in doses:  # "trabedersen at doses of 10 or 80 μM": the drug at each dose
            canonical = f"{canonical} ({doses[order][0]})"
            words |= words_of(doses[order][0])  # the unit's word is every dose's, not the last's
        if not canonical:
            continue
        labels = tuple(
            [letter_of(m) for m in rules.lettered_label.finditer(phrase)]
            + [
                label
                for m in rules.defined_label.finditer(phrase)
                if (label := m["label"] or m["last"])
                and not rules.lettered_label.fullmatch(label)
                and not rules.not_arm_label.search(AFFIXES.sub("", label))
                # "paclitaxel followed by FAC (FAC) or eight cycles of FAC": a regimen's name, not the arm's
                and not any(label_word(label).search(text, s, e) for s, e in spans if s != start)
            ]
        )
        if not labels and len(name_words) == 1 and SHORT_FORM.fullmatch(name_words[0]):
            labels = (name_words[0],)  # "randomly assigned to receive DE (n = 402) or DEE (n = 401)"
        leading = rules.leading_label.match(phrase)
        if not labels and leading and not rules.not_arm_label.search(leading["label"]):
            labels = (leading["label"],)
        arm = written_arm(text, start, end, canonical, order, labels, words | set(names), rules)
        arms.append(replace(arm, control=True) if order in alone else arm)
    return _distinguished(arms, rules)


def _name_part(text: str, start: int, end: int, rules: DesignRules) -> str:
    """The part of an arm's phrase that names it, before a clause of how or when it was given."""
    name_end = _top_level(text, start, end, rules.name_end)
    return text[start : name_end[0].start()] if name_end else text[start:end]


# A dose written as a number whose unit is the next arm's: the "10" of "at doses of 10 or 80 μM".
_BARE_NUMBER = re.compile(r"(?<![\w.,/-])(\d+(?:\.\d+)?)\s*\Z")
# A short bracket inside an arm's amount, its label or size: "either 3 (group 1) or 6 (group 2) cycles".
_SHORT_BRACKET = re.compile(r"\s*\([^()]{1,20}\)")


def _listed_doses(
    text: str, drafts: list[tuple[int, int, int, list[str]]], rules: DesignRules
) -> dict[int, tuple[str, list[str]]]:
    """The arms of one drug at doses or amounts listed with one unit ("trabedersen at doses of 10 or 80
    μM", "3.75 or 7.5 mg of X", "baricitinib 2 or 4 mg", "either 3 (group 1) or 6 (group 2) cycles of
    X", "6 or 12 months of trastuzumab"): each arm's dose as written, with the unit the last of them
    gives, and the drugs either names; by the arm's place in the list."""
    doses: dict[int, tuple[str, list[str]]] = {}
    for (first, first_start, first_end, first_names), (
        second,
        second_start,
        second_end,
        second_names,
    ) in itertools.pairwise(drafts):
        number = _BARE_NUMBER.search(_SHORT_BRACKET.sub("", text[first_start:first_end]))
        phrase = _SHORT_BRACKET.sub("", text[second_start:second_end])
        at = len(phrase) - len(phrase.lstrip())
        quantity = rules.quantity.match(phrase, at) or rules.course.match(phrase, at)
        if number is None or quantity is None:
            continue
        value = re.match(r"\d+(?:[.,]\d+)?", quantity.group())
        unit = " ".join(quantity.group()[value.end() if value else 0 :].split())
        names = list(dict.fromkeys([*first_names, *second_names]))
        if not names:
            continue
        # "1 or 2 years": the first amount's unit is the last one's, in the singular for one
        first_unit = unit.removesuffix("s") if float(number[1]) == 1 else unit
        doses[first] = (f"{number[1]} {first_unit}", names)
        doses[second] = (" ".join(quantity.group().split()), names)
    return doses


def _after_last_label(
    text: str, spans: list[tuple[int, int]], drugs: list[Entity], rules: DesignRules
) -> tuple[list[str], int]:
    """The drugs written right after the label that closes the last arm of a list ("... (Arm B) of DDP
    and 5-FU"), which no arm names alone, and where that label starts."""
    if len(spans) < 2:
        return [], 0
    start, end = spans[-1]
    label = rules.bracketed_label.search(text, start, end)
    joiner = _SHARED_AFTER.match(text, label.end(), end) if label else None
    if label is None or joiner is None or not any(d.char_start == joiner.end() for d in drugs):
        return [], 0  # "(arm C) of CEA peptide emulsified in Montanide and GM-CSF": the doses are not its
    after = [n for d in drugs if label.end() <= d.char_start < end for n in d.canonical.split(" + ")]
    return list(dict.fromkeys(after)), label.start()


# What joins the drugs after a list's last label to every arm of it: "(Arm B) of DDP and 5-FU".
_SHARED_AFTER = re.compile(r"\s+(?:of|with)\s+")


def written_arm(
    text: str,
    start: int,
    end: int,
    canonical: str,
    order: int,
    labels: tuple[str, ...],
    words: set[str],
    rules: DesignRules,
) -> DesignArm:
    """The arm written at text[start:end], the comparator when its words say so ("placebo", "alone")."""
    phrase = text[start:end]
    return DesignArm(
        canonical=canonical,
        text=phrase,
        start=start,
        end=end,
        control=bool(rules.control.search(phrase)),
        order=order,
        labels=labels,
        words=frozenset(words),
        group_names=frozenset(group_name(m["name"]) for m in rules.group_name.finditer(phrase)),
    )


def _label_name(match: re.Match[str]) -> str:
    """A lettered label as an arm's name: "Group A" is "group A", "arm-2" is "arm 2"."""
    noun = match.group()[: match.start("label") - match.start()].strip(" -")
    return f"{noun.lower()} {match['label']}"


def own_name(phrase: str, rules: DesignRules) -> str:
    """The name of an arm that names no drug: its first few words ("radical mastectomy"), those after a
    list's colon ("one of the three conditions: (1) AAF" is "aaf"). A name that opens with a dose, size
    or number of fractions is named by it, kept as written ("20 Gy/5 fractions", "a 3 cm excision
    margin", "80 μM"); a dose after the name's first word is the dose of what it names ("ABI-007 260
    mg/m2"), left out like a drug's."""
    colons = _top_level(phrase, 0, len(phrase), _COLON)
    if colons:
        phrase = phrase[colons[-1].end() :]
    kept = rules.noise.sub(lambda m: m.group() if _is_quantity(m, rules) else " ", phrase)
    if not rules.quantity.match(kept, len(kept) - len(kept.lstrip())):
        return " ".join(w.lower() for w in plain_words(kept, rules)[:_MAX_NAME_WORDS])
    words: list[str] = []  # "30 Gy in 10 fractions": its quantities where they are written
    position = 0
    for quantity in [*rules.quantity.finditer(kept), None]:
        between = kept[position : quantity.start() if quantity else len(kept)]
        words += [w.lower() for w in _named(_WORD.findall(between))]
        if quantity:
            words.append(" ".join(quantity.group().split()))
            position = quantity.end()
    return " ".join(words[:_MAX_NAME_WORDS])


def _is_quantity(noise: re.Match[str], rules: DesignRules) -> bool:
    """Whether a dose the noise would drop is a quantity an own name keeps ("20 Gy" of "20 Gy/5
    fractions"), not the number of a word joined to it ("control-64 Gy")."""
    quantity = rules.quantity.match(noise.string, noise.start())
    return bool(quantity) and quantity.end() >= noise.end()


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
            words = own_name(arm.text, rules)
            result.append(replace(arm, canonical=words))
    canonicals = [a.canonical for a in result]
    return [a for a in result if canonicals.count(a.canonical) == 1]


def group_name(words: str) -> str:
    """The words of a group's name as they are compared: lower-case, single-spaced, without "the"."""
    return " ".join(w for w in words.lower().split() if w != "the")


@cache
def label_word(label: str) -> re.Pattern[str]:
    """A label the paper defines ("TL", "CHUT"), as a word of its own."""
    return re.compile(rf"(?<![\w-]){re.escape(label)}(?![\w-])")


def _qualifier(phrase: str, rules: DesignRules) -> str:
    found = rules.qualifiers.search(phrase)
    # "37.5 mg/m(2)" is "37.5 mg/m2": the arm's name keeps no brackets of its own
    return " ".join(found.group().lower().replace("(", "").replace(")", "").split()) if found else ""


def plain_words(phrase: str, rules: DesignRules) -> list[str]:
    """The words that name an arm; a word after "no" is kept ("no therapy" is not "no")."""
    return _named(_WORD.findall(rules.noise.sub(" ", phrase)))


def _named(words: list[str]) -> list[str]:
    return [w for i, w in enumerate(words) if w.lower() not in STOP or (i and words[i - 1].lower() == "no")]


def content_words(phrase: str, rules: DesignRules) -> set[str]:
    return words_of(rules.noise.sub(" ", phrase))


def words_of(phrase: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(phrase) if w.lower() not in STOP}


def letter_of(match: re.Match[str]) -> str:
    return match["label"].upper()

"""The readers of a paper's own design: its design sentence, its labelled or described groups, the arms
its title compares, its first comparison or pair of named groups; the first that tells two arms apart
is the design."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import replace

from pipeline.efficacy.document_design.phrases import (
    PLACEBO,
    arm_spans,
    arms_of_spans,
    content_words,
    letter_of,
    own_name,
    words_of,
    written_arm,
)
from pipeline.efficacy.document_design.records import DesignArm, DocumentDesign
from pipeline.efficacy.document_design.rules import DesignRules, design_rules
from pipeline.efficacy.pieces import title_span
from pipeline.numbers import parse_number
from pipeline.records import Entity

# A group named by a short name: "the TL group" (its own label).
_SHORT_NAME = re.compile(r"[A-Z][A-Za-z0-9+/-]{0,9}")
_MAX_LIST = 400  # characters after "randomised to" that can hold the list of arms


def read_design(text: str, entities: list[Entity]) -> DocumentDesign | None:
    """The arms of the first design sentence that names at least two, with what the paper says an
    arm named without drugs received."""
    rules = design_rules()
    drugs = sorted((e for e in entities if e.label == "DRUG"), key=lambda e: e.char_start)
    stated_unread = False
    for reader in (_stated, _labelled, _described, _titled, _compared, _named_groups):
        if reader is _compared and stated_unread:
            continue  # its first comparison is a guess for a paper that states no design, not this one
        design = reader(text, drugs, rules)
        if design:
            design = _with_what_groups_received(design, text, drugs, rules)
            design = _with_what_placebo_was_given_with(design, text, drugs, rules)
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
        separators = rules.between_separator if between else rules.arm_separators
        spans = arm_spans(text, groups.end() if groups else list_start, end, rules, separators, drug_starts)
        arms = arms_of_spans(text, spans, listed, rules)
        if not spans and not groups:
            arms = _counted_arms(text, trigger, end, listed, rules, drug_starts)
        if groups and len(arms) == 2:
            arms = _in_groups(arms, groups, rules)
        if len(arms) >= 2:
            return DocumentDesign(_ordered(arms), list_start)
    return None


def _counted_arms(
    text: str,
    trigger: re.Match[str],
    end: int,
    listed: list[Entity],
    rules: DesignRules,
    drug_starts: frozenset[int],
) -> list[DesignArm]:
    """The arms of "randomly assigned to two groups: A and B", where the design says how many arms
    its list has: none unless "and" and commas cut it into that many."""
    counted = rules.counted_list.search(trigger.group())
    if counted is None:
        return []
    count = int(parse_number(counted["count"]))
    spans = arm_spans(text, trigger.end(), end, rules, rules.counted_separator, drug_starts)
    arms = arms_of_spans(text, spans, listed, rules) if len(spans) == count else []
    return arms if len(arms) == count else []


_RESPECTIVELY_AFTER = 20  # characters after a list of arms that can say ", respectively"


def _in_groups(arms: list[DesignArm], groups: re.Match[str], rules: DesignRules) -> list[DesignArm]:
    """The arms of "randomly divided into study group and control group, and received Yiyoutasai or
    Aisu, respectively": each with its group's words and role, so "the study group" names it."""
    return [
        replace(
            arm,
            control=bool(rules.control.search(groups[group])),
            words=arm.words | words_of(groups[group]),
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


def _with_what_placebo_was_given_with(
    design: DocumentDesign, text: str, drugs: list[Entity], rules: DesignRules
) -> DocumentDesign:
    """The two arms of a placebo-controlled design written without the drugs they share ("fulvestrant
    plus dovitinib or placebo", "vandetanib or placebo together with fulvestrant") take them from the
    regimens the paper names elsewhere ("placebo plus fulvestrant", "fulvestrant with vandetanib"):
    an arm's regimen is a chain of all its drugs and drugs of the other arm, such that the placebo arm
    ends with a shared part of the other arm's drugs and without the one it stands in for. Without
    such a phrase an arm stays as written: "vitamin D plus calcium or placebo" may mask both."""
    placebo = [a for a in design.arms if "placebo" in _names(a)]
    if len(design.arms) != 2 or len(placebo) != 1:
        return design
    chains = [names for _, _, names in _drug_chains(text, drugs, rules)]
    arms = list(design.arms)
    for index, arm in enumerate(design.arms):
        own, theirs = _names(arm), _names(design.arms[1 - index]) - {"placebo"}
        given = next((n for n in chains if own < set(n) and set(n) - own <= theirs), None)
        if given is not None:
            arms[index] = replace(arm, canonical=" + ".join(given), words=arm.words | set(given))
    masked, active = sorted(arms, key=lambda a: "placebo" not in _names(a))
    if not set() < _names(masked) - {"placebo"} < _names(active):
        return design
    return replace(design, arms=tuple(arms))


def _names(arm: DesignArm) -> set[str]:
    """An arm's names as written in its canonical: a dose or schedule stays on its drug
    ("capecitabine (75 mg/m2)"), so that no plain chain completes an arm told apart by one."""
    return set(arm.canonical.split(" + "))


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


def _titled(text: str, drugs: list[Entity], rules: DesignRules) -> DocumentDesign | None:
    """The arms the paper's title sets side by side: "Adjuvant tamoxifen compared with no adjuvant
    therapy in postmenopausal women", "Randomized trial of weekly versus every-3-week paclitaxel"."""
    title = title_span(text, rules.title.reach)
    if (
        title is None
        # a first line that is a sentence: of results, or about another trial
        or rules.title.figure.search(text, *title)
        or _about_other_study(text, title[0], rules, cited=True)
    ):
        return None
    start, end = title
    anchor = rules.title.comparison.search(text, start, end)
    comparing = rules.title.comparing.search(text, start, anchor.start() if anchor else end)
    joined = comparing is not None and anchor is None  # "comparing A and B": its joiner parts the two
    if comparing:
        list_start = comparing.end()
        if joined:
            anchor = rules.title.comparing_joiner.search(text, list_start, end)
    elif anchor:
        openers = list(rules.title.opener.finditer(text, start, anchor.start()))
        list_start = openers[-1].end() if openers else start
    if (
        anchor is None
        or anchor.start() <= list_start
        or rules.title.list_end.search(text, list_start, anchor.start())  # the first arm is no arm's name
    ):
        return None
    closing = rules.title.list_end.search(text, anchor.end(), end)
    list_end = anchor.end() + len(text[anchor.end() : closing.start() if closing else end].rstrip(" ,"))
    if list_end <= anchor.end():
        return None
    starts = [d.char_start for d in drugs]
    listed = drugs[bisect_left(starts, list_start) : bisect_left(starts, list_end)]
    if joined:
        spans = [(list_start, anchor.start()), (anchor.end(), list_end)]
    else:
        drug_starts = frozenset(d.char_start for d in listed)
        spans = arm_spans(text, list_start, list_end, rules, rules.title.separators, drug_starts)
    arms = arms_of_spans(text, spans, listed, rules)
    return DocumentDesign(_ordered(arms), list_start) if len(arms) >= 2 else None


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
        arms = arms_of_spans(text, spans, listed, rules, shared)
        if len(run) > 2 and not (len(arms) == len(run) and all(a.labels for a in arms)):
            # a third label that is no arm of the list: the first two are still one
            arms = arms_of_spans(text, spans[:2], listed, rules, shared)
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
    arms = arms_of_spans(text, spans, listed, rules)
    if len(arms) != len(run):
        return None  # a group that cannot be told from another
    labelled = [replace(a, labels=(letter_of(m),)) for a, m in zip(arms, run, strict=True)]
    return DocumentDesign(_ordered(labelled), run[0].start())


def _described_run(matches: Iterator[re.Match[str]]) -> list[re.Match[str]]:
    """The first run of group descriptions close to one another, each of its own group."""
    run: list[re.Match[str]] = []
    for match in matches:
        if run and (
            match.start() - run[-1].end() > _MAX_BETWEEN_DESCRIPTIONS
            or letter_of(match) in {letter_of(m) for m in run}
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
        for m in _ending_at_group_nouns(rules.two_named_arms, text)
    ]
    named = list(_ending_at_group_nouns(rules.named_arm, text))
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


# Every match of `two_named_arms` and `named_arm` ends with one of these nouns.
_GROUP_NOUN = re.compile(r"\b(?:group|arm)s?\b", re.IGNORECASE)
_GROUP_NAMES_REACH = 200  # characters a match can span before its noun


def _ending_at_group_nouns(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of `pattern` over `text`, where every match ends with a group noun ("the
    trastuzumab and observation groups"): searched only in the reach before each noun, since the
    pattern is tried at every word otherwise and most texts name few groups."""
    position = 0
    for noun in _GROUP_NOUN.finditer(text):
        if noun.end() <= position:
            continue
        for match in pattern.finditer(text, max(position, noun.start() - _GROUP_NAMES_REACH), noun.end()):
            position = match.end()
            yield match


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
    canonical = " + ".join(names) or own_name(phrase, rules)
    if not canonical:
        return None
    labels = (phrase,) if _SHORT_NAME.fullmatch(phrase) else ()
    words = content_words(phrase, rules) | set(names)
    return written_arm(text, start, end, canonical, order, labels, words, rules)


def _drug_chains(text: str, drugs: list[Entity], rules: DesignRules) -> list[tuple[int, int, list[str]]]:
    """Drugs (and placebo) joined into regimens: "capecitabine plus placebo", "AC followed by paclitaxel"."""
    parts = [(d.char_start, d.char_end, d.canonical) for d in drugs]
    parts += [(m.start(), m.end(), "placebo") for m in PLACEBO.finditer(text)]
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

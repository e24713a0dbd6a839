"""Where a value stands among the sentence's values: its place in a pair, a series or a
"respectively" list, the last value of a listed run, and which way a pair runs (the arm compared
with first, "increased the ORR from 53% to 74%")."""

from __future__ import annotations

from pipeline.efficacy.arm_rules import arm_rules
from pipeline.efficacy.candidates import LISTED, NESTED
from pipeline.efficacy.context import Sentence


def place(sentence: Sentence, index: int) -> int | None:
    """The value's place in its "respectively" list, else in its pair; None when it is in neither."""
    return sentence.listed[index] if index in sentence.listed else sentence.pairs.get(index)


def list_place(sentence: Sentence, index: int) -> tuple[int, int] | None:
    """The value's place in the list it is in and how many values the list gives: a series of three
    or more ("21, 17, and 19 %"), else a pair, else the list a "respectively" distributes; None when
    it is in none. The pairs a "respectively" lists are each a pair ("98% vs. 94% and 96% vs. 90%
    respectively")."""
    if index in sentence.series:
        return sentence.series[index]
    if index in sentence.pairs:
        return sentence.pairs[index], 2
    return (sentence.listed[index], max(sentence.listed.values()) + 1) if index in sentence.listed else None


def two_values(sentence: Sentence, index: int, position: int) -> tuple[int, int] | None:
    """The first and last value (with the values in brackets after it) of the pair or list of exactly
    two values that the value at `index`, at `position` in it, is in."""
    values, text = sentence.values, sentence.text

    first = next((i for i in range(index, -1, -1) if place(sentence, i) == 0), None)
    if first is None or position > 1:
        return None
    while first and place(sentence, first - 1) == 0:
        first -= 1  # "90.9% (30/33)": the list's value, not the count in brackets after it
    last = first
    for i in range(first + 1, len(values)):
        at = place(sentence, i)
        if at is None or (at == 0 and place(sentence, last) == 1):
            break
        if at > 1:
            return None  # a third value of the list
        last = i
    if place(sentence, last) != 1:
        return None
    while last + 1 < len(values) and NESTED.fullmatch(text, values[last].end, values[last + 1].start):
        last += 1
    return first, last


def comparator_first(sentence: Sentence, index: int) -> bool:
    """Whether the pair of the value at `index` gives the arm compared with first and the subject's
    second: a change, "the addition of rituximab increased the ORR from 53% to 74%", or a pair after
    a verb that says which way the subject moved it, "FOLFOXIRI increased ORR (34 vs. 60%)",
    "X reduced recurrence (12% vs. 8%)", whichever value the sentence writes first (the subject's
    is the larger after "increased", the smaller after "reduced")."""
    rules = arm_rules()
    if is_change(sentence, index):
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


def is_change(sentence: Sentence, index: int) -> bool:
    """Whether the pair of the value at `index` is a change, "from 3.8 months to 5.2 months"."""
    rules = arm_rules()
    first = sentence.values[index - sentence.pairs[index]]
    return bool(rules.change_from.search(sentence.text, max(sentence.start, first.start - 6), first.start))


# How far before a pair a verb of direction (`direction_verb`) is looked for.
_DIRECTION_REACH = 160
# Units of a duration as the value finder keeps them: an improved time is a longer one.
_TIMES = ("months", "weeks", "days", "years")


def last_listed(sentence: Sentence, index: int) -> int:
    """The last value of the run listed from the value at `index` by commas and "and" ("91.7%, 88.1%,
    and 85.2%"), or `index` itself when no value is listed after it."""
    values, text = sentence.values, sentence.text
    last = index
    while last + 1 < len(values) and LISTED.fullmatch(text, values[last].end, values[last + 1].start):
        last += 1
    return last

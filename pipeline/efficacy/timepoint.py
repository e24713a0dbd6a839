"""A landmark rate's time point: "the 5-year DFS rate was 85%" is a figure at 5 years.

The time point is read from the landmark phrase the value is a figure of, as the source states it,
its number in digits and never converted: "5 years", "36 months", "1 year". A phrase may name several
time points ("the 1-, 3-, and 5-year OS rates were 88.9%, 82.4%, and 74.8%", "the rates of PFS at
two and three years were 78% and 57%"): each value of a list as long as the time points takes the
time point at its place; a value that cannot be placed so gets none (empty: unknown). A survival or
recurrence rate is a landmark rate, too, where its time point is written right before its endpoint
phrase ("the 5-year local recurrence rate"), between the phrase and the value ("OS (3-year rate of
72.7%"), right after the value or its pair ("86.2% vs. 62.5% at 2 years"), opens the sentence ("At
10 years, ..."), or is the one a landmark phrase earlier in the sentence names ("3-year OS was 78%
..., while DFS ... 59%": one time point for the sentence's rates).
"""

from __future__ import annotations

import bisect
import re

from pipeline.efficacy.candidates import PERCENT, TIME
from pipeline.efficacy.context import Sentence
from pipeline.efficacy.cues import Cue, list_head, list_tail
from pipeline.efficacy.rules import EfficacyRules
from pipeline.numbers import parse_number

# What lies between two values of one list: "88.9%, 82.4%, and 74.8%", "57% (95% CI: 42-72%) and 27%".
_LISTED = re.compile(
    rf"{PERCENT}?\s*(?:{TIME})?(?:\s*[(\[][^()\[\]]*(?:\([^()]*\)[^()\[\]]*)?[)\]])?"
    r"(?:\s*,\s*(?:and\s+|or\s+)?|\s*,?\s+(?:and|or)\s+)"
)


def landmark_times(text: str, cue: Cue, rules: EfficacyRules) -> tuple[str, ...]:
    """The time points a landmark phrase names, in order ("1-, 3-, and 5-year" -> 1 year, 3 years,
    5 years). Empty for any other endpoint phrase."""
    return _times(text, cue.start, cue.end, rules) if cue.value.startswith("landmark:") else ()


def stated_time(sentence: Sentence, cue: Cue, rules: EfficacyRules, index: int) -> tuple[int, int] | None:
    """Where the time point of a rate of `cue`, the value at `index`, is written when the phrase itself names
    none: right before it ("the 5-year local recurrence rate", "the five-year cumulative incidence of
    relapse"), between it and the value ("OS (3-year rate of 72.7%"), right after the value or its
    pair ("86.2% vs. 62.5% at 2 years"), opening the sentence ("At 10 years, the cumulative incidence
    of local recurrence was 10.2%"), or in the one landmark phrase the sentence names before it,
    whose time point the sentence's other rates share ("3-years overall survival (OS) was 78% ...,
    while disease-free survival (DFS) differed - 59%"); before a list of
    phrases, it is each phrase's ("Four-year rates of DFS and OS were 64 and 85%"), and so is the one
    time point a landmark phrase of the list names ("OS and EFS at five years were 98% vs. 94% and
    96% vs. 90%")."""
    text, cues = sentence.text, sentence.cues
    # "Four-year rates of DFS and OS": a list's time point is written before its first phrase
    at = bisect.bisect_left(cues, cue.start, key=lambda c: c.start)
    named = at < len(cues) and cues[at].start == cue.start
    first = list_head(text, cues, at) if named else at
    head = cues[first].start if named else cue.start
    before = rules.landmark_before.search(text, max(sentence.start, head - 80), head)
    if before:
        return before.span()
    value_at = sentence.values[index].start
    between = rules.landmark_between.match(text, cue.end, value_at) if cue.end <= value_at else None
    if between:
        return between.span("time")
    after = _time_after(sentence, index, rules)
    if after:
        return after
    lead = rules.landmark_lead.match(text, sentence.start, sentence.end)
    if lead:
        return lead.span()
    # a landmark phrase of its list ("OS and EFS at five years were 98% vs. 94% and 96% vs. 90%")
    listed = cues[first : list_tail(text, cues, at) + 1] if named else ()
    earlier = [c for c in cues if c.value.startswith("landmark:") and (c.end <= cue.start or c in listed)]
    if len(earlier) == 1 and len(_times(text, earlier[0].start, earlier[0].end, rules)) == 1:
        return earlier[0].start, earlier[0].end
    return None


def _time_after(sentence: Sentence, index: int, rules: EfficacyRules) -> tuple[int, int] | None:
    """Where the time point written right after the value at `index` is, or after the last value of
    the pair, series or "respectively" list it is one of: "a relapse rate of 86.2% vs. 62.5% at 2
    years, and 100% vs. 81.3% at 5 years" (each pair its own)."""
    values = sentence.values
    if index in sentence.series:
        place, length = sentence.series[index]
        last = index - place + length - 1
    elif index in sentence.pairs:
        last = index - sentence.pairs[index] + 1
    elif index in sentence.listed:
        last = max(sentence.listed)
    else:
        last = index
    after = rules.landmark_after.match(sentence.text, values[last].end, sentence.end)
    return after.span("time") if after else None


def _times(text: str, start: int, end: int, rules: EfficacyRules) -> tuple[str, ...]:
    """The time points written in text[start:end]; an amount takes the first unit written after it."""
    amounts: list[str] = []
    times: list[str] = []
    for match in rules.landmark_time.finditer(text, start, end):
        if match["amount"]:
            amounts.append(match["amount"])
            continue
        unit = match["unit"].lower()
        for amount in amounts:
            number = parse_number(amount)
            written = format(number, "g") if not amount[0].isdigit() else amount
            times.append(f"{written} {unit}" + ("" if number == 1 else "s"))
        amounts = []
    return tuple(times)


def timepoint_of(sentence: Sentence, index: int, cue: Cue, rules: EfficacyRules) -> str:
    """The time point of the landmark figure at `index`, whose endpoint phrase is `cue`: the one the
    phrase names, else the one `stated_time` finds for the phrase and the value."""
    times = landmark_times(sentence.text, cue, rules)
    if not times and (stated := stated_time(sentence, cue, rules, index)):
        times = _times(sentence.text, *stated, rules)
    if len(times) <= 1:
        return times[0] if times else ""
    place = _place_in_list(sentence, index, cue.end, len(times))
    return times[place] if place is not None else ""


def _place_in_list(sentence: Sentence, index: int, after: int, length: int) -> int | None:
    """The value's place in the list of `length` values of its unit it is one of, after `after`
    ("88.9%, 82.4%, and 74.8% for Arm A and 91.8%, 90.2%, and 82.1% for Arm B": two lists of three);
    None when its list is of another length."""
    text, values = sentence.text, sentence.values
    unit = values[index].unit
    listed = [i for i, v in enumerate(values) if v.start >= after and v.unit == unit]
    runs: list[list[int]] = []
    for i in listed:
        if runs and _LISTED.fullmatch(text, values[runs[-1][-1]].end, values[i].start):
            runs[-1].append(i)
        else:
            runs.append([i])
    run = next((r for r in runs if index in r), None)
    return run.index(index) if run is not None and len(run) == length else None

"""The numbers of a sentence that may be figures (and the ones that cannot be), what each is (a share,
a duration, a ratio, a count and its denominator), and how they are grouped into pairs, series and
"respectively" lists. The sentence's endpoint phrases are read in `cues`, its treatments in
`regimens`."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from pipeline.efficacy.rules import RESPONSE_ITEM_ENDS, EfficacyRules
from pipeline.numbers import (
    NUMBER,
    NUMBER_WORD,
    WHOLE,
    parse_confidence_interval,
    parse_p_value,
    parse_whole,
)

_PAIR_JOINER = r"\s*(?:vs\.?|v\.?(?=\s)|versus|and|compared with|compared to|to)\s*"
# A value's spread, written between it and its unit: "10.2 ± 3.1 months", "72.3 ± 7.5%" (a mean and
# its standard deviation, a rate and its standard error), or after a percentage, "72.3% ± 7.5%".
# Part of the unit as written, so every stage that reads past a value's unit reads past it; the
# spread's number is never a value (`_EXCLUDED`). Each is one group: patterns write "{PERCENT}?".
_SPREAD = r"(?:±|\+/-|\+/−)\s*\d+(?:[.·]\d+)?"
# Durations as papers print them; the unit is kept as written ("weeks" stays weeks).
TIME = rf"(?:(?:{_SPREAD}\s*)?(?:months?|mo|weeks?|wks?|days?|years?|yrs?))"
PERCENT = rf"(?:(?:\s*{_SPREAD})?(?:\s*%|\s*per\s?cent\b)(?:\s*{_SPREAD}\s*%)?)"
_PERCENT = re.compile(PERCENT)
_TIME_UNITS = {"mo": "months", "wk": "weeks", "yr": "years"}
OUTCOME_VERB = r"(?:achieved|attained|had|showed|exhibited|experienced|developed)"
SUBJECTS = r"(?:patients?|women|men|participants?|subjects?|cases?|persons?|people)"
# A count's share in brackets between it and "of" its denominator: "116 (46%) of 254".
_SHARE_BETWEEN = rf"(?:\s*\(\s*{NUMBER}\s*%\s*\))?"
# "2 patients achieved intracranial partial response", "19 of 23 patients (82.6%)", "3 patients (33.3%)
# exhibited SD", "Six of 86 patients", "Thirty women in the group that underwent breast-conserving
# therapy had a recurrence", "116 (46%) of 254 patients had": a count of patients, with its
# denominator when given (never itself a count, nor is the denominator of "291/829 patients").
_COUNT = re.compile(
    rf"(?<![\w.,/])(?P<count>{WHOLE}|(?i:{NUMBER_WORD}))\s+(?:\(\s*{NUMBER}\s*%\s*\)\s+(?=of\b))?"
    rf"(?:(?:of|out of)\s+(?:the\s+)?(?P<n>{WHOLE})\s+)?"
    rf"(?:[\w-]+\s+)?{SUBJECTS}\b"
    r"(?=(?:\s*\([^()]*\))?\s+(?P<before_verb>(?:[\w/-]+\s+){0,8}?)(?:achieved|attained|had|showed|exhibited"
    r"|experienced|developed|relapsed|recurred|died|progressed|responded|survived|remained)\b"
    r"|(?(n)|(?!)))"
)
# Between a count and the verb `_COUNT` found for it, a clause of its own and the start of another count:
# in "89 patients were alive and 19 patients died" the patients who died are the 19, and in "30 patients
# were alive and 12 patients had a distant recurrence" the 12 had it.
OWN_CLAUSE_ENDS = re.compile(
    rf"\b(?:was|were|is|are|alive|free)\b.*\b(?:and|but|whereas|while)\s+(?:only\s+)?(?:\d|(?i:{NUMBER_WORD})\b)"
)
# "15/51 (29%)", "72 of 207", "in 10 of 36 patients", "35 of the 51 (69%)", "46 (9%) of 515": a count
# and its denominator.
_FRACTION = re.compile(
    rf"(?<![\w.,/])(?P<count>{WHOLE}|(?i:{NUMBER_WORD}))"
    rf"(?:\s*/\s*|{_SHARE_BETWEEN}\s+(?:of|out of)\s+(?:the\s+)?)(?P<n>{WHOLE})"
    r"(?![\w.,/]*\d)"
)
# "11 had stable disease", "There were 1 CR, 5 PR, 19 SD, and 9 PD in", "six CR and 22 PR were
# recorded", "one PR per RECIST": a count whose patients go unsaid, before a verb of outcome or a
# best-response abbreviation that ends its item ("6 CR clinicians", "two SDs from the mean" are no
# responses); not a denominator ("14 (74%) of 19 had") nor a unit's power ("mg l-1 had"). A count in
# words before a verb is left alone: "one had surgery" counts no outcome.
_ELLIPTIC_COUNT = re.compile(
    rf"(?<![\w.,/-])(?<!\bof )(?P<count>\d+(?=\s+{OUTCOME_VERB}\s)|(?:{WHOLE}|(?i:{NUMBER_WORD}))"
    rf"(?=\s+(?:CR|PR|SD|PD)s?{RESPONSE_ITEM_ENDS}))"
)
# The regimen a count's patients were treated with, written before them and shared by a list of counts
# (the endings are efficacy.json's `arm_after_count.treated`, which gives such a count its arm):
# "in 8 afatinib-treated, 6 lapatinib-treated, and 4 trastuzumab-treated patients", and with the
# ending written once, "in 8 afatinib-, 6 lapatinib-, and 4 trastuzumab-treated patients".
_TREATED_WITH = r"(?:\s+[A-Za-z][\w+/]*-(?:(?:treated|allocated|assigned|randomi[sz]ed)\b)?)"
# "CR was observed in 20 patients", "RCB 0-I was observed in four and eight patients", "seen in 12 of
# 40 patients", "pCR was achieved in 24 patients": the count of patients an outcome named before it was
# found in.
# The last count of a list is read here, the ones listed before it by `_LISTED_BEFORE`.
_COUNT_IN = re.compile(
    r"\b(?:observed|seen|noted|found|documented|recorded|occurred|reported|achieved|developed|detected"
    r"|obtained)\s+in\s+(?:only\s+)?"
    rf"(?:(?:{WHOLE}|(?i:{NUMBER_WORD})){_TREATED_WITH}?(?:\s*,\s*(?:and\s+)?|\s+(?:and|or)\s+)){{0,4}}"
    rf"(?P<count>{WHOLE}|(?i:{NUMBER_WORD}))(?:\s+(?:of|out of)\s+(?:the\s+)?(?P<n>{WHOLE}))?"
    rf"\s+(?:(?!(?:and|or)\b)[A-Za-z][\w-]*\s+){{0,2}}?{SUBJECTS}\b"
)
# "241 occurred in 447 patients", "21 serious adverse events (...) were noted in 16 participants": where
# the clause has counted before the verb, the patients after it are the count's denominator.
_COUNTED_BEFORE_IN = re.compile(
    rf"(?<![\w.,/-])(?:{WHOLE}|(?i:{NUMBER_WORD}))(?:\s+[A-Za-z(][^.;:,\d]{{0,100}})?\s*$"
)
# What lies between a count and its share of the arm: "25 (12.1%)", "42 patients (36%)", "24 [69%]",
# "19 of 23 patients (82.6%)", "291/829 patients (35.1%)".
SHARE_FOLLOWS = re.compile(
    rf"(?:\s+(?:of|out of)\s+(?:the\s+)?{WHOLE}|\s*/\s*{WHOLE})?(?:\s+{SUBJECTS})?\s*[(\[]\s*"
)
# "The number of second breast cancers was 168 in the fenretinide arm and 190 in the control arm": a
# bare number of an arm, compared with another arm's, where the endpoint the sentence names is
# counted; the second is read as continuing it. Not the arms' shares of a number of patients: "875
# patients (438 in the chemotherapy alone group and 437 in ...)" are their sizes.
_ARM_PAIR_COUNT = re.compile(
    r"(?<![\w.,/])(?P<count>\d+)(?=\s+(?:in|among|for)\s+(?:the\s+)?[^.;:\d()]{1,40}?\b(?:arms?|groups?)\b"
    r"(?:,?\s+and|\s+versus|\s+vs\.?|\s+compared\s+(?:with|to))\s+(?:only\s+)?\d+\s+(?:in|among|for)\s)"
)
_SIZES_BEFORE = re.compile(rf"\d[\d,]*\s+(?:\w+\s+)?{SUBJECTS}\s*[(\[]\s*$")
# A count before its share; not "12 (95% CI ...)".
_COUNT_THEN_SHARE = re.compile(
    rf"(?<![\w.,/])(?P<count>{WHOLE}|(?i:{NUMBER_WORD})){SHARE_FOLLOWS.pattern}{NUMBER}{PERCENT}"
    r"(?!\s*(?:CI|confidence))"
)
# "1.5% (three cases)", "36% (12 patients)": a share, then its count.
_SHARE_THEN_COUNT = re.compile(
    rf"(?<![\w.])\d+(?:[.·]\d+)?{PERCENT}\s*[(\[]\s*(?P<count>{WHOLE}|(?i:{NUMBER_WORD}))\s+{SUBJECTS}\b"
)
# "Three and eight disease-free survival events", "4, 6 or 9 deaths": numbers listed before a count are
# counts of the same.
COUNT_JOINER = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_LISTED_BEFORE = re.compile(
    rf"(?<![\w.,/])(?P<count>{WHOLE}|(?i:{NUMBER_WORD})){_TREATED_WITH}?(?:{COUNT_JOINER.pattern})$"
)
# "352 DFS events", "27 local progressions", "38 deaths", "12 (30%) partial responses": a count of events.
_EVENTS = re.compile(
    rf"(?<![\w.,/])(?P<count>{WHOLE}|(?i:{NUMBER_WORD}))(?!\s*(?:{TIME}|mg|g|cycles?|times?|doses?)\b)"
    # the words between qualify the events; "19 had a best response" is no count of responses
    rf"\s+(?:\(\s*{NUMBER}\s*%\s*\)\s+)?(?:(?!{OUTCOME_VERB}\b)[\w-]+\s+){{0,3}}?"
    r"(?:events?|deaths?|recurrences?|relapses?|progressions?|(?<!no )responses?|remissions?|responders?)\b"
    rf"(?:[^.;]{{0,20}}?\b(?:among|in|of)\s+(?P<n>{WHOLE})\s+{SUBJECTS})?"
)
# A number that continues a pair or list begun by a count is a count of the same: "83 breast cancer
# deaths in the intervention group versus 219 in the control group", "seven deaths in the WBI group and
# only one in the APBI group", "Fifty-six patients assigned to TX/CEX died ... compared with 75 of
# patients assigned to T/CEF", "11 had local recurrence and 12 distant metastases versus 15 and 12 for
# the controls". Between them at most a few words that say whose the count is or what it counts (no
# number but in brackets, no clause's end, no bracket left: "(75%, 3/4 women), and eight participants
# were excluded"), then "and", "or" or "versus" (a comma alone lists clauses: "Eight patients died
# ..., one patient did not take the oil"); or a colon that breaks the count down, and the labelled
# items after it: "71 patients (33%) relapsed or died: DD, 33 patients (15 deaths); CS, 38 patients",
# "Two local recurrences were observed: one at 70.3 months in an arm-A patient"; not one of a cause
# ("Three patients died ...: two of perioperative pneumonia"). After it, what follows a count: whose it is
# ("in", "for", "with" ...), the patients, what it counts before the list goes on, or the item's
# end; never a unit.
_CONTINUED_COUNT = re.compile(
    r"(?:[^.;:\d()]|\([^();]{0,40}\)){0,80}?"
    r"(?:(?:,?\s+(?:and|or)|\s+(?:versus|vs\.?|compared\s+(?:with|to)))\s+"
    r"|\s*:\s+(?:[A-Za-z][\w/+-]*,\s+)?|;\s+[A-Za-z][\w/+-]*,\s+)(?:only\s+)?"
    rf"(?P<count>{WHOLE}|(?i:{NUMBER_WORD}))(?![\w.,/·%-]*\d)(?!\s*(?:%|per\s?cent\b|[-–/])|\s+{TIME}\b)"
    rf"(?!\s+(?:of|from|due\s+to|because\s+of)\s+(?!(?:the\s+)?(?:{SUBJECTS}|those)\b))"
    rf"(?=\s*[,;.)]|\s+(?:of\s+)?(?:the\s+)?(?:[A-Za-z][\w-]*\s+){{0,2}}?(?:{SUBJECTS}|those)\b"
    r"|\s+(?:[A-Za-z][\w-]*\s+){0,3}?(?:in|with|for|among|on|at|and|or|versus|vs|compared|assigned|receiving"
    r"|treated|were|was|had|died|relapsed|recurred|progressed|responded)\b)"
)
# "399 recurrences or contralateral breast cancers (CLBCs) (164 letrozole and 235 placebo) occurred",
# "508 deaths were recorded (248 in the chemotherapy alone group and 260 in the ... group)": a count of
# events, then in brackets the count of each arm; the bracket opens before the sentence goes on.
_BREAKDOWN_OPENS = re.compile(r"[^.;()\d]{0,60}?(?:\([A-Za-z][^()\d]{0,20}\)\s*)?\(")
_BREAKDOWN_ITEM = re.compile(
    r"(?:\s*(?:,|;|\band\b|\bvs\.?|\bversus\b)\s*)?(?P<count>\d+)(?=\s+(?:(?:in|on|with|for)\s+)?[A-Za-z])"
    r"[^(),;\d]{0,60}?(?=\s*(?:,|;|\band\b|\bvs\b|\bversus\b|\)))"
)
# "116 (46%) of 254": a count's share in brackets before its denominator is of that denominator.
_SHARE_OF = re.compile(rf"\s*\)\s+(?:of|out of)\s+(?:the\s+)?(?P<n>{WHOLE})(?![\w.,/]*\d)")
_COUNT_OPENS = re.compile(rf"(?<![\w.,/])(?:{WHOLE}|(?i:{NUMBER_WORD}))\s*\(\s*$")
# "19 of 23 patients (82.6%)": the rate's denominator.
_RATE_OF = re.compile(
    rf"(?:\b\d+|(?i:{NUMBER_WORD}))(?:\s+(?:of|out of)\s+(?:the\s+)?|\s*/\s*)(?P<n>{WHOLE})"
    rf"(?:\s+{SUBJECTS})?\s*[(\[]$"
)
# "Sixty-three percent achieved a complete response": a share in words, as a sentence starts with one.
_WORD_PERCENT = re.compile(rf"(?<![\w-])(?=[A-Za-z])(?P<number>(?i:{NUMBER_WORD})){PERCENT}")
# NUMBER with possessive digit runs: backtracking into a run of digits cannot give a value (a digit
# would follow it), and costs the run's length at each step.
_VALUE = re.compile(
    rf"(?<![\w.\-/^])(?P<number>\d++(?:[.·]\d++)?)(?![\w.]*\d)(?P<percent>{PERCENT})?"
    rf"(?P<time>\s*{TIME}\b)?"
)
# A duration other than months is a figure only as a median or mean ("median TTP 23.0 v 16.9 weeks"):
# elsewhere "5 years", "12 weeks" and "21 days" are schedules and follow-up.
_OTHER_DURATIONS = ("weeks", "days", "years")
# A full stop ends the search, a decimal point does not ("median OS 75.0 weeks ... and 64.7 weeks").
_AVERAGE_BEFORE = re.compile(r"\b(?P<which>median|mean|average)\b(?:[^.;]|\.(?=\d)){0,150}$", re.IGNORECASE)
_LIST_JOINER = re.compile(rf"{_PAIR_JOINER}|\s*,\s*(?:and\s+)?")
_BRACKET = re.compile(r"\s*[(\[][^()\[\]]{1,40}[)\]]")
DIGIT = re.compile(r"\d")
_COUNT_WORD = re.compile(rf"\b(?i:{NUMBER_WORD})\b")


def has_numeral(text: str, start: int, end: int) -> bool:
    """What a sentence needs to hold a figure at all: a digit, or a count in words ("Twelve women
    had ..."); the digit is the cheap test, and settles most sentences."""
    return bool(DIGIT.search(text, start, end) or _COUNT_WORD.search(text, start, end))


_UNIT_AFTER_INTERVAL = re.compile(rf"\s*[(\[][^()\[\]]{{3,60}}[)\]]\s*(?P<time>{TIME})\b")


@dataclass(frozen=True)
class Value:
    start: int
    end: int
    text: str
    unit: str  # "%", "months", "ratio", "patients", ""
    measure: str = ""  # set for ratios and counts
    n: int | None = None  # the patients a count or rate is of, when stated with it ("19 of 23 patients")
    continues: int | None = None  # the start of the first count of the pair or list this count continues


# What may stand between a ratio's name (or what it is of) and its number: "HR = 0.73", "[HR]: 0.73".
_RATIO_NUMBER = re.compile(rf"(?:[\s\[\]():=,]|\b(?:of|was|were|is|HR|RR|OR)\b){{0,6}}?({NUMBER})")


def find_values(text: str, start: int, end: int, rules: EfficacyRules) -> list[Value]:
    # Numbers that are no result wherever they stand: neither a value nor the start of a count.
    not_figures = [m.span() for pattern in rules.not_figures for m in pattern.finditer(text, start, end)]
    excluded = _absolute_excluded(text, start, end) + not_figures
    values: list[Value] = []
    for pattern, measure in rules.ratios:
        for keyword in pattern.finditer(text, start, end):
            # "HR 0.73", "HR = 0.73", "hazard ratio [HR]: 0.73", "relative risk, 0.48", "HR of 0.5", and
            # after what it is of, "hazard ratio for OS was 0.897"
            named = rules.ratio_of.match(text, keyword.end(), end)
            after = named.end() if named else keyword.end()
            number = _RATIO_NUMBER.match(text, after, end)
            if number and not _PERCENT.match(text, number.end(1)):  # "RR of 92.7%": a rate
                values.append(Value(number.start(1), number.end(1), number.group(1), "ratio", measure))
    # The positions inside an excluded span ("n = 72", "grade 3", "9,4"): no count starts there.
    excluded_at = {p for a, b in excluded for p in range(a, b)}
    # Where an excluded span starts: a number that starts one ("3 cycles", "2010") is no count; one
    # inside a span that starts before it ("follow-up compared with 75") still may continue a list.
    excluded_starts = {a for a, _ in excluded}
    denominators: set[int] = set()  # "35 of the 51 (69%)": the 51 is no count of its own
    counts = (
        _COUNT,
        _EVENTS,
        _FRACTION,
        _ELLIPTIC_COUNT,
        _COUNT_IN,
        _COUNT_THEN_SHARE,
        _SHARE_THEN_COUNT,
        _ARM_PAIR_COUNT,
    )
    for pattern in counts:
        for match in pattern.finditer(text, start, end):
            if any(v.start < match.end("count") and match.start("count") < v.end for v in values):
                continue
            if match.start("count") in excluded_at or match.start("count") in denominators:
                continue
            denominator = match.groupdict().get("n")
            n = parse_whole(denominator) if denominator else None
            if pattern is _FRACTION and not _is_fraction(match["count"], match["n"]):
                continue
            if pattern is _ARM_PAIR_COUNT and _SIZES_BEFORE.search(
                text, max(start, match.start() - 40), match.start()
            ):
                continue
            if pattern is _COUNT and n is None and OWN_CLAUSE_ENDS.search(match["before_verb"] or ""):
                continue
            if pattern is _COUNT_IN and _COUNTED_BEFORE_IN.search(
                text, max(start, match.start() - 120), match.start()
            ):
                continue
            values.append(Value(*match.span("count"), match["count"], "patients", "count", n))
            if denominator:
                denominators.add(match.start("n"))
            values += _continued(text, match.end(), end, values, excluded_starts)
            if pattern in (_COUNT, _EVENTS):
                values += [
                    Value(s, e, text[s:e], "patients", "count")
                    for s, e in _broken_down(text, match.end(), end)
                    if s not in excluded_at and not any(v.start < e and s < v.end for v in values)
                ]
    value_ends = {v.end for v in values}
    for count in list(values):
        while count.measure == "count" and (
            listed := _LISTED_BEFORE.search(text, max(start, count.start - 40), count.start)
        ):
            if listed.start("count") in excluded_at or listed.end("count") in value_ends:
                break
            count = Value(*listed.span("count"), listed["count"], "patients", "count")
            values.append(count)
            value_ends.add(count.end)
    # The positions inside an excluded span or a value found so far (testing each span is quadratic).
    taken = excluded_at | {p for v in values for p in range(v.start, v.end)}
    for match in _WORD_PERCENT.finditer(text, start, end):
        if match.start() not in taken:
            values.append(Value(*match.span("number"), match["number"], "%"))
    for match in _VALUE.finditer(text, start, end):
        s, e = match.span("number")
        if s in taken:
            continue
        unit = "%" if match["percent"] else _time_unit(match["time"])
        if not unit and (after := _UNIT_AFTER_INTERVAL.match(text, e)):
            unit = _time_unit(after["time"])  # "18.9 (95% CI 17.1-21.3) months"
        n = _share_denominator(text, start, s, match.end()) if unit == "%" else None
        values.append(Value(s, e, match["number"], unit, n=n))
    values.sort(key=lambda v: v.start)
    # "9.9 vs 4.2 months", "23, 19.6, and 18 months": a list's numbers share its last number's unit, also
    # past what a number's brackets add ("61.2 (23/37) vs. 26.3 %", "20.2 (metformin) vs 24.2 months").
    for i in range(len(values) - 2, -1, -1):
        a = values[i]
        if a.unit:
            continue
        bracket = _BRACKET.match(text, a.end)
        after = bracket.end() if bracket else a.end
        j = i + 1
        while j < len(values) and values[j].start < after:
            j += 1
        if (
            j < len(values)
            and values[j].unit not in ("", "ratio", "patients")
            and _LIST_JOINER.fullmatch(text, after, values[j].start)
        ):
            values[i] = replace(a, unit=values[j].unit)
    compared: set[int] = set()
    for i in range(len(values) - 1):
        if _compared_durations(text, values[i], values[i + 1]):
            compared |= {i, i + 1}
    figures = (_as_figure(text, start, v, i in compared) for i, v in enumerate(values) if v.unit)
    return [v for v in figures if v is not None]


def _continued(
    text: str, position: int, end: int, values: list[Value], excluded_starts: set[int]
) -> list[Value]:
    """The counts that continue the pair or list begun by the last of `values`, a count whose match
    ends at `position`, each marked as continuing it; up to a number that is no count or is a value
    already."""
    found: list[Value] = []
    first = values[-1].start
    while after := _CONTINUED_COUNT.match(text, position, end):
        s, e = after.span("count")
        if any(p in excluded_starts for p in range(s, e)) or any(v.start < e and s < v.end for v in values):
            break
        found.append(Value(s, e, after["count"], "patients", "count", continues=first))
        position = after.end()
    return found


def _broken_down(text: str, position: int, end: int) -> list[tuple[int, int]]:
    """The spans of the per-arm counts in brackets after a count of events ending at `position`: two
    or more, the first right inside the bracket, each a number before words and up to a joiner."""
    opens = _BREAKDOWN_OPENS.match(text, position, end)
    closing = text.find(")", opens.end(), min(end, opens.end() + 200)) if opens else -1
    if closing < 0:
        return []
    spans: list[tuple[int, int]] = []
    at = opens.end()
    while at < closing and (item := _BREAKDOWN_ITEM.match(text, at, closing + 1)):
        spans.append(item.span("count"))
        at = item.end()
    return spans if len(spans) >= 2 and at == closing else []


def _compared_durations(text: str, a: Value, b: Value) -> bool:
    """ "(84 days vs 174 days)": two durations compared are figures even without "median"."""
    return a.unit == b.unit and a.unit in _OTHER_DURATIONS and bool(_PAIRED.fullmatch(text, a.end, b.start))


def _share_denominator(text: str, start: int, share_start: int, share_end: int) -> int | None:
    """The denominator of a share, written before it ("19 of 23 patients (82.6%)") or, for a count's
    share in brackets, after it ("116 (46%) of 254")."""
    rate_of = _RATE_OF.search(text, max(start, share_start - 40), share_start)
    if rate_of:
        return parse_whole(rate_of["n"])
    share_of = _SHARE_OF.match(text, share_end)
    opens = share_of and _COUNT_OPENS.search(text, max(start, share_start - 40), share_start)
    return parse_whole(share_of["n"]) if opens else None


def _is_fraction(count: str, n: str) -> bool:
    """ "15/51" is a count of its denominator; "11/2023" is a date and "4/3" no fraction of patients."""
    return not re.fullmatch(r"(?:19|20)\d\d", n) and (
        not re.fullmatch(WHOLE, count) or parse_whole(count) <= parse_whole(n)
    )


def _time_unit(written: str | None) -> str:
    if not written:
        return ""
    word = written.split()[-1].lower().rstrip("s")  # the unit after a spread: "± 3.1 months"
    return _TIME_UNITS.get(word, word + "s")


def _as_figure(text: str, start: int, value: Value, compared: bool) -> Value | None:
    """Months are figures wherever an endpoint names them; other durations only as a median or mean,
    or two compared. A duration introduced as a mean ("mean TTP 23 weeks") is a mean, not a median."""
    if value.unit not in ("months", *_OTHER_DURATIONS):
        return value
    average = _AVERAGE_BEFORE.search(text, max(start, value.start - 160), value.start)
    if value.unit in _OTHER_DURATIONS and not (compared or average):
        return None
    mean = average and average["which"].lower() == "mean" and not value.measure
    return replace(value, measure="mean") if mean else value


def _absolute_excluded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    position = start
    while (ci := parse_confidence_interval(text, position, end)) is not None:
        spans.append((ci.start, ci.end))
        position = ci.end
        pair = SECOND_INTERVAL.match(text, position, end)
        if pair:
            spans.append(pair.span())
            position = pair.end()
    position = start
    while (p := parse_p_value(text, position, end)) is not None:
        spans.append((p.start, p.end))
        position = p.end
    for pattern in _EXCLUDED:
        spans += [m.span() for m in pattern.finditer(text, start, end)]
    return spans


# "(CI, 18.1–28.5 vs 11.2–16.9)": the interval of a pair's second value.
SECOND_INTERVAL = re.compile(rf"{_PAIR_JOINER}({NUMBER})\s*%?\s*(?:-|–|to)\s*({NUMBER})\s*%?")
_BOUND = rf"\d+(?:[.·]\d+)?\s*%?(?:\s*{TIME}\b)?"
_EXCLUDED = tuple(
    re.compile(p)
    for p in (
        r"\[\d+(?:\s*[-–,]\s*\d+)*\]",
        # "(4.3% to 48.1%)", "(range, 20% to 45%)": the bounds of an interval or range, not results
        rf"\(\s*(?:(?:range|IQR|interquartile\s+range|\d\d%\s*CI)\s*[:,=]?\s*)?{_BOUND}\s*(?:to|–|—|-)\s*{_BOUND}\s*\)",
        r"\b[nN]\s*=\s*\d+",
        _SPREAD,  # "81.9 ± 7.0%": a standard error, not a result
        r"\b(?:19|20)\d\d\b(?!\s*%)",
        r"(?<!\d)\d+(?:\.\d+)?\s*(?:mg|g|kg|mL|ml|Gy|GY|mm|cm|cycles?)\b",
        r"\b(?:age[ds]?|aged|old)\b[^.;,]{0,25}?\d+(?:\.\d+)?(?:\s*years?)?",
        # "Phase III", "grade 3", "Arm 2": a label, not a figure. A group the sentence has already named
        # takes no label, so what follows it is a count: "In the control group 26 patients sustained 60
        # falls". The first alternative matches such a group up to the count, which then opens no label.
        rf"\bthe\s+[\w/+-]+\s+(?:group|arm)s?\s+(?=\d+\s+{SUBJECTS}\b)"
        r"|\b(?:[Pp]hase|[Gg]rade|[Ss]tage|[Cc]ohorts?|[Gg]roups?|[Aa]rms?)[\s-]+[\w/]+",
        rf"\d{{2}}{PERCENT}\s*(?:CI|confidence)",
        r"(?<!\d)\d+(?:\.\d+)?\s*[-–]\s*(?:month|year|week)",
        # Hedged, threshold or illustrative numbers are not results: "approximately 20 months",
        # "over 50 months", "(TTD > 18 months)", "between 9 to 24 months", "a median follow-up of 29.6".
        r"(?i:approximately|about|around|over|exceeding|more than|less than|up to|nearly|at least|>|<|≥|≤)\s*"
        r"\d+(?:\.\d+)?",
        r"between\s+[*_]*\d+(?:\.\d+)?\s*%?\s*(?:and|to|-)\s*\d+(?:\.\d+)?",  # "between **9 to 24": Markdown
        r"follow-?up(?:\s+\w+){0,3}?\s+(?:of|was|:)?\s*\d+(?:\.\d+)?",
        # "PFS at 6 months", "at 2 and 3 years": time points, not medians
        rf"\bat\s+\d+(?:\.\d+)?(?:\s*(?:,|and|or)\s*\d+(?:\.\d+)?)*\s*{TIME}\b",
    )
)


# "In the patients with active brain metastasis (21.4 vs 11.8 months) and stable brain metastasis
# (21.6 vs 16.4 months), the median PFS was 9.9 months": the bracketed figures are the subgroup's,
# and go on with the last figure's endpoint.
BRACKETED_FIGURES = re.compile(
    rf"\s*\(\s*{NUMBER}{PERCENT}?\s*(?:{TIME})?(?:{_PAIR_JOINER}{NUMBER}{PERCENT}?\s*(?:{TIME})?)*\s*\)"
)


_PAIRED = re.compile(
    rf"{PERCENT}?\s*(?:{TIME})?\s*(?:[(\[][^()\[\]]*(?:\([^()]*\)[^()\[\]]*)?[)\]]\s*)?(?:{TIME})?{_PAIR_JOINER}"
)
# "37% of patients surviving at 8 years versus 23% in the control arm": the first value's words are
# the second's too.
_DESCRIBED_PAIR = re.compile(rf"{PERCENT}?\s+[^,;()]{{1,50}}?\s(?:vs\.?|versus|compared (?:with|to))\s*")


def respective_positions(
    text: str, values: tuple[Value, ...], pairs: dict[int, int], respectively: int
) -> dict[int, int]:
    """index -> place among the values a "respectively" distributes: the list right before it ("23,
    19.6, and 18 months, respectively"), or, when it comes first ("For ILF and ELF, respectively,
    median PFS was 4.5 vs 2.3 months"), each pair in order."""
    last = max((i for i, v in enumerate(values) if v.end <= respectively), default=None)
    if last is None:
        return {i: pairs.get(i, i) for i in range(len(values))}
    # "25 (12.1%) and 23 (17.7%), respectively": a value in brackets right after another is an entry
    # of the list with it, not one of its own.
    entries: list[list[int]] = []
    for i in range(last + 1):
        if entries and NESTED.fullmatch(text, values[i - 1].end, values[i].start):
            entries[-1].append(i)
        else:
            entries.append([i])
    first = len(entries) - 1
    while first > 0 and _listed_after(text, entries[first - 1], entries[first], values):
        first -= 1
    listed = entries[first:]
    return {i: place for place, entry in enumerate(listed) for i in entry} if len(listed) > 1 else {}


def value_series(text: str, values: tuple[Value, ...]) -> dict[int, tuple[int, int]]:
    """index -> (place, length) in a series of three or more like values listed with commas and "and"
    ("21, 17, and 19 %", "78.5, 75.1, and 63.4%"), whether or not a "respectively" distributes it: one
    figure per arm, endpoint, time point or subgroup, which the reader of arms tells apart. Not "vs"
    or "to", which join a pair or a change, not a list."""
    series: dict[int, tuple[int, int]] = {}
    first = 0
    for i in range(1, len(values) + 1):
        if (
            i < len(values)
            and values[i].unit == values[i - 1].unit
            and _SERIES_JOINER.fullmatch(text, values[i - 1].end, values[i].start)
        ):
            continue
        if i - first >= 3:
            series.update({j: (j - first, i - first) for j in range(first, i)})
        first = i
    return series


_SERIES_JOINER = re.compile(rf"{PERCENT}?\s*(?:{TIME})?\s*(?:,\s*(?:and\s+)?|and\s+)")


def _listed_after(text: str, previous: list[int], entry: list[int], values: tuple[Value, ...]) -> bool:
    """Whether `entry` is listed right after `previous` ("23, 19.6, and 18 months", "25 (12.1%) and
    23", "61.8% (21/34) and 61.2%"): across the bracket that closes the previous entry's last value,
    when it has one."""
    start = values[previous[-1]].end
    if len(previous) > 1 and (closed := _CLOSES_NESTED.match(text, start, values[entry[0]].start)):
        start = closed.end()
    return bool(LISTED.fullmatch(text, start, values[entry[0]].start))


def share_of_count(text: str, values: tuple[Value, ...], index: int) -> int | None:
    """The index of the share written right after the count at `index`, with which it is one figure:
    "25 (12.1%)", "15 of 108 (13.9%)", "one patient (3.1%)"; None when the value is no count or no
    share follows it."""
    if values[index].measure != "count" or index + 1 == len(values):
        return None
    after = values[index + 1]
    written_with = after.unit == "%" and SHARE_FOLLOWS.fullmatch(text, values[index].end, after.start)
    return index + 1 if written_with else None


LISTED = re.compile(rf"{PERCENT}?\s*(?:{TIME})?(?:{_LIST_JOINER.pattern})")
# "59.2% (14.1% CR)", "25 (12.1%)": a value in brackets right after another.
NESTED = re.compile(rf"{PERCENT}?\s*[(\[]\s*")
_CLOSES_NESTED = re.compile(rf"{PERCENT}?(?:\s*(?:/|of)\s*\d+)?\s*[)\]]")


def paired_values(text: str, values: tuple[Value, ...]) -> dict[int, int]:
    """index -> position (0 or 1) within an "A vs B" / "A and B" pair of like values. A value in
    brackets right after another is part of it, not a member of the pair: "43% (35/56) and 21%
    (24/58)" pairs 43% with 21%."""
    heads = [
        i
        for i in range(len(values))
        if not i or not NESTED.fullmatch(text, values[i - 1].end, values[i].start)
    ]
    positions: dict[int, int] = {}
    for i, j in itertools.pairwise(heads):
        a, b = values[i], values[j]
        if (
            a.unit == b.unit
            and i not in positions
            and (_PAIRED.fullmatch(text, a.end, b.start) or _DESCRIBED_PAIR.fullmatch(text, a.end, b.start))
        ):
            positions[i], positions[j] = 0, 1
    return positions

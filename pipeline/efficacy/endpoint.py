"""Which endpoint a value is a figure of, and its measure (rate, median, ratio, count ...)."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, replace

from pipeline.efficacy.candidates import (
    BRACKETED_FIGURES,
    COUNT_JOINER,
    DIGIT,
    LISTED,
    OUTCOME_VERB,
    OWN_CLAUSE_ENDS,
    PERCENT,
    SUBJECTS,
    TIME,
    Value,
    share_of_count,
)
from pipeline.efficacy.context import Paragraph, Sentence
from pipeline.efficacy.cues import Cue, list_head, list_tail
from pipeline.efficacy.rules import EfficacyRules
from pipeline.efficacy.scan import found_before
from pipeline.efficacy.timepoint import stated_time
from pipeline.numbers import NUMBER, parse_confidence_interval, parse_p_value


def endpoint_of(
    sentence: Sentence, index: int, paragraph: Paragraph, rules: EfficacyRules
) -> tuple[Cue, str, str] | None:
    """The endpoint phrase the sentence's value at `index` is a figure of, with the figure's endpoint
    and measure ("PFS", "median"); None when no endpoint named fits the value's unit."""
    text, value = sentence.text, sentence.values[index]
    same = _written_with(sentence, index)
    if same is not None:
        # "grade 3-4 diarrhoea (48 [17%] of 276 patients", "DFS events were 25 (12.1%)": a count and its
        # share are one figure written twice, and are of one endpoint, or of none; so are the counts
        # of a list ("Three and eight disease-free survival events").
        figure = endpoint_of(sentence, same, paragraph, rules)
        kind = measure_for(figure[0], value.unit, value.measure, rules) if figure else None
        return (figure[0], *kind) if figure and kind else None
    before = text[max(sentence.start, value.start - 60) : value.start]
    reduction = rules.relative_reduction.search(before) if value.unit == "%" else None
    reduced = _reduced_after(sentence, index, rules) if value.unit == "%" and not reduction else None
    if reduction:  # needs no endpoint phrase: "reduced intracranial progression by 68%"
        # "progression or death" is PFS; "death" and "mortality" are OS (`reduction_words`)
        endpoint = next(
            (e for pattern, e in rules.reduction_words if pattern.fullmatch(reduction["what"])), "PFS"
        )
        cue: Cue | None = Cue(value.start, value.start, endpoint, bool(reduction["cns"]))
        kind: tuple[str, str] | None = (endpoint, "relative_reduction")
    elif reduced == "unnamed":  # "a 47% ... reduction in risk for axitinib": of no endpoint named
        return None
    elif reduced:  # "a 14% reduction in the risk of relapse", "a 49% lower hazard rate of IBTR"
        cue, kind = reduced, (reduced.value, "relative_reduction")
    else:
        listed = sentence.listed_endpoints[index] if sentence.listed_endpoints else None
        cue = listed or _endpoint_for(sentence, index, paragraph.last_figure)
        if cue and not cue.cns and _intracranial_in_sentence(sentence, cue, rules):
            cue = replace(cue, cns=True)
        kind = measure_for(cue, value.unit, value.measure, rules) if cue else None
        if kind and value.unit in _DURATIONS and _RATE.search(text, cue.start, cue.end):
            # "the local control rate of 3, 6, 12, 24, 36 months was 88.4%, ...": a rate's durations
            # are its time points, not medians
            return None
    if cue is None or kind is None:
        return None
    endpoint, measure = kind
    if measure in ("median", "rate"):
        measure = _change_measure(sentence, index, rules) or measure
    if (
        measure == "rate"
        and endpoint in rules.survival | rules.incidence
        and stated_time(sentence, cue, rules, index)
    ):
        measure = "landmark_rate"  # "the 5-year local recurrence rate", "At 12 months, OS was 40%"
    return cue, endpoint, measure


def _change_measure(sentence: Sentence, index: int, rules: EfficacyRules) -> str | None:
    """The measure of a value that is how much one arm gained over the other, not either arm's figure:
    "a benefit of 16.3 months", "improved DRR and ORR by 24% and 38%" (a difference, named before
    the list the value is one of), "a 61% increase in median TTP", "a respective 27% and 24%
    reduction of recurrences" (named after it: a relative reduction when a decrease is not said to be
    absolute); None when the value is an arm's own."""
    text, values = sentence.text, sentence.values
    first = index
    while first and _REDUCTIONS_LISTED.fullmatch(text, values[first - 1].end, values[first].start):
        first -= 1
    last = _last_of_reductions(sentence, index)
    opening = values[first].start
    if rules.difference.search(text[max(sentence.start, opening - 60) : opening]):
        return "difference"
    if values[index].unit != "%":
        return None
    change = rules.change_after.match(text, values[last].end, sentence.end)
    if change is None:
        return None
    return "relative_reduction" if change["down"] and not change["absolute"] else "difference"


_DURATIONS = frozenset({"months", "weeks", "days", "years"})
_RATE = re.compile(r"\brates?$", re.IGNORECASE)


def _written_with(sentence: Sentence, index: int) -> int | None:
    """The index of the value that the count at `index` is one figure with: its share written right
    after it ("25 (12.1%)"), or the count it is listed before ("Three and eight DFS events")."""
    text, values = sentence.text, sentence.values
    share = share_of_count(text, values, index)
    if share is not None:
        return share
    listed = (
        index + 1 < len(values)
        and values[index].measure == values[index + 1].measure == "count"
        and COUNT_JOINER.fullmatch(text, values[index].end, values[index + 1].start)
    )
    return index + 1 if listed else None


def _reduced_after(sentence: Sentence, index: int, rules: EfficacyRules) -> Cue | str | None:
    """The endpoint of a relative reduction written after the value at `index`, or after the list it
    is one of ("a 47% and 19% respective reduction in risk of"): the endpoint phrase named right after
    "reduction in the risk of", or a word such as "death" or "relapse"; "unnamed" when the reduction is
    of neither (a relative reduction is still no rate); None when no reduction follows."""
    text, values = sentence.text, sentence.values
    last = _last_of_reductions(sentence, index)
    after = rules.reduction_after.match(text, values[last].end, sentence.end)
    if not after:
        return None
    start = values[index].start
    for pattern, endpoint in rules.reduction_words:
        # "progression" here is progression or death, PFS, not the response category PD
        if pattern.match(text, after.end(), sentence.end):
            return Cue(start, start, endpoint)
    named = next((c for c in sentence.cues if after.end() <= c.start <= after.end() + 30), None)
    if named and not named.value.startswith("landmark:"):
        return Cue(start, start, named.value, named.cns)
    return "unnamed"


def _last_of_reductions(sentence: Sentence, index: int) -> int:
    """The index of the last value of the list of shares the value at `index` is one of ("a 47% and
    19% respective reduction"); `index` when it stands alone."""
    text, values = sentence.text, sentence.values
    last = index
    while last + 1 < len(values) and _REDUCTIONS_LISTED.fullmatch(
        text, values[last].end, values[last + 1].start
    ):
        last += 1
    return last


# Between two relative reductions of one list: "47% (P = 0.0258) and 19%".
_REDUCTIONS_LISTED = re.compile(
    rf"{PERCENT}(?:\s*[(\[][^()\[\]]*[)\]])?(?:\s*,\s*(?:and\s+)?|\s*,?\s+and\s+)"
)


def measure_for(cue: Cue, unit: str, value_measure: str, rules: EfficacyRules) -> tuple[str, str] | None:
    """(endpoint, measure) for a value, or None when the unit does not fit the endpoint."""
    if not _can_be_of(cue, unit):
        return None
    endpoint = cue.value
    landmark = endpoint.startswith("landmark:")
    base = endpoint.removeprefix("landmark:")
    if unit == "ratio":
        return rules.ratio_endpoints.get((value_measure, base), base), value_measure
    if unit == "patients":
        # how many responded, or had an event ("352 DFS events", "19 of 23 patients")
        return (
            (base, "count")
            if base in rules.response | rules.survival | rules.incidence and not landmark
            else None
        )
    if unit == "%":
        if landmark:
            return base, "landmark_rate"
        return (base, "rate") if base in rules.response | rules.survival | rules.incidence else None
    if unit in ("months", "weeks", "days", "years"):
        return (base, value_measure or "median") if base in rules.survival and not landmark else None
    return None


def _can_be_of(cue: Cue, unit: str) -> bool:
    """A state's figures are how many are in it and what share: "alive at a minimum 32 months" and
    "2 months after WBRT" are time points, no median of being alive."""
    return not cue.status or unit in ("%", "patients")


def respective_endpoints(text: str, cues: tuple[Cue, ...], values: tuple[Value, ...]) -> list[Cue] | None:
    """ "median OS and median PFS were 9.1 and 3.3 months, respectively": endpoints and values in order,
    also list after list ("PFS and OS were 2.7 and 5.3 months, respectively, for arm A, and 3.8 and 6.9
    months, respectively, for arm B")."""
    before = [c for c in cues if c.end <= values[0].start]
    # "progression-free survival (PFS) and OS": one endpoint per name, not per spelling.
    named = [c for i, c in enumerate(before) if i == 0 or c.value != before[i - 1].value]
    if len(values) < 2 or len(named) < 2 or len({c.value for c in named}) < 2:
        return None
    if len(named) == len(values):
        return named
    places = [0]
    for a, b in itertools.pairwise(values):
        places.append(places[-1] + 1 if LISTED.fullmatch(text, a.end, b.start) else 0)
    list_ends = [i for i, place in enumerate(places) if i + 1 == len(places) or places[i + 1] == 0]
    if all(places[i] + 1 == len(named) for i in list_ends):  # each list one value per endpoint
        return [named[place] for place in places]
    return None


@dataclass(frozen=True)
class EndpointLists:
    """The values whose endpoint a list of endpoints gives by their place: `endpoints[i]` is value i's
    (None where no list gives one), and `by_pair` the values whose pair is one endpoint's, so that
    their place in the pair still tells their arm ("PFS and OS for SP vs. S were 71.9% vs. 46.9%, and
    88.4% vs. 67.0%")."""

    endpoints: tuple[Cue | None, ...]
    by_pair: frozenset[int]


def endpoint_lists(
    text: str, start: int, cues: tuple[Cue, ...], values: tuple[Value, ...], respectively: bool
) -> EndpointLists | None:
    """Which endpoint a list of two or more endpoints gives each value after it, or before it.

    Before the values, a list is given once per arm or once per endpoint, and the joiners tell which:
    "DFS and OS were 64 and 85% for DD, and 58 and 75% for CS" (values listed with "and" within a
    group, the groups set apart by an arm's words: the k-th value of each group is of the k-th
    endpoint), "PFS and OS for SP vs. S were 71.9% vs. 46.9%, and 88.4% vs. 67.0%" (values compared
    with "versus" within a group: the k-th group is of the k-th endpoint). After the values, with
    "respectively": "HR: 0.57 (...) and HR: 0.64 (...) for RFS and OS, respectively". A "respectively"
    list of one value per endpoint before them is `respective_endpoints`'."""
    if len(values) < 2 or len(cues) < 2:
        return None
    if respectively and (in_order := respective_endpoints(text, cues, values)):
        return EndpointLists(tuple(in_order), frozenset())
    endpoints: list[Cue | None] = [None] * len(values)
    by_pair: set[int] = set()
    cue_at = 0  # cues are sorted: each is looked at once over the sentence
    index = 0
    while index < len(values):
        since = values[index - 1].end if index else start
        while cue_at < len(cues) and cues[cue_at].start < since:
            cue_at += 1
        first_after = cue_at
        while first_after < len(cues) and cues[first_after].end <= values[index].start:
            first_after += 1
        named = _endpoint_list(text, cues[cue_at:first_after])
        if len(named) < 2:
            index += 1
            continue
        run = _value_run(text, cues, first_after, values, index)
        placed = _placed_by_groups(text, values, index, run, len(named))
        if placed is None:
            index += 1
            continue
        grouped_by_pair, places = placed
        for offset, place in enumerate(places):
            endpoints[index + offset] = named[place]
            if grouped_by_pair:
                by_pair.add(index + offset)
        index += len(places)
    if respectively:
        _named_after_values(text, cues, values, endpoints)
    if not any(endpoints):
        return None
    return EndpointLists(tuple(endpoints), frozenset(by_pair))


def _endpoint_list(text: str, cues: tuple[Cue, ...]) -> list[Cue]:
    """The endpoints of the list that ends with the last of `cues`, one per endpoint, in order:
    "DFS and OS", "progression-free survival (PFS) and OS", "PFS, OS, and DCR"; empty when the last
    is named alone or an endpoint is listed twice."""
    if not cues:
        return []
    listed = cues[list_head(text, cues, len(cues) - 1) :]
    named = [c for i, c in enumerate(listed) if i == 0 or c.value != listed[i - 1].value]
    return named if len(named) > 1 and len({c.value for c in named}) == len(named) else []


def _value_run(text: str, cues: tuple[Cue, ...], cue_at: int, values: tuple[Value, ...], first: int) -> int:
    """How many values from `first` on read on from the list before them: of one kind (ratios or not),
    with no endpoint named, no clause ended and no more than a few words between two of them."""
    last = first
    ratio = values[first].unit == "ratio"
    while last + 1 < len(values) and (values[last + 1].unit == "ratio") == ratio:
        gap = (values[last].end, values[last + 1].start)
        if gap[1] - gap[0] > _RUN_GAP or not _RUN_JOINER.fullmatch(text, *gap):
            break
        if cue_at < len(cues) and cues[cue_at].start < gap[1]:
            break  # another endpoint is named: its values are its own
        last += 1
    return last - first + 1


_RUN_GAP = 60
# no clause ends: "vs." and "0.001" are no full stops
_RUN_JOINER = re.compile(r"(?:[^;:.]|(?<=\bvs)\.|\.(?=\d))*")


def _placed_by_groups(
    text: str, values: tuple[Value, ...], first: int, run: int, named: int
) -> tuple[bool, list[int]] | None:
    """(whether each group is one endpoint's pair, each value's place in the endpoint list) for the
    `run` values from `first` on, when they fall in groups the list's length fits; None otherwise."""
    if run < 2 * named or run % named:
        return None
    kinds = [_joiner_kind(text, values[i], values[i + 1]) for i in range(first, first + run - 1)]
    # a group per arm: "64 and 85% for DD, and 58 and 75% for CS"
    if all((kind == "list") == bool((i + 1) % named) for i, kind in enumerate(kinds)):
        return False, [i % named for i in range(run)]
    # a group per endpoint: "71.9% vs. 46.9%, and 88.4% vs. 67.0%"
    size = run // named
    if all((kind == "versus") == bool((i + 1) % size) for i, kind in enumerate(kinds)):
        return True, [i // size for i in range(run)]
    return None


def _joiner_kind(text: str, a: Value, b: Value) -> str:
    if _VERSUS_JOINER.fullmatch(text, a.end, b.start):
        return "versus"
    return "list" if _LIST_JOINER.fullmatch(text, a.end, b.start) else "other"


_STATISTICS = r"(?:\s*[(\[][^()\[\]]*[)\]])?"
_VERSUS_JOINER = re.compile(
    rf"{PERCENT}?\s*(?:{TIME})?{_STATISTICS}\s*(?:vs\.?|v\.(?=\s)|versus|compared\s+(?:with|to))\s*"
)
_LIST_JOINER = re.compile(rf"{PERCENT}?\s*(?:{TIME})?{_STATISTICS}\s*(?:,\s*(?:and\s+)?|,?\s+and\s+)")


def _named_after_values(
    text: str, cues: tuple[Cue, ...], values: tuple[Value, ...], endpoints: list[Cue | None]
) -> None:
    """ "HR: 0.57; 95% CI 0.37 to 0.86; P = 0.006 and HR: 0.64; 95% CI 0.41 to 1.01; P = 0.05 for RFS
    and OS, respectively": a list after "for", then "respectively", gives its endpoints in order to as
    many values of one kind right before it, with no endpoint named among them."""
    at = 0
    while at < len(cues):
        lead = _FOR_BEFORE.search(text, max(0, cues[at].start - 12), cues[at].start)
        if not lead:
            at += 1
            continue
        end = list_tail(text, cues, at) + 1
        named = _endpoint_list(text, cues[at:end])
        if len(named) >= 2 and len(named) == end - at and _RESPECTIVELY_AFTER.match(text, cues[end - 1].end):
            before = bisect.bisect_left(values, cues[at].start, key=lambda v: v.start)
            since = cues[at - 1].end if at else 0
            chosen = values[max(0, before - len(named)) : before]
            if (
                len(chosen) == len(named)
                and chosen[0].start >= since
                and len({v.unit == "ratio" for v in chosen}) == 1
                and all(endpoints[i] is None for i in range(before - len(named), before))
            ):
                for offset, cue in enumerate(named):
                    endpoints[before - len(named) + offset] = cue
        at = end


_FOR_BEFORE = re.compile(r"\bfor\s+(?:the\s+)?(?:(?:median|mean)\s+)?$")
_RESPECTIVELY_AFTER = re.compile(r"\s*[)\]]?\s*,?\s*respectively\b", re.IGNORECASE)


# "3 patients (33.3%) exhibited SD", "4 patients attained the intracranial PR": the outcome follows.
_OUTCOME_FOLLOWS = re.compile(
    r"(?:\s*%)?(?:\s*(?:patients?|women|men|participants?|subjects?|cases?))?(?:\s*\([^()]*\))?\s*\)?\s+(?:\w+\s+)?"
    r"(?:achieved|attained|had|showed|exhibited|experienced|developed)\s+(?:an?\s+|the\s+)?"
)
# A count's outcome may follow further on, as `candidates._COUNT` reads it: "Thirty women in the group
# that underwent breast-conserving therapy had a recurrence"; so may the outcome of the count's share,
# "116 (46%) of 254 patients in the mEOC+P group had a complete or partial response"; not past the
# count's own words (`_past_own_words`).
_COUNT_OUTCOME_FOLLOWS = re.compile(
    r"(?:\s*%\s*\)?)?(?:\s*\([^()]*\))?\s+(?P<before_verb>(?:[\w/+-]+\s+){0,10}?)"
    rf"{OUTCOME_VERB}\s+(?:an?\s+|the\s+)?"
)
# A percentage of the patients is a share of them, whose outcome follows as a count's does: "27.3% of
# patients in the GDP group had complete response".
_OF_SUBJECTS = re.compile(rf"\s*%\s+of\s+(?:the\s+|all\s+)?{SUBJECTS}\b")


def _endpoint_for(sentence: Sentence, index: int, last_figure: tuple[Cue, str] | None) -> Cue | None:
    text, values, cues = sentence.text, sentence.values, sentence.cues
    value = values[index]
    # a count's share: "25 (12.1%)", or one whose denominator is written before it ("15 of the 23
    # patients (65%) ... achieved", "291/829 patients (35.1%) experienced"), or written after its count
    # and the patients ("27 patients (62.8%) in arm B had")
    share = _is_share(text, value) or (index > 0 and _written_with(sentence, index - 1) == index)
    outcome = _outcome_after(sentence, index, share)
    if (
        outcome is None
        and (count := _count_of(sentence, index, share)) is not None
        and not _named_before(sentence, count)
    ):
        outcome = _shared_outcome(sentence, index)
    if outcome:
        return outcome
    if text[max(0, value.start - 2) : value.start].strip() == "(":
        # "(18% complete response-CR)": a bracketed figure's own endpoint follows it inside the brackets.
        inside = next((c for c in cues if c.start >= value.end), None)
        if inside and inside.start - value.end <= 20 and ")" not in text[value.end : inside.start]:
            return inside
    if value.measure == "count" or share:
        # "seven deaths in the WBI group and only one in the APBI group", "12 (30%) partial responses":
        # the events a count (and its share in brackets) counts are its endpoint, even where another
        # value follows them.
        counted = _COUNTED.match(text, value.end)
        at = next((c for c in cues if counted and c.start == counted.end()), None)
        if at:
            return at
        if share and _SHARE_OF_NONE.match(text, value.end):
            return None  # "17 (29%) no responses"
    if value.continues is not None:
        # "11 had local recurrence and 12 distant metastases versus 15 and 12 for the controls": a
        # count that continues a pair or list counts the events named after it ("89 patients were
        # alive and 19 patients died"), or else what the list's first count counts.
        own = _named_before_next(sentence, index)
        if own:
            return own
        first = next(i for i, v in enumerate(values) if v.start == value.continues)
        inherited = _endpoint_for(sentence, first, last_figure)
        if inherited:
            return inherited
    if value.unit == "%" and (written := _PERCENT_OF.match(text, value.end)):
        # "an overall response rate of 71% with 15% CR", "82.7% (25.3% complete response (CR))": a
        # percentage written right before an endpoint is that endpoint's, not the one named before it
        at = next((c for c in cues if c.start == written.end()), None)
        if at:
            return at
    named_after = _ENDPOINT_AFTER.match(text, value.end) or _ENDPOINT_AFTER.match(
        text, _past_statistics(sentence, index)
    )
    if named_after:
        # "(23.53% vs 11.76% for ORR, P < .01; and 58.82% vs 35.29% for DCR)", "HR 0.99; 95% CI,
        # 0.70-1.38; P = 0.95 for PFS; HR 0.93, 95% CI 0.63-1.38, P = 0.72 for OS"
        at = next((c for c in cues if c.start == named_after.end()), None)
        if at:
            return at
    after_pair = _named_after_pair(sentence, index)
    if after_pair:
        return after_pair
    before = next(
        (
            c
            for c in reversed(cues)
            if c.end <= value.start
            and not _in_closed_brackets(text, c, value.start)
            and not _components_in_brackets(sentence, c, value.start)
        ),
        None,
    )
    if before:
        return None if _column_headers(sentence, before) else before
    after = next((c for c in cues if c.start >= value.end), None)
    if after and any(
        _OWN_VALUE.fullmatch(text, after.end, v.start) and _can_be_of(after, v.unit)
        for v in values
        if v.start >= after.end
    ):
        # "In patients with active brain metastasis (21.4 vs 11.8 months) ..., the median PFS was 9.9
        # months": the endpoint named later has its own value; bracketed figures before it, of the
        # paragraph's last figure's unit, go on with its endpoint.
        if last_figure and last_figure[1] == value.unit and _bracketed_figure(text, value):
            return last_figure[0]
        return None
    return after if after and after.start - value.end <= 40 else None


def _column_headers(sentence: Sentence, cue: Cue) -> bool:
    """ "Local control rate (%) Local tumor progression rate (%) Group A 3 43 ... 88.4(38/43)
    4.7(2/43)": two endpoints side by side, with nothing but a unit between them, head the columns of
    a table flattened into the text; the figures after them are of one column or the other, which the
    nearest phrase cannot tell."""
    cues = sentence.cues
    at = bisect.bisect_left(cues, cue.start, key=lambda c: c.start)
    if at == 0:
        return False
    previous = cues[at - 1]
    side_by_side = _SIDE_BY_SIDE.fullmatch(sentence.text, previous.end, cue.start)
    return previous.value != cue.value and side_by_side is not None


_SIDE_BY_SIDE = re.compile(r"\s*\(\s*(?:%|months?|n)\s*\)\s*|\s+")


def _is_share(text: str, value: Value) -> bool:
    return value.unit == "%" and (
        value.n is not None or bool(_AFTER_COUNT.search(text, max(0, value.start - 12), value.start))
    )


def _outcome_after(sentence: Sentence, index: int, share: bool) -> Cue | None:
    """The outcome named after a verb right after the value at `index` ("3 patients (33.3%) exhibited
    SD"), or, for a count or its share, after the count's own words ("116 (46%) of 254 patients in
    the mEOC+P group had a complete or partial response")."""
    text, value, cues = sentence.text, sentence.values[index], sentence.cues
    follows = _OUTCOME_FOLLOWS.match(text, value.end)
    if not follows and (value.measure == "count" or share or _OF_SUBJECTS.match(text, value.end)):
        further = _COUNT_OUTCOME_FOLLOWS.match(text, value.end)
        follows = further if further and not _past_own_words(further, cues) else None
    if follows:
        return next((c for c in cues if follows.end() <= c.start <= follows.end() + 15), None)
    return None


def _count_of(sentence: Sentence, index: int, share: bool) -> int | None:
    """The index of the count the value at `index` is, or is the share of ("31 patients (59.6%)"),
    or of a percentage, a share of its own ("33% in the sunitinib arm"); None for a value that is
    none of these (a share whose count is written as "15 of the 23 patients" is its own)."""
    if index > 0 and _written_with(sentence, index - 1) == index:
        return index - 1
    value = sentence.values[index]
    return index if value.measure == "count" or share or value.unit == "%" else None


def _named_before(sentence: Sentence, index: int) -> bool:
    """Whether the clause of the value at `index` names its outcome before it, with no other value
    between: "Partial response was seen in four patients (20%), and 13 patients (65%) had stable
    disease", "overall response rate was 20/25 (80%), and 4/25 (16%) had PD"."""
    since = sentence.values[index - 1].end if index > 0 else sentence.start
    return _cue_between(sentence, since, sentence.values[index].start)


def _cue_between(sentence: Sentence, start: int, end: int) -> bool:
    """Whether an endpoint phrase lies wholly within text[start:end]; cues are sorted and do not
    overlap, so the first that starts there is the one to ask (a search, not a scan: a sentence may
    hold hundreds of values)."""
    cues = sentence.cues
    first = bisect.bisect_left(cues, start, key=lambda c: c.start)
    return first < len(cues) and cues[first].end <= end


def _shared_outcome(sentence: Sentence, index: int) -> Cue | None:
    """ "35 of the 51 patients (68%) in the chemotherapy plus cetuximab arm, and 27 of the 48 patients
    (56%) in the chemotherapy alone arm achieved either a partial or complete response": counts
    listed before one verb share its outcome, also where each count has its share in brackets (the
    brackets end the words `_COUNT_OUTCOME_FOLLOWS` reads past). The outcome is the one named after
    the words of a later count of the list (or its share's), each listed right after the words of
    the one before, which name no endpoint ("5 partial responses and 3 patients had stable disease":
    the five are partial responses). A list before one verb is short: a few counts are asked."""
    text, values = sentence.text, sentence.values
    at = index
    for _ in range(_LISTED_COUNTS_ASKED):
        later = at + 1
        if values[at].measure == "count" and _written_with(sentence, at) == later:
            later += 1  # the count's own share: "31 patients (59.6%)"
        if later >= len(values) or not _same_kind(values[index], values[later]):
            return None
        gap = (values[later - 1].end, values[later].start)
        if not _LISTED_COUNTS.fullmatch(text, *gap) or _cue_between(sentence, *gap):
            return None
        if _written_with(sentence, later) == later + 1:
            later += 1  # its outcome follows its share: "27 patients (62.8%) in arm B had"
        outcome = _outcome_after(sentence, later, True)
        if outcome:
            return outcome
        at = later
    return None


_LISTED_COUNTS_ASKED = 3


def _same_kind(first: Value, later: Value) -> bool:
    """Whether a later value of a list continues it: a count after a count (or its share), a
    percentage of patients after a percentage ("33% of sunitinib- and 29% of capecitabine-treated
    patients had died")."""
    return later.measure == "count" or (first.measure != "count" and first.unit == later.unit == "%")


# Between a count (or its share) and the next count of a list that one verb ends: words that say
# whose the count is, no verb and no other number, then "and", "or" or "versus" ("(59.6%) in arm A
# and", "(68%) in the chemotherapy plus cetuximab arm, and", "(60%) of 25 patients in the axitinib
# arm and"). Digits inside a name are no number: "(65%) with low miR-31-3p expression and", "HER2",
# "Ki-67".
_LISTED_COUNTS = re.compile(
    r"(?:\s*%\s*[)\]])?(?:\s+(?:of|out of)\s+(?:the\s+)?\d+)?"
    r"(?:(?!\b(?:was|were|is|are|had|has|have|achieved|attained|showed|exhibited|experienced|developed"
    r"|died|relapsed|recurred|progressed|responded|survived|remained|alive|free|but|whereas|while)\b)"
    r"(?:[^.;:()\[\]\d]|(?<=[A-Za-z])\d+|(?<=[A-Za-z]-)\d+|\d+(?=[A-Za-z]))){0,80}?"
    r"(?:,?\s+(?:and|or)|\s+(?:versus|vs\.?|compared\s+(?:with|to)))\s+(?:only\s+)?"
)


def _past_own_words(follows: re.Match[str], cues: tuple[Cue, ...]) -> bool:
    """Whether the verb a count's outcome follows lies past what the count's own words say: past its
    clause ("30 patients were alive and 12 patients had a recurrence") or past the events it names
    ("two PR and three SD were achieved (ORR = 20%": the two are PRs)."""
    start, end = follows.span("before_verb")
    return bool(OWN_CLAUSE_ENDS.search(follows["before_verb"])) or any(start <= c.start < end for c in cues)


def _named_before_next(sentence: Sentence, index: int) -> Cue | None:
    """The first endpoint phrase after the value at `index`, before the next value, the end, or a
    bracket or clause that opens after it ("three SD were achieved (ORR = 28.57%")."""
    text, values = sentence.text, sentence.values
    until = values[index + 1].start if index + 1 < len(values) else sentence.end
    item = _ITEM_END.search(text, values[index].end, until)
    until = item.start() if item else until
    return next((c for c in sentence.cues if values[index].end <= c.start < until), None)


_ITEM_END = re.compile(r"[(\[,;:]")


# What lies between a count and the events it counts: "12 (30%) partial responses", "27 local progressions",
# and the patients a verb of the events follows: "12 patients died in arm A and 20 in arm B".
_COUNTED = re.compile(rf"(?:\s*\(\s*[\d.]+\s*%\s*\)|\s*%\s*\))?\s+(?:{SUBJECTS}\s+)?(?=\w)", re.IGNORECASE)
_SHARE_OF_NONE = re.compile(r"\s*%?\s*\)\s+(?:no|non-?|without)\b", re.IGNORECASE)
_AFTER_COUNT = re.compile(r"(?<![\d.])\d+\s*\(\s*$")
# A percentage and the endpoint written right after it, a space apart: "15% CR".
_PERCENT_OF = re.compile(rf"{PERCENT}?[ \t]+")
# A pair's endpoint named after it: "23.53% vs 11.76% for ORR".
_ENDPOINT_AFTER = re.compile(
    rf"{PERCENT}?\s*(?:{TIME})?(?:\s*(?:vs\.?|versus)\s*{NUMBER}{PERCENT}?\s*(?:{TIME})?)?\s*for\s+(?:the\s+)?"
)


def _past_statistics(sentence: Sentence, index: int) -> int:
    """Where the value's own confidence interval and p-value, written right after it, end ("0.99;
    95% CI, 0.70-1.38; P = 0.95"); the value's end when it has neither."""
    text, value = sentence.text, sentence.values[index]
    until = sentence.values[index + 1].start if index + 1 < len(sentence.values) else sentence.end
    position = value.end
    ci = parse_confidence_interval(text, position, until)
    if ci and _STATISTIC_JOINER.fullmatch(text, position, ci.start):
        position = ci.end
    p = parse_p_value(text, position, until)
    if p and _STATISTIC_JOINER.fullmatch(text, position, p.start):
        position = p.end
    return position


_STATISTIC_JOINER = re.compile(r"[\s;,:(\[]*")


# "22.9 versus 22.3 months median time to relapse", "41% vs 24% pCR": a pair compared with "versus",
# then right after its second value the endpoint both are figures of.
_VERSUS = re.compile(rf"{PERCENT}?\s*(?:{TIME})?\s*(?:vs\.?|versus)\s*")
_NAMED_AFTER_PAIR = re.compile(rf"{PERCENT}?\s*(?:{TIME})?\s+(?:(?:median|mean)\s+)?")


def _named_after_pair(sentence: Sentence, index: int) -> Cue | None:
    """The endpoint phrase right after the "versus" pair the value at `index` is one of."""
    position = sentence.pairs.get(index)
    if position is None:
        return None
    text, values = sentence.text, sentence.values
    first, second = values[index - position], values[index - position + 1]
    if not _VERSUS.fullmatch(text, first.end, second.start):
        return None
    after = _NAMED_AFTER_PAIR.match(text, second.end)
    return next((c for c in sentence.cues if after and c.start == after.end()), None)


def _in_closed_brackets(text: str, cue: Cue, position: int) -> bool:
    """ "The overall response rate was 64% (18% complete response-CR) and 69% (30% CR)": the CR in
    brackets closed before the 69 names the bracketed figure's endpoint, not the 69's; "the objective
    remission rate (ORR) was 11%" defines one. Brackets inside count as one: "69% (complete
    remission (CR) 60% CRi 9%), with no difference between DA (71%)"."""
    opening = _enclosing_opening(text, max(0, cue.start - 200), cue.start)
    if opening is None:
        return False
    closing = _closing_after(text, cue.end, position)
    return closing is not None and bool(DIGIT.search(text, opening, closing))  # not "(ORR)", a definition


def _enclosing_opening(text: str, start: int, end: int) -> int | None:
    """Where the bracket that is still open at `end` opened, looking back no further than `start`."""
    depth = 0
    for at in range(end - 1, start - 1, -1):
        if text[at] == ")":
            depth += 1
        elif text[at] == "(":
            if not depth:
                return at
            depth -= 1
    return None


def _closing_after(text: str, start: int, end: int) -> int | None:
    """Where the bracket open at `start` closes, before `end`: the first ")" that closes no bracket
    opened after `start`."""
    depth, at = 0, start
    while (closing := text.find(")", at, end)) >= 0:
        depth += text.count("(", at, closing)
        if not depth:
            return closing
        depth, at = depth - 1, closing + 1
    return None


def _components_in_brackets(sentence: Sentence, cue: Cue, position: int) -> bool:
    """ "The tumour control rates (CR+PR+NC) were 63%", "the overall response rate (CR+CRi) was 68%":
    the endpoints in brackets, closed before the value, right after another endpoint phrase are what
    that endpoint is made of; the value is of the phrase before them."""
    text, cues = sentence.text, sentence.cues
    opening = text.rfind("(", max(sentence.start, cue.start - 60), cue.start)
    if opening < 0 or ")" in text[opening : cue.start]:
        return False
    closing = text.find(")", cue.end, position)
    if closing < 0 or DIGIT.search(text, opening, closing):
        return False
    at = bisect.bisect_left(cues, opening, key=lambda c: c.start)
    named = cues[at - 1] if at else None
    return named is not None and named.value != cue.value and not text[named.end : opening].strip()


def _intracranial_in_sentence(sentence: Sentence, cue: Cue, rules: EfficacyRules) -> bool:
    """ "supported its intracranial activity with an overall response rate (ORR) of 68%"; "the
    intracranial ORR ... with a median duration of response of 8.6 months": a response, or the
    duration of one, that its sentence has already placed in the brain."""
    if cue.value not in rules.response and cue.value != "DOR":
        return False
    if found_before(rules.intracranial_context, sentence.text, sentence.start, cue.start, sentence.end):
        return True
    return cue.value == "DOR" and any(
        c.cns and c.value == "ORR" and c.end <= cue.start for c in sentence.cues
    )


def _bracketed_figure(text: str, value: Value) -> bool:
    """ "(21.4 vs 11.8 months)": the value is in brackets that hold nothing but figures."""
    opening = text.rfind("(", max(0, value.start - 40), value.start)
    figures = BRACKETED_FIGURES.match(text, opening) if opening >= 0 else None
    return bool(figures and figures.end() > value.start)


# What lies between an endpoint and the value it is given: "median PFS was recorded as 9.9"; not
# "8 years vs. 23%", where the value after is the second of a pair.
_OWN_VALUE = re.compile(r"(?:(?!\b(?:vs|versus|compared)\b)[^,;()\d]){0,30}")

"""What a sentence offers attribution: the numbers that may be figures (and the ones that cannot
be), endpoint phrases, regimens, and how numbers are grouped into pairs and "respectively" lists."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from functools import cache

from pipeline.efficacy.document_design import DocumentDesign, arm_mentions
from pipeline.efficacy.rules import EfficacyRules
from pipeline.numbers import NUMBER, parse_confidence_interval, parse_p_value
from pipeline.records import Entity

_PAIR_JOINER = r"\s*(?:vs\.?|v\.?(?=\s)|versus|and|compared with|compared to|to)\s*"
# "2 patients achieved intracranial partial response", "19 of 23 patients (82.6%)", "3 patients (33.3%)
# exhibited SD": a count of patients, with its denominator when given.
_COUNT = re.compile(
    r"(?<![\w.,])(?P<count>\d+)\s+(?:(?:of|out of)\s+(?P<n>\d+)\s+)?patients?\b"
    r"(?=(?:\s*\([^()]*\))?\s+(?:\w+\s+)?(?:achieved|attained|had|showed|exhibited|experienced|developed)\b"
    r"|(?(n)|(?!)))"
)
# "19 of 23 patients (82.6%)": the rate's denominator.
_RATE_OF = re.compile(r"\b\d+\s+(?:of|out of)\s+(?P<n>\d+)\s+patients?\s*\($")
_VALUE = re.compile(
    rf"(?<![\w.\-/^])(?P<number>{NUMBER})(?![\w.]*\d)(?P<percent>\s*%)?(?P<months>\s*(?:months?|mo)\b)?"
)
_LIST_JOINER = re.compile(rf"{_PAIR_JOINER}|\s*,\s*(?:and\s+)?")
_REGIMEN_JOINER = re.compile(r"\s*(?:\+|plus|and|with|/|-|–)\s*|\s*,\s*")
DIGIT = re.compile(r"\d")
_AND = re.compile(r"\s*and\s*")
# A landmark rate's endpoint; plain "5-year survival" is overall survival.
_LANDMARK_ENDPOINTS = (
    ("PFS", {"PFS", "PROGRESSION FREE SURVIVAL"}),
    ("DFS", {"DFS", "DISEASE FREE SURVIVAL"}),
    ("EFS", {"EFS", "EVENT FREE SURVIVAL"}),
    ("RFS", {"RFS"}),
)
_UNIT_AFTER_INTERVAL = re.compile(r"\s*\([^()]{3,60}\)\s*(?:months?|mo)\b")


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    value: str
    cns: bool = False


@dataclass(frozen=True)
class Regimen:
    start: int
    end: int
    text: str
    canonical: str


@dataclass(frozen=True)
class Value:
    start: int
    end: int
    text: str
    unit: str  # "%", "months", "ratio", "patients", ""
    measure: str = ""  # set for ratios and counts
    n: int | None = None  # the patients a count or rate is of, when stated with it ("19 of 23 patients")


def endpoint_cues(text: str, start: int, end: int, rules: EfficacyRules) -> list[Cue]:
    cues: list[Cue] = []
    for pattern, endpoint, cns in rules.endpoints:
        for match in pattern.finditer(text, start, end):
            word = match.group()
            if word.upper() in _upper(rules.case_sensitive) and word not in rules.case_sensitive:
                continue
            if not any(c.start <= match.start() < c.end for c in cues):
                cues.append(Cue(match.start(), match.end(), endpoint, cns))
    for match in rules.landmark.finditer(text, start, end):
        what = (match["what"] or "OS").upper().replace("-", " ")  # "37% surviving at 8 years": OS
        endpoint = next((abbreviation for abbreviation, words in _LANDMARK_ENDPOINTS if what in words), "OS")
        cues = [c for c in cues if not (match.start() <= c.start < match.end())]
        cues.append(Cue(match.start(), match.end(), "landmark:" + endpoint))
    return sorted(cues, key=lambda c: c.start)


@cache
def _upper(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w.upper() for w in words)


def regimens(
    text: str,
    entities: list[Entity],
    start: int,
    end: int,
    rules: EfficacyRules,
    and_joins: bool = True,
    design: DocumentDesign | None = None,
) -> list[Regimen]:
    """Drug mentions joined into regimens ("placebo + trastuzumab + capecitabine"); with `and_joins`
    false, "docetaxel and nab-paclitaxel" are two. With the paper's `design`, the arms it names
    without their drugs ("group A", "TL", "the control group") are regimens too, and a partial one
    ("the lapatinib group") is completed to the one arm it fits."""
    found = _drug_regimens(text, entities, start, end, rules, and_joins)
    if design is None:
        return found
    named = [
        Regimen(m.start, m.end, text[m.start : m.end], m.arm.canonical)
        for m in arm_mentions(text, start, end, design)
    ]
    kept = [
        replace(r, canonical=design.complete(r.canonical, text[max(start, r.start - 30) : r.end]))
        for r in found
        if not any(n.start < r.end and r.start < n.end for n in named)
    ]
    return sorted(kept + named, key=lambda r: r.start)


def _drug_regimens(
    text: str, entities: list[Entity], start: int, end: int, rules: EfficacyRules, and_joins: bool
) -> list[Regimen]:
    parts = [
        (e.char_start, e.char_end, e.canonical, True)
        for e in entities
        if e.label == "DRUG" and start <= e.char_start and e.char_end <= end
    ]
    parts += [
        (m.start(), m.end(), label, joins)
        for pattern, label, joins in rules.arm_labels
        for m in pattern.finditer(text, start, end)
    ]
    parts.sort()
    found: list[list[tuple[int, int, str, bool]]] = []
    for part in parts:
        if (
            found
            and part[3]
            and found[-1][-1][3]
            and _REGIMEN_JOINER.fullmatch(text[found[-1][-1][1] : part[0]])
            and "," not in text[found[-1][-1][1] : part[0]]
            and (and_joins or not _AND.fullmatch(text, found[-1][-1][1], part[0]))
        ):
            found[-1].append(part)
        else:
            found.append([part])
    result = []
    for chain in found:
        names: list[str] = []
        for _, _, canonical, _ in chain:
            for name in canonical.split(" + "):
                if name not in names:
                    names.append(name)
        result.append(Regimen(chain[0][0], chain[-1][1], text[chain[0][0] : chain[-1][1]], " + ".join(names)))
    return result


def find_values(text: str, start: int, end: int, rules: EfficacyRules) -> list[Value]:
    excluded = _absolute_excluded(text, start, end)
    values: list[Value] = []
    for pattern, measure in rules.ratios:
        for keyword in pattern.finditer(text, start, end):
            # "HR 0.73", "HR = 0.73", "hazard ratio [HR]: 0.73", "relative risk, 0.48", "HR of 0.5"
            number = re.match(
                rf"(?:[\s\[\]():=,]|\b(?:of|was|were|is|HR|RR|OR)\b){{0,6}}?({NUMBER})",
                text[keyword.end() : end],
            )
            if number:
                s = keyword.end() + number.start(1)
                values.append(Value(s, s + len(number.group(1)), number.group(1), "ratio", measure))
    for match in _COUNT.finditer(text, start, end):
        n = int(match["n"]) if match["n"] else None
        values.append(Value(*match.span("count"), match["count"], "patients", "count", n))
    taken = [(v.start, v.end) for v in values]
    for match in _VALUE.finditer(text, start, end):
        s, e = match.span("number")
        if any(a <= s < b for a, b in excluded + taken):
            continue
        unit = "%" if match["percent"] else "months" if match["months"] else ""
        if not unit and _UNIT_AFTER_INTERVAL.match(text, e):
            unit = "months"  # "18.9 (95% CI 17.1-21.3) months"
        rate_of = _RATE_OF.search(text, max(start, s - 40), s) if unit == "%" else None
        values.append(Value(s, e, match["number"], unit, n=int(rate_of["n"]) if rate_of else None))
    values.sort(key=lambda v: v.start)
    # "9.9 vs 4.2 months", "23, 19.6, and 18 months": a list's numbers share its last number's unit.
    for i in range(len(values) - 2, -1, -1):
        a, b = values[i], values[i + 1]
        if not a.unit and b.unit in ("%", "months") and _LIST_JOINER.fullmatch(text, a.end, b.start):
            values[i] = replace(a, unit=b.unit)
    return [v for v in values if v.unit]


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
_EXCLUDED = tuple(
    re.compile(p)
    for p in (
        r"\[\d+(?:\s*[-–,]\s*\d+)*\]",
        r"\b[nN]\s*=\s*\d+",
        r"±\s*\d+(?:\.\d+)?",  # "81.9 ± 7.0%": a standard error, not a result
        r"\d+,\d+\s*%",  # "40,00 %": a decimal comma this parser does not read; better no value than 0
        r"\b(?:19|20)\d\d\b(?!\s*%)",
        r"\d+(?:\.\d+)?\s*(?:mg|g|kg|mL|ml|Gy|GY|mm|cm|years?|weeks?|days?|cycles?|patients|participants)\b",
        r"\b(?:[Pp]hase|[Gg]rade|[Ss]tage|[Cc]ohorts?)\s+[\w/]+",
        r"\d{2}\s*%\s*(?:CI|confidence)",
        r"\b\d+\s*(?:of|/)\s*\d+\b",
        r"\d+(?:\.\d+)?\s*[-–]\s*(?:month|year|week)",
        # Hedged, threshold or illustrative numbers are not results: "approximately 20 months",
        # "over 50 months", "(TTD > 18 months)", "between 9 to 24 months", "a median follow-up of 29.6".
        r"(?:approximately|about|around|over|exceeding|more than|less than|up to|nearly|at least|>|<|≥|≤)\s*"
        r"\d+(?:\.\d+)?",
        r"between\s+[*_]*\d+(?:\.\d+)?\s*%?\s*(?:and|to|-)\s*\d+(?:\.\d+)?",  # "between **9 to 24": Markdown
        r"follow-?up(?:\s+\w+){0,3}?\s+(?:of|was|:)?\s*\d+(?:\.\d+)?",
        r"\bat\s+\d+(?:\.\d+)?\s*(?:months?|mo)\b",  # "PFS at 6 months": a time point, not a median
    )
)


# "In the patients with active brain metastasis (21.4 vs 11.8 months) and stable brain metastasis
# (21.6 vs 16.4 months), the median PFS was 9.9 months": the bracketed figures are the subgroup's,
# and go on with the last figure's endpoint.
BRACKETED_FIGURES = re.compile(
    rf"\s*\(\s*{NUMBER}\s*%?\s*(?:months?)?(?:{_PAIR_JOINER}{NUMBER}\s*%?\s*(?:months?)?)*\s*\)"
)


_PAIRED = re.compile(rf"\s*%?\s*(?:months?)?\s*(?:\([^()]*(?:\([^()]*\)[^()]*)?\)\s*)?(?:months?)?{_PAIR_JOINER}")
# "37% of patients surviving at 8 years versus 23% in the control arm": the first value's words are
# the second's too.
_DESCRIBED_PAIR = re.compile(r"\s*%?\s+[^,;()]{1,50}?\s(?:vs\.?|versus|compared (?:with|to))\s*")


def respective_positions(
    text: str, values: tuple[Value, ...], pairs: dict[int, int], respectively: int
) -> dict[int, int]:
    """index -> place among the values a "respectively" distributes: the list right before it ("23,
    19.6, and 18 months, respectively"), or, when it comes first ("For ILF and ELF, respectively,
    median PFS was 4.5 vs 2.3 months"), each pair in order."""
    last = max((i for i, v in enumerate(values) if v.end <= respectively), default=None)
    if last is None:
        return {i: pairs.get(i, i) for i in range(len(values))}
    first = last
    while first > 0 and LISTED.fullmatch(text, values[first - 1].end, values[first].start):
        first -= 1
    return {i: i - first for i in range(first, last + 1)} if last > first else {}


LISTED = re.compile(rf"\s*%?\s*(?:months?)?(?:{_LIST_JOINER.pattern})")


def paired_values(text: str, values: tuple[Value, ...]) -> dict[int, int]:
    """index -> position (0 or 1) within an "A vs B" / "A and B" pair of like values."""
    positions: dict[int, int] = {}
    for i, (a, b) in enumerate(itertools.pairwise(values)):
        if (
            a.unit == b.unit
            and i not in positions
            and (_PAIRED.fullmatch(text, a.end, b.start) or _DESCRIBED_PAIR.fullmatch(text, a.end, b.start))
        ):
            positions[i], positions[i + 1] = 0, 1
    return positions

"""Efficacy figures with attribution: each ORR / PFS / OS … value tied to trial, arm, population, endpoint.

Pure functions over a document's ingested text, its entities (drugs, trials) and its
tables. The vocabulary is data (`patterns/efficacy.json`); number, CI and p-value
parsing lives in `numbers`. A value is only emitted when its sentence (or its table
column) names an efficacy endpoint, and every value points at its own characters.

Attribution follows what a reader does:
- endpoint: the nearest endpoint phrase before the number in its sentence (else right after it);
- trial: a trial named in the sentence, else the last one named earlier in the paragraph;
- arms: "X versus Y", "... were A and B, respectively" pair values with regimens in the order
  the sentence (or the one before it) names them; a lone value takes the regimen next to it;
- population: the nearest population phrase before the number in its sentence ("patients with
  active brain metastases", "cohort 3A").
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cache

from pipeline.numbers import (
    NUMBER,
    ConfidenceInterval,
    parse_confidence_interval,
    parse_number,
    parse_p_value,
)
from pipeline.records import Document, Entity, Measurement, Table
from pipeline.resources import load_json
from pipeline.sentences import sentence_spans

_PAIR_JOINER = r"\s*(?:vs\.?|versus|and|compared with|compared to|to)\s*"
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
_DIGIT = re.compile(r"\d")
_AND = re.compile(r"\s*and\s*")
# A landmark rate's endpoint; plain "5-year survival" is overall survival.
_LANDMARK_ENDPOINTS = (
    ("PFS", {"PFS", "PROGRESSION FREE SURVIVAL"}),
    ("DFS", {"DFS", "DISEASE FREE SURVIVAL"}),
    ("EFS", {"EFS", "EVENT FREE SURVIVAL"}),
    ("RFS", {"RFS"}),
)
_UNIT_AFTER_INTERVAL = re.compile(r"\s*\([^()]{3,60}\)\s*(?:months?|mo)\b")
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


@dataclass(frozen=True)
class EfficacyRules:
    endpoints: tuple[tuple[re.Pattern[str], str, bool], ...]
    case_sensitive: frozenset[str]  # abbreviations that count only as written ("OS", never "os")
    ratios: tuple[tuple[re.Pattern[str], str], ...]
    landmark: re.Pattern[str]
    survival: frozenset[str]
    response: frozenset[str]
    incidence: frozenset[str]  # events counted among all of an arm's patients: rates only
    populations: tuple[tuple[re.Pattern[str], str], ...]
    intracranial_populations: re.Pattern[str]  # any population defined by disease in the brain
    cohort: re.Pattern[str]
    analyses: tuple[tuple[re.Pattern[str], str], ...]
    arm_labels: tuple[tuple[re.Pattern[str], str, bool], ...]  # (pattern, label, joins drugs into a regimen)
    pooled: re.Pattern[str]  # a pooled analysis of several trials
    unnamed_study: re.Pattern[str]  # "a meta-analysis of 8 studies", "the Bergen et al. study"
    difference: re.Pattern[str]  # "a benefit of 16.3 months", "extended median OS by 9.1 months"
    relative_reduction: re.Pattern[str]  # "reduced intracranial progression or death by 68%"
    intracranial_context: re.Pattern[str]  # "its intracranial activity": the responses named after it
    # Any endpoint phrase (as endpoint_cues reads them), landmark or relative reduction: most
    # sentences have none and are skipped before the per-pattern pass, since without one a sentence
    # yields no figure.
    any_cue: re.Pattern[str]
    not_results: re.Pattern[str]


@cache
def efficacy_rules() -> EfficacyRules:
    data = load_json(
        "efficacy.json",
        frozenset(
            {
                "endpoints",
                "case_sensitive_abbreviations",
                "ratios",
                "landmark",
                "survival_endpoints",
                "response_endpoints",
                "incidence_endpoints",
                "populations",
                "cohort",
                "analyses",
                "arm_labels",
                "unnamed_study",
                "difference",
                "relative_reduction",
                "intracranial_context",
                "not_results",
            }
        ),
    )
    analyses = tuple(
        (re.compile(rf"\b(?:{a['pattern']})\b", re.IGNORECASE), a["analysis"]) for a in data["analyses"]
    )
    return EfficacyRules(
        endpoints=tuple(
            (
                re.compile(rf"(?<![A-Za-z])(?:{e['pattern']})(?![A-Za-z])", re.IGNORECASE),
                e["endpoint"],
                e["cns"],
            )
            for e in data["endpoints"]
        ),
        case_sensitive=frozenset(data["case_sensitive_abbreviations"]),
        ratios=tuple(
            (re.compile(rf"(?<![A-Za-z])(?:{r['pattern']})(?![A-Za-z])"), r["measure"])
            for r in data["ratios"]
        ),
        landmark=re.compile(data["landmark"], re.IGNORECASE),
        survival=frozenset(data["survival_endpoints"]),
        response=frozenset(data["response_endpoints"]),
        incidence=frozenset(data["incidence_endpoints"]),
        populations=tuple(
            (re.compile(p["pattern"], re.IGNORECASE), p["population"]) for p in data["populations"]
        ),
        intracranial_populations=re.compile(
            "|".join(f"(?:{p['pattern']})" for p in data["populations"] if p["intracranial"]), re.IGNORECASE
        ),
        cohort=re.compile(data["cohort"]),
        analyses=analyses,
        arm_labels=tuple(
            (re.compile(a["pattern"], re.IGNORECASE), a["label"], a["joins"]) for a in data["arm_labels"]
        ),
        pooled=next(pattern for pattern, name in analyses if name == "pooled"),
        unnamed_study=re.compile(data["unnamed_study"], re.IGNORECASE),
        difference=re.compile(data["difference"], re.IGNORECASE),
        relative_reduction=re.compile(data["relative_reduction"], re.IGNORECASE),
        intracranial_context=re.compile(data["intracranial_context"], re.IGNORECASE),
        not_results=re.compile("|".join(data["not_results"]), re.IGNORECASE),
        # Bounded by letters like the endpoints themselves: unbounded, "OS" and "HR" matched inside
        # "dose" or "three", so nearly every sentence went through the per-pattern pass.
        any_cue=re.compile(
            rf"(?<![A-Za-z])(?:{'|'.join(e['pattern'] for e in data['endpoints'])})(?![A-Za-z])"
            rf"|{data['landmark']}|{_unnamed_groups(data['relative_reduction'].removesuffix('$'))}",
            re.IGNORECASE,
        ),
    )


def with_defined_populations(rules: EfficacyRules, text: str) -> EfficacyRules:
    """The rules plus the abbreviations a document defines for a population: after "Leptomeningeal
    carcinomatosis (LC)", "the LC cohort" is the leptomeningeal-disease cohort."""
    defined: dict[str, str] = {}
    for abbreviation in _DEFINED_ABBREVIATION.finditer(text):
        for pattern, name in rules.populations:
            if any(
                m.end() == abbreviation.start()
                for m in pattern.finditer(text, max(0, abbreviation.start() - 60), abbreviation.start())
            ):
                defined.setdefault(abbreviation["abbreviation"], name)
                break
    if not defined:
        return rules
    return replace(
        rules,
        populations=rules.populations
        + tuple(
            (re.compile(rf"\b{re.escape(abbreviation)}\b"), name) for abbreviation, name in defined.items()
        ),
    )


# "leptomeningeal carcinomatosis (LC)": an upper-case abbreviation in brackets right after its words.
_DEFINED_ABBREVIATION = re.compile(r"\s*\((?P<abbreviation>[A-Z][A-Za-z]{0,4}[A-Z]s?)\)")


def _unnamed_groups(pattern: str) -> str:
    """The pattern with its named groups made plain, to join patterns that reuse a group name."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


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
    text: str, entities: list[Entity], start: int, end: int, rules: EfficacyRules, and_joins: bool = True
) -> list[Regimen]:
    """Drug mentions joined into regimens ("placebo + trastuzumab + capecitabine"); with `and_joins`
    false, "docetaxel and nab-paclitaxel" are two."""
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
        pair = _SECOND_INTERVAL.match(text, position, end)
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
_SECOND_INTERVAL = re.compile(rf"{_PAIR_JOINER}({NUMBER})\s*%?\s*(?:-|–|to)\s*({NUMBER})\s*%?")
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


@dataclass(frozen=True)
class TrialDesigns:
    arms: dict[str, tuple[str, ...]]
    brain_metastases_subgroup: frozenset[str]
    stable_brain_metastases_only: frozenset[str]
    cohorts: dict[str, tuple[tuple[str, re.Pattern[str]], ...]]  # trial -> (cohort name, description)
    classes: dict[str, frozenset[str]]  # an arm's placeholder ("taxane") -> the drugs that fill it


@cache
def trial_designs() -> TrialDesigns:
    data = load_json(
        "trial_designs.json",
        frozenset(
            {"arms", "brain_metastases_subgroup", "stable_brain_metastases_only", "cohorts", "classes"}
        ),
    )
    return TrialDesigns(
        arms={trial: tuple(arms) for trial, arms in data["arms"].items()},
        brain_metastases_subgroup=frozenset(data["brain_metastases_subgroup"]),
        stable_brain_metastases_only=frozenset(data["stable_brain_metastases_only"]),
        cohorts={
            trial: tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in described.items())
            for trial, described in data["cohorts"].items()
        },
        classes={name: frozenset(drugs) for name, drugs in data["classes"].items()},
    )


def complete_arm(trial: str, regimen: str, position: int | None = None) -> str:
    """The trial's one arm that contains every drug the text named ("tucatinib" -> "tucatinib + trastuzumab
    + capecitabine"; "paclitaxel" fills a "taxane" arm), or, when several do, the one at the value's
    place in an "A vs B" pair (`position`); "control" is the second of two arms; a single-arm trial's
    figures are its arm's unless the text compares regimens within it that do not fit the arm
    ("83%, 79%, and 77% with paclitaxel, docetaxel, and nab-paclitaxel, respectively" fit "pertuzumab +
    trastuzumab + taxane"). Otherwise the regimen as found."""
    designs = trial_designs()
    arms = designs.arms.get(trial, ())
    if not regimen:
        return arms[0] if len(arms) == 1 else ""
    if regimen == "control" and len(arms) == 2:
        return arms[1]
    matching = {
        arm: filled for arm in arms if (filled := _filled(arm, regimen.split(" + "), designs.classes))
    }
    if len(arms) == 1:
        return matching.get(arms[0]) or (regimen if position is not None else arms[0])
    if len(matching) > 1 and position is not None and position < len(arms) and arms[position] in matching:
        return matching[arms[position]]
    return next(iter(matching.values())) if len(matching) == 1 else regimen


def _filled(arm: str, named: list[str], classes: dict[str, frozenset[str]]) -> str:
    """The arm with the named drugs in it, each in its own place or filling its class's placeholder; ""
    when one has no place."""
    parts = arm.split(" + ")
    for drug in named:
        if drug in parts:
            continue
        slot = next((i for i, part in enumerate(parts) if drug in classes.get(part, ())), None)
        if slot is None:
            return ""
        parts[slot] = drug
    return " + ".join(parts)


def described_cohort(trial: str, text: str, start: int, end: int) -> str:
    """The trial's cohort that text[start:end] describes without naming it ("naive to TKI therapy")."""
    for name, description in trial_designs().cohorts.get(trial, ()):
        if description.search(text, start, end):
            return name
    return ""


def complete_population(trial: str, population: str, cns: bool, brain_metastases_context: bool) -> str:
    """The subgroup a figure belongs to when the trial's design settles what the text leaves implicit:
    an intracranial response in a trial of all comers, or a figure read in a brain-metastasis context,
    is the brain-metastasis subgroup's; "stable" adds nothing for a trial that admitted only stable
    brain metastases."""
    designs = trial_designs()
    if population == "stable brain metastases" and trial in designs.stable_brain_metastases_only:
        return "brain metastases"
    if not population and trial in designs.brain_metastases_subgroup and (cns or brain_metastases_context):
        return "brain metastases"
    return population


def compares_arms(measure: str) -> bool:
    """A ratio, a difference of medians or a relative reduction belongs to no single arm."""
    return measure.endswith("_ratio") or measure in ("difference", "relative_reduction")


def measure_for(endpoint: str, unit: str, value_measure: str, rules: EfficacyRules) -> tuple[str, str] | None:
    """(endpoint, measure) for a value, or None when the unit does not fit the endpoint."""
    landmark = endpoint.startswith("landmark:")
    base = endpoint.removeprefix("landmark:")
    if unit == "ratio":
        return base, value_measure
    if unit == "patients":
        return (base, "count") if base in rules.response | rules.incidence and not landmark else None
    if unit == "%":
        if landmark:
            return base, "landmark_rate"
        return (base, "rate") if base in rules.response | rules.survival | rules.incidence else None
    if unit == "months":
        return (base, "median") if base in rules.survival and not landmark else None
    return None


class _EntityIndex:
    """The entities that start inside a span: filtering all of them per sentence or table row is
    quadratic in long documents, so they are sorted once and sliced."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = sorted(entities, key=lambda e: e.char_start)
        self.starts = [e.char_start for e in self.entities]

    def __call__(self, start: int, end: int) -> list[Entity]:
        return self.entities[bisect_left(self.starts, start) : bisect_left(self.starts, end)]


@dataclass
class _Context:
    """What a reader carries from sentence to sentence within a paragraph."""

    trial: Entity | None = None
    regimens: tuple[Regimen, ...] = ()
    section: str | None = None
    paragraph_trial: bool = False  # this paragraph itself named a trial
    brain_metastases: bool = False  # this paragraph has spoken of patients with brain metastases
    brain_scanned_to: int = 0  # read for that up to here (only when a figure needs it: it is costly)
    cohort: tuple[str, str] | None = None  # (trial, cohort) the paragraph's last sentence with a cohort named
    last_figure: tuple[Cue, str] | None = None  # the endpoint and unit of the paragraph's last figure


def extract_measurements(document: Document, entities: list[Entity]) -> list[Measurement]:
    text = document.text
    rules = with_defined_populations(efficacy_rules(), text)
    table_spans = [(t.start, t.end) for t in document.tables]
    within = _EntityIndex(entities)
    measurements: list[Measurement] = []
    for table in document.tables:
        measurements += _table_measurements(document, table, within(table.start, table.end), rules)
    context = _Context()
    paragraph_end = -1
    for start, end in sentence_spans(text):
        if any(s <= start < e for s, e in table_spans):
            continue
        if start > paragraph_end:
            # A new paragraph keeps the previous paragraph's trial (reviews name the trial, then
            # report its figures in the next paragraph), but nothing older and nothing across a heading.
            section = document.section_at(start)
            carried = context.trial if context.paragraph_trial and context.section == section else None
            context = _Context(trial=carried, section=section, brain_scanned_to=start)
            newline = text.find("\n", start)
            paragraph_end = len(text) if newline < 0 else newline
        nearby = within(start, end)
        if (
            _DIGIT.search(text, start, end)
            and rules.any_cue.search(text, start, end)
            and not rules.not_results.search(text, start, end)
        ):
            measurements += _sentence_measurements(document, start, end, nearby, rules, context)
        else:
            _remember(text, start, end, nearby, rules, context)
    unique = {m.char_start: m for m in measurements}
    return _restated_trials(text, sorted(unique.values(), key=lambda m: m.char_start), within, rules)


def _restated_trials(
    text: str, measurements: list[Measurement], within: _EntityIndex, rules: EfficacyRules
) -> list[Measurement]:
    """A figure whose trial the paragraph only carried ("T-DXd also demonstrated ... a 64.9% objective
    response rate", in an abstract, after a sentence on DESTINY-Breast03) is the trial's that the
    document names with the same figure elsewhere ("A pooled analysis of the DEBBRAH, TUXEDO-1, and
    DFCI/Duke/MDACC studies ... an ORR-IC of 64.9%"). Only figures two trials seldom share by chance:
    written with decimals and given for the same regimen, or a relative reduction of the same
    endpoint."""
    spans = sentence_spans(text)
    starts = [s for s, _ in spans]

    def named_with(m: Measurement) -> bool:
        if m.source != "sentence":
            return True  # a table row names its trial
        start, end = spans[bisect_right(starts, m.char_start) - 1]
        return m.trial in {
            _trial_name(t) for t in _sentence_trials(text, start, end, within(start, end), rules)
        }

    def figure(m: Measurement) -> tuple[str, str, str, str, str]:
        return (m.value_text, m.unit, m.endpoint, m.measure, m.arm)

    same_figure: defaultdict[tuple[str, str, str, str, str], list[Measurement]] = defaultdict(list)
    for m in measurements:
        if ("." in m.value_text and m.arm) or m.measure == "relative_reduction":
            same_figure[figure(m)].append(m)
    restated = []
    for m in measurements:
        twins = same_figure.get(figure(m), [])
        if len(twins) > 1 and m.trial and not named_with(m):
            trials = {(t.trial, t.nct_id) for t in twins if t.trial not in ("", m.trial) and named_with(t)}
            if len(trials) == 1:
                trial, nct_id = trials.pop()
                m = replace(m, trial=trial, nct_id=nct_id)
        restated.append(m)
    return restated


def _sentence_measurements(
    document: Document, start: int, end: int, entities: list[Entity], rules: EfficacyRules, context: _Context
) -> list[Measurement]:
    text = document.text
    trials = _sentence_trials(text, start, end, entities, rules)
    sentence_regimens = regimens(text, entities, start, end, rules)
    cues = endpoint_cues(text, start, end, rules)
    values = find_values(text, start, end, rules)
    if not context.brain_metastases and context.brain_scanned_to < end:
        context.brain_metastases = _mentions_brain_metastases(text, context.brain_scanned_to, end, rules)
        context.brain_scanned_to = end
    brain_context = context.brain_metastases
    found: list[Measurement] = []
    if values:  # a relative reduction needs no endpoint phrase ("reduced intracranial progression by 68%")
        pairs = _pairs(text, values)
        respectively = _RESPECTIVELY.search(text, start, end)
        in_list = _respective_positions(text, values, pairs, respectively.start()) if respectively else {}
        if in_list and len({r.canonical for r in sentence_regimens}) < max(in_list.values()) + 1:
            # "paclitaxel, docetaxel and nab-paclitaxel ... 23, 19.6, and 18 months, respectively": one
            # regimen per value, so the "and" lists regimens rather than joining drugs.
            sentence_regimens = regimens(text, entities, start, end, rules, and_joins=False)
        analysis = next((name for pattern, name in rules.analyses if pattern.search(text, start, end)), "")
        respective = _respective_endpoints(text, cues, values) if respectively else None
        for index, value in enumerate(values):
            before = text[max(start, value.start - 60) : value.start]
            reduction = rules.relative_reduction.search(before) if value.unit == "%" else None
            if reduction:
                endpoint = "OS" if reduction["what"] == "death" else "PFS"
                cue = Cue(value.start, value.start, endpoint, bool(reduction["cns"]))
                kind: tuple[str, str] | None = (endpoint, "relative_reduction")
            else:
                cue = (
                    respective[index]
                    if respective
                    else _endpoint_for(text, value, values, cues, context.last_figure)
                )
                if cue and not cue.cns and _intracranial_in_sentence(text, start, cue, cues, rules):
                    cue = replace(cue, cns=True)
                kind = measure_for(cue.value, value.unit, value.measure, rules) if cue else None
            if cue is None or kind is None:
                continue
            endpoint, measure = kind
            if measure == "median" and rules.difference.search(before):
                measure = "difference"  # "a benefit of 16.3 months": between two medians, not a median
            trial = _trial_after(text, trials, value, values, index) or _trial_before(
                text, start, value.start, trials, context, rules
            )
            trial_name = _trial_name(trial)
            # A ratio, a difference or a reduction compares the arms and belongs to none of them.
            arm: Regimen | None = None
            arm_name = ""
            if not compares_arms(measure):
                position = in_list[index] if index in in_list else pairs.get(index)
                arm = _arm(
                    text,
                    value,
                    index,
                    values,
                    pairs,
                    position,
                    sentence_regimens,
                    context,
                    index in in_list,
                ) or _implied_arm(
                    text, start, value, index, values, pairs, trial_name, sentence_regimens, context
                )
                arm_name = complete_arm(trial_name, arm.canonical if arm else "", position)
            population = _population_after(text, value, index, values, pairs, end, rules) or _population(
                text, start, value.start, rules
            )
            if not population:
                population = described_cohort(trial_name, text, start, value.start) or (
                    context.cohort[1] if context.cohort and context.cohort[0] == trial_name else ""
                )
            if endpoint in rules.incidence:
                # Counted among all of an arm's patients: "patients with stable brain metastasis" in such a
                # sentence says who was eligible, not which subgroup the figure is of.
                population = population if population.startswith("cohort") else ""
            else:
                population = complete_population(trial_name, population, cue.cns, brain_context)
            ci = parse_confidence_interval(
                text, value.end, _next_start(values, index, end)
            ) or _first_interval(text, values, index, pairs, end)
            second_ci = _second_interval(text, values, index, pairs, end)
            p_value = _p_for(text, value, cues, end)
            found.append(
                Measurement(
                    doc_id=document.doc_id,
                    trial=trial_name,
                    nct_id=_nct(trial),
                    endpoint=endpoint,
                    cns=cue.cns,
                    measure=measure,
                    arm=arm_name,
                    arm_text=arm.text if arm else "",
                    population=population,
                    value=parse_number(value.text),
                    unit=value.unit,
                    ci_low=(second_ci or ci).low if (second_ci or ci) else None,
                    ci_high=(second_ci or ci).high if (second_ci or ci) else None,
                    ci_level=(second_ci or ci).level if (second_ci or ci) else None,
                    p_value=p_value,
                    n=value.n,
                    evidence=text[start:end],
                    char_start=value.start,
                    char_end=value.end,
                    page=document.page_at(value.start),
                    section=document.section_at(value.start) or "",
                    analysis=analysis,
                    value_text=value.text,
                    source="sentence",
                )
            )
    if found:
        last = found[-1]
        context.last_figure = (Cue(last.char_start, last.char_start, last.endpoint, last.cns), last.unit)
    _remember(text, start, end, entities, rules, context, trials, sentence_regimens)
    return found


def _remember(
    text: str,
    start: int,
    end: int,
    entities: list[Entity],
    rules: EfficacyRules,
    context: _Context,
    trials: list[Entity] | None = None,
    sentence_regimens: list[Regimen] | None = None,
) -> None:
    """What a sentence tells the reader about the ones that follow: which trial, regimens and cohort
    are in play."""
    if trials is None:
        trials = _sentence_trials(text, start, end, entities, rules)
    if trials:
        context.trial = trials[-1]
        context.paragraph_trial = True
    if context.trial and rules.unnamed_study.search(text, trials[-1].char_end if trials else start, end):
        context.trial = None  # the paragraph has moved on to a study it does not name
    if sentence_regimens is None:
        sentence_regimens = regimens(text, entities, start, end, rules)
    if sentence_regimens:
        context.regimens = tuple(sentence_regimens)
    trial = _trial_name(context.trial)
    if trials and context.cohort and context.cohort[0] != trial:
        context.cohort = None  # another trial: its cohorts are not the previous trial's
    cohort = described_cohort(trial, text, start, end) or next(
        (f"cohort {m['name']}" for m in rules.cohort.finditer(text, start, end)), ""
    )
    if cohort:
        context.cohort = (trial, cohort)


# "including those with brain metastases": who could enrol, not which patients a figure is of;
# "patients develop brain metastases": how common they are.
_NOT_A_SUBGROUP_BEFORE = re.compile(
    r"\b(?:includ(?:ing|ed)|inclusion\s+of|allow(?:ed|ing)|enroll?(?:ed|ing)|develop(?:s|ed|ing)?)\b[^.;]{0,40}$"
)


def _mentions_brain_metastases(text: str, start: int, end: int, rules: EfficacyRules) -> bool:
    return any(
        not _NOT_A_SUBGROUP_BEFORE.search(text, max(start, match.start() - 60), match.start())
        for match in rules.intracranial_populations.finditer(text, start, end)
    )


def _sentence_trials(
    text: str, start: int, end: int, entities: list[Entity], rules: EfficacyRules
) -> list[Entity]:
    named = [
        e
        for e in entities
        if start <= e.char_start and e.char_end <= end and e.label in ("TRIAL", "REGISTRY_ID")
    ]
    return _pooled(text, start, end, named, rules)


def _pooled(text: str, start: int, end: int, trials: list[Entity], rules: EfficacyRules) -> list[Entity]:
    """ "a pooled analysis of the DEBBRAH, TUXEDO-1, and DFCI/Duke/MDACC studies": one analysis of
    several trials, named by joining theirs ("DESTINY-Breast01/02/03" when they share a stem)."""
    names = list(dict.fromkeys(_trial_name(t) for t in trials if t.label == "TRIAL"))
    if len(names) < 2 or not rules.pooled.search(text, start, end):
        return trials
    first, last = trials[0], trials[-1]
    pooled = Entity(
        doc_id=first.doc_id,
        label="TRIAL",
        text=text[first.char_start : last.char_end],
        canonical=pooled_trial_name(names),
        char_start=first.char_start,
        char_end=last.char_end,
        source="pooled",
    )
    return [pooled]


def pooled_trial_name(names: list[str]) -> str:
    stem = re.sub(r"\d+$", "", names[0])
    if stem != names[0] and all(name.startswith(stem) and name[len(stem) :].isdigit() for name in names):
        return stem + "/".join(name[len(stem) :] for name in names)
    return "/".join(names)


def _respective_endpoints(text: str, cues: list[Cue], values: list[Value]) -> list[Cue] | None:
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
        places.append(places[-1] + 1 if _LISTED.fullmatch(text, a.end, b.start) else 0)
    list_ends = [i for i, place in enumerate(places) if i + 1 == len(places) or places[i + 1] == 0]
    if all(places[i] + 1 == len(named) for i in list_ends):  # each list one value per endpoint
        return [named[place] for place in places]
    return None


# "3 patients (33.3%) exhibited SD", "4 patients attained the intracranial PR": the outcome follows.
_OUTCOME_FOLLOWS = re.compile(
    r"(?:\s*%)?(?:\s*patients?)?(?:\s*\([^()]*\))?\s*\)?\s+(?:\w+\s+)?"
    r"(?:achieved|attained|had|showed|exhibited|experienced|developed)\s+(?:an?\s+|the\s+)?"
)


def _endpoint_for(
    text: str, value: Value, values: list[Value], cues: list[Cue], last_figure: tuple[Cue, str] | None
) -> Cue | None:
    follows = _OUTCOME_FOLLOWS.match(text, value.end)
    if follows:
        at = [c for c in cues if follows.end() <= c.start <= follows.end() + 15]
        if at:
            return at[0]
    if text[max(0, value.start - 2) : value.start].strip() == "(":
        # "(18% complete response-CR)": a bracketed figure's own endpoint follows it inside the brackets.
        inside = next((c for c in cues if c.start >= value.end), None)
        if inside and inside.start - value.end <= 20 and ")" not in text[value.end : inside.start]:
            return inside
    named_after = _ENDPOINT_AFTER.match(text, value.end)
    if named_after:
        # "(23.53% vs 11.76% for ORR, P < .01; and 58.82% vs 35.29% for DCR)"
        at = next((c for c in cues if c.start == named_after.end()), None)
        if at:
            return at
    before = [c for c in cues if c.end <= value.start and not _in_closed_brackets(text, c, value.start)]
    if before:
        return before[-1]
    after = next((c for c in cues if c.start >= value.end), None)
    if after and any(_OWN_VALUE.fullmatch(text, after.end, v.start) for v in values if v.start >= after.end):
        # "In patients with active brain metastasis (21.4 vs 11.8 months) ..., the median PFS was 9.9
        # months": the endpoint named later has its own value; bracketed figures before it, of the
        # paragraph's last figure's unit, go on with its endpoint.
        if last_figure and last_figure[1] == value.unit and _bracketed_figure(text, value):
            return last_figure[0]
        return None
    return after if after and after.start - value.end <= 40 else None


# A pair's endpoint named after it: "23.53% vs 11.76% for ORR".
_ENDPOINT_AFTER = re.compile(
    rf"\s*%?\s*(?:months?)?(?:\s*(?:vs\.?|versus)\s*{NUMBER}\s*%?\s*(?:months?)?)?\s*for\s+(?:the\s+)?"
)


def _in_closed_brackets(text: str, cue: Cue, position: int) -> bool:
    """ "The overall response rate was 64% (18% complete response-CR) and 69% (30% CR)": the CR in
    brackets closed before the 69 names the bracketed figure's endpoint, not the 69's; "the objective
    remission rate (ORR) was 11%" defines one."""
    opening = text.rfind("(", max(0, cue.start - 200), cue.start)
    if opening < 0 or ")" in text[opening : cue.start]:
        return False
    closing = text.find(")", cue.end, position)
    return closing >= 0 and bool(_DIGIT.search(text, opening, closing))  # not "(ORR)", a definition


def _intracranial_in_sentence(text: str, start: int, cue: Cue, cues: list[Cue], rules: EfficacyRules) -> bool:
    """ "supported its intracranial activity with an overall response rate (ORR) of 68%"; "the
    intracranial ORR ... with a median duration of response of 8.6 months": a response, or the
    duration of one, that its sentence has already placed in the brain."""
    if cue.value not in rules.response and cue.value != "DOR":
        return False
    if rules.intracranial_context.search(text, start, cue.start):
        return True
    return cue.value == "DOR" and any(c.cns and c.value == "ORR" and c.end <= cue.start for c in cues)


def _bracketed_figure(text: str, value: Value) -> bool:
    """ "(21.4 vs 11.8 months)": the value is in brackets that hold nothing but figures."""
    opening = text.rfind("(", max(0, value.start - 40), value.start)
    figures = _BRACKETED_FIGURES.match(text, opening) if opening >= 0 else None
    return bool(figures and figures.end() > value.start)


# "In the patients with active brain metastasis (21.4 vs 11.8 months) and stable brain metastasis
# (21.6 vs 16.4 months), the median PFS was 9.9 months": the bracketed figures are the subgroup's,
# and go on with the last figure's endpoint.
_BRACKETED_FIGURES = re.compile(
    rf"\s*\(\s*{NUMBER}\s*%?\s*(?:months?)?(?:{_PAIR_JOINER}{NUMBER}\s*%?\s*(?:months?)?)*\s*\)"
)
# What lies between an endpoint and the value it is given: "median PFS was recorded as 9.9"; not
# "8 years vs. 23%", where the value after is the second of a pair.
_OWN_VALUE = re.compile(r"(?:(?!\b(?:vs|versus|compared)\b)[^,;()\d]){0,30}")


def _trial_before(
    text: str,
    sentence_start: int,
    position: int,
    trials: list[Entity],
    context: _Context,
    rules: EfficacyRules,
) -> Entity | None:
    """The trial named last before `position` (or the paragraph's), unless a study without a name
    came in between: "... while the Bergen et al. study showed an ORR of 92.9%" is not RePer's."""
    before = [e for e in trials if e.char_end <= position]
    since = before[-1].char_end if before else sentence_start
    if rules.unnamed_study.search(text, since, position):
        return None
    if before:
        return before[-1]
    return trials[0] if trials else context.trial


def _trial_after(
    text: str, trials: list[Entity], value: Value, values: list[Value], index: int
) -> Entity | None:
    """ "... extended OS to 52.6 months in DESTINY-Breast03": a trial named right after its value."""
    limit = values[index + 1].start if index + 1 < len(values) else value.end + 60
    for trial in trials:
        if value.end <= trial.char_start <= min(limit, value.end + 60) and re.fullmatch(
            r"[^.;,]*?\b(?:in|from|of)\s+(?:the\s+)?(?:phase\s+\w+\s+)?", text[value.end : trial.char_start]
        ):
            return trial
    return None


def _trial_name(trial: Entity | None) -> str:
    if trial is None:
        return ""
    return trial.canonical if trial.label == "TRIAL" else (trial.linked or trial.canonical)


def _nct(trial: Entity | None) -> str:
    if trial is None:
        return ""
    if trial.label == "REGISTRY_ID":
        return trial.canonical if trial.canonical.startswith("NCT") else ""
    return trial.linked


_PAIRED = re.compile(rf"\s*%?\s*(?:months?)?{_PAIR_JOINER}")
# "37% of patients surviving at 8 years versus 23% in the control arm": the first value's words are
# the second's too.
_DESCRIBED_PAIR = re.compile(r"\s*%?\s+[^,;()]{1,50}?\s(?:vs\.?|versus|compared (?:with|to))\s*")


def _respective_positions(
    text: str, values: list[Value], pairs: dict[int, int], respectively: int
) -> dict[int, int]:
    """index -> place among the values a "respectively" distributes: the list right before it ("23,
    19.6, and 18 months, respectively"), or, when it comes first ("For ILF and ELF, respectively,
    median PFS was 4.5 vs 2.3 months"), each pair in order."""
    last = max((i for i, v in enumerate(values) if v.end <= respectively), default=None)
    if last is None:
        return {i: pairs.get(i, i) for i in range(len(values))}
    first = last
    while first > 0 and _LISTED.fullmatch(text, values[first - 1].end, values[first].start):
        first -= 1
    return {i: i - first for i in range(first, last + 1)} if last > first else {}


_LISTED = re.compile(rf"\s*%?\s*(?:months?)?(?:{_LIST_JOINER.pattern})")


def _pairs(text: str, values: list[Value]) -> dict[int, int]:
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


def _arm(
    text: str,
    value: Value,
    index: int,
    values: list[Value],
    pairs: dict[int, int],
    position: int | None,
    sentence_regimens: list[Regimen],
    context: _Context,
    respectively: bool,
) -> Regimen | None:
    after = _REGIMEN_FOLLOWS.match(text, value.end)
    if after and not respectively:
        following = [r for r in sentence_regimens if r.start == after.end()]
        if following:
            return following[0]
    if index in pairs or respectively:
        # "83%, 79%, and 77% with paclitaxel, docetaxel, and nab-paclitaxel, respectively": named after.
        named_after = [r for r in sentence_regimens if r.start >= values[-1].end] if respectively else []
        candidates = (
            [r for r in sentence_regimens if r.end <= value.start] or named_after or list(context.regimens)
        )
        distinct: list[Regimen] = []
        for regimen in candidates:
            if regimen.canonical not in [d.canonical for d in distinct]:
                distinct.append(regimen)
        if position is None or len(distinct) < 2 or position >= len(distinct):
            return None
        if len(distinct) > 2 and index in pairs:
            # "T-DM1 improved OS compared with lapatinib plus capecitabine in patients who had progressed
            # on previous trastuzumab-based therapy (29.9 vs 25.9 months)": the compared regimens.
            compared = next(
                (
                    i
                    for i in range(1, len(distinct))
                    if _COMPARED_WITH.search(text, max(0, distinct[i].start - 20), distinct[i].start)
                ),
                len(distinct) - 1,
            )
            return distinct[compared - 1 : compared + 1][position]
        return distinct[position]
    before = [r for r in sentence_regimens if r.end <= value.start]
    if before:
        return before[-1]
    # The sentence's one regimen, unless it is what the value is compared with.
    if len({r.canonical for r in sentence_regimens}) == 1 and not _COMPARED_AFTER.search(
        text, value.end, sentence_regimens[0].start
    ):
        return sentence_regimens[0]
    return None


# "52.6 months with T-DXd", "47.3% (95% CI ...) in the tucatinib group": the regimen named right after.
_REGIMEN_FOLLOWS = re.compile(r"\s*%?\s*(?:months?)?\s*(?:\([^)]*\)\s*)?(?:with|for|in|on)\s+(?:the\s+)?")
_COMPARED_AFTER = re.compile(r"\b(?:vs\.?|versus|compared\s+(?:with|to)|than)\s")


_COMPARED_WITH = re.compile(r"\b(?:compared\s+(?:with|to)|versus|vs\.?|over)\s+(?:the\s+)?\Z")


def _implied_arm(
    text: str,
    start: int,
    value: Value,
    index: int,
    values: list[Value],
    pairs: dict[int, int],
    trial: str,
    sentence_regimens: list[Regimen],
    context: _Context,
) -> Regimen | None:
    """The arm a reader infers when the sentence does not name it: in "T-DXd improved mOS (52.6 vs.
    42.7 months)" the pair is the trial's experimental arm, then its control ("from 20.3 to 25.1":
    control first); the first of a pair, or a figure of its own, in a sentence or paragraph about
    one regimen is that regimen's ("30% of patients ... compared with 20% in the control group": a
    regimen named after the pair's second value is not the first's)."""
    position = pairs.get(index)
    paired_with: list[Regimen] = []
    if position is not None:
        first = values[index - position]
        paired_with = [r for r in sentence_regimens if r.end <= values[index - position + 1].start]
        if re.search(r"\bfrom\s+$", text[max(start, first.start - 6) : first.start]):
            position = 1 - position
        arms = trial_designs().arms.get(trial, ())
        if len(arms) == 2:
            return Regimen(value.start, value.start, "", arms[position])
        if position == 1:
            return None
    distinct = {r.canonical: r for r in paired_with or context.regimens}
    return next(iter(distinct.values())) if len(distinct) == 1 else None


def _population(text: str, sentence_start: int, position: int, rules: EfficacyRules) -> str:
    """The nearest population phrase before `position`; "active brain metastases" beats the
    "brain metastases" inside it."""
    found = [
        (m.start(), m.end(), name)
        for pattern, name in rules.populations
        for m in pattern.finditer(text, sentence_start, position)
    ]
    found += [
        (m.start(), m.end(), f"cohort {m['name']}")
        for m in rules.cohort.finditer(text, sentence_start, position)
    ]
    specific = [
        f
        for f in found
        if not any(o != f and o[0] <= f[0] and f[1] <= o[1] for o in found)
        and not _BRACKETED_FIGURES.match(text, f[1], position)
    ]
    return max(specific)[2] if specific else ""


_POPULATION_AFTER = re.compile(
    r"\s*%?\s*(?:months?|patients?)?\s*\)?\s*(?:\([^()]*\)\s*)?(?:[\w-]+\s+){0,4}?,?\s*(?:in|for|among|across)\s+"
    r"(?:the\s+)?"
    r"(?:patients\s+with\s+)?"
)


def _population_after(
    text: str,
    value: Value,
    index: int,
    values: list[Value],
    pairs: dict[int, int],
    end: int,
    rules: EfficacyRules,
) -> str:
    """ "45.2% vs 27.6% for stable brain metastasis", "74.6% in cohort A": named right after the value
    (or after the second value of its pair)."""
    last = values[index + 1] if pairs.get(index) == 0 and index + 1 < len(values) else value
    lead = _POPULATION_AFTER.match(text, last.end, end)
    if not lead:
        return ""
    window_end = min(end, lead.end() + 45)
    for pattern, name in [*rules.populations, (rules.cohort, "")]:
        match = pattern.match(text, lead.end(), window_end)
        if match:
            return name or f"cohort {match['name']}"
    return ""


def _next_start(values: list[Value], index: int, end: int) -> int:
    return values[index + 1].start if index + 1 < len(values) else end


def _second_interval(
    text: str, values: list[Value], index: int, pairs: dict[int, int], end: int
) -> ConfidenceInterval | None:
    """ "(21.6 vs 12.5 months, CI, 18.1–28.5 vs 11.2–16.9)": the second interval is the second value's."""
    if pairs.get(index) != 1:
        return None
    ci = parse_confidence_interval(text, values[index].end, end)
    if ci is None:
        return None
    second = _SECOND_INTERVAL.match(text, ci.end, end)
    if not second:
        return None
    return replace(ci, low=parse_number(second.group(1)), high=parse_number(second.group(2)))


def _first_interval(
    text: str, values: list[Value], index: int, pairs: dict[int, int], end: int
) -> ConfidenceInterval | None:
    """ "(21.6 vs 12.5 months, CI, 18.1–28.5 vs 11.2–16.9)": the first interval is the first value's."""
    if pairs.get(index) != 0:
        return None
    ci = parse_confidence_interval(text, values[index + 1].end, _next_start(values, index + 1, end))
    return ci if ci and _SECOND_INTERVAL.match(text, ci.end, end) else None


def _p_for(text: str, value: Value, cues: list[Cue], end: int) -> str:
    next_cue = next((c.start for c in cues if c.start > value.end), end)
    p = parse_p_value(text, value.end, next_cue)
    return p.text if p else ""


def _table_measurements(
    document: Document,
    table: Table,
    entities: list[Entity],
    rules: EfficacyRules,
) -> list[Measurement]:
    text = document.text
    lines = _lines(text, table.start, table.end)
    header_index = next(
        (i for i, (s, e) in enumerate(lines) if len(_header_columns(text, s, e, rules)) >= 1), None
    )
    if header_index is None:
        return []
    hs, he = lines[header_index]
    tabbed = "\t" in text[hs:he]
    columns = _header_columns(text, hs, he, rules)
    # A table "of trials in HER2+ BCBM" reports the trials' brain-metastasis subgroups.
    brain_context = _mentions_brain_metastases(table.caption, 0, len(table.caption), rules)
    found: list[Measurement] = []
    if tabbed:
        header_cells = _cells(text, hs, he)
        for s, e in lines[header_index + 1 :]:
            row_entities = [x for x in entities if s <= x.char_start and x.char_end <= e]
            trial = next((x for x in row_entities if x.label in ("TRIAL", "REGISTRY_ID")), None)
            row_regimens = regimens(text, entities, s, e, rules)
            arm = row_regimens[0] if row_regimens else None
            for column, (cs, ce) in enumerate(_cells(text, s, e)):
                if column >= len(header_cells):
                    break
                header = endpoint_cues(text, *header_cells[column], rules)
                if not header:
                    continue
                unit_hint = (
                    "%"
                    if "%" in text[slice(*header_cells[column])]
                    else ("months" if re.search(r"month", text[slice(*header_cells[column])], re.I) else "")
                )
                found += _cell_values(
                    document, cs, ce, header[-1], unit_hint, trial, arm, s, e, rules, brain_context
                )
        return found
    # PDF text with one cell (or row fragment) per line: read the values in column order,
    # restarting at each trial name.
    pointer = len(columns)
    trial: Entity | None = None
    arm: Regimen | None = None
    row_start = lines[header_index][1]
    for s, e in lines[header_index + 1 :]:
        row_entities = [x for x in entities if s <= x.char_start and x.char_end <= e]
        named = [x for x in row_entities if x.label in ("TRIAL", "REGISTRY_ID")]
        if named and (
            trial is None or _trial_name(named[0]) != _trial_name(trial) or pointer >= len(columns)
        ):
            # A new row starts at a trial name, or at a registry number that is not the current trial's.
            trial = named[0]
            pointer = 0
            arm = None
            row_start = s
        # A row's regimen may wrap over lines ("Tucatinib versus Placebo+Trastuzumab" / "+ Capecitabine").
        row_regimens = regimens(text, entities, row_start, e, rules)
        if row_regimens and arm is None:
            arm = row_regimens[0]
        for group in _GROUP.finditer(text, s, e):
            if pointer >= len(columns):
                break
            if any(x.char_start <= group.start() < x.char_end for x in row_entities) or re.fullmatch(
                r"(?:19|20)\d\d", group.group().strip()
            ):
                continue  # "TUXEDO-1", "TBCRC 022", "2022": part of a name or a date, not a cell value
            if group.group().strip() not in ("NA", "NR", "-"):
                cue = columns[pointer]
                unit_hint = "months" if cue.value in rules.survival else "%"
                found += _cell_values(
                    document,
                    group.start(),
                    group.end(),
                    cue,
                    unit_hint,
                    trial,
                    arm,
                    s,
                    e,
                    rules,
                    brain_context,
                    row_regimens,
                )
            pointer += 1
    return found


_GROUP = re.compile(
    rf"(?<![\w.])(?:{NUMBER}\s*%?(?:\s*(?:versus|vs\.?)\s*{NUMBER}\s*%?)?(?:\s*\([Pp]\s*[<=>]\s*{NUMBER}\))?"
    rf"(?:\s+in\s+cohort\s+\w+(?:\s+and\s+{NUMBER}\s*%?(?:\s+in\s+cohort\s+\w+)?)?)?|NA|NR)(?![\w.])"
)


def _cell_values(
    document: Document,
    start: int,
    end: int,
    cue: Cue,
    unit_hint: str,
    trial: Entity | None,
    arm: Regimen | None,
    row_start: int,
    row_end: int,
    rules: EfficacyRules,
    brain_context: bool,
    row_regimens: list[Regimen] | None = None,
) -> list[Measurement]:
    text = document.text
    found = []
    numbers = [
        m
        for m in re.finditer(rf"(?<![\w.]){NUMBER}(?![\w.])", text[start:end])
        if not re.match(r"\s*\)", text[start + m.end() :])
        or "%" in text[start + m.end() : start + m.end() + 2]
    ]
    p = parse_p_value(text, start, end)
    numbers = [m for m in numbers if not (p and p.start <= start + m.start() < p.end)]
    versus = re.search(r"versus|vs\.?", text[start:end]) is not None
    for index, match in enumerate(numbers):
        s, e = start + match.start(), start + match.end()
        unit = "%" if text[e : e + 2].lstrip().startswith("%") else unit_hint
        kind = measure_for(cue.value, unit, "", rules)
        if kind is None:
            continue
        # "74.6% in cohort A", also when the cohort label wraps onto the table's next line.
        cohort = re.match(r"\s*%?\s*in\s+cohort\s+(\d[A-Z]?|[A-Z])\b", text[e : e + 40])
        # "74.6% (no prior RT) / 42.1% (post-RT)": a cohort described right after the value.
        next_start = start + numbers[index + 1].start() if index + 1 < len(numbers) else end
        population = complete_population(
            _trial_name(trial),
            f"cohort {cohort.group(1)}"
            if cohort
            else described_cohort(_trial_name(trial), text, e, next_start),
            cue.cns,
            brain_context,
        )
        value_arm = arm
        position = None
        if versus and row_regimens and len(row_regimens) >= 2 and index < 2:
            value_arm, position = row_regimens[index], index
        found.append(
            Measurement(
                doc_id=document.doc_id,
                trial=_trial_name(trial),
                nct_id=_nct(trial),
                endpoint=kind[0],
                cns=cue.cns,
                measure=kind[1],
                arm=complete_arm(_trial_name(trial), value_arm.canonical if value_arm else "", position),
                arm_text=value_arm.text if value_arm else "",
                population=population,
                value=parse_number(match.group()),
                unit=unit,
                ci_low=None,
                ci_high=None,
                ci_level=None,
                p_value=p.text if p else "",
                n=None,
                evidence=text[row_start:row_end],
                char_start=s,
                char_end=e,
                page=document.page_at(s),
                section=document.section_at(s) or "",
                value_text=match.group(),
                source="table",
            )
        )
    return found


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    position = start
    for piece in text[start:end].split("\n"):
        if piece.strip():
            spans.append((position, position + len(piece)))
        position += len(piece) + 1
    return spans


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    position = start
    for piece in text[start:end].split("\t"):
        spans.append((position, position + len(piece)))
        position += len(piece) + 1
    return spans


def _header_columns(text: str, start: int, end: int, rules: EfficacyRules) -> list[Cue]:
    cues = endpoint_cues(text, start, end, rules)
    return cues if len(cues) >= 2 or ("\t" in text[start:end] and cues) else []

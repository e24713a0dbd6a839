"""Reconciling efficacy figures across documents, and checking each document's own numbers.

Tables in, tables out: `reconcile_measurements(measurements)` returns conflicts.csv rows (record
`Conflict`), `check_measurements(measurements)` returns checks.csv rows (record `CheckFinding`). No
spaCy here: the input is measurements.csv as a DataFrame, and the rules live in
`pipeline/patterns/reconcile.json`.

Matching. Two values are compared only when they share the key: trial (an NCT number and the
acronym it is paired with anywhere in the corpus are one trial), endpoint, CNS-ness, measure, arm
(for ratios, differences and relative reductions: the pair of arms compared, in either order),
population and, for a landmark rate (`timed_measures` in reconcile.json), its time point: a paper's
3-year DFS and another's 5-year DFS of one arm are two figures, never compared. The time point is
matched as written ("12 months" and "1 year" are not compared: the reconciler converts no unit),
and so is a value's unit (a median of "47 months" and one of "4.0 years" are not compared). A
landmark rate whose time point is unknown (empty) is compared only with others whose time point is
unknown, never with one at a known time point: an unread time point is as likely any of the trial's
landmarks as the one at hand, and the disagreement such a pair shows is mostly the difference
between two landmarks, the false alarm the time point is in the key to prevent. Rows with neither
a trial nor an NCT number are never compared: "an unnamed study" in one paper is not known to be
the one in another. An empty `population` means the whole trial
population (the output contract), so a whole-trial value and a subgroup value are different
populations, not an unknown one.

Two values of one sentence are never paired: they differ in something the sentence says and the
key may not hold (a landmark's time point, "45.2% for stable and 45.5% for active brain
metastases" with one population missed by the extractor); a sentence does not contradict itself.

Agreement. Equal at the coarser precision as written: "29" and "29.2" agree because 29.2 rounds to
29; "15.1" and "15.5" do not. A value written as a bound ("> 13 months", "exceeded 13") agrees with
anything on its side of the bound.

Kinds of disagreement:
* `value_conflict` - same key, different documents, different values.
* `likely_different_analysis` - as above, but the sides are labelled as different analyses (the
  `analysis` column, or "updated"/"final"/"exploratory"/"pooled"... in the evidence), both are
  precise (not "~ 18"), and neither side's attribution is doubtful (below). A different data
  cut-off legitimately changes a number; the reviewer should check the dates, not call an error.
* `arm_swap` - a ratio against its reciprocal (HR 0.5 vs 2.0) with the same direction of
  comparison, or the same ratio with the comparison written the other way round.
* `self_contradiction` - one document gives two different values for the same key (and does not
  label them as different analyses). Or one document
  gives the *same numbers for every arm* of a comparison to two different populations (abstract:
  "in patients with active brain metastases", body: the whole trial). One shared number can be
  chance (HER2CLIMB's OS is 21.6 months in all and in stable brain metastases); a whole comparison
  copied is an attribution error. A value from such a document is "doubtful" in its other pairs.
* `possible_conflict_unknown_population` - one side has no population, but its own sentence names
  the other side's population (the extractor probably missed it), and the values disagree.
* `possible_conflict_unknown_arm` - one side has no arm (or no comparison, for a ratio), the key
  has exactly one arm otherwise (so the missing arm can only be that one), and the values disagree.

Severity (in [0, 1], documented in reconcile.json too):
    severity = confidence × (floor + (1 − floor) × magnitude)
* magnitude: how far apart the values are. With a CI on either side, the gap in standard errors
  (log scale for ratios; SE = CI width / (2 × 1.96)), divided by `z_scale` (1.96: the CIs exclude
  each other's point estimate) and capped at 1. Without CIs, the relative gap (log ratio for
  ratios) divided by `relative_gap_scale` (0.2), capped at 1. An arm swap has magnitude 1 (the
  direction of the effect is at stake); a population attribution error 0.5 (the values agree).
* confidence: how sure the match is. A base per kind (1 for a plain conflict, 0.8 for a population
  attribution error, 0.6 when a different analysis probably explains it, 0.5 for the
  unknown-population/arm kinds), × 0.6 when a side is approximate or a bound ("~ 18", "> 15"),
  × 0.6 when a side comes from a document that misattributes that comparison elsewhere.
* floor = 0.62: a sure match that disagrees at all deserves a look, however small the gap
  (DESTINY-Breast03's 63.9% vs 65.7% is "high": same trial, arm, population, both precise).
* label: high ≥ 0.66 > medium ≥ 0.4 > low.

The empty population is the whole trial (the contract's meaning), not "unknown": whole-trial vs
subgroup pairs (EMILIA OS 29.9 vs 26.8 in brain metastases) are the commonest false alarm, so an
empty population is treated as unknown only when its own sentence names the other population.

Checks inside one document (`check_measurements`): the estimate inside its CI (`ci_contains_point`,
and `point_at_ci_bound` as a warning); a ratio's CI symmetric on the log scale
(`ratio_ci_log_symmetry`, allowing for rounding); a ratio's CI against its p-value (`ci_vs_p`: an
error when one says significant and the other not, a warning when the size of p is far from what
the CI implies); counts and percentages (`count_vs_percentage`: a count row and a rate row of the
same key and n, "19 of 23 (82.6%)" in the sentence, and a warning when a percentage of n is not a
whole number of patients); a median inside its printed range (`median_in_range`); and "X vs Y"
pairs of one sentence listing the arms in the same order (`arm_order`).

`conflict_id` is a hash of the key and both sides' doc_id, char_start and value, sorted, so it does
not depend on row order or on which kind the pair was given.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from statistics import NormalDist
from typing import Any

import pandas as pd

from pipeline.errors import PatternFileError
from pipeline.memo import Memo, code_fingerprint, digest
from pipeline.outputs import records_frame
from pipeline.records import CheckFinding, Conflict, columns
from pipeline.resources import load_json

RULES_FILE = "reconcile.json"
_NCT = re.compile(r"^NCT\d{8}$", re.IGNORECASE)
_NUMBER_TOKEN = re.compile(r"\d+(?:[.·]\d+)?")
_VERSUS = re.compile(r"\s+(?:vs\.?|versus|v\.)\s+", re.IGNORECASE)
_NORMAL = NormalDist()


# ---------------------------------------------------------------------------------------------
# Rules (pipeline/patterns/reconcile.json)


@dataclass(frozen=True)
class SeverityRules:
    floor: float
    relative_gap_scale: float
    z_scale: float
    confidence: dict[str, float]
    approximate_factor: float
    doubtful_attribution_factor: float
    high: float
    medium: float


@dataclass(frozen=True)
class CheckRules:
    log_asymmetry_tolerance: float
    p_z_tolerance_abs: float
    p_z_tolerance_rel: float
    default_ci_level: float
    skip_percentage_check_for_analysis: frozenset[str]


@dataclass(frozen=True)
class ReconcileRules:
    ratio_measures: frozenset[str]
    comparative_measures: frozenset[str]
    timed_measures: frozenset[str]  # measures whose `timepoint` is part of the key
    reciprocal_tolerance: float
    analysis_labels: tuple[tuple[str, re.Pattern[str]], ...]
    approximate_cues: re.Pattern[str]
    lower_bound_cues: re.Pattern[str]
    upper_bound_cues: re.Pattern[str]
    population_cues: tuple[tuple[str, re.Pattern[str]], ...]
    severity: SeverityRules
    checks: CheckRules


_TOP_KEYS = frozenset(
    {
        "ratio_measures",
        "comparative_measures",
        "timed_measures",
        "reciprocal_tolerance",
        "analysis_labels",
        "approximate_cues",
        "lower_bound_cues",
        "upper_bound_cues",
        "population_cues",
        "severity",
        "checks",
    }
)
_SEVERITY_KEYS = frozenset(
    {
        "floor",
        "relative_gap_scale",
        "z_scale",
        "confidence",
        "approximate_factor",
        "doubtful_attribution_factor",
        "high",
        "medium",
    }
)
_CONFIDENCE_KEYS = frozenset(
    {
        "value_conflict",
        "self_contradiction",
        "arm_swap",
        "likely_different_analysis",
        "population_attribution",
        "possible_conflict_unknown_population",
        "possible_conflict_unknown_arm",
    }
)
_CHECK_KEYS = frozenset(
    {
        "log_asymmetry_tolerance",
        "p_z_tolerance_abs",
        "p_z_tolerance_rel",
        "default_ci_level",
        "skip_percentage_check_for_analysis",
    }
)


def _section(data: dict[str, Any], name: str, keys: frozenset[str], exact: bool = True) -> dict[str, Any]:
    """A nested object of the rules file, its `_about` dropped, its keys validated."""
    value = data.get(name)
    if not isinstance(value, dict):
        raise PatternFileError(RULES_FILE, f"`{name}` must be an object")
    value = {k: v for k, v in value.items() if k != "_about"}
    if exact:
        unknown, missing = set(value) - keys, keys - set(value)
        if unknown:
            raise PatternFileError(RULES_FILE, f"unknown key(s) {sorted(unknown)} in `{name}`")
        if missing:
            raise PatternFileError(RULES_FILE, f"missing key(s) {sorted(missing)} in `{name}`")
    return value


def _regex(text: object, where: str) -> re.Pattern[str]:
    if not isinstance(text, str):
        raise PatternFileError(RULES_FILE, f"`{where}` must be a regular expression string")
    try:
        return re.compile(text, re.IGNORECASE)
    except re.error as exc:
        raise PatternFileError(RULES_FILE, f"`{where}` is not a valid regex ({exc})") from exc


@cache
def load_rules() -> ReconcileRules:
    data = load_json(RULES_FILE, _TOP_KEYS)
    severity = _section(data, "severity", _SEVERITY_KEYS)
    confidence = _section(severity, "confidence", _CONFIDENCE_KEYS)
    checks = _section(data, "checks", _CHECK_KEYS)
    labels = _section(data, "analysis_labels", frozenset(), exact=False)
    cues = _section(data, "population_cues", frozenset(), exact=False)
    return ReconcileRules(
        ratio_measures=frozenset(data["ratio_measures"]),
        comparative_measures=frozenset(data["comparative_measures"]),
        timed_measures=frozenset(data["timed_measures"]),
        reciprocal_tolerance=float(data["reciprocal_tolerance"]),
        analysis_labels=tuple((k, _regex(v, f"analysis_labels.{k}")) for k, v in labels.items()),
        approximate_cues=_regex(data["approximate_cues"], "approximate_cues"),
        lower_bound_cues=_regex(data["lower_bound_cues"], "lower_bound_cues"),
        upper_bound_cues=_regex(data["upper_bound_cues"], "upper_bound_cues"),
        # Longest phrase first, so "brain metastases" is consumed before a shorter cue inside it.
        population_cues=tuple(
            (k.lower(), _regex(v, f"population_cues.{k}"))
            for k, v in sorted(cues.items(), key=lambda i: -len(i[0]))
        ),
        severity=SeverityRules(
            floor=float(severity["floor"]),
            relative_gap_scale=float(severity["relative_gap_scale"]),
            z_scale=float(severity["z_scale"]),
            confidence={k: float(v) for k, v in confidence.items()},
            approximate_factor=float(severity["approximate_factor"]),
            doubtful_attribution_factor=float(severity["doubtful_attribution_factor"]),
            high=float(severity["high"]),
            medium=float(severity["medium"]),
        ),
        checks=CheckRules(
            log_asymmetry_tolerance=float(checks["log_asymmetry_tolerance"]),
            p_z_tolerance_abs=float(checks["p_z_tolerance_abs"]),
            p_z_tolerance_rel=float(checks["p_z_tolerance_rel"]),
            default_ci_level=float(checks["default_ci_level"]),
            skip_percentage_check_for_analysis=frozenset(checks["skip_percentage_check_for_analysis"]),
        ),
    )


# ---------------------------------------------------------------------------------------------
# Pure helpers: precision, agreement, p-values, finding a number in its sentence


def decimals_as_written(value_text: str, value: float | None = None) -> int:
    """Digits after the decimal point of the number as printed ("65·9" -> 1, "29" -> 0, "2.40" -> 2).

    Without the printed text, the shortest form of the value is all we know ("29.0" read back from
    a CSV float is taken as "29").
    """
    tokens = _NUMBER_TOKEN.findall(value_text or "")
    if not tokens and value is not None and math.isfinite(value):
        tokens = [format(value, ".12g")]
    if not tokens:
        return 0
    token = tokens[-1]
    match = re.search(r"[.·](\d+)$", token)
    return len(match.group(1)) if match else 0


def agree_at_precision(a: float, a_decimals: int, b: float, b_decimals: int) -> bool:
    """Equal once the more precise value is rounded to the coarser one's decimals (29 vs 29.2 agree).

    Tested as a distance so that a value exactly half a unit away (29 vs 29.5, which rounds either
    way) counts as agreeing rather than depending on a rounding mode.
    """
    places = min(a_decimals, b_decimals)
    return abs(a - b) <= 0.5 * 10.0**-places + 1e-9


def p_value_bound(text: str) -> tuple[str, float] | None:
    """The operator and bound of a p-value as measurements.csv writes it (numbers.parse_p_value
    reads them from running text).

    "<0.0001" -> ("<", 0.0001); "0.035" -> ("=", 0.035); ".01" -> ("=", 0.01); junk -> None.
    """
    match = re.fullmatch(
        r"\s*(?:p\s*)?(<=|>=|≤|≥|<|>|=)?\s*(\d*[.·]?\d+(?:e-?\d+)?)\s*", text or "", re.IGNORECASE
    )
    if not match:
        return None
    op = {"<=": "<", "≤": "<", ">=": ">", "≥": ">", None: "="}.get(match.group(1), match.group(1))
    try:
        number = float(match.group(2).replace("·", "."))
    except ValueError:
        return None
    return (op, number) if 0 <= number <= 1 else None


def p_is_significant(op: str, p: float, alpha: float) -> bool | None:
    """None when the printed p-value cannot say ("<0.1" against alpha 0.05)."""
    if op == "<":
        return True if p <= alpha else None
    if op == ">":
        return False if p >= alpha else None
    return p < alpha


def find_value_in_evidence(evidence: str, value_text: str) -> tuple[int, int] | None:
    """The first occurrence of the number as a whole number (not "18" inside "18.1" or "118")."""
    if not evidence or not value_text:
        return None
    pattern = rf"(?<![\d.·]){re.escape(value_text)}(?![\d])(?![.·]\d)"
    match = re.search(pattern, evidence)
    if match is None and "." in value_text:  # the sentence may keep a middle dot the value lost
        match = re.search(pattern.replace(r"\.", "[.·]"), evidence)
    return match.span() if match else None


def reciprocal(a: float, b: float, a_decimals: int, b_decimals: int, tolerance: float) -> bool:
    """a ≈ 1/b, allowing for the rounding of both printed ratios."""
    if a <= 0 or b <= 0:
        return False
    slack = 0.5 * 10.0**-a_decimals / a + 0.5 * 10.0**-b_decimals / b
    return abs(math.log(a * b)) <= tolerance + slack


def comparison_sides(comparison: str) -> tuple[str, str] | None:
    parts = [p.strip().lower() for p in _VERSUS.split(comparison or "") if p.strip()]
    return (parts[0], parts[1]) if len(parts) == 2 else None


def _z_critical(level: float | None, default: float) -> float:
    level = level if level and 0 < level < 100 else default
    return _NORMAL.inv_cdf(0.5 + level / 200)


# ---------------------------------------------------------------------------------------------
# Rows


@dataclass
class _Row:
    index: int
    doc_id: str
    trial: str
    nct_id: str
    endpoint: str
    cns: bool
    measure: str
    arm: str
    population: str
    value: float
    value_text: str
    decimals: int
    ci_low: float | None
    ci_high: float | None
    ci_level: float | None
    p_value: str
    n: int | None
    evidence: str
    char_start: int | None
    char_end: int | None
    page: int | None
    section: str
    analysis: str
    comparison: str
    measurement_id: str = ""
    timepoint: str = ""  # a landmark rate's time point, part of the key
    unit: str = ""  # the value's unit as written ("months", "years", "%"), part of the key
    analysis_label: str = ""
    qualifier: str = ""  # "", "approximate", "lower", "upper"
    trial_key: str = ""
    arm_key: str = ""
    sides: tuple[str, str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def order(self) -> tuple[str, int, float, str, str]:
        start = self.char_start if self.char_start is not None else 1 << 62
        return (self.doc_id, start, self.value, self.population, self.arm_key)


def is_missing(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return bool(pd.isna(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def cell_text(value: object) -> str:
    return "" if is_missing(value) else str(value).strip()


def cell_float(value: object) -> float | None:
    if is_missing(value) or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).replace("·", ".").replace("−", "-"))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def cell_int(value: object) -> int | None:
    number = cell_float(value)
    return round(number) if number is not None else None


def cell_bool(value: object) -> bool:
    if is_missing(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes", "t"}
    return bool(value)


def _qualifier(row: _Row, rules: ReconcileRules) -> str:
    """Whether the sentence writes the number as approximate or as a bound."""
    span = find_value_in_evidence(row.evidence, row.value_text)
    if span is None:
        return ""
    before = row.evidence[max(0, span[0] - 30) : span[0]]
    if rules.approximate_cues.search(before):
        return "approximate"
    if rules.lower_bound_cues.search(before):
        return "lower"
    if rules.upper_bound_cues.search(before):
        return "upper"
    return ""


def _analysis_label(row: _Row, rules: ReconcileRules) -> str:
    if row.analysis:
        return row.analysis.lower()
    for label, pattern in rules.analysis_labels:
        if pattern.search(row.evidence):
            return label
    return ""


def _rows(measurements: pd.DataFrame, rules: ReconcileRules) -> list[_Row]:
    """measurements.csv rows as plain records, tolerant of CSV strings, NaN and missing extra columns."""
    records = measurements.to_dict(orient="records")
    return _rows_of(records, range(len(records)), _trials(records), rules)


def _rows_of(
    records: list[dict[str, Any]], indices: Iterable[int], trials: dict[int, _Trial], rules: ReconcileRules
) -> list[_Row]:
    """The rows of `records[i]` for each of `indices` that has a value, with its trial identity."""
    rows: list[_Row] = []
    for index in indices:
        record = records[index]
        value = cell_float(record.get("value"))
        if value is None:
            continue
        value_text = cell_text(record.get("value_text")) or format(value, ".12g")
        row = _Row(
            index=index,
            doc_id=cell_text(record.get("doc_id")),
            trial=cell_text(record.get("trial")),
            nct_id=cell_text(record.get("nct_id")).upper(),
            endpoint=cell_text(record.get("endpoint")).upper(),
            cns=cell_bool(record.get("cns")),
            measure=cell_text(record.get("measure")).lower(),
            arm=cell_text(record.get("arm")),
            population=cell_text(record.get("population")),
            value=value,
            value_text=value_text,
            decimals=decimals_as_written(value_text, value),
            ci_low=cell_float(record.get("ci_low")),
            ci_high=cell_float(record.get("ci_high")),
            ci_level=cell_float(record.get("ci_level")),
            p_value=cell_text(record.get("p_value")),
            n=cell_int(record.get("n")),
            evidence=cell_text(record.get("evidence")),
            char_start=cell_int(record.get("char_start")),
            char_end=cell_int(record.get("char_end")),
            page=cell_int(record.get("page")),
            section=cell_text(record.get("section")),
            analysis=cell_text(record.get("analysis")),
            comparison=cell_text(record.get("comparison")),
            measurement_id=cell_text(record.get("measurement_id")),
            timepoint=_timepoint_key(record, rules),
            unit=cell_text(record.get("unit")).lower(),
        )
        row.analysis_label = _analysis_label(row, rules)
        row.qualifier = _qualifier(row, rules)
        row.sides = comparison_sides(row.comparison)
        if row.measure in rules.comparative_measures:
            # A ratio has no arm: what it compares is its identity, in either order.
            row.arm_key = " vs ".join(sorted(row.sides)) if row.sides else row.comparison.lower()
        else:
            row.arm_key = row.arm.lower()
        trial = trials.get(index)
        if trial is not None:
            row.trial_key = trial.key
            row.extra["trial_name"] = trial.name
            row.extra["trial_nct"] = trial.nct
        rows.append(row)
    return rows


def _timepoint_key(record: dict[str, Any], rules: ReconcileRules) -> str:
    """The time point a landmark rate is at, as part of the key ("5 years"); "" for other measures,
    and for a landmark rate whose time point is unknown (an empty cell, or a file without the column)."""
    if cell_text(record.get("measure")).lower() not in rules.timed_measures:
        return ""
    return " ".join(cell_text(record.get("timepoint")).lower().split())


def trial_names(measurements: pd.DataFrame) -> list[str]:
    """The canonical trial of each row, as conflicts.csv names it (NCT numbers merged with their
    acronym); "" for a row with neither a trial nor an NCT number."""
    read = [c for c in ("value", "trial", "nct_id") if c in measurements.columns]
    trials = _trials(measurements[read].to_dict(orient="records"))
    return [trials[i].name if i in trials else "" for i in range(len(measurements))]


@dataclass(frozen=True)
class _Trial:
    key: str  # what rows of one trial share (a token of its union-find)
    name: str  # as conflicts.csv names it
    nct: str


def _trials(records: list[dict[str, Any]]) -> dict[int, _Trial]:
    """One identity per trial: a name and an NCT number seen together on any row are one trial.

    By record index, for the records with a value and a trial name or an NCT number. Only these
    two columns and the value are read, so the identities (which trials reconciliation must
    redo, and the report's groups) cost little to work out for a whole corpus.
    """
    parent: dict[str, str] = {}

    def find(token: str) -> str:
        parent.setdefault(token, token)
        while parent[token] != token:
            parent[token] = parent[parent[token]]
            token = parent[token]
        return token

    named: list[tuple[int, list[str], str, str]] = []
    for index, record in enumerate(records):
        if cell_float(record.get("value")) is None:
            continue
        trial, nct = cell_text(record.get("trial")), cell_text(record.get("nct_id")).upper()
        tokens = []
        if trial:
            tokens.append(f"N:{trial.upper()}" if _NCT.match(trial) else f"T:{trial.lower()}")
        if nct:
            tokens.append(f"N:{nct}")
        if not tokens:
            continue
        named.append((index, tokens, trial, nct))
        for token in tokens:
            find(token)
        for other in tokens[1:]:
            parent[find(other)] = find(tokens[0])
    names: dict[str, Counter[str]] = defaultdict(Counter)
    ncts: dict[str, Counter[str]] = defaultdict(Counter)
    for _, tokens, trial, nct in named:
        root = find(tokens[0])
        if trial and not _NCT.match(trial):
            names[root][trial] += 1
        for number in {nct, trial.upper() if _NCT.match(trial) else ""} - {""}:
            ncts[root][number] += 1
    trials: dict[int, _Trial] = {}
    identities: dict[str, _Trial] = {}
    for index, tokens, _, _ in named:
        root = find(tokens[0])
        if root not in identities:
            nct = min(ncts[root], key=lambda k: (-ncts[root][k], k)) if ncts[root] else ""
            name = min(names[root], key=lambda k: (-names[root][k], k)) if names[root] else nct
            identities[root] = _Trial(root, name, nct)
        trials[index] = identities[root]
    return trials


# ---------------------------------------------------------------------------------------------
# Reconciliation


@dataclass(frozen=True)
class _Finding:
    kind: str
    note: str
    magnitude: float | None = None  # None: computed from the values


def _agree(a: _Row, b: _Row) -> bool:
    """Agreement at the coarser precision, with bounds ("> 13") agreeing with anything beyond them."""
    half = 0.5 * 10.0 ** -min(a.decimals, b.decimals) + 1e-9
    for bound, other in ((a, b), (b, a)):
        if bound.qualifier == "lower" and other.qualifier != "upper":
            return other.value >= bound.value - half
        if bound.qualifier == "upper" and other.qualifier != "lower":
            return other.value <= bound.value + half
    if a.qualifier and a.qualifier == b.qualifier and a.qualifier != "approximate":
        return True  # two bounds on the same side never contradict each other
    return agree_at_precision(a.value, a.decimals, b.value, b.decimals)


def _label(row: _Row) -> str:
    return row.analysis_label or "not stated"


def _describe(row: _Row) -> str:
    qualifier = {"approximate": "~", "lower": ">", "upper": "<"}.get(row.qualifier, "")
    return f"{qualifier}{row.value_text} ({row.doc_id})"


def _compare_same_key(a: _Row, b: _Row, rules: ReconcileRules, doubtful: set[int]) -> _Finding | None:
    is_ratio = a.measure in rules.ratio_measures
    reversed_direction = bool(a.sides and b.sides and a.sides == (b.sides[1], b.sides[0]))
    if is_ratio and reversed_direction:
        if reciprocal(a.value, b.value, a.decimals, b.decimals, rules.reciprocal_tolerance):
            return None  # "A vs B 0.5" and "B vs A 2.0" say the same thing
        if _agree(a, b) and abs(math.log(max(a.value, 1e-9))) > 2 * rules.reciprocal_tolerance:
            return _Finding(
                "arm_swap",
                f"the same ratio {a.value_text} is given for '{a.comparison}' and for '{b.comparison}':"
                " one of the documents has the arms the wrong way round",
                magnitude=1.0,
            )
    elif _agree(a, b):
        return None
    if (
        is_ratio
        and not reversed_direction
        and reciprocal(a.value, b.value, a.decimals, b.decimals, rules.reciprocal_tolerance)
        and abs(math.log(max(a.value, 1e-9))) > 2 * rules.reciprocal_tolerance
    ):
        return _Finding(
            "arm_swap",
            f"{_describe(a)} is the reciprocal of {_describe(b)} for the same comparison: one document"
            " probably reports the ratio with the arms swapped",
            magnitude=1.0,
        )
    gap = f"{_describe(a)} vs {_describe(b)} differ beyond rounding"
    if reversed_direction and b.value:
        gap += f" (and {b.comparison} is the other way round: {1 / b.value:.3g} as {a.comparison})"
    labels_differ = a.analysis_label != b.analysis_label
    if a.doc_id == b.doc_id:
        if labels_differ:
            return _Finding(
                "likely_different_analysis",
                f"{gap}; the document labels them as different analyses ({_label(a)} vs {_label(b)})",
            )
        return _Finding("self_contradiction", f"{gap}, in the same document for the same key")
    imprecise = [r for r in (a, b) if r.qualifier]
    suspect = [r for r in (a, b) if r.index in doubtful]
    if labels_differ and not imprecise and not suspect:
        return _Finding(
            "likely_different_analysis",
            f"{gap}; the sources report different analyses ({_label(a)} vs {_label(b)}): check the data"
            " cut-offs before calling either wrong",
        )
    reasons = []
    if imprecise:
        reasons.append(f"{' and '.join(_describe(r) for r in imprecise)} is approximate or a bound")
    if suspect:
        reasons.append(
            f"{' and '.join(sorted({r.doc_id for r in suspect}))} gives the same comparison to another"
            " population elsewhere, so its attribution is doubtful"
        )
    if labels_differ and reasons:
        # Why a different analysis is not the explanation offered: say so, the labels do differ.
        reasons.insert(0, f"the analyses differ ({_label(a)} vs {_label(b)}), but")
        return _Finding("value_conflict", f"{gap}; {reasons[0]} {'; '.join(reasons[1:])}")
    return _Finding("value_conflict", gap + "".join(f"; {reason}" for reason in reasons))


def _population_cue(population: str, rules: ReconcileRules) -> re.Pattern[str]:
    """A regex that finds `population` as papers write it ("active BM" for "active brain metastases")."""
    remaining = population.lower()
    parts: list[str] = []
    for phrase, pattern in rules.population_cues:
        if phrase in remaining:
            parts.append(f"(?=.*?(?:{pattern.pattern}))")
            remaining = remaining.replace(phrase, " ")
    parts.extend(rf"(?=.*?\b{re.escape(word)}\b)" for word in remaining.split())
    # Anchored: the look-aheads from the first character see the whole sentence, so trying them
    # again from every later character (a search's scan) could only fail again, at a square cost.
    return re.compile(r"\A" + "".join(parts) if parts else r"(?!)", re.IGNORECASE | re.DOTALL)


def _compare_populations(
    a: _Row, b: _Row, group: _Group, rules: ReconcileRules, attribution: dict[tuple[int, int], str]
) -> _Finding | None:
    pair = (min(a.index, b.index), max(a.index, b.index))
    if pair in attribution:
        return _Finding("self_contradiction", attribution[pair], magnitude=0.5)
    if bool(a.population) == bool(b.population):
        return None  # two named populations are two populations
    unlabelled, labelled = (a, b) if not a.population else (b, a)
    if not group.mentions(unlabelled, labelled.population) or _agree(a, b):
        return None
    if group.agrees_with_cell(unlabelled, labelled.population, unlabelled.arm_key):
        return None  # it matches a value of that population: the disagreement, if any, is between those
    return _Finding(
        "possible_conflict_unknown_population",
        f"{_describe(unlabelled)} has no population but its sentence mentions '{labelled.population}';"
        f" {_describe(labelled)} is given for '{labelled.population}'",
    )


def _compare_arms(a: _Row, b: _Row, group: _Group, rules: ReconcileRules) -> _Finding | None:
    if bool(a.arm_key) == bool(b.arm_key):
        return None
    unlabelled, labelled = (a, b) if not a.arm_key else (b, a)
    arms = group.arms[unlabelled.population] - {""}
    if len(arms) != 1 or _agree(a, b):
        return None  # with several arms, a value of no arm cannot be matched to one
    if group.agrees_with_cell(unlabelled, unlabelled.population, labelled.arm_key):
        return None
    what = "comparison" if unlabelled.comparison == "" and labelled.comparison else "arm"
    swapped = ""
    if unlabelled.measure in rules.ratio_measures and reciprocal(
        a.value, b.value, a.decimals, b.decimals, rules.reciprocal_tolerance
    ):
        swapped = "; the values are reciprocal, so the unknown side may have the arms the other way round"
    return _Finding(
        "possible_conflict_unknown_arm",
        f"{_describe(unlabelled)} has no {what}; the only {what} reported for this key is"
        f" '{labelled.arm or labelled.comparison}', with {_describe(labelled)}{swapped}",
    )


def _arm_position(arm: str, row: _Row) -> tuple[int, str]:
    """Arms in the order the comparison names them (experimental first), else alphabetically."""
    return (row.sides.index(arm) if row.sides and arm in row.sides else 2, arm)


def _attribution_errors(rows: list[_Row]) -> dict[tuple[int, int], str]:
    """Pairs of rows where one document gives every arm's number of a comparison to two populations.

    Keyed by the sorted row indexes; the value is the note. Needs two or more arms in common, all
    equal as written: one coinciding number is not evidence of a copy.
    """
    tables: dict[tuple[str, str, str, bool, str, str, str], dict[str, dict[str, _Row]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for row in rows:
        if row.trial_key and row.arm_key:
            key = (row.doc_id, row.trial_key, row.endpoint, row.cns, row.measure, row.timepoint, row.unit)
            tables[key][row.population].setdefault(row.arm_key, row)
    found: dict[tuple[int, int], str] = {}
    for key, by_population in tables.items():
        for (pop_a, arms_a), (pop_b, arms_b) in itertools.combinations(sorted(by_population.items()), 2):
            common = sorted(set(arms_a) & set(arms_b), key=lambda arm: _arm_position(arm, arms_a[arm]))
            if len(common) < 2:
                continue
            if not all(arms_a[arm].value_text == arms_b[arm].value_text for arm in common):
                continue
            values = " vs ".join(arms_a[arm].value_text for arm in common)
            note = (
                f"{key[0]} gives the same {key[2]} {key[4]} comparison ({values}) for"
                f" '{pop_a or 'the whole trial'}' and for '{pop_b or 'the whole trial'}': one of the two"
                " attributions is wrong"
            )
            for arm in common:
                i, j = arms_a[arm].index, arms_b[arm].index
                found[(min(i, j), max(i, j))] = note
    return found


def _standard_error(row: _Row, log_scale: bool, default_level: float) -> float | None:
    """From the CI (log scale for ratios); from one bound when the other is "not reached"."""
    z = _z_critical(row.ci_level, default_level)

    def scale(x: float) -> float:
        return math.log(x) if log_scale else x

    bounds = [b for b in (row.ci_low, row.ci_high) if b is not None and (b > 0 or not log_scale)]
    if (log_scale and row.value <= 0) or not bounds:
        return None
    if len(bounds) == 2:
        se = (scale(bounds[1]) - scale(bounds[0])) / (2 * z)
    else:
        se = abs(scale(bounds[0]) - scale(row.value)) / z
    return se if se > 0 else None


def _magnitude(a: _Row, b: _Row, rules: ReconcileRules) -> float:
    log_scale = a.measure in rules.ratio_measures and a.value > 0 and b.value > 0
    gap = abs(math.log(a.value) - math.log(b.value)) if log_scale else abs(a.value - b.value)
    errors = [
        se
        for se in (
            _standard_error(a, log_scale, rules.checks.default_ci_level),
            _standard_error(b, log_scale, rules.checks.default_ci_level),
        )
        if se
    ]
    if errors:
        z = gap / math.sqrt(sum(se * se for se in errors))
        return min(1.0, z / rules.severity.z_scale)
    scale = 1.0 if log_scale else max((abs(a.value) + abs(b.value)) / 2, 1e-9)
    return min(1.0, gap / scale / rules.severity.relative_gap_scale)


def _severity(
    kind_rule: str, finding: _Finding, a: _Row, b: _Row, rules: ReconcileRules, doubtful: set[int]
) -> tuple[float, str]:
    severity_rules = rules.severity
    magnitude = finding.magnitude if finding.magnitude is not None else _magnitude(a, b, rules)
    confidence = severity_rules.confidence[kind_rule]
    if a.qualifier or b.qualifier:
        confidence *= severity_rules.approximate_factor
    if kind_rule != "population_attribution" and (a.index in doubtful or b.index in doubtful):
        confidence *= severity_rules.doubtful_attribution_factor
    score = round(confidence * (severity_rules.floor + (1 - severity_rules.floor) * magnitude), 3)
    label = "high" if score >= severity_rules.high else "medium" if score >= severity_rules.medium else "low"
    return score, label


def conflict_id(key: Iterable[object], sides: Iterable[tuple[str, int | None, float]]) -> str:
    """Stable across re-runs and row orders: the key plus both sides, sorted."""
    side_texts = sorted(f"{doc}|{'' if start is None else start}|{value:.12g}" for doc, start, value in sides)
    blob = "\x1f".join([*(str(k) for k in key), *side_texts])
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


class _Group:
    """The rows sharing a key (trial, endpoint, cns, measure, time point), in order, split into cells by
    population and arm, with what the comparisons ask of a cell computed once."""

    def __init__(self, rows: list[_Row], rules: ReconcileRules) -> None:
        self.rows = rows
        self.rules = rules
        self.cells: dict[tuple[str, str], list[_Row]] = defaultdict(list)
        self.arms: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            self.cells[(row.population, row.arm_key)].append(row)
            self.arms[row.population].add(row.arm_key)
        self._agrees: dict[tuple[int, str, str], bool] = {}
        self._cues: dict[str, re.Pattern[str]] = {}

    def agrees_with_cell(self, row: _Row, population: str, arm_key: str) -> bool:
        """Does `row` agree with any value of the cell (population, arm)?"""
        key = (row.index, population, arm_key)
        if key not in self._agrees:
            self._agrees[key] = any(_agree(row, other) for other in self.cells.get((population, arm_key), ()))
        return self._agrees[key]

    def mentions(self, row: _Row, population: str) -> bool:
        """Does `row`'s sentence name `population`?"""
        if population not in self._cues:
            self._cues[population] = _population_cue(population, self.rules)
        return bool(self._cues[population].search(row.evidence))


def _groups(rows: list[_Row], rules: ReconcileRules) -> Iterator[_Group]:
    groups: dict[tuple[str, str, bool, str, str, str], list[_Row]] = defaultdict(list)
    for row in rows:
        if row.trial_key:
            groups[(row.trial_key, row.endpoint, row.cns, row.measure, row.timepoint, row.unit)].append(row)
    for key in sorted(groups):
        yield _Group(sorted(groups[key], key=lambda r: r.order), rules)


def _candidate_pairs(
    group: _Group, doubtful: set[int], partners: dict[int, list[int]]
) -> list[tuple[_Row, _Row]]:
    """The pairs of the group, in order, that a comparison could flag: every other pair compares to
    nothing, and is never formed, so that a key shared by many agreeing rows costs about its rows.

    A superset of the flagged pairs, each compared in full afterwards:
    - attribution errors (`partners`, by row index);
    - in one cell, the rows of two values that disagree in either order; whether they do depends
      only on the value as written, its qualifier and the comparison's direction;
    - a value of no population against a cell of a population its sentence names and none of whose
      values it matches; a value of no arm against the only arm of its population, likewise.
    """
    position = {id(row): place for place, row in enumerate(group.rows)}
    places: set[tuple[int, int]] = set()

    def pair_all(these: Iterable[_Row], those: Iterable[_Row]) -> None:
        for a in these:
            for b in those:
                if a is not b:
                    i, j = position[id(a)], position[id(b)]
                    places.add((min(i, j), max(i, j)))

    by_index = {row.index: row for row in group.rows}
    for row in group.rows:
        pair_all([row], [by_index[i] for i in partners.get(row.index, ()) if i in by_index])
    for cell in group.cells.values():
        by_value: dict[tuple[Any, ...], list[_Row]] = defaultdict(list)
        for row in cell:
            by_value[(row.value, row.decimals, row.qualifier, row.sides)].append(row)
        values = list(by_value.values())
        for first, these in enumerate(values):
            for those in values[first:]:
                a, b = these[0], those[0]
                if _compare_same_key(a, b, group.rules, doubtful) or _compare_same_key(
                    b, a, group.rules, doubtful
                ):
                    pair_all(these, those)
    for (population, arm_key), unlabelled in group.cells.items():
        if population:
            continue
        for (other_population, other_arm), labelled in group.cells.items():
            if other_arm == arm_key and other_population:
                pair_all(
                    (
                        row
                        for row in unlabelled
                        if group.mentions(row, other_population)
                        and not group.agrees_with_cell(row, other_population, arm_key)
                    ),
                    labelled,
                )
    for population, arms in group.arms.items():
        named = arms - {""}
        if "" in arms and len(named) == 1:
            (arm_key,) = named
            pair_all(
                (
                    row
                    for row in group.cells[(population, "")]
                    if not group.agrees_with_cell(row, population, arm_key)
                ),
                group.cells[(population, arm_key)],
            )
    return [(group.rows[i], group.rows[j]) for i, j in sorted(places)]


def _conflict(a: _Row, b: _Row, finding: _Finding, rules: ReconcileRules, doubtful: set[int]) -> Conflict:
    kind_rule = (
        "population_attribution"
        if finding.kind == "self_contradiction" and (a.population != b.population)
        else finding.kind
    )
    severity, label = _severity(kind_rule, finding, a, b, rules, doubtful)
    populations = sorted({a.population, b.population})
    key = (
        a.trial_key,
        a.endpoint,
        a.cns,
        a.measure,
        "|".join(sorted({a.arm_key, b.arm_key})),
        "|".join(populations),
    )
    return Conflict(
        conflict_id=conflict_id(key, [(a.doc_id, a.char_start, a.value), (b.doc_id, b.char_start, b.value)]),
        trial=a.extra["trial_name"],
        nct_id=a.extra["trial_nct"],
        endpoint=a.endpoint,
        cns=a.cns,
        measure=a.measure,
        arm=a.arm,
        population=a.population,
        doc_id_a=a.doc_id,
        value_a=a.value,
        evidence_a=a.evidence,
        doc_id_b=b.doc_id,
        value_b=b.value,
        evidence_b=b.evidence,
        kind=finding.kind,
        severity=severity,
        severity_label=label,
        value_text_a=a.value_text,
        value_text_b=b.value_text,
        ci_low_a=a.ci_low,
        ci_high_a=a.ci_high,
        ci_low_b=b.ci_low,
        ci_high_b=b.ci_high,
        p_value_a=a.p_value,
        p_value_b=b.p_value,
        analysis_a=a.analysis,
        analysis_b=b.analysis,
        comparison_a=a.comparison,
        comparison_b=b.comparison,
        population_b=b.population,
        arm_b=b.arm,
        char_start_a=a.char_start,
        char_end_a=a.char_end,
        char_start_b=b.char_start,
        char_end_b=b.char_end,
        section_a=a.section,
        section_b=b.section,
        page_a=a.page,
        page_b=b.page,
        note=finding.note,
        measurement_id_a=a.measurement_id,
        measurement_id_b=b.measurement_id,
        timepoint=a.timepoint,
    )


def _same_sentence(a: _Row, b: _Row) -> bool:
    """The same occurrence of one sentence: a sentence repeated word for word elsewhere (abstract and
    body) is a second statement and may contradict the first."""
    if a.doc_id != b.doc_id or not a.evidence or a.evidence != b.evidence:
        return False
    if a.char_start is None or b.char_start is None:
        return True
    return abs(a.char_start - b.char_start) < len(a.evidence)


def reconcile_measurements(measurements: pd.DataFrame) -> pd.DataFrame:
    """conflicts.csv rows (record `Conflict`) for every pair of values that disagree."""
    return reconcile_and_check(measurements, Memo(), Memo())[0]


def reconcile_and_check(
    measurements: pd.DataFrame, trials_memo: Memo, documents_memo: Memo
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """conflicts.csv and checks.csv rows, recomputed only for what changed since the memos' run.

    A trial's conflicts depend on its rows alone (every row of one identity, `_trials`), and a
    document's checks on its rows and their trials' names: each is kept in its memo by the digest
    of those, so a new or changed document redoes the trials it names and itself, and the tables
    are the same, byte for byte, as a reconciliation from scratch.
    """
    rules = load_rules()
    records = measurements.to_dict(orient="records")
    trials = _trials(records)
    code = code_fingerprint("reconcile.py", "records.py", "patterns/reconcile.json")
    by_trial: dict[str, list[int]] = defaultdict(list)
    for index, trial in trials.items():
        by_trial[trial.key].append(index)
    by_document: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        by_document[cell_text(record.get("doc_id"))].append(index)

    def inputs(indices: list[int]) -> list[object]:
        return [(sorted(records[i].items()), trials[i].name if i in trials else None) for i in indices]

    def memoised(
        groups: dict[str, list[int]],
        memo: Memo,
        find: Callable[[list[_Row], ReconcileRules], list[Any]],
        kind: type,
    ) -> list[Any]:
        """`find` over each group's rows, taken from `memo` where the group's rows are unchanged."""
        names = columns(kind)

        def found(indices: list[int]) -> str:
            rows = find(_rows_of(records, indices, trials, rules), rules)
            return json.dumps([tuple(getattr(r, name) for name in names) for r in rows])

        return [
            kind(*fields)
            for indices in groups.values()
            for fields in json.loads(memo.get(digest(code, inputs(indices)), partial(found, indices)))
        ]

    conflicts: list[Conflict] = memoised(by_trial, trials_memo, _trial_conflicts, Conflict)
    conflicts.sort(
        key=lambda c: (
            c.trial,
            c.endpoint,
            c.cns,
            c.measure,
            c.arm,
            c.population,
            c.doc_id_a,
            c.char_start_a or 0,
            c.doc_id_b,
            c.char_start_b or 0,
        )
    )
    findings: list[CheckFinding] = memoised(by_document, documents_memo, _document_checks, CheckFinding)
    findings.sort(
        key=lambda f: (f.doc_id, f.char_start if f.char_start is not None else -1, f.check, f.detail)
    )
    return records_frame(conflicts, Conflict), records_frame(findings, CheckFinding)


def _trial_conflicts(rows: list[_Row], rules: ReconcileRules) -> list[Conflict]:
    """The conflicts among the rows of one trial (or of several: pairs never cross trials), in the
    order they are found."""
    attribution = _attribution_errors(rows)
    doubtful = {index for pair in attribution for index in pair}
    partners: dict[int, list[int]] = defaultdict(list)
    for i, j in attribution:
        partners[i].append(j)
    conflicts: list[Conflict] = []
    for group in _groups(rows, rules):
        for a, b in _candidate_pairs(group, doubtful, partners):
            if _same_sentence(a, b):
                # Two values of one sentence ("16-week and 24-week OS rates of 86% and 71%", "45.2% for
                # stable and 45.5% for active brain metastases") differ in something the sentence says
                # and the key may have missed; a sentence does not contradict itself.
                continue
            if a.population == b.population and a.arm_key == b.arm_key:
                finding = _compare_same_key(a, b, rules, doubtful)
            elif a.arm_key == b.arm_key:
                finding = _compare_populations(a, b, group, rules, attribution)
            elif a.population == b.population:
                finding = _compare_arms(a, b, group, rules)
            else:
                finding = None  # different arm and different population: nothing in common to compare
            if finding is not None:
                conflicts.append(_conflict(a, b, finding, rules, doubtful))
    return conflicts


# ---------------------------------------------------------------------------------------------
# Checks inside one document


def _finding(row: _Row, check: str, level: str, detail: str) -> CheckFinding:
    return CheckFinding(
        doc_id=row.doc_id,
        check=check,
        level=level,
        evidence=row.evidence,
        char_start=row.char_start,
        char_end=row.char_end,
        detail=detail,
        trial=row.extra.get("trial_name", row.trial),
        endpoint=row.endpoint,
        cns=row.cns,
        measure=row.measure,
        arm=row.arm,
        population=row.population,
        value=row.value,
        value_text=row.value_text,
        section=row.section,
        page=row.page,
        measurement_id=row.measurement_id,
    )


def _fmt(number: float) -> str:
    return format(number, ".6g")


def _ci_text(row: _Row) -> str:
    low = "?" if row.ci_low is None else _fmt(row.ci_low)
    high = "?" if row.ci_high is None else _fmt(row.ci_high)
    return f"{low}–{high}"


def check_point_in_ci(row: _Row) -> list[tuple[str, str, str]]:
    """(check, level, detail) for an estimate outside, or sitting on, its own CI."""
    low, high, value = row.ci_low, row.ci_high, row.value
    if low is None and high is None:
        return []
    if low is not None and high is not None and low > high:
        return [("ci_contains_point", "error", f"the CI bounds are reversed ({_ci_text(row)})")]
    slack = 0.5 * 10.0**-row.decimals
    if (low is not None and value < low - slack) or (high is not None and value > high + slack):
        return [("ci_contains_point", "error", f"{row.value_text} lies outside its CI {_ci_text(row)}")]
    if (low is not None and value == low) or (high is not None and value == high):
        return [
            (
                "point_at_ci_bound",
                "warning",
                f"{row.value_text} equals a bound of its CI {_ci_text(row)} (possible, but worth checking"
                " against the source)",
            )
        ]
    return []


def check_ratio_ci_symmetry(row: _Row, rules: ReconcileRules) -> list[tuple[str, str, str]]:
    """A ratio's CI is symmetric on the log scale, up to the rounding of the printed numbers."""
    low, high, value = row.ci_low, row.ci_high, row.value
    if row.measure not in rules.ratio_measures or low is None or high is None:
        return []
    if min(low, high, value) <= 0 or not low < value < high:
        return []
    below = math.log(value) - math.log(low)
    above = math.log(high) - math.log(value)
    asymmetry = (above - below) / (above + below)

    def rounding(number: float, places: int) -> float:
        return 0.5 * 10.0**-places / number

    slack = (
        2 * rounding(value, row.decimals)
        + rounding(low, decimals_as_written("", low))
        + rounding(high, decimals_as_written("", high))
    )
    allowed = rules.checks.log_asymmetry_tolerance * (above + below) / 2 + slack
    if abs(above - below) <= allowed:
        return []
    return [
        (
            "ratio_ci_log_symmetry",
            "warning",
            f"{row.value_text} ({_ci_text(row)}): on the log scale the CI reaches {below:.3f} below and"
            f" {above:.3f} above the estimate (asymmetry {asymmetry:+.0%}); a Wald CI of a ratio is"
            " symmetric, so a bound or the estimate may be mistyped",
        )
    ]


def check_ci_against_p(row: _Row, rules: ReconcileRules) -> list[tuple[str, str, str]]:
    """A ratio's CI excluding 1 agrees with p < alpha; and roughly with the size of p."""
    low, high, value = row.ci_low, row.ci_high, row.value
    parsed = p_value_bound(row.p_value)
    if row.measure not in rules.ratio_measures or low is None or high is None or parsed is None:
        return []
    op, p = parsed
    level = row.ci_level if row.ci_level and 0 < row.ci_level < 100 else rules.checks.default_ci_level
    alpha = 1 - level / 100
    if low == 1 or high == 1:
        return []  # a bound on 1 is the boundary case either way
    excludes_one = low > 1 or high < 1
    significant = p_is_significant(op, p, alpha)
    printed = f"P {'' if op == '=' else op}{row.p_value.lstrip('<>=≤≥ ')}"
    if significant is not None and significant != excludes_one:
        says = "excludes" if excludes_one else "includes"
        means = "p < " if excludes_one else "p ≥ "
        return [
            (
                "ci_vs_p",
                "error",
                f"the {level:g}% CI {_ci_text(row)} {says} 1, which means {means}{alpha:g}, but the text"
                f" gives {printed}",
            )
        ]
    if min(low, high, value) <= 0 or not low < value < high:
        return []
    se = (math.log(high) - math.log(low)) / (2 * _z_critical(level, rules.checks.default_ci_level))
    z_ci = abs(math.log(value)) / se
    implied = 2 * (1 - _NORMAL.cdf(z_ci))
    z_p = _NORMAL.inv_cdf(1 - p / 2) if 0 < p < 1 else (0.0 if p >= 1 else math.inf)
    if not math.isfinite(z_p):
        return []
    tolerance = rules.checks.p_z_tolerance_abs + rules.checks.p_z_tolerance_rel * max(z_ci, z_p)
    off = (
        (op == "=" and abs(z_ci - z_p) > tolerance)
        or (op == "<" and z_ci < z_p - tolerance)
        or (op == ">" and z_ci > z_p + tolerance)
    )
    if not off:
        return []
    return [
        (
            "ci_vs_p",
            "warning",
            f"the CI {_ci_text(row)} implies p ≈ {implied:.2g} (z = {z_ci:.2f}) but the text gives {printed}"
            f" (z = {z_p:.2f}): the p-value or the CI may belong to another comparison",
        )
    ]


def _fits(count: float, n: int, rate: float, places: int) -> bool:
    return abs(count / n * 100 - rate) <= 0.5 * 10.0**-places + 1e-9


def check_percentage_denominator(row: _Row, rules: ReconcileRules) -> list[tuple[str, str, str]]:
    """A percentage of n patients must be a whole number of patients (k/n)."""
    if row.measure != "rate" or not row.n or row.n <= 0 or not 0 <= row.value <= 100:
        return []
    if row.analysis.lower() in rules.checks.skip_percentage_check_for_analysis:
        return []  # a meta-analytic estimate is a weighted average, not k of n
    exact = row.value * row.n / 100
    candidates = {math.floor(exact), math.ceil(exact)}
    if any(_fits(k, row.n, row.value, row.decimals) for k in candidates):
        return []
    nearest = ", ".join(f"{k}/{row.n} = {k / row.n * 100:.1f}%" for k in sorted(candidates))
    alternative = ""
    for delta in range(1, max(2, row.n // 5) + 1):
        for m in (row.n - delta, row.n + delta):
            if m > 0:
                k = round(row.value * m / 100)
                if _fits(k, m, row.value, row.decimals):
                    alternative = (
                        f"; {k}/{m} = {row.value_text}% fits, so the rate may use another denominator"
                    )
                    break
        if alternative:
            break
    return [
        (
            "count_vs_percentage",
            "warning",
            f"{row.value_text}% of n = {row.n} is {exact:.2f} patients, not a whole number ({nearest})"
            + alternative,
        )
    ]


_COUNT_OF_N = re.compile(
    r"(?<![\d.])(?P<k>\d+)\s*(?:of|/|out of)\s*(?P<n>\d+)\s*(?:[a-z-]+\s+){0,3}?"
    r"\(\s*(?P<p>\d+(?:[.·]\d+)?)\s*%"
    r"|(?<![\d.])(?P<p2>\d+(?:[.·]\d+)?)\s*%\s*\(\s*(?P<k2>\d+)\s*(?:of|/|out of)\s*(?P<n2>\d+)\s*\)",
    re.IGNORECASE,
)


def parse_counts(evidence: str) -> list[tuple[int, int, str]]:
    """Counts with their denominator: "19 of 23 patients (82.6%)" or "82.6% (19/23)" -> [(19, 23, "82.6")]."""
    found = []
    for match in _COUNT_OF_N.finditer(evidence or ""):
        k, n, p = (
            (match.group("k"), match.group("n"), match.group("p"))
            if match.group("k")
            else (match.group("k2"), match.group("n2"), match.group("p2"))
        )
        found.append((int(k), int(n), p))
    return found


def check_median_in_range(row: _Row) -> list[tuple[str, str, str]]:
    """A median lies inside the range printed after it ("9.9 months (range 2.1–30.5)")."""
    if row.measure != "median":
        return []
    span = find_value_in_evidence(row.evidence, row.value_text)
    if span is None:
        return []
    after = row.evidence[span[1] : span[1] + 60]
    match = re.match(
        r"\s*(?:months?|mo|weeks?|years?|days?)?\s*[(\[,;]?\s*range\s*[:,]?\s*(\d+(?:[.·]\d+)?)\s*(?:-|–|—|to)\s*"
        r"(\d+(?:[.·]\d+)?)",
        after,
        re.IGNORECASE,
    )
    if match is None:
        return []
    low, high = (float(g.replace("·", ".")) for g in match.groups())
    if low <= row.value <= high:
        return []
    return [
        ("median_in_range", "error", f"the median {row.value_text} lies outside its range {low:g}–{high:g}")
    ]


def _count_findings(rows: list[_Row]) -> list[CheckFinding]:
    """A rate and the count of the same key and denominator in one document agree (19/23 = 82.6%)."""
    findings: list[CheckFinding] = []
    counts: dict[tuple[str, str, str, bool, str, str, int], list[_Row]] = defaultdict(list)
    for row in rows:
        if row.measure == "count" and row.n:
            counts[(row.doc_id, row.trial, row.endpoint, row.cns, row.arm, row.population, row.n)].append(row)
    seen: set[tuple[str, str, int, int, str]] = set()
    for row in rows:
        if row.measure == "rate" and row.n:
            for count in counts.get(
                (row.doc_id, row.trial, row.endpoint, row.cns, row.arm, row.population, row.n), []
            ):
                seen.add((row.doc_id, row.evidence, int(count.value), row.n, row.value_text))
                if not _fits(count.value, row.n, row.value, row.decimals):
                    findings.append(
                        _finding(
                            row,
                            "count_vs_percentage",
                            "error",
                            f"{count.value_text} of {row.n} is {count.value / row.n * 100:.2f}%, but the"
                            f" percentage given is {row.value_text}%",
                        )
                    )
    for row in rows:
        for k, n, p in parse_counts(row.evidence):
            key = (row.doc_id, row.evidence, k, n, p)
            if key in seen or n <= 0:
                continue
            seen.add(key)
            if not _fits(k, n, float(p.replace("·", ".")), decimals_as_written(p)):
                findings.append(
                    _finding(
                        row,
                        "count_vs_percentage",
                        "error",
                        f"the sentence gives {k} of {n} ({p}%), but {k}/{n} = {k / n * 100:.2f}%",
                    )
                )
    return findings


def _arm_order_findings(rows: list[_Row]) -> list[CheckFinding]:
    """In one sentence, "X vs Y" pairs for several endpoints should list the arms in the same order."""
    findings: list[CheckFinding] = []
    sentences: dict[tuple[str, str, str], dict[tuple[str, bool, str, str], list[_Row]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row in rows:
        if row.evidence and row.arm and row.sides and row.char_start is not None:
            sentences[(row.doc_id, row.evidence, row.comparison)][
                (row.endpoint, row.cns, row.measure, row.population)
            ].append(row)
    for by_key in sentences.values():
        orders: list[tuple[list[_Row], bool]] = []
        for pair in by_key.values():
            if len(pair) != 2 or pair[0].arm == pair[1].arm:
                continue
            pair = sorted(pair, key=lambda r: r.char_start or 0)
            sides = pair[0].sides or ("", "")
            orders.append((pair, pair[0].arm.lower() == sides[0]))
        if len({as_stated for _, as_stated in orders}) < 2:
            continue
        stated = next(pair for pair, as_stated in orders if as_stated)
        for pair, as_stated in orders:
            if as_stated:
                continue
            findings.append(
                _finding(
                    pair[0],
                    "arm_order",
                    "warning",
                    f"{pair[0].endpoint} lists {pair[0].arm} first"
                    f" ({pair[0].value_text} vs {pair[1].value_text})"
                    f" while {stated[0].endpoint} in the same sentence lists {stated[0].arm} first"
                    f" ({stated[0].value_text} vs {stated[1].value_text}): check which number belongs to"
                    " which arm",
                )
            )
    return findings


def check_measurements(measurements: pd.DataFrame) -> pd.DataFrame:
    """checks.csv rows (record `CheckFinding`): each document's numbers checked against themselves."""
    return reconcile_and_check(measurements, Memo(), Memo())[1]


def _document_checks(rows: list[_Row], rules: ReconcileRules) -> list[CheckFinding]:
    """The findings of the checks on these rows (one document's, or more: no check crosses documents)."""
    findings: list[CheckFinding] = []
    for row in rows:
        for check, level, detail in [
            *check_point_in_ci(row),
            *check_ratio_ci_symmetry(row, rules),
            *check_ci_against_p(row, rules),
            *check_percentage_denominator(row, rules),
            *check_median_in_range(row),
        ]:
            findings.append(_finding(row, check, level, detail))
    findings.extend(_count_findings(rows))
    findings.extend(_arm_order_findings(rows))
    return findings

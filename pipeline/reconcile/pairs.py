"""Pairs of rows of one trial compared: which pairs share a key, whether they agree, what kind of
disagreement it is and how severe, and the `Conflict` a reviewer sees."""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.reconcile.precision import agree_at_precision, reciprocal, z_critical
from pipeline.reconcile.rows import Row
from pipeline.reconcile.rules import ReconcileRules
from pipeline.records import Conflict


@dataclass(frozen=True)
class _Finding:
    kind: str
    note: str
    magnitude: float | None = None  # None: computed from the values


def _agree(a: Row, b: Row) -> bool:
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


def _label(row: Row) -> str:
    return row.analysis_label or "not stated"


def _describe(row: Row) -> str:
    qualifier = {"approximate": "~", "lower": ">", "upper": "<"}.get(row.qualifier, "")
    return f"{qualifier}{row.value_text} ({row.doc_id})"


def _compare_same_key(a: Row, b: Row, rules: ReconcileRules, doubtful: set[int]) -> _Finding | None:
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
    a: Row, b: Row, group: _Group, rules: ReconcileRules, attribution: dict[tuple[int, int], str]
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


def _compare_arms(a: Row, b: Row, group: _Group, rules: ReconcileRules) -> _Finding | None:
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


def _arm_position(arm: str, row: Row) -> tuple[int, str]:
    """Arms in the order the comparison names them (experimental first), else alphabetically."""
    return (row.sides.index(arm) if row.sides and arm in row.sides else 2, arm)


def _attribution_errors(rows: list[Row]) -> dict[tuple[int, int], str]:
    """Pairs of rows where one document gives every arm's number of a comparison to two populations.

    Keyed by the sorted row indexes; the value is the note. Needs two or more arms in common, all
    equal as written: one coinciding number is not evidence of a copy.
    """
    tables: dict[tuple[str, str, str, bool, str, str, str], dict[str, dict[str, Row]]] = defaultdict(
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


def _standard_error(row: Row, log_scale: bool, default_level: float) -> float | None:
    """From the CI (log scale for ratios); from one bound when the other is "not reached"."""
    z = z_critical(row.ci_level, default_level)

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


def _magnitude(a: Row, b: Row, rules: ReconcileRules) -> float:
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
    kind_rule: str, finding: _Finding, a: Row, b: Row, rules: ReconcileRules, doubtful: set[int]
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

    def __init__(self, rows: list[Row], rules: ReconcileRules) -> None:
        self.rows = rows
        self.rules = rules
        self.cells: dict[tuple[str, str], list[Row]] = defaultdict(list)
        self.arms: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            self.cells[(row.population, row.arm_key)].append(row)
            self.arms[row.population].add(row.arm_key)
        self._agrees: dict[tuple[int, str, str], bool] = {}
        self._cues: dict[str, re.Pattern[str]] = {}

    def agrees_with_cell(self, row: Row, population: str, arm_key: str) -> bool:
        """Does `row` agree with any value of the cell (population, arm)?"""
        key = (row.index, population, arm_key)
        if key not in self._agrees:
            self._agrees[key] = any(_agree(row, other) for other in self.cells.get((population, arm_key), ()))
        return self._agrees[key]

    def mentions(self, row: Row, population: str) -> bool:
        """Does `row`'s sentence name `population`?"""
        if population not in self._cues:
            self._cues[population] = _population_cue(population, self.rules)
        return bool(self._cues[population].search(row.evidence))


def _groups(rows: list[Row], rules: ReconcileRules) -> Iterator[_Group]:
    groups: dict[tuple[str, str, bool, str, str, str], list[Row]] = defaultdict(list)
    for row in rows:
        if row.trial_key:
            groups[(row.trial_key, row.endpoint, row.cns, row.measure, row.timepoint, row.unit)].append(row)
    for key in sorted(groups):
        yield _Group(sorted(groups[key], key=lambda r: r.order), rules)


def _candidate_pairs(
    group: _Group, doubtful: set[int], partners: dict[int, list[int]]
) -> list[tuple[Row, Row]]:
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

    def pair_all(these: Iterable[Row], those: Iterable[Row]) -> None:
        for a in these:
            for b in those:
                if a is not b:
                    i, j = position[id(a)], position[id(b)]
                    places.add((min(i, j), max(i, j)))

    by_index = {row.index: row for row in group.rows}
    for row in group.rows:
        pair_all([row], [by_index[i] for i in partners.get(row.index, ()) if i in by_index])
    for cell in group.cells.values():
        by_value: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
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


def _conflict(a: Row, b: Row, finding: _Finding, rules: ReconcileRules, doubtful: set[int]) -> Conflict:
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


def _same_sentence(a: Row, b: Row) -> bool:
    """The same occurrence of one sentence: a sentence repeated word for word elsewhere (abstract and
    body) is a second statement and may contradict the first."""
    if a.doc_id != b.doc_id or not a.evidence or a.evidence != b.evidence:
        return False
    if a.char_start is None or b.char_start is None:
        return True
    return abs(a.char_start - b.char_start) < len(a.evidence)


def trial_conflicts(rows: list[Row], rules: ReconcileRules) -> list[Conflict]:
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
            finding = _compare(a, b, group, rules, doubtful, attribution)
            if finding is not None:
                conflicts.append(_conflict(a, b, finding, rules, doubtful))
    return conflicts


def _compare(
    a: Row,
    b: Row,
    group: _Group,
    rules: ReconcileRules,
    doubtful: set[int],
    attribution: dict[tuple[int, int], str],
) -> _Finding | None:
    """What two rows of one group disagree on, by what they share: their whole key, their arm or
    their population; None when they agree or share neither."""
    if _same_sentence(a, b):
        # Two values of one sentence ("16-week and 24-week OS rates of 86% and 71%", "45.2% for stable
        # and 45.5% for active brain metastases") differ in something the sentence says and the key may
        # have missed; a sentence does not contradict itself.
        return None
    if a.population == b.population and a.arm_key == b.arm_key:
        return _compare_same_key(a, b, rules, doubtful)
    if a.arm_key == b.arm_key:
        return _compare_populations(a, b, group, rules, attribution)
    if a.population == b.population:
        return _compare_arms(a, b, group, rules)
    return None  # different arm and different population: nothing in common to compare

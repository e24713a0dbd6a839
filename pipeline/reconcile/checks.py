"""Checks of one document's numbers against themselves: a point inside its CI, a ratio's CI symmetric
on the log scale and consistent with its p-value, counts against percentages, a median inside its
range, and the arms of one sentence's pairs in the same order."""

from __future__ import annotations

import math
import re
from collections import defaultdict

from pipeline.reconcile.precision import (
    STANDARD_NORMAL,
    decimals_as_written,
    find_value_in_evidence,
    p_is_significant,
    p_value_bound,
    z_critical,
)
from pipeline.reconcile.rows import Row
from pipeline.reconcile.rules import ReconcileRules
from pipeline.records import CheckFinding


def _finding(row: Row, check: str, level: str, detail: str) -> CheckFinding:
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


def _ci_text(row: Row) -> str:
    low = "?" if row.ci_low is None else _fmt(row.ci_low)
    high = "?" if row.ci_high is None else _fmt(row.ci_high)
    return f"{low}–{high}"


def check_point_in_ci(row: Row) -> list[tuple[str, str, str]]:
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


def check_ratio_ci_symmetry(row: Row, rules: ReconcileRules) -> list[tuple[str, str, str]]:
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


def check_ci_against_p(row: Row, rules: ReconcileRules) -> list[tuple[str, str, str]]:
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
    se = (math.log(high) - math.log(low)) / (2 * z_critical(level, rules.checks.default_ci_level))
    z_ci = abs(math.log(value)) / se
    implied = 2 * (1 - STANDARD_NORMAL.cdf(z_ci))
    z_p = STANDARD_NORMAL.inv_cdf(1 - p / 2) if 0 < p < 1 else (0.0 if p >= 1 else math.inf)
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


def check_percentage_denominator(row: Row, rules: ReconcileRules) -> list[tuple[str, str, str]]:
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


def check_median_in_range(row: Row) -> list[tuple[str, str, str]]:
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


def _count_findings(rows: list[Row]) -> list[CheckFinding]:
    """A rate and the count of the same key and denominator in one document agree (19/23 = 82.6%)."""
    findings: list[CheckFinding] = []
    counts: dict[tuple[str, str, str, bool, str, str, int], list[Row]] = defaultdict(list)
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


def _arm_order_findings(rows: list[Row]) -> list[CheckFinding]:
    """In one sentence, "X vs Y" pairs for several endpoints should list the arms in the same order."""
    findings: list[CheckFinding] = []
    sentences: dict[tuple[str, str, str], dict[tuple[str, bool, str, str], list[Row]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row in rows:
        if row.evidence and row.arm and row.sides and row.char_start is not None:
            sentences[(row.doc_id, row.evidence, row.comparison)][
                (row.endpoint, row.cns, row.measure, row.population)
            ].append(row)
    for by_key in sentences.values():
        orders: list[tuple[list[Row], bool]] = []
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


def document_checks(rows: list[Row], rules: ReconcileRules) -> list[CheckFinding]:
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

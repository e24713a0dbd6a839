"""The reconciler's tunable rules, `patterns/reconcile.json`, read and checked: every key required, an
unknown key an error."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline.errors import PatternFileError
from pipeline.resources import load_json

RULES_FILE = "reconcile.json"


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

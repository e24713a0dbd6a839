"""Pure helpers on numbers as written: their precision and agreement at it, p-value bounds, a ratio
and its reciprocal, where a number stands in its sentence, the two sides of "X vs Y"."""

from __future__ import annotations

import math
import re
from statistics import NormalDist

_NUMBER_TOKEN = re.compile(r"\d+(?:[.·]\d+)?")
_VERSUS = re.compile(r"\s+(?:vs\.?|versus|v\.)\s+", re.IGNORECASE)
STANDARD_NORMAL = NormalDist()


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


def z_critical(level: float | None, default: float) -> float:
    level = level if level and 0 < level < 100 else default
    return STANDARD_NORMAL.inv_cdf(0.5 + level / 200)

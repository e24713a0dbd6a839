"""Parsing the numbers papers print: values, ranges, confidence intervals, p-values.

Pure functions over already-normalized text (middle dots, dashes and minus signs were
rewritten at ingestion, but these parsers accept the raw forms too). Each returns what
it read and where, so every value keeps its provenance.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

NUMBER = r"\d+(?:[.·]\d+)?"
# A whole number as papers print counts and their denominators: "352", "1,013" (thousands grouped by
# commas; a decimal comma, "9,4", has fewer digits after it).
WHOLE = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)"
_DASH = r"\s*(?:-|–|—|−|to)\s*"
_OPEN = r"(?:not\s+(?:recorded|reached|estimable|evaluable|available)|NR|NE|NA)"


_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
# "six", "Fifty-four", "twenty one", "Two hundred forty-seven", "Four-hundred and seventy-one": counts
# that papers write in words (at the start of a sentence above all).
_BELOW_HUNDRED = (
    rf"(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_UNITS[1:10])}))?|(?:{'|'.join(reversed(_UNITS))})"
)
NUMBER_WORD = (
    rf"(?:{'|'.join(_UNITS[1:10])})[\s-]+hundred(?:(?:\s+and)?\s+(?:{_BELOW_HUNDRED}))?|{_BELOW_HUNDRED}"
)
_NUMBER_WORD = re.compile(rf"(?i:{NUMBER_WORD})")
# Right after a count in words ("one CR", "twenty-two PRs"): a lookbehind must have one width, so one
# for each word a count can end with.
AFTER_NUMBER_WORD = "|".join(rf"(?<=\b{word} )" for word in _UNITS[1:] + _TENS)


def parse_whole(text: str) -> int:
    """A whole number as `WHOLE` reads it: "352" -> 352, "1,013" -> 1013."""
    return int(text.replace(",", ""))


def parse_number(text: str) -> float:
    """ "65·9" -> 65.9; "−0.5" -> -0.5; "Fifty-four" -> 54; "Two hundred forty-seven" -> 247."""
    if _NUMBER_WORD.fullmatch(text):
        total = 0
        for word in text.lower().replace("-", " ").split():
            if word == "hundred":
                total *= 100
            elif word in _TENS:
                total += 20 + 10 * _TENS.index(word)
            elif word != "and":
                total += _UNITS.index(word)
        return float(total)
    return float(text.replace("·", ".").replace("−", "-").replace(",", ""))


def decimals(text: str) -> int:
    """Digits after the decimal point as printed: "29" -> 0, "29.2" -> 1."""
    match = re.search(r"[.·](\d+)$", text.strip())
    return len(match.group(1)) if match else 0


@dataclass(frozen=True)
class ConfidenceInterval:
    low: float | None  # None when the bound is "not reached" / "NR"
    high: float | None
    level: float | None
    start: int  # the whole "95% CI 0.56-0.94" expression
    end: int


# "95% CI of 45.8 months to 56.3 months": bounds may carry the figure's unit of time. Confidence
# limits are an interval too ("(95% CL, from 29.1 to 55.1%)"; "CL" case-sensitive, a word of its
# own), and an interval may be written "from" one bound "to" the other.
_DURATION = r"(?:\s*(?:months?|weeks?|days?|years?)\b)"
_CI = re.compile(
    rf"(?:(?P<level>\d{{2}}(?:\.\d)?)\s*(?:%|per\s?cent\b)\s*)?"
    rf"(?:CI|C\.I\.?|confidence (?:interval|limit)|(?-i:(?<![A-Za-z])CL))s?"
    rf"(?:\s*[\[(]CI[\])])?\s*[:,=]?\s*(?:of\s+|from\s+)?"
    rf"\[?\(?\s*(?P<low>{NUMBER}|{_OPEN})\s*%?{_DURATION}?(?:{_DASH}|\s*,\s*)(?P<high>{NUMBER}|{_OPEN})\s*%?{_DURATION}?",
    re.IGNORECASE,
)


def parse_confidence_interval(text: str, start: int = 0, end: int | None = None) -> ConfidenceInterval | None:
    """The first CI in `text[start:end]`.

    "95% CI 0.56–0.94", "[95% CI, 36.6–77.9%]", "(95% CI 11.0 - not recorded)", "(95% CI: 9.6%, 19.0%)",
    "(95% confidence interval [CI] = 17% to 100%)".
    """
    match = _CI.search(text, start, len(text) if end is None else end)
    if not match:
        return None
    return ConfidenceInterval(
        _bound(match["low"]),
        _bound(match["high"]),
        float(match["level"]) if match["level"] else None,
        match.start(),
        match.end(),
    )


def _bound(text: str) -> float | None:
    return parse_number(text) if re.fullmatch(NUMBER, text) else None


_P_VALUE = re.compile(
    r"(?<![A-Za-z])(?:log-rank\s+|two-sided\s+)?[Pp](?:\s*-?\s*value)?\s*(?P<op>[<>=≤≥]|&lt;|&gt;)\s*"
    r"(?P<value>\d*[.·]\d+(?:\s*[x×]\s*10\^?-?\d+)?|\d+(?:e-\d+)?|0)"
)


@dataclass(frozen=True)
class PValue:
    text: str  # normalized: "<0.0001", "0.035"
    start: int
    end: int


def parse_p_value(text: str, start: int = 0, end: int | None = None) -> PValue | None:
    """ "P < 0.0001" -> "<0.0001"; "log-rank P = .325" -> "0.325"; "P≤0.05" -> "<=0.05"."""
    match = _P_VALUE.search(text, start, len(text) if end is None else end)
    return _p_value(match) if match else None


def iter_p_values(text: str, start: int, end: int) -> Iterator[PValue]:
    """Every p-value of text[start:end], in order."""
    return (_p_value(match) for match in _P_VALUE.finditer(text, start, end))


def _p_value(match: re.Match[str]) -> PValue:
    op = {"=": "", "&lt;": "<", "&gt;": ">", "≤": "<=", "≥": ">="}.get(match["op"], match["op"])
    value = match["value"].replace("·", ".").replace(" ", "")
    if value.startswith("."):
        value = "0" + value
    return PValue(op + value, match.start(), match.end())

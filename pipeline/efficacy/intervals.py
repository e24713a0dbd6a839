"""A figure's confidence interval and p-value, including the second interval of a pair's."""

from __future__ import annotations

from dataclasses import replace

from pipeline.efficacy.candidates import SECOND_INTERVAL, Cue, Value
from pipeline.numbers import ConfidenceInterval, parse_confidence_interval, parse_number, parse_p_value


def next_value_start(values: list[Value], index: int, end: int) -> int:
    return values[index + 1].start if index + 1 < len(values) else end


def second_interval(
    text: str, values: list[Value], index: int, pairs: dict[int, int], end: int
) -> ConfidenceInterval | None:
    """ "(21.6 vs 12.5 months, CI, 18.1–28.5 vs 11.2–16.9)": the second interval is the second value's."""
    if pairs.get(index) != 1:
        return None
    ci = parse_confidence_interval(text, values[index].end, end)
    if ci is None:
        return None
    second = SECOND_INTERVAL.match(text, ci.end, end)
    if not second:
        return None
    return replace(ci, low=parse_number(second.group(1)), high=parse_number(second.group(2)))


def first_interval(
    text: str, values: list[Value], index: int, pairs: dict[int, int], end: int
) -> ConfidenceInterval | None:
    """ "(21.6 vs 12.5 months, CI, 18.1–28.5 vs 11.2–16.9)": the first interval is the first value's."""
    if pairs.get(index) != 0:
        return None
    ci = parse_confidence_interval(text, values[index + 1].end, next_value_start(values, index + 1, end))
    return ci if ci and SECOND_INTERVAL.match(text, ci.end, end) else None


def p_value_for(text: str, value: Value, cues: list[Cue], end: int) -> str:
    next_cue = next((c.start for c in cues if c.start > value.end), end)
    p = parse_p_value(text, value.end, next_cue)
    return p.text if p else ""

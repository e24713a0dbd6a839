"""A figure's confidence interval and p-value, including the second interval of a pair's."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from functools import lru_cache

from pipeline.efficacy.candidates import SECOND_INTERVAL, Value
from pipeline.efficacy.context import Sentence
from pipeline.numbers import (
    ConfidenceInterval,
    iter_p_values,
    parse_confidence_interval,
    parse_number,
    parse_p_value,
)


def interval_of(sentence: Sentence, index: int) -> ConfidenceInterval | None:
    """The confidence interval of the sentence's value at `index`: the second of a pair's two, or the
    one right after the value, or the first of a pair's two."""
    value, end = sentence.values[index], sentence.end
    return (
        _second_interval(sentence, index)
        or parse_confidence_interval(sentence.text, value.end, _next_start(sentence.values, index, end))
        or _first_interval(sentence, index)
    )


def p_value_of(sentence: Sentence, index: int) -> str:
    """The p-value written after the value, before the next endpoint phrase."""
    value = sentence.values[index]
    next_cue = next((c.start for c in sentence.cues if c.start > value.end), sentence.end)
    # Searching from each value to the next endpoint phrase is quadratic in a long sentence of values
    # and no phrase: the sentence's p-values are found once, and the first after the value is read.
    starts = _p_value_starts(sentence.text, sentence.start, sentence.end)
    after = bisect_left(starts, value.end)
    if after == len(starts) or starts[after] >= next_cue:
        return ""
    p = parse_p_value(sentence.text, starts[after], next_cue)
    return p.text if p else ""


@lru_cache(maxsize=2)
def _p_value_starts(text: str, start: int, end: int) -> list[int]:
    return [p.start for p in iter_p_values(text, start, end)]


def _next_start(values: tuple[Value, ...], index: int, end: int) -> int:
    return values[index + 1].start if index + 1 < len(values) else end


def _second_interval(sentence: Sentence, index: int) -> ConfidenceInterval | None:
    """ "(21.6 vs 12.5 months, CI, 18.1–28.5 vs 11.2–16.9)": the second interval is the second value's."""
    text, values, end = sentence.text, sentence.values, sentence.end
    if sentence.pairs.get(index) != 1:
        return None
    ci = parse_confidence_interval(text, values[index].end, end)
    if ci is None:
        return None
    second = SECOND_INTERVAL.match(text, ci.end, end)
    if not second:
        return None
    return replace(ci, low=parse_number(second.group(1)), high=parse_number(second.group(2)))


def _first_interval(sentence: Sentence, index: int) -> ConfidenceInterval | None:
    """ "(21.6 vs 12.5 months, CI, 18.1–28.5 vs 11.2–16.9)": the first interval is the first value's."""
    text, values, end = sentence.text, sentence.values, sentence.end
    if sentence.pairs.get(index) != 0:
        return None
    ci = parse_confidence_interval(text, values[index + 1].end, _next_start(values, index + 1, end))
    return ci if ci and SECOND_INTERVAL.match(text, ci.end, end) else None

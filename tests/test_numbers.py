from __future__ import annotations

import pytest

from pipeline.numbers import decimals, parse_confidence_interval, parse_number, parse_p_value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("65·9", 65.9),
        ("47.3", 47.3),
        ("6", 6.0),
        ("−0.5", -0.5),
        ("1,031", 1031.0),
        ("six", 6.0),
        ("Eleven", 11.0),
        ("Fifty-four", 54.0),
        ("twenty one", 21.0),
        ("Thirty", 30.0),
        ("Four-hundred and seventy-one", 471.0),  # PMC3778304: read as "seventy-one"
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(("text", "places"), [("29", 0), ("29.2", 1), ("0.035", 3), ("65·9", 1)])
def test_decimals(text: str, places: int) -> None:
    assert decimals(text) == places


@pytest.mark.parametrize(
    ("text", "low", "high", "level"),
    [
        ("HR 0.73, 95% CI 0.56–0.94", 0.56, 0.94, 95.0),
        ("47.3% [95% CI, 36.6–77.9%]", 36.6, 77.9, 95.0),
        ("(95% CI 11.0 - not recorded)", 11.0, None, 95.0),
        ("(95% CI: 0.29-0.79; P = 0.002)", 0.29, 0.79, 95.0),
        ("95% CI, 33.7%–61.2%", 33.7, 61.2, 95.0),
        ("(CI, 18.1–28.5 vs 11.2–16.9)", 18.1, 28.5, None),
        ("90% confidence interval 1.2 to 3.4", 1.2, 3.4, 90.0),
        ("95% CI 5·7–43·7", 5.7, 43.7, 95.0),
        ("95% CI NR-NR", None, None, 95.0),
        ("(95% CI: 9.6%, 19.0%)", 9.6, 19.0, 95.0),
        # confidence limits, and bounds written "from" one "to" the other (PMC2360030)
        ("41.7% (95% CL, from 29.1 to 55.1%)", 29.1, 55.1, 95.0),
        ("OR 1.7 (95% CI from 0.50 to 5.8)", 0.5, 5.8, 95.0),
        ("95% confidence limits 3.2-5.1", 3.2, 5.1, 95.0),
        # "C.I." with its full stops (PMC4620970: its "95" was read as a PFS rate)
        ("HR=0.46, 95% C.I. (0.28–0.74), p=0.03", 0.28, 0.74, 95.0),
    ],
)
def test_parse_confidence_interval(
    text: str, low: float | None, high: float | None, level: float | None
) -> None:
    ci = parse_confidence_interval(text)
    assert ci is not None and (ci.low, ci.high, ci.level) == (low, high, level)


def test_no_confidence_interval() -> None:
    assert parse_confidence_interval("ORR was 47.3% versus 20.0%") is None
    # "CL" is an interval only as a word of its own, in capitals: not sodium chloride's "Cl".
    assert parse_confidence_interval("NaCl 2-3 mmol") is None
    assert parse_confidence_interval("the cl 2-3 fraction") is None


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("(P < 0.0001)", "<0.0001"),
        ("P=0.03", "0.03"),
        ("$P = 0.035$", "0.035"),
        ("log-rank P = .325", "0.325"),
        ("p=0.635", "0.635"),
        ("P≤0.05", "<=0.05"),
        ("p-value < 0.001", "<0.001"),
        ("P = 0·008", "0.008"),
    ],
)
def test_parse_p_value(text: str, normalized: str) -> None:
    found = parse_p_value(text)
    assert found is not None and found.text == normalized


def test_no_p_value_inside_words() -> None:
    assert parse_p_value("HER2CLIMB p53 status") is None

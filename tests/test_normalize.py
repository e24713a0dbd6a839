from __future__ import annotations

import pytest

from pipeline.normalize import normalize_text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("ORR 65·9%", "ORR 65.9%"),  # middle-dot decimal
        ("median 5·5 months", "median 5.5 months"),
        ("item · item", "item · item"),  # a middle dot that is not a decimal stays
        ("95% CI 0.56–0.94", "95% CI 0.56-0.94"),  # en dash
        ("HER2−negative, −0.5", "HER2-negative, -0.5"),  # unicode minus
        ("disease.¹ More", "disease. More"),  # citation marker dropped
        ("months.¹⁶ Next", "months. Next"),
        ("refs.¹,² and ³–⁵ end", "refs. and  end"),
        ("count 10⁹/L", "count 10^9/L"),  # superscript after a digit is an exponent
        ("Drittone ^{1,*}", "Drittone "),
        ("studies.^{33–35}", "studies."),
        ("(x 10^{9})", "(x 10^9)"),
        ("significant ($P = 0.035$)", "significant (P = 0.035)"),
        ("$p < 0.05$", "p < 0.05"),
        ("$P \\leq 0.001$", "P ≤ 0.001"),
        ("costs $5 and $10", "costs $5 and $10"),  # currency is not math
        ("a\u00a0b\u2009c", "a b c"),  # exotic spaces
        ("ﬁrst", "first"),  # ligature
        ("soft\u00adhyphen", "softhyphen"),
        ("“quoted”", '"quoted"'),
        ("Pe\u0301rez", "Pérez"),  # combining accent composed
        ("tab\tand\nnewline\fkept", "tab\tand\nnewline\fkept"),
        ("bell\x07gone", "bellgone"),
    ],
)
def test_normalize_text(source: str, expected: str) -> None:
    text, _ = normalize_text(source)
    assert text == expected


@pytest.mark.parametrize(
    ("source", "needle", "original"),
    [
        ("ORR 65·9% in cohort A", "65.9", "65·9"),
        ("significant ($P = 0.035$) here", "P = 0.035", "$P = 0.035$"),
        ("months.¹⁶ Next was 3", "Next", "Next"),
        ("ﬁrst 21.6 months", "first", "ﬁrst"),
        ("ﬁrst 21.6 months", "21.6", "21.6"),
    ],
)
def test_normalized_spans_map_back(source: str, needle: str, original: str) -> None:
    text, offset_map = normalize_text(source)
    start = text.index(needle)
    s, e = offset_map.to_source(start, start + len(needle))
    assert source[s:e] == original

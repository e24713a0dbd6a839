from __future__ import annotations

import pytest

from pipeline.sentences import sentence_spans


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("ORR was 47.3%. PFS was 9.9 months.", ["ORR was 47.3%.", "PFS was 9.9 months."]),
        ("As Lin et al. reported, ORR rose. Next.", ["As Lin et al. reported, ORR rose.", "Next."]),
        ("HR 0.5 vs. 1.0 in Fig. 2 was shown.", ["HR 0.5 vs. 1.0 in Fig. 2 was shown."]),
        ("By N. U. Lin and colleagues. Then.", ["By N. U. Lin and colleagues.", "Then."]),
        (
            "OS was 6.9 months for arm B. Median PFS was 3 months.",
            ["OS was 6.9 months for arm B.", "Median PFS was 3 months."],
        ),
        ("Patients in cohort A. Then more.", ["Patients in cohort A.", "Then more."]),
        ("Results\nThe ORR was 40%.", ["Results", "The ORR was 40%."]),
        ("It improved (P = .03). 2020 data followed.", ["It improved (P = .03).", "2020 data followed."]),
        ("Cell\tValue\nRow\t47.3%", ["Cell\tValue", "Row\t47.3%"]),
        (
            "in BCBM.11 When combined, ORR 0.5. Next.16-18 Then",
            ["in BCBM.11", "When combined, ORR 0.5.", "Next.16-18", "Then"],
        ),
        (
            "rates were 9.8% vs 1.9%.2 However, OS is poor [4].5,6 Then 12.5% of 40. Next",
            ["rates were 9.8% vs 1.9%.2", "However, OS is poor [4].5,6", "Then 12.5% of 40.", "Next"],
        ),
    ],
)
def test_sentence_spans(text: str, sentences: list[str]) -> None:
    assert [text[s:e] for s, e in sentence_spans(text)] == sentences

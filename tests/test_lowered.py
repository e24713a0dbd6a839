"""Searching lower-cased text finds what a case-insensitive search finds (`pipeline.lowered`)."""

from __future__ import annotations

import pytest

from pipeline.efficacy.rules import about_cancer, efficacy_rules
from pipeline.lowered import lowered


def test_lowered_text_or_none_where_lower_case_would_miss_a_case_insensitive_match() -> None:
    assert lowered("Objective Response in CANCER") == "objective response in cancer"
    # IGNORECASE matches "i" with the capital I with a dot and the dotless i, "s" with the long s
    for text in ("\u0130NCIDENCE", "carc\u0131noma", "metastasi\u017f"):
        assert lowered(text) is None


@pytest.mark.parametrize(
    ("term", "counts"),
    [
        ("CANCER", True),
        ("Carcinoma", True),
        ("cancerous", False),  # a whole word only
        ("TUMOR NECROSIS factor", False),
        # Case-insensitively "carc\u0131noma" is "carcinoma" and "cancer\u017f" "cancers"; lower() does
        # not make them so, and the document is searched as written.
        ("carc\u0131noma", True),
        ("cancer\u017f", True),
        ("\u0130ntra-abdominal cancer\u017fx", False),
    ],
)
def test_about_cancer_counts_the_terms_in_any_case(term: str, counts: bool) -> None:
    rules = efficacy_rules()
    filler = "x" * (rules.oncology_chars_per_mention - 20)
    text = " ".join(f"{term} {filler}" for _ in range(3))
    assert about_cancer(text, rules) is counts

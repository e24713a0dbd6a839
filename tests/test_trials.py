from __future__ import annotations

import pytest

from pipeline.errors import PatternFileError
from pipeline.trials import _registry, find_trials, trial_key


def trials(text: str) -> list[tuple[str, str, str]]:
    return [(m.label, m.text, m.canonical) for m in find_trials(text)]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("NCT03248492", "NCT03248492"),
        ("NCT 03248492", "NCT03248492"),
        ("NCT0324 8492", "NCT03248492"),  # a number broken across a line, re-flowed
        ("EudraCT 2015-001234-56", "2015-001234-56"),  # the prefix introduces the number
        ("ISRCTN12345678", "ISRCTN12345678"),
        ("ChiCTR2000029500", "CHICTR2000029500"),
        ("jRCT2031200123", "jRCT2031200123"),
        ("CTRI/2020/01/012345", "CTRI/2020/01/012345"),
        ("UMIN000012345", "UMIN000012345"),
        ("ACTRN12615000123456", "ACTRN12615000123456"),
    ],
)
def test_registry_ids(text: str, canonical: str) -> None:
    mention = text.removeprefix("EudraCT ")
    assert trials(f"Registered as {text}.") == [("REGISTRY_ID", mention, canonical)]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("nct03248492", "NCT03248492"),
        ("Isrctn12345678", "ISRCTN12345678"),
        # Under IGNORECASE "i" and "s" match the capital I with a dot, the dotless i and the long s,
        # which lower() does not make "i" or "s": the search that looks for a registry's prefix in the
        # lower-cased text first still finds them.
        ("\u0131SRCTN12345678", "\u0131SRCTN12345678"),
        ("I\u017fRCTN12345678", "I\u017fRCTN12345678"),
        ("\u0130SRCTN12345678", "\u0130SRCTN12345678"),
    ],
)
def test_registry_prefixes_in_any_case(text: str, canonical: str) -> None:
    assert trials(f"Registered as {text}.") == [("REGISTRY_ID", text, canonical)]


def test_registry_prefix_must_be_part_of_its_pattern() -> None:
    with pytest.raises(PatternFileError, match=r"registry_ids\.json.*ISRCTN"):
        _registry({"name": "ISRCTN", "required": "isrctm", "pattern": r"\b(?P<id>ISRCTN\s?\d{8})\b"})


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("DESTINY-Breast03", "DESTINY-Breast03"),
        ("DB-03", "DESTINY-Breast03"),
        ("DB03", "DESTINY-Breast03"),
        ("DESTINY-BREAST03", "DESTINY-Breast03"),
        ("TUXEDO-I", "TUXEDO-1"),
        ("TUXEDO-1", "TUXEDO-1"),
        ("TBCRC 022", "TBCRC 022"),
        ("DEBRAH", "DEBBRAH"),  # a misspelled known name
        ("HER2CLIMB-02", "HER2CLIMB-02"),
    ],
)
def test_known_trial_aliases(text: str, canonical: str) -> None:
    assert trials(f"In the {text} trial, patients improved.") == [("TRIAL", text, canonical)]


def test_known_names_are_case_sensitive_acronyms() -> None:
    assert trials("The therapeutic landscape changed; LANDSCAPE was a trial.") == [
        ("TRIAL", "LANDSCAPE", "LANDSCAPE")
    ]


def test_enumerated_trials() -> None:
    found = trials("Results from the DB01, 02, and 03 studies were pooled.")
    assert [c for _, _, c in found] == ["DESTINY-Breast01", "DESTINY-Breast02", "DESTINY-Breast03"]
    assert [t for _, t, _ in found] == ["DB01", "02", "03"]


def test_unknown_trial_in_context() -> None:
    found = trials(
        "In the phase III XYZ-01 trial, ORR was 40%. XYZ-01 also met its PFS endpoint. The ORR study"
    )
    assert found == [("TRIAL", "XYZ-01", "XYZ-01"), ("TRIAL", "XYZ-01", "XYZ-01")]
    # "Phase III" with a capital is no part of the name either
    assert trials("In the Phase III OPTIMAL trial, ORR was 40%.") == [("TRIAL", "OPTIMAL", "OPTIMAL")]


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        # on one table row, or the number in brackets after the name
        (
            "NALA NCT01808573 Neratinib + capecitabine\nHER2CLIMB (NCT02614794) enrolled",
            [("NALA", "NCT01808573"), ("HER2CLIMB", "NCT02614794")],
        ),
        # "the OPTiM trial (NCT00769704)": one trial, not the acronym's figures and the number's apart
        (
            "In the Phase III OPTiM trial (NCT00769704) and the DATA study (NCT00301457), ",
            [("OPTiM", "NCT00769704"), ("DATA", "NCT00301457")],
        ),
    ],
)
def test_trial_and_registry_number_side_by_side_are_linked(text: str, pairs: list[tuple[str, str]]) -> None:
    links = {(m.text, m.linked) for m in find_trials(text)}
    assert links == {*pairs, *((number, name) for name, number in pairs)}


def test_trial_key() -> None:
    assert trial_key("DESTINY-Breast 03") == trial_key("DESTINY-Breast03") == "DESTINYBREAST3"
    assert trial_key("TUXEDO-I") == trial_key("TUXEDO-1")

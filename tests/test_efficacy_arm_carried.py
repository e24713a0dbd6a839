"""Arms carried within a paragraph: a list of values that names no arm takes the arms an earlier
"respectively" list of the paragraph gave its values, place by place (issue #10)."""

from __future__ import annotations

from pathlib import Path

from pipeline.efficacy import extract_measurements
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline


def rows(tmp_path: Path, text: str) -> list[tuple[str, str, float]]:
    """(endpoint, arm, value) of each figure of `text`, in a document about cancer."""
    path = tmp_path / "abstract.txt"
    path.write_text(text + "\n\n(From a report of a breast cancer trial.)\n", encoding="utf-8")
    document = ingest_file(path)
    entities = document_entities(shared_pipeline(), "abstract", [document.text])
    return [(m.endpoint, m.arm, m.value) for m in extract_measurements(document, entities)]


LISTED = "The pCR rates were 21%, 22%, and 19% for PTX, PWI, and PTI, respectively."


def test_a_later_list_of_as_many_values_takes_the_listed_arms_in_order(tmp_path: Path) -> None:
    text = f"{LISTED} Secondary endpoints were comparable: objective response (60, 61, and 63 %)."
    found = rows(tmp_path, text)
    assert [(arm, value) for endpoint, arm, value in found if endpoint == "ORR"] == [
        ("PTX", 60.0),
        ("PWI", 61.0),
        ("PTI", 63.0),
    ]


def test_a_list_of_another_length_takes_none(tmp_path: Path) -> None:
    text = f"{LISTED} The objective response rates were 60% and 61%."
    found = rows(tmp_path, text)
    assert [(arm, value) for endpoint, arm, value in found if endpoint == "ORR"] == [("", 60.0), ("", 61.0)]


def test_a_sentence_that_names_its_own_regimen_keeps_it(tmp_path: Path) -> None:
    text = f"{LISTED} With docetaxel, objective response rates were 60%, 61%, and 63%."
    found = rows(tmp_path, text)
    assert {arm for endpoint, arm, _ in found if endpoint == "ORR"} == {"docetaxel"}


def test_the_arms_are_not_carried_into_the_next_paragraph(tmp_path: Path) -> None:
    text = f"{LISTED}\n\nIn a second study, objective response rates were 60%, 61%, and 63%."
    found = rows(tmp_path, text)
    assert [(arm, value) for endpoint, arm, value in found if endpoint == "ORR"] == [
        ("", 60.0),
        ("", 61.0),
        ("", 63.0),
    ]


def test_a_sentence_with_a_respectively_of_its_own_takes_none(tmp_path: Path) -> None:
    text = f"{LISTED} The median OS and SBP in this study were 30.8 and 19.6 months, respectively."
    text = text.replace("21%, 22%, and 19%", "21% and 22%").replace("PTX, PWI, and PTI", "PTX and PWI")
    found = rows(tmp_path, text)
    assert [(arm, value) for endpoint, arm, value in found if endpoint == "OS"] == [("", 30.8), ("", 19.6)]


def test_a_group_named_by_its_dose_or_size_is_a_label(tmp_path: Path) -> None:
    """ "in the 45 Gy group", "with the 10 μM trabedersen group": arms that differ by dose keep it."""
    text = (
        "Median survival was 12.0 months with the 10 μM trabedersen group and 13.1 months with the 80 μM "
        "trabedersen group. Five-year overall survival was 32.2% in the 1 cm group and 30.9% in the 3 cm "
        "group."
    )
    assert [(arm, value) for _, arm, value in rows(tmp_path, text)] == [
        ("10 μM trabedersen", 12.0),
        ("80 μM trabedersen", 13.1),
        ("1 cm", 32.2),
        ("3 cm", 30.9),
    ]

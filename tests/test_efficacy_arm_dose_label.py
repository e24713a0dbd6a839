"""Arm labels a paper writes as a group's dose or size (issue #10)."""

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

"""Efficacy figures of a short text, and the design a paper states, as the tests of arm attribution
read them."""

from __future__ import annotations

from pathlib import Path

from pipeline.efficacy import extract_measurements
from pipeline.efficacy.document_design import DocumentDesign, read_design
from pipeline.entities import extract_entities
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline
from pipeline.records import Measurement


def figures_by_value(tmp_path: Path, text: str) -> dict[str, Measurement]:
    """value as printed -> its row (the last row of a value printed twice), for the figures of `text`
    in a document about cancer."""
    path = tmp_path / "report.txt"
    path.write_text(text + "\n\n(From a report of a breast cancer trial.)\n", encoding="utf-8")
    document = ingest_file(path)
    entities = document_entities(shared_pipeline(), "report", [document.text])
    return {m.value_text: m for m in extract_measurements(document, entities)}


def arm_by_value(tmp_path: Path, text: str) -> dict[str, str]:
    """value as printed -> arm, for the figures of `text` in a document about cancer."""
    return {value: m.arm for value, m in figures_by_value(tmp_path, text).items()}


def design_of(text: str) -> DocumentDesign | None:
    """The design `text` states, read with the entities the pipeline finds in it."""
    return read_design(text, extract_entities("doc", text))


def figures(
    tmp_path: Path, text: str, context: str = "\n\n(From a report of a cancer trial.)\n"
) -> list[tuple]:
    """The figures of `text` in a document that, as the papers these sentences come from do, says it
    is about cancer (`context`, a last paragraph without figures)."""
    path = tmp_path / "abstract.txt"
    path.write_text(text + context, encoding="utf-8")
    document = ingest_file(path)
    entities = document_entities(shared_pipeline(), "abstract", [document.text])
    return [
        (m.endpoint, m.measure, m.arm, m.value, m.unit, m.n) for m in extract_measurements(document, entities)
    ]


def values(tmp_path: Path, text: str) -> list[tuple]:
    """(endpoint, measure, value, n) of each figure `figures` finds in `text`."""
    return [(endpoint, measure, value, n) for endpoint, measure, _, value, _, n in figures(tmp_path, text)]

"""Scoring extracted entities against the hand-made gold in annotations/.

Gold spans are offsets into the raw file (read as UTF-8 without newline translation), so
they do not move when ingestion changes. Predictions are made on the ingested text and
mapped back through the document's offset map before they are compared.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.records import Document, Entity, Measurement

LABELS = ("DRUG", "TRIAL", "REGISTRY_ID")


@dataclass(frozen=True)
class GoldSpan:
    doc_id: str
    start: int
    end: int
    label: str
    text: str
    canonical: str


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EntityEvaluation:
    """Per label: `spans` scores location and label; `canonical` also requires the canonical form."""

    spans: dict[str, Score] = field(default_factory=lambda: {label: Score() for label in LABELS})
    canonical: dict[str, Score] = field(default_factory=lambda: {label: Score() for label in LABELS})
    misses: list[GoldSpan] = field(default_factory=list)
    wrong_canonical: list[tuple[GoldSpan, str]] = field(default_factory=list)
    spurious: list[tuple[str, int, int, str, str, str]] = field(default_factory=list)


def raw_char_offsets(document: Document, raw: bytes) -> Callable[[int, int], tuple[int, int]]:
    """Map an ingested span to character offsets of the raw file as the gold counts them."""
    if document.source_unit != "byte":
        raise ValueError(
            f"{document.doc_id}: gold spans need a byte-mapped source, not {document.source_unit}"
        )
    decoded_length = [0] * (len(raw) + 1)
    count = 0
    for index, byte in enumerate(raw):
        decoded_length[index] = count
        if byte & 0xC0 != 0x80:  # not a UTF-8 continuation byte: a new character starts here
            count += 1
    decoded_length[len(raw)] = count

    def to_raw(start: int, end: int) -> tuple[int, int]:
        s, e = document.to_source(start, end)
        return decoded_length[s], decoded_length[e]

    return to_raw


def score_entities(
    gold: Iterable[GoldSpan],
    predicted: Iterable[Entity],
    to_raw: Callable[[int, int], tuple[int, int]],
    evaluation: EntityEvaluation,
) -> None:
    gold_by_span = {(g.start, g.end, g.label): g for g in gold}
    predicted_by_span: dict[tuple[int, int, str], Entity] = {}
    for entity in predicted:
        start, end = to_raw(entity.char_start, entity.char_end)
        predicted_by_span[(start, end, entity.label)] = entity
    for key, g in gold_by_span.items():
        entity = predicted_by_span.get(key)
        if entity is None:
            evaluation.spans[g.label].false_negatives += 1
            evaluation.canonical[g.label].false_negatives += 1
            evaluation.misses.append(g)
            continue
        evaluation.spans[g.label].true_positives += 1
        if entity.canonical == g.canonical:
            evaluation.canonical[g.label].true_positives += 1
        else:
            evaluation.canonical[g.label].false_negatives += 1
            evaluation.canonical[g.label].false_positives += 1
            evaluation.wrong_canonical.append((g, entity.canonical))
    for key, entity in predicted_by_span.items():
        if key not in gold_by_span:
            evaluation.spans[entity.label].false_positives += 1
            evaluation.canonical[entity.label].false_positives += 1
            evaluation.spurious.append(
                (entity.doc_id, key[0], key[1], entity.label, entity.text, entity.canonical)
            )


def evaluate_entities(
    annotations: Path, corpus: Path, extract: Callable[[str, str], list[Entity]]
) -> EntityEvaluation:
    """Score `extract(doc_id, ingested_text)` on every document of the gold file.

    The gold names each document's file (`source`, relative to the repository); `corpus`
    is where those files are looked up by name.
    """
    from pipeline.ingest import ingest_file

    evaluation = EntityEvaluation()
    for line in (annotations / "entities.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        path = corpus / Path(record["source"]).name
        document = ingest_file(path)
        gold = [
            GoldSpan(record["doc_id"], s["start"], s["end"], s["label"], s["text"], s["canonical"])
            for s in record["spans"]
        ]
        score_entities(
            gold,
            extract(record["doc_id"], document.text),
            raw_char_offsets(document, path.read_bytes()),
            evaluation,
        )
    return evaluation


def entity_report(evaluation: EntityEvaluation, show_errors: bool = False) -> str:
    lines = [f"{'label':12} {'gold':>5} {'found':>5}   span P / R / F1          span+canonical P / R / F1"]
    for label in LABELS:
        s, c = evaluation.spans[label], evaluation.canonical[label]
        gold = s.true_positives + s.false_negatives
        found = s.true_positives + s.false_positives
        lines.append(
            f"{label:12} {gold:5d} {found:5d}   {s.precision:.3f} / {s.recall:.3f} / {s.f1:.3f}"
            f"    {c.precision:.3f} / {c.recall:.3f} / {c.f1:.3f}"
        )
    if show_errors:
        lines += ["", "missed (in gold, not found):"]
        lines += [
            f"  {g.doc_id} [{g.start}:{g.end}] {g.label} {g.text!r} -> {g.canonical}"
            for g in evaluation.misses
        ]
        lines += ["wrong canonical:"]
        lines += [
            f"  {g.doc_id} [{g.start}:{g.end}] {g.text!r}: gold {g.canonical!r}, found {p!r}"
            for g, p in evaluation.wrong_canonical
        ]
        lines += ["spurious (found, not in gold):"]
        lines += [
            f"  {d} [{s}:{e}] {label} {text!r} -> {canonical}"
            for d, s, e, label, text, canonical in evaluation.spurious
        ]
    return "\n".join(lines)


MEASUREMENT_FIELDS = ("trial", "endpoint", "cns", "measure", "arm", "population", "p_value")


@dataclass
class MeasurementEvaluation:
    """Gold and predicted figures are paired by the location of the number in the raw file."""

    gold: int = 0
    predicted: int = 0
    located: int = 0  # predicted numbers that are gold numbers
    records_correct: int = 0  # located with trial, endpoint and value all right
    # Of those records, how many also have the right arm / population (issue #4's attribution target).
    attributed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(("arm", "population"), 0))
    field_correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASUREMENT_FIELDS, 0))
    gold_cis: int = 0  # located records whose gold has a CI
    cis_exact: int = 0

    @property
    def record_precision(self) -> float:
        return self.records_correct / self.predicted if self.predicted else 0.0

    @property
    def record_recall(self) -> float:
        return self.records_correct / self.gold if self.gold else 0.0


def _same(gold_value: object, predicted: object) -> bool:
    if isinstance(predicted, bool):
        return bool(gold_value) == predicted
    return str(gold_value).strip().lower() == str(predicted or "").strip().lower()


def _gold_float(value: object) -> float | None:
    return None if value in ("", None) else float(value)  # type: ignore[arg-type]


def evaluate_measurements(
    annotations: Path, corpus: Path, extract: Callable[[Document], list[Measurement]]
) -> MeasurementEvaluation:
    """Score `extract(document)` against annotations/measurements.jsonl (format in MEASUREMENTS.md)."""
    from pipeline.ingest import ingest_file

    gold_records = [
        json.loads(line)
        for line in (annotations / "measurements.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    gold = {(g["doc_id"], g["start"], g["end"]): g for g in gold_records}
    evaluation = MeasurementEvaluation(gold=len(gold))
    for doc_id in sorted({g["doc_id"] for g in gold_records}):
        path = corpus / f"{doc_id}.txt"
        document = ingest_file(path)
        to_raw = raw_char_offsets(document, path.read_bytes())
        for measurement in extract(document):
            evaluation.predicted += 1
            g = gold.get((doc_id, *to_raw(measurement.char_start, measurement.char_end)))
            if g is None:
                continue
            evaluation.located += 1
            for name in MEASUREMENT_FIELDS:
                evaluation.field_correct[name] += _same(g[name], getattr(measurement, name))
            if (
                _same(g["trial"], measurement.trial)
                and _same(g["endpoint"], measurement.endpoint)
                and abs(float(g["value"]) - measurement.value) < 1e-9
            ):
                evaluation.records_correct += 1
                for name in evaluation.attributed:
                    evaluation.attributed[name] += _same(g[name], getattr(measurement, name))
            if g["ci_low"] != "" or g["ci_high"] != "":
                evaluation.gold_cis += 1
                evaluation.cis_exact += (_gold_float(g["ci_low"]), _gold_float(g["ci_high"])) == (
                    measurement.ci_low,
                    measurement.ci_high,
                )
    return evaluation


def measurement_report(evaluation: MeasurementEvaluation) -> str:
    e = evaluation
    lines = [
        f"efficacy figures: gold {e.gold}, found {e.predicted}, of which gold numbers {e.located}",
        f"records (trial + endpoint + value right): {e.records_correct}  "
        f"precision {e.record_precision:.3f}  recall {e.record_recall:.3f}",
        "fields right, among the gold numbers found:",
    ]
    lines += [
        f"  {name:10} {count:4d} / {e.located}  ({count / e.located if e.located else 0:.3f})"
        for name, count in e.field_correct.items()
    ]
    lines.append(f"  CI exact   {e.cis_exact:4d} / {e.gold_cis}")
    lines.append("attribution right, among the correct records:")
    lines += [
        f"  {name:10} {count:4d} / {e.records_correct}  "
        f"({count / e.records_correct if e.records_correct else 0:.3f})"
        for name, count in e.attributed.items()
    ]
    return "\n".join(lines)

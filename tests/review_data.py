"""Output folders built from hand-written figures, without the NLP pipeline: for the review tests
and bench/review_page.py. Each document's text is its sentences; offsets point at the numbers."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pipeline.batch import write_reconciliation
from pipeline.decisions import with_measurement_ids
from pipeline.records import Document, Measurement, columns
from pipeline.store import DocumentStore
from pipeline.textmap import OffsetMap

FINGERPRINT = "test"
DEFAULTS: dict[str, Any] = {
    "trial": "DESTINY-Breast03",
    "nct_id": "",
    "endpoint": "ORR",
    "cns": True,
    "measure": "rate",
    "arm": "trastuzumab deruxtecan",
    "arm_text": "",
    "population": "brain metastases",
    "unit": "%",
    "ci_low": None,
    "ci_high": None,
    "ci_level": None,
    "p_value": "",
    "n": None,
    "page": None,
    "section": "Results",
}


def figure(doc_id: str, sentence: str, value_text: str, **fields: Any) -> dict[str, Any]:
    return {"doc_id": doc_id, "evidence": sentence, "value_text": value_text, **fields}


def save_documents(store: DocumentStore, figures: list[dict[str, Any]], titles: dict[str, str]) -> None:
    """(Re)store each document of `figures` as one run of the pipeline would."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for item in figures:
        by_doc.setdefault(item["doc_id"], []).append(item)
    for doc_id, items in by_doc.items():
        heading = titles.get(doc_id, "")
        text = heading + "\n\n" + " ".join(item["evidence"] for item in items)
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        document = Document(
            doc_id=doc_id,
            path=f"corpus/{doc_id}.txt",
            format="text",
            sha256=sha,
            text=text,
            offset_map=OffsetMap.identity(len(text)),
            title=heading,
        )
        store.save_document(document, FINGERPRINT)
        measurements, cursor = [], len(heading) + 2
        for item in items:
            start = cursor + item["evidence"].index(item["value_text"])
            fields = {k: v for k, v in {**DEFAULTS, **item}.items() if k in columns(Measurement)}
            fields.setdefault("value", float(item["value_text"]))
            measurements.append(
                Measurement(**{**fields, "char_start": start, "char_end": start + len(item["value_text"])})
            )
            cursor += len(item["evidence"]) + 1
        store.save_extraction(doc_id, sha, FINGERPRINT, [], with_measurement_ids(measurements))


def build_outputs(out_dir: Path, figures: list[dict[str, Any]], titles: dict[str, str] | None = None) -> Path:
    """A run: store the documents (replacing those of the same doc_id), drop the others, write outputs."""
    with DocumentStore.in_folder(out_dir) as store:
        save_documents(store, figures, titles or {})
        store.forget_missing({item["doc_id"] for item in figures})
        write_reconciliation(store, out_dir, new_run=True)
    return out_dir

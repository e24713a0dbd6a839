"""The work on one document, and on a shard of them: ingest and extract, with no store and no I/O
but reading the file. Pure, so it runs the same in this process, a local worker process or a Dask
worker; the batch's single writer stores what it returns (pipeline.batch).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import DocumentError
from pipeline.ingest import format_of, ingest_bytes, read_source, sha256_of
from pipeline.limits import DEFAULT_LIMITS, Limits, MemoryLimitExceeded, TimeLimitExceeded, within
from pipeline.records import Document, DocumentErrorRow, Entity, Measurement

if TYPE_CHECKING:
    from spacy.language import Language

_STAGE_NAMES = {"ingest": "ingestion", "extract": "extraction"}


@dataclass(frozen=True)
class Job:
    """A document that needs work. `document` is set when its ingestion is current (only extraction
    is redone); else the worker reads and ingests `path`."""

    doc_id: str
    path: Path
    document: Document | None = None


@dataclass
class Result:
    doc_id: str
    path: Path
    format: str = "unknown"
    sha256: str | None = None
    document: Document | None = None  # freshly ingested: the writer stores it
    error: DocumentErrorRow | None = None  # in stage "ingest": nothing usable; "extract": document kept
    entities: list[Entity] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    extracted: bool = False
    seconds: float = 0.0

    @classmethod
    def failed(cls, job: Job, message: str, detail: str = "") -> Result:
        """The job's document could not be worked on at all (its worker died, its task failed):
        an ingestion error, or an extraction error when its ingested text is already stored."""
        stage = "ingest" if job.document is None else "extract"
        return cls(
            job.doc_id, job.path, error=DocumentErrorRow(job.doc_id, str(job.path), stage, message, detail)
        )


@cache
def shared_pipeline() -> Language:
    """The spaCy pipeline, built once per process and only when a document needs it, and run once
    on a sentence: its first text sets up the models' buffers (some 60 MB), no document's cost."""
    from pipeline.nlp import shared_pipeline as build

    nlp = build()
    document_entities(
        nlp, "warm-up", ["Trastuzumab gave an objective response rate of 45% in breast cancer."]
    )
    return nlp


def document_entities(nlp: Language, doc_id: str, texts: list[str]) -> list[Entity]:
    from pipeline.nlp import document_entities as extract

    return extract(nlp, doc_id, texts)


def analyse(job: Job, max_bytes: int, limits: Limits = DEFAULT_LIMITS) -> Result:
    """Ingest (unless the job carries its document) and extract, within `limits` for the document."""
    result = Result(job.doc_id, job.path, document=None)
    stage = "ingest"
    started = time.perf_counter()
    # Loaded once per process, before the limits: the models are no document's cost. So are the
    # extractors' modules (pipeline.decisions imports pandas), imported here and not with this
    # module, which the writer imports too: a re-run that finds nothing to extract does not pay.
    nlp = shared_pipeline()
    from pipeline.decisions import with_measurement_ids
    from pipeline.efficacy import extract_measurements

    try:
        with within(limits):
            document = job.document
            if document is None:
                result.format = format_of(job.path)
                data = read_source(job.path, max_bytes)
                result.sha256 = sha256_of(data)
                document = result.document = ingest_bytes(job.path, data, limits)
            else:
                result.format, result.sha256 = document.format, document.sha256
            stage = "extract"
            result.entities = document_entities(nlp, job.doc_id, [document.text])
            result.measurements = with_measurement_ids(extract_measurements(document, result.entities))
            result.extracted = True
    except TimeLimitExceeded:
        result.error = _row(
            job,
            stage,
            f"took longer than {limits.seconds:g} s in {_STAGE_NAMES[stage]}; the file may be a flattened "
            "table or damaged PDF (raise the limit with --time-limit)",
            "",
        )
    except (MemoryLimitExceeded, Exception) as exc:
        result.error = _failure_row(job, stage, exc, limits)
    if result.error is not None:
        result.entities, result.measurements, result.extracted = [], [], False
    result.seconds = time.perf_counter() - started
    return result


def _failure_row(job: Job, stage: str, exc: BaseException, limits: Limits) -> DocumentErrorRow:
    """The error row of a document that failed otherwise than by running out of time."""
    if isinstance(exc, MemoryLimitExceeded) or _out_of_memory(exc):
        return _row(
            job,
            stage,
            f"used more than {limits.memory_mb:g} MB of memory in {_STAGE_NAMES[stage]}; the file may be a "
            "flattened table or damaged PDF (raise the limit with --memory-limit)",
            "",
        )
    if isinstance(exc, DocumentError):
        return _row(job, exc.stage, exc.message, exc.detail)
    # a bug or an input we did not foresee: report it, keep the batch going
    message = (
        f"unexpected failure while ingesting ({type(exc).__name__}); please report it with this file"
        if stage == "ingest"
        else f"extraction failed ({type(exc).__name__}); the ingested text is kept"
    )
    return _row(job, stage, message, repr(exc))


def _out_of_memory(exc: BaseException) -> bool:
    """A MemoryError (the address-space limit of a worker), or a library's error wrapping one."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, MemoryError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _row(job: Job, stage: str, message: str, detail: str) -> DocumentErrorRow:
    return DocumentErrorRow(job.doc_id, str(job.path), stage, message, detail)


def analyse_shard(jobs: list[Job], max_bytes: int, limits: Limits = DEFAULT_LIMITS) -> list[Result]:
    """The unit of parallel work: a few documents, so a huge corpus is thousands of tasks, not millions."""
    return [analyse(job, max_bytes, limits) for job in jobs]

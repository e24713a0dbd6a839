"""The work on one document, and on a shard of them: ingest and extract, with no store and no I/O
but reading the file. Pure, so it runs the same in this process, a local worker process or a Dask
worker; the batch's single writer stores what it returns (pipeline.batch).
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.decisions import with_measurement_ids
from pipeline.efficacy import extract_measurements
from pipeline.errors import DocumentError
from pipeline.ingest import format_of, ingest_bytes, read_source, sha256_of
from pipeline.records import Document, DocumentErrorRow, Entity, Measurement

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_TIME_LIMIT = 120.0
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


class TimeLimitExceeded(Exception):
    pass


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in this thread once `seconds` have passed, if it is still inside.

    Works in any thread (a Dask or Prefect worker thread as well as a process's main thread): the
    exception is set asynchronously on the thread, and lands at its next Python bytecode, so pure
    Python that loops (a regex-heavy extractor, pdfminer) is stopped; a call stuck inside C is not.
    """
    if not seconds:
        yield
        return
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"inside": True}

    def expire() -> None:
        with lock:
            if state["inside"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(thread_id), ctypes.py_object(TimeLimitExceeded)
                )

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["inside"] = False
        timer.cancel()


def shared_pipeline() -> Language:
    """The spaCy pipeline, built once per process and only when a document needs it."""
    from pipeline.nlp import shared_pipeline as build

    return build()


def document_entities(nlp: Language, doc_id: str, texts: list[str]) -> list[Entity]:
    from pipeline.nlp import document_entities as extract

    return extract(nlp, doc_id, texts)


def analyse(job: Job, max_bytes: int, seconds: float | None = DEFAULT_TIME_LIMIT) -> Result:
    """Ingest (unless the job carries its document) and extract, within `seconds` for the document."""
    result = Result(job.doc_id, job.path, document=None)
    stage = "ingest"
    started = time.perf_counter()
    try:
        with time_limit(seconds):
            document = job.document
            if document is None:
                result.format = format_of(job.path)
                data = read_source(job.path, max_bytes)
                result.sha256 = sha256_of(data)
                document = result.document = ingest_bytes(job.path, data)
            else:
                result.format, result.sha256 = document.format, document.sha256
            stage = "extract"
            result.entities = document_entities(shared_pipeline(), job.doc_id, [document.text])
            result.measurements = with_measurement_ids(extract_measurements(document, result.entities))
            result.extracted = True
    except TimeLimitExceeded:
        result.error = _row(
            job,
            stage,
            f"took longer than {seconds:g} s in {_STAGE_NAMES[stage]}; the file may be a flattened "
            "table or damaged PDF (raise the limit with --time-limit)",
            "",
        )
    except DocumentError as exc:
        result.error = _row(job, exc.stage, exc.message, exc.detail)
    except Exception as exc:  # a bug or an input we did not foresee: report it, keep the batch going
        message = (
            f"unexpected failure while ingesting ({type(exc).__name__}); please report it with this file"
            if stage == "ingest"
            else f"extraction failed ({type(exc).__name__}); the ingested text is kept"
        )
        result.error = _row(job, stage, message, repr(exc))
    if result.error is not None:
        result.entities, result.measurements, result.extracted = [], [], False
    result.seconds = time.perf_counter() - started
    return result


def _row(job: Job, stage: str, message: str, detail: str) -> DocumentErrorRow:
    return DocumentErrorRow(job.doc_id, str(job.path), stage, message, detail)


def analyse_shard(
    jobs: list[Job], max_bytes: int, seconds: float | None = DEFAULT_TIME_LIMIT
) -> list[Result]:
    """The unit of parallel work: a few documents, so a huge corpus is thousands of tasks, not millions."""
    return [analyse(job, max_bytes, seconds) for job in jobs]

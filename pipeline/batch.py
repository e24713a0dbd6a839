"""A batch over a corpus folder: discover files, ingest what changed, write the outputs.

The CLI and the Prefect flow both drive these functions, one code path. Work streams
document by document: nothing holds the corpus in memory, and each document is
committed to the store as soon as it is done.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.corpus import walk_corpus
from pipeline.decisions import with_measurement_ids
from pipeline.efficacy import extract_measurements
from pipeline.errors import DocumentError, TrialsiftError
from pipeline.ingest import DEFAULT_MAX_BYTES, format_of, ingest_bytes, read_source, sha256_of
from pipeline.outputs import records_frame, write_table
from pipeline.records import DocumentErrorRow, DocumentRow, Entity, doc_id_for
from pipeline.store import DocumentStore

if TYPE_CHECKING:
    from spacy.language import Language


def shared_pipeline() -> Language:
    """The spaCy pipeline, built once per process and only when a document needs it."""
    from pipeline.nlp import shared_pipeline as build

    return build()


def document_entities(nlp: Language, doc_id: str, texts: list[str]) -> list[Entity]:
    from pipeline.nlp import document_entities as extract

    return extract(nlp, doc_id, texts)


# The files whose content decides what a stage produces: a change to any of them redoes
# that stage for every document on the next run, and only that stage.
_INGESTION_SOURCES = (
    "ingest/__init__.py",
    "ingest/text.py",
    "ingest/pdf.py",
    "ingest/jats.py",
    "ingest/layout.py",
    "ingest/reading_order.py",
    "ingest/furniture.py",
    "normalize.py",
    "textmap.py",
    "records.py",
    "patterns/normalization.json",
    "patterns/layout.json",
    "patterns/pdf_layout.json",
)
_EXTRACTION_SOURCES = (
    "records.py",
    "decisions.py",
    "efficacy/",  # every module of the package: a new stage cannot be forgotten here
    "numbers.py",
    "patterns/efficacy.json",
    "patterns/trial_designs.json",
    "patterns/document_design.json",
    "drugs.py",
    "trials.py",
    "entities.py",
    "spans.py",
    "sentences.py",
    "nlp.py",
    "config/pipeline.cfg",
    "patterns/oncology_drugs.jsonl",
    "patterns/drug_stems.json",
    "patterns/trials.jsonl",
    "patterns/registry_ids.json",
    "patterns/trial_context.json",
    "patterns/sentences.json",
    "models/ner_bc5cdr_chem/meta.json",
)


def _fingerprint(names: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    package = resources.files("pipeline")
    for name in names:
        resource = package.joinpath(name)
        if name.endswith("/"):
            files = sorted((f for f in resource.iterdir() if f.name.endswith(".py")), key=lambda f: f.name)
            for module in files:
                digest.update(f"{name}{module.name}".encode() + module.read_bytes())
            continue
        digest.update(name.encode() + (resource.read_bytes() if resource.is_file() else b"(missing)"))
    return digest.hexdigest()[:16]


def ingestion_fingerprint() -> str:
    return _fingerprint(_INGESTION_SOURCES)


@dataclass(frozen=True)
class Fingerprints:
    ingest: str
    extract: str

    @classmethod
    def current(cls) -> Fingerprints:
        return cls(ingest=ingestion_fingerprint(), extract=_fingerprint(_EXTRACTION_SOURCES))


@dataclass(frozen=True)
class SourceFile:
    path: Path
    doc_id: str
    # Set when an earlier file (in sorted order) already has this doc_id.
    duplicate_of: Path | None = None
    # Why the entry cannot be read (a FIFO, a dangling or looping link, ...): an error row.
    problem: str = ""


@dataclass(frozen=True)
class Outcome:
    doc_id: str
    status: str  # "ingested", "unchanged" or "error"
    pages: int = 0
    tables: int = 0
    error: str = ""
    entities: int | None = None  # None: extraction was already current (or could not run)
    measurements: int | None = None


@dataclass
class BatchSummary:
    corpus: str
    out_dir: str
    documents: int = 0
    ingested: int = 0
    unchanged: int = 0
    removed: int = 0
    errors: int = 0
    pages: int = 0
    tables: int = 0
    entities: int = 0
    measurements: int = 0
    conflicts: int = 0
    outputs: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 3 if self.errors else 0


def discover(
    corpus: Path, stored_paths: dict[str, str] | None = None, follow_links: bool = False
) -> list[SourceFile]:
    """Every non-hidden file under `corpus`, sorted; unsupported ones are reported, not skipped.

    Entries that are not regular files (named pipes, devices, sockets, symbolic links that loop or
    lead nowhere) and names that are not valid UTF-8 come back with a `problem`, reported as an
    error row; nothing is opened to find out. A symbolic link that leads outside `corpus` is
    reported and not followed unless `follow_links`.

    Two files with the same stem would share a doc_id: the one the store already knows
    under that doc_id keeps it (else the first in sorted order) and the other is reported.
    """
    stored_paths = stored_paths or {}
    found = sorted(walk_corpus(corpus, follow_links))
    owner: dict[str, Path] = {}
    for path, problem in found:
        doc_id = doc_id_for(path)
        if not problem and (doc_id not in owner or stored_paths.get(doc_id) == str(path)):
            owner[doc_id] = path
    files = []
    for path, problem in found:
        doc_id = doc_id_for(path)
        if problem:
            files.append(
                SourceFile(path=path, doc_id=doc_id if doc_id not in owner else path.name, problem=problem)
            )
        elif owner[doc_id] == path:
            files.append(SourceFile(path=path, doc_id=doc_id))
        else:
            # Keyed by its full name so its error row cannot replace the owner's results.
            files.append(SourceFile(path=path, doc_id=path.name, duplicate_of=owner[doc_id]))
    return files


def process_file(
    store: DocumentStore,
    source: SourceFile,
    fingerprints: Fingerprints,
    max_bytes: int = DEFAULT_MAX_BYTES,
    nlp: Callable[[], Language] | None = None,
) -> Outcome:
    """Bring one file's results up to date: ingest it if its content is new, then extract what is missing."""
    outcome, sha = _ingest(store, source, fingerprints.ingest, max_bytes)
    if outcome.status == "error" or sha is None:
        return outcome
    return _extract(store, source, sha, fingerprints.extract, outcome, nlp or shared_pipeline)


def _ingest(
    store: DocumentStore, source: SourceFile, fingerprint: str, max_bytes: int
) -> tuple[Outcome, str | None]:
    path, doc_id = source.path, source.doc_id
    fmt, sha = "unknown", None
    try:
        if source.problem:
            raise DocumentError(path, source.problem)
        if source.duplicate_of is not None:
            raise DocumentError(
                path,
                f"another file, {source.duplicate_of.name}, has the same name stem '{path.stem}'; "
                "rename one of them (doc_id must be unique)",
            )
        fmt = format_of(path)
        data = read_source(path, max_bytes)
        sha = sha256_of(data)
        stored = store.stored_file(doc_id)
        if stored and stored.sha256 == sha and stored.fingerprint == fingerprint:
            if stored.status == "ok":
                store.update_path(doc_id, str(path))
                return Outcome(doc_id, "unchanged"), sha
            return Outcome(doc_id, "error", error="unchanged since it last failed"), None
        if store.has_content(sha, fmt, fingerprint):
            store.reuse_document(doc_id, str(path), fmt, sha, fingerprint)
            return Outcome(doc_id, "unchanged"), sha
        document = ingest_bytes(path, data)
        store.save_document(document, fingerprint)
        return Outcome(doc_id, "ingested", pages=len(document.pages), tables=len(document.tables)), sha
    except DocumentError as exc:
        error = DocumentErrorRow(doc_id, str(path), exc.stage, exc.message, exc.detail)
    except Exception as exc:  # a bug or an input we did not foresee: report it, keep the batch going
        message = (
            f"unexpected failure while ingesting ({type(exc).__name__}); please report it with this file"
        )
        error = DocumentErrorRow(doc_id, str(path), "ingest", message, repr(exc))
    store.save_error(error, fmt, sha, fingerprint)
    return Outcome(doc_id, "error", error=error.error), None


def _extract(
    store: DocumentStore,
    source: SourceFile,
    sha: str,
    fingerprint: str,
    outcome: Outcome,
    nlp: Callable[[], Language],
) -> Outcome:
    if store.stage_is_current(source.doc_id, "extract", sha, fingerprint):
        return outcome
    try:
        document = store.load_document(source.doc_id)
        entities = document_entities(nlp(), source.doc_id, [document.text])
        measurements = with_measurement_ids(extract_measurements(document, entities))
    except Exception as exc:  # the ingested document is kept; the stage is retried on the next run
        message = f"extraction failed ({type(exc).__name__}); the ingested text is kept"
        store.save_stage_error(
            DocumentErrorRow(source.doc_id, str(source.path), "extract", message, repr(exc))
        )
        return replace(outcome, status="error", error=message)
    store.save_extraction(source.doc_id, sha, fingerprint, entities, measurements)
    return replace(outcome, entities=len(entities), measurements=len(measurements))


@dataclass
class Written:
    """The files an output step wrote, and the row counts the run summary reports."""

    paths: list[Path] = field(default_factory=list)
    entities: int = 0
    measurements: int = 0
    conflicts: int = 0


def write_outputs(store: DocumentStore, out_dir: Path, new_run: bool = True) -> Written:
    entities = records_frame(store.entity_rows(), Entity)
    written = write_reconciliation(store, out_dir, new_run)
    written.entities = len(entities)
    written.paths = [
        *write_table(records_frame(store.document_rows(), DocumentRow), out_dir, "documents"),
        *write_table(entities, out_dir, "entities"),
        *write_table(records_frame(store.error_rows(), DocumentErrorRow), out_dir, "errors"),
        *written.paths,
    ]
    return written


def write_reconciliation(store: DocumentStore, out_dir: Path, new_run: bool = False) -> Written:
    """measurements, the conflicts between documents, the checks inside each, reviewers' decisions
    and the report. `new_run`: these are a new run's conflicts (what is "new" is counted from here)."""
    from pipeline.review import write_reviewed_outputs

    paths, reviewed = write_reviewed_outputs(store, out_dir, "advance" if new_run else "replace")
    return Written(paths, measurements=len(reviewed.measurements), conflicts=len(reviewed.conflicts))


def finish_batch(
    store: DocumentStore, sources: list[SourceFile], outcomes: list[Outcome], summary: BatchSummary
) -> BatchSummary:
    summary.removed = len(store.forget_missing({s.doc_id for s in sources}))
    rows = store.document_rows()
    summary.documents = len(rows)
    summary.errors = len(store.error_rows())
    summary.ingested = sum(1 for o in outcomes if o.status == "ingested")
    summary.unchanged = sum(1 for o in outcomes if o.status == "unchanged")
    summary.pages = sum(r.pages or 0 for r in rows)
    summary.tables = sum(r.tables or 0 for r in rows)
    written = write_outputs(store, Path(summary.out_dir))
    summary.outputs = [str(p) for p in written.paths]
    summary.entities, summary.measurements, summary.conflicts = (
        written.entities,
        written.measurements,
        written.conflicts,
    )
    return summary


def refuse_out_inside_corpus(corpus: Path, out_dir: Path) -> None:
    """The outputs (report.md among them) would be read as documents by the next run."""
    if out_dir.resolve().is_relative_to(corpus.resolve()):
        raise TrialsiftError(
            f"the output folder {out_dir} is inside the corpus folder {corpus}: the next run would read "
            "the outputs as documents; choose an output folder outside the corpus"
        )


def run_batch(
    corpus: Path,
    out_dir: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_start: Callable[[int], None] | None = None,
    on_file: Callable[[SourceFile], None] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    follow_links: bool = False,
) -> BatchSummary:
    """Ingest every changed file of `corpus` into the store under `out_dir`, then write the outputs."""
    refuse_out_inside_corpus(corpus, out_dir)
    fingerprints = Fingerprints.current()
    summary = BatchSummary(corpus=str(corpus), out_dir=str(out_dir))
    outcomes: list[Outcome] = []
    with DocumentStore.in_folder(out_dir) as store:
        sources = discover(corpus, store.stored_paths(), follow_links)
        if on_start:
            on_start(len(sources))
        for source in sources:
            if on_file:
                on_file(source)
            outcome = process_file(store, source, fingerprints, max_bytes)
            outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)
        return finish_batch(store, sources, outcomes, summary)

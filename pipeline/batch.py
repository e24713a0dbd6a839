"""A batch over a corpus folder: discover files, ingest what changed, write the outputs.

The CLI and the Prefect flow both drive these functions, one code path. Work streams
document by document: nothing holds the corpus in memory, and each document is
committed to the store as soon as it is done.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pipeline.corpus import walk_corpus
from pipeline.errors import DocumentError, TrialsiftError
from pipeline.ingest import DEFAULT_MAX_BYTES, format_of, read_source, sha256_of
from pipeline.limits import DEFAULT_LIMITS, Limits
from pipeline.memo import package_modules
from pipeline.publish import new_generation, output_lock
from pipeline.records import DocumentErrorRow, DocumentRow, Entity, doc_id_for
from pipeline.store import DocumentStore
from pipeline.work import Job, Result

# The files whose content decides what a stage produces: a change to any of them redoes
# that stage for every document on the next run, and only that stage.
_INGESTION_SOURCES = (
    "ingest/__init__.py",
    "ingest/text.py",
    "ingest/pdf.py",
    "ingest/pdf_bounds.py",
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
    "patterns/arm.json",
    "drugs.py",
    "trials.py",
    "lowered.py",
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
            for path, module in package_modules(resource):
                digest.update(f"{name}{path}".encode() + module.read_bytes())
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


_OUTPUT_SOURCES = (
    "reconcile/",
    "patterns/reconcile.json",  # a reviewer's tolerances: editing them rewrites the conflicts
    "report/",
    "outputs.py",
    "summary.py",
    "batch.py",
    "review.py",
    "decisions.py",
    "memo.py",
)
_OUTPUTS_STAMP = ".trialsift-outputs"  # the fingerprint of the code that wrote the outputs
_OUTPUT_FILES = (
    "documents.csv",
    "entities.csv",
    "errors.csv",
    "measurements.csv",
    "conflicts.csv",
    "report.html",
)


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
    # Since the previous run: documents new to the corpus, conflicts raised and resolved (as the
    # store's conflict snapshots count them, which the report and the review page show too).
    added: list[str] = field(default_factory=list)
    new_conflicts: int = 0
    conflicts_gone: int = 0
    # Empty when nothing changed: the outputs were current and left untouched.
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


def plan(
    store: DocumentStore, source: SourceFile, fingerprints: Fingerprints, max_bytes: int
) -> Outcome | Job:
    """What one file needs: nothing (its Outcome), or work (a Job). Reads the file to hash it.

    Runs in the writer: content already stored under any doc_id is reused, not re-ingested.
    """
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
        sha = sha256_of(read_source(path, max_bytes))
    except DocumentError as exc:
        error = DocumentErrorRow(doc_id, str(path), exc.stage, exc.message, exc.detail)
        store.save_error(error, fmt, sha, fingerprints.ingest)
        return Outcome(doc_id, "error", error=error.error)
    stored = store.stored_file(doc_id)
    if stored and stored.sha256 == sha and stored.fingerprint == fingerprints.ingest:
        if stored.status != "ok":
            return Outcome(doc_id, "error", error="unchanged since it last failed")
        if stored.path != str(path):
            store.update_path(doc_id, str(path))
    elif store.has_content(sha, fmt, fingerprints.ingest):
        store.reuse_document(doc_id, str(path), fmt, sha, fingerprints.ingest)
    else:
        return Job(doc_id, path)
    if store.stage_is_current(doc_id, "extract", sha, fingerprints.extract):
        return Outcome(doc_id, "unchanged")
    return Job(doc_id, path, document=store.load_document(doc_id))


def record(store: DocumentStore, result: Result, fingerprints: Fingerprints) -> Outcome:
    """Store one document's results: the batch's only writer, one transaction per step."""
    error = result.error
    if error is not None and error.stage == "ingest":
        store.save_error(error, result.format, result.sha256, fingerprints.ingest)
        return Outcome(result.doc_id, "error", error=error.error)
    outcome = Outcome(result.doc_id, "unchanged")
    if result.document is not None:
        store.save_document(result.document, fingerprints.ingest)
        document = result.document
        outcome = Outcome(result.doc_id, "ingested", pages=len(document.pages), tables=len(document.tables))
    if error is not None:
        store.save_stage_error(error)
        return Outcome(result.doc_id, "error", outcome.pages, outcome.tables, error=error.error)
    assert result.sha256 is not None
    store.save_extraction(
        result.doc_id, result.sha256, fingerprints.extract, result.entities, result.measurements
    )
    return Outcome(
        result.doc_id,
        outcome.status,
        outcome.pages,
        outcome.tables,
        entities=len(result.entities),
        measurements=len(result.measurements),
    )


def shard_size(remaining: int, workers: int) -> int:
    """Half of each worker's share of the documents not yet planned, at most 128 and, but for a
    small corpus, at least 8: shards are large while much is left (a Prefect task run costs about
    0.15 CPU-s besides its documents) and shrink at the end, so that the workers finish together.
    A million-paper corpus is some 8,000 tasks."""
    return max(1, min(8, remaining // workers), min(128, remaining // (2 * workers)))


def process(
    store: DocumentStore,
    sources: list[SourceFile],
    fingerprints: Fingerprints,
    max_bytes: int,
    execute: Callable[[Iterable[list[Job]]], Iterator[list[Result]]],
    workers: int,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Plan each file, send the files that need work to `execute` in shards (sized for `workers`,
    `shard_size`), record what comes back."""
    outcomes: list[Outcome] = []
    stamp = store.path.parent / _OUTPUTS_STAMP

    def done(outcome: Outcome) -> None:
        # The outputs are stale from the store's first change on, even if this run is killed.
        if store.changes() and stamp.exists():
            stamp.unlink()
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    def shards() -> Iterator[list[Job]]:
        shard: list[Job] = []
        size = shard_size(len(sources), workers)
        for planned_so_far, source in enumerate(sources, 1):
            planned = plan(store, source, fingerprints, max_bytes)
            if isinstance(planned, Outcome):
                done(planned)
                continue
            shard.append(planned)
            if len(shard) >= size:
                yield shard
                shard = []
                size = shard_size(len(sources) - planned_so_far, workers)
        if shard:
            yield shard

    for results in execute(shards()):
        for result in results:
            done(record(store, result, fingerprints))
    return outcomes


@dataclass
class Written:
    """The files an output step wrote, and the row counts the run summary reports."""

    paths: list[Path] = field(default_factory=list)
    entities: int = 0
    measurements: int = 0
    conflicts: int = 0
    new_conflicts: int = 0
    conflicts_gone: int = 0


def write_outputs(store: DocumentStore, out_dir: Path, new_run: bool = True) -> Written:
    # Imported here: pandas takes half a second to import, which a re-run that finds nothing
    # changed (and a flow run, before it knows) should not pay.
    from pipeline.outputs import fields_frame, records_frame, write_table

    entities = fields_frame(store.entity_fields(), Entity)
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
    return Written(
        paths,
        measurements=len(reviewed.measurements),
        conflicts=len(reviewed.conflicts),
        new_conflicts=len(reviewed.new_conflicts),
        conflicts_gone=len(reviewed.gone_conflicts),
    )


def _outputs_current(out_dir: Path) -> bool:
    stamp = out_dir / _OUTPUTS_STAMP
    return (
        stamp.exists()
        and stamp.read_text() == _fingerprint(_OUTPUT_SOURCES)
        and all((out_dir / name).exists() for name in _OUTPUT_FILES)
    )


def finish_batch(
    store: DocumentStore,
    sources: list[SourceFile],
    outcomes: list[Outcome],
    summary: BatchSummary,
    known: set[str],
) -> BatchSummary:
    """Drop the documents whose files are gone and write the outputs, unless nothing changed.

    `known`: the doc_ids the store held before this run. With no change to the store (and outputs
    written by the current code), nothing is rewritten: an unchanged re-run writes nothing.
    """
    out_dir = Path(summary.out_dir)
    summary.removed = len(store.forget_missing({s.doc_id for s in sources}))
    rows = store.document_rows()
    summary.documents = len(rows)
    summary.errors = len(store.error_rows())
    summary.ingested = sum(1 for o in outcomes if o.status == "ingested")
    summary.unchanged = sum(1 for o in outcomes if o.status == "unchanged")
    summary.added = sorted({r.doc_id for r in rows if r.status == "ok"} - known)
    summary.pages = sum(r.pages or 0 for r in rows)
    summary.tables = sum(r.tables or 0 for r in rows)
    if store.changes() == 0 and _outputs_current(out_dir):
        summary.entities, summary.measurements = store.count("entities"), store.count("measurements")
        summary.conflicts = len(store.conflict_snapshot("latest") or {})
        return summary
    (out_dir / _OUTPUTS_STAMP).unlink(missing_ok=True)
    with new_generation(out_dir) as folder:  # published as one set, or not at all
        written = write_outputs(store, folder)
    summary.outputs = [str(out_dir / p.name) for p in written.paths]
    (out_dir / _OUTPUTS_STAMP).write_text(_fingerprint(_OUTPUT_SOURCES))
    summary.entities, summary.measurements, summary.conflicts = (
        written.entities,
        written.measurements,
        written.conflicts,
    )
    summary.new_conflicts, summary.conflicts_gone = written.new_conflicts, written.conflicts_gone
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
    on_outcome: Callable[[Outcome], None] | None = None,
    workers: int | None = 1,
    limits: Limits = DEFAULT_LIMITS,
    follow_links: bool = False,
    wait: bool = False,
) -> BatchSummary:
    """Bring the store under `out_dir` up to date with `corpus`, then write the outputs.

    `workers` > 1 ingests and extracts in that many local processes (None: as many as the machine
    and the corpus keep busy); this process stays the store's only writer. The outputs do not
    depend on the number of workers. Another process writing to `out_dir` makes this run refuse
    (pipeline.publish.OutputFolderBusy), or with `wait` wait for it.
    """
    from pipeline.executors import default_workers, in_process, local_processes, shard_work, unless_small

    refuse_out_inside_corpus(corpus, out_dir)
    fingerprints = Fingerprints.current()
    summary = BatchSummary(corpus=str(corpus), out_dir=str(out_dir))
    with output_lock(out_dir, wait), DocumentStore.in_folder(out_dir) as store:
        sources = discover(corpus, store.stored_paths(), follow_links)
        if on_start:
            on_start(len(sources))
        work = shard_work(max_bytes, limits)
        execute = in_process(work)
        if workers is None:  # sized by the corpus; a re-run that finds little to do starts no worker
            workers = default_workers(len(sources))
            if workers > 1:
                execute = unless_small(local_processes(workers, work), execute)
        elif workers > 1:
            execute = local_processes(workers, work)
        known = set(store.doc_ids())
        outcomes = process(store, sources, fingerprints, max_bytes, execute, workers, on_outcome)
        return finish_batch(store, sources, outcomes, summary, known)

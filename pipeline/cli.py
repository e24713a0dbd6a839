"""The `trialsift` command: the library's front door.

Exit status: 0 when every document succeeded, 3 when some failed but the run completed,
2 for usage errors, 1 when the run itself could not proceed (another process writing to the
output folder among the reasons), 130 / 143 when SIGINT / SIGTERM interrupted it.
"""

from __future__ import annotations

import errno
import gc
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline import __version__
from pipeline.batch import BatchSummary, Outcome, refuse_out_inside_corpus, run_batch
from pipeline.errors import DocumentError, TrialsiftError
from pipeline.ingest import DEFAULT_MAX_BYTES, ingest_file
from pipeline.interrupt import RunInterrupted, interruptible, stop_child_processes
from pipeline.limits import (
    DEFAULT_MAX_DECOMPRESSED_MB,
    DEFAULT_MAX_PAGES,
    DEFAULT_MEMORY_LIMIT_MB,
    DEFAULT_TIME_LIMIT,
    Limits,
)
from pipeline.publish import OutputFolderBusy, new_generation, output_lock

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_SOME_FAILED = 0, 1, 2, 3

_out_option = click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("outputs"),
    show_default=True,
    help="Output folder: the tables, the report and the document store.",
)
_max_mb_option = click.option(
    "--max-mb",
    type=click.FloatRange(min=0.001),
    default=DEFAULT_MAX_BYTES / 1_000_000,
    show_default=True,
    help="Refuse (and report) files larger than this many MB.",
)

_time_limit_option = click.option(
    "--time-limit",
    type=click.FloatRange(min=1),
    default=DEFAULT_TIME_LIMIT,
    show_default=True,
    help="Seconds one document may take to ingest and extract; past that it is reported and skipped.",
)
_memory_limit_option = click.option(
    "--memory-limit",
    type=click.FloatRange(min=1),
    default=DEFAULT_MEMORY_LIMIT_MB,
    show_default=True,
    help="MB of memory one document may use to ingest and extract (beyond what its process held "
    "before it); past that it is reported and skipped.",
)
_max_pages_option = click.option(
    "--max-pages",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_PAGES,
    show_default=True,
    help="Refuse (and report) PDFs with more pages than this.",
)
_max_decompressed_option = click.option(
    "--max-decompressed-mb",
    type=click.FloatRange(min=1),
    default=DEFAULT_MAX_DECOMPRESSED_MB,
    show_default=True,
    help="Refuse (and report) PDFs whose compressed streams expand to more than this many MB in all "
    "(decompression bombs).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="trialsift")
def main() -> None:
    """trialsift: efficacy evidence from oncology trial papers, with exact provenance.

    Put papers (plain text, PDF, PubMed Central JATS XML) in a folder and run
    `trialsift run FOLDER`. Results go to outputs/ (see README.md).
    """


@main.command()
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
@_out_option
@_max_mb_option
@_time_limit_option
@_memory_limit_option
@_max_pages_option
@_max_decompressed_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Documents are ingested and extracted by this many local processes "
    "[default: one per core, at most one per 50 documents, none when fewer than 50 need work; "
    "1 works in this process].",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="tcp://HOST:PORT",
    help="Run the batch as the Prefect flow on this existing Dask cluster instead of local processes.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary; errors still go to stderr.")
@click.option(
    "--follow-links",
    is_flag=True,
    help="Read the files that symbolic links lead to outside CORPUS (by default such links are "
    "reported in errors.csv and not followed).",
)
@click.option(
    "--wait",
    is_flag=True,
    help="When another trialsift process is writing to --out, wait for it to finish "
    "(by default the run refuses, naming that process).",
)
def run(
    corpus: Path,
    out_dir: Path,
    max_mb: float,
    time_limit: float,
    memory_limit: float,
    max_pages: int,
    max_decompressed_mb: float,
    workers: int | None,
    dask_address: str | None,
    quiet: bool,
    follow_links: bool,
    wait: bool,
) -> None:
    """Process every document in CORPUS and write the outputs.

    Only new or changed files are processed; results of deleted files are dropped.
    Writes documents.csv, entities.csv, measurements.csv, conflicts.csv, checks.csv and errors.csv
    (each also as .parquet), report.html and report.md into --out, published together.
    SIGINT (Ctrl-C) or SIGTERM stops the run: the outputs stay those of the last complete run.
    """
    try:
        refuse_out_inside_corpus(corpus, out_dir)
    except TrialsiftError as exc:
        raise click.UsageError(str(exc)) from None
    console = Console(stderr=True, quiet=quiet)
    try:
        limits = Limits(time_limit, memory_limit, max_pages, max_decompressed_mb)
        with interruptible(), output_lock(out_dir, wait, lambda note: click.echo(note, err=True)):
            if dask_address:
                summary = _run_flow(corpus, out_dir, int(max_mb * 1_000_000), limits, dask_address)
            else:
                summary = _run_with_progress(
                    corpus, out_dir, int(max_mb * 1_000_000), limits, workers, console, follow_links
                )
    except RunInterrupted as exc:
        click.echo(
            f"Interrupted by {exc.name}: the documents finished so far are stored, and the next run "
            f"picks up from there; the outputs in {out_dir} are those of the last complete run",
            err=True,
        )
        sys.exit(exc.exit_code)
    except OutputFolderBusy as exc:
        click.echo(f"Error: {exc}; wait for it to finish, or pass --wait to start when it does", err=True)
        sys.exit(EXIT_FAILED)
    except Exception as exc:
        problem = _output_folder_problem(exc, out_dir)
        if problem is not None or isinstance(exc, TrialsiftError | OSError):
            click.echo(f"Error: the run could not proceed: {problem or exc}", err=True)
            sys.exit(EXIT_FAILED)
        # a bug: everything extracted so far is in the store; say so plainly
        click.echo(
            f"Error: the run stopped unexpectedly ({type(exc).__name__}: {exc}); results extracted "
            f"so far are kept in {out_dir} and the next run picks up from there",
            err=True,
        )
        sys.exit(EXIT_FAILED)
    _print_summary(summary, console)
    # The process ends here. Its exit collects every object the run left, over and over as modules
    # are torn down: 0.4-0.7 s with Prefect or pandas loaded, a tenth of an unchanged re-run.
    # Frozen, they are left for the operating system to free.
    gc.freeze()
    sys.exit(summary.exit_code)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@_max_mb_option
@click.option(
    "--show",
    type=click.Choice(["summary", "text", "structure"]),
    default="summary",
    show_default=True,
    help="What to print for each file: a one-line summary, the ingested text, "
    "or its sections, pages and tables.",
)
def ingest(paths: tuple[Path, ...], max_mb: float, show: str) -> None:
    """Ingest single files (or folders) and print what trialsift reads from them.

    Nothing is stored: this is for checking how a paper is read before adding it to a corpus.
    """
    files = [
        p for path in paths for p in (sorted(path.rglob("*")) if path.is_dir() else [path]) if p.is_file()
    ]
    failed = 0
    for path in files:
        try:
            document = ingest_file(path, int(max_mb * 1_000_000))
        except DocumentError as exc:
            failed += 1
            click.echo(f"{path}: ERROR: {exc.message}", err=True)
            continue
        if show == "text":
            click.echo(document.text)
        elif show == "structure":
            click.echo(f"# {path} ({document.format}) {document.title}")
            for section in document.sections:
                click.echo(f"section L{section.level} [{section.start}:{section.end}] {section.heading}")
            for page in document.pages:
                click.echo(f"page {page.number} [{page.start}:{page.end}]")
            for table in document.tables:
                click.echo(
                    f"table [{table.start}:{table.end}] {table.label} {table.caption} "
                    f"({len(table.cells)} rows, {table.layout})"
                )
            for figure in document.figures:
                click.echo(f"figure [{figure.start}:{figure.end}] {figure.label} {figure.caption}")
            click.echo(f"references: {len(document.references)}")
        else:
            click.echo(
                f"{path}: {document.format}, {len(document.text)} chars, {len(document.pages)} pages, "
                f"{len(document.sections)} sections, {len(document.tables)} tables, "
                f"{len(document.references)} references"
            )
    sys.exit(EXIT_SOME_FAILED if failed else EXIT_OK)


@main.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def report(out_dir: Path) -> None:
    """Re-render the reconciliation and the reviewers' report from OUT_DIR's store.

    Nothing is re-extracted: measurements.csv, conflicts.csv, checks.csv, report.html and
    report.md are rewritten from what the last `trialsift run` stored in OUT_DIR.
    """
    from pipeline.batch import write_reconciliation
    from pipeline.store import DocumentStore

    _require_store(out_dir)
    with _writing(out_dir), DocumentStore.in_folder(out_dir) as store, new_generation(out_dir) as folder:
        written = write_reconciliation(store, folder)
    click.echo("Wrote " + ", ".join(path.name for path in written.paths))


@main.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="Port on 127.0.0.1 to serve on; 0 picks a free one.",
)
@click.option(
    "--import",
    "import_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Import decisions from this CSV (the columns of decisions.csv), rewrite the outputs, and exit.",
)
def review(out_dir: Path, port: int, import_file: Path | None) -> None:
    """Serve the review page for OUT_DIR, where reviewers decide conflicts.

    The page lists the conflicts and internal-check findings, filterable by trial, kind, severity
    and decision state; each decision (side A or B is right, both, neither, an extraction error on a
    side, optionally corrected) is kept in OUT_DIR's store and outlives re-runs. The server listens on
    127.0.0.1 only and prints its address; stop it with Ctrl+C. With --import, decisions are read
    from a CSV instead (their state recomputed), the outputs rewritten, and nothing is served.
    """
    from pipeline.batch import write_reconciliation
    from pipeline.decisions import DecisionError
    from pipeline.review import import_decisions
    from pipeline.store import DocumentStore

    _require_store(out_dir)
    if import_file is not None:
        with _writing(out_dir), DocumentStore.in_folder(out_dir) as store:
            try:
                imported, problems = import_decisions(store, import_file)
            except DecisionError as exc:
                click.echo(f"Error: {exc}", err=True)
                sys.exit(EXIT_USAGE)
            with new_generation(out_dir) as folder:
                write_reconciliation(store, folder)
        for problem in problems:
            click.echo(f"skipped: {problem}", err=True)
        click.echo(f"Imported {imported} decision(s) from {import_file} into {out_dir}; outputs rewritten")
        sys.exit(EXIT_SOME_FAILED if problems else EXIT_OK)
    from pipeline.review_app import serve

    serve(out_dir, port, lambda url: click.echo(f"Review page: {url}  (Ctrl+C to stop)"))


@contextmanager
def _writing(out_dir: Path) -> Iterator[None]:
    """The output folder's lock, for a command that rewrites the outputs; exit 1 when another
    process holds it."""
    try:
        with output_lock(out_dir, notify=lambda note: click.echo(note, err=True)):
            yield
    except OutputFolderBusy as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_FAILED)


def _require_store(out_dir: Path) -> None:
    from pipeline.store import STORE_NAME

    if not (out_dir / STORE_NAME).exists():
        click.echo(
            f"Error: {out_dir} holds no trialsift store ({STORE_NAME}); run `trialsift run` first", err=True
        )
        sys.exit(EXIT_USAGE)


@main.command()
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
@_out_option
@click.option("--cron", metavar='"0 2 * * *"', help="Run the batch on this cron schedule.")
@click.option("--interval", type=click.FloatRange(min=1), metavar="SECONDS", help="Run it every SECONDS.")
@click.option("--watch", is_flag=True, help="Also run it when a file lands in (or leaves) CORPUS.")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Local worker processes per run.")
@click.option("--dask", "dask_address", metavar="tcp://HOST:PORT", help="Run on this existing Dask cluster.")
def serve(
    corpus: Path,
    out_dir: Path,
    cron: str | None,
    interval: float | None,
    watch: bool,
    workers: int | None,
    dask_address: str | None,
) -> None:
    """Serve the batch through Prefect on a schedule, until stopped (Ctrl-C or SIGTERM).

    Starts the project's persistent Prefect server (state in .prefect/, UI at
    http://127.0.0.1:4200) unless it is running, or uses the one PREFECT_API_URL names. Each run
    processes only new or changed files. The server keeps running after serve stops:
    `trialsift prefect server stop` stops it.
    """
    from pipeline.orchestration import prefect_environment, server_is_listening, server_url

    if bool(cron) + bool(interval) + watch == 0 or (cron and interval):
        raise click.UsageError("give --cron or --interval (one of them), and/or --watch")
    env = prefect_environment()
    url = server_url(env)
    if not server_is_listening(url):
        if "PREFECT_API_URL" in env:
            click.echo(f"Error: no Prefect server answers at PREFECT_API_URL={url}", err=True)
            sys.exit(EXIT_FAILED)
        click.echo(f"Starting the project's Prefect server ({env['PREFECT_HOME']}) ...", err=True)
        # In a session of its own: Ctrl-C in the terminal signals serve's whole process group, and
        # the server is meant to outlive serve (`trialsift prefect server stop` stops it).
        subprocess.run(
            [sys.executable, "-m", "prefect", "server", "start", "--background"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        if not _wait_for(url, float(env["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"])):
            click.echo(f"Error: the Prefect server did not start; see {env['PREFECT_HOME']}", err=True)
            sys.exit(EXIT_FAILED)
    os.environ.update(env, PREFECT_API_URL=url)
    # A served run's log is where its summary goes (a one-off run prints it): keep its information
    # lines, while Prefect's own chatter stays at the project's warning level.
    os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL", "INFO")
    from pipeline.flow import serve as serve_flow

    click.echo(
        f"Serving the batch of {corpus} -> {out_dir}; Prefect UI at {url.removesuffix('/api')}", err=True
    )
    try:
        serve_flow(corpus, out_dir, cron, interval, watch, workers, dask_address)
    finally:
        # A run in progress is a child process, which the interpreter would wait for at exit (Prefect's
        # runner stops on SIGTERM, not its runs): SIGTERM stops it as it stops `trialsift run`.
        if stop_child_processes():
            click.echo(
                "Stopped; the run in progress was interrupted, and the outputs stay those of the last "
                "complete run",
                err=True,
            )


def _wait_for(url: str, seconds: float) -> bool:
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False


@main.command(context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def prefect(args: tuple[str, ...]) -> None:
    """Any `prefect` command, with the project's settings: `trialsift prefect server start`.

    `trialsift prefect ARGS` runs `prefect ARGS` (`trialsift prefect server --help` for its help).

    State (database, logs, profiles) stays in the project's .prefect/, analytics are off, and
    client commands talk to the project's server (PREFECT_API_URL, default 127.0.0.1:4200).
    """
    from pipeline.orchestration import prefect_environment, server_url

    env = prefect_environment()
    env.setdefault("PREFECT_API_URL", server_url(env))
    os.execve(sys.executable, [sys.executable, "-m", "prefect", *args], env)


@main.command()
@click.argument("annotations", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--corpus",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("corpus"),
    show_default=True,
    help="Folder holding the annotated documents (looked up by file name).",
)
@click.option(
    "--show-errors", is_flag=True, help="Also list every miss, wrong canonical form and spurious hit."
)
def evaluate(annotations: Path, corpus: Path, show_errors: bool) -> None:
    """Score the pipeline against hand-made gold annotations.

    ANNOTATIONS is a folder with entities.jsonl (annotations/README.md) and, optionally,
    measurements.jsonl (annotations/MEASUREMENTS.md). Entities: precision / recall / F1 per
    label, by location and label, then also requiring the canonical form. Efficacy figures:
    record-level precision and recall (trial + endpoint + value) and per-field accuracy.
    """
    from pipeline.efficacy import extract_measurements
    from pipeline.evaluate import entity_report, evaluate_entities, evaluate_measurements, measurement_report
    from pipeline.nlp import document_entities, shared_pipeline

    nlp = shared_pipeline()
    evaluation = evaluate_entities(
        annotations, corpus, lambda doc_id, text: document_entities(nlp, doc_id, [text])
    )
    click.echo(entity_report(evaluation, show_errors))
    if (annotations / "measurements.jsonl").exists():
        measured = evaluate_measurements(
            annotations,
            corpus,
            lambda doc: extract_measurements(doc, document_entities(nlp, doc.doc_id, [doc.text])),
        )
        click.echo("")
        click.echo(measurement_report(measured))


_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
_READ_ONLY = (errno.EACCES, errno.EPERM, errno.EROFS)


def _output_folder_problem(exc: BaseException, out_dir: Path) -> str | None:
    """What a failed write says about the output folder (full, or not writable), if it says that.

    SQLite reports both in words ("database or disk is full", "attempt to write a readonly
    database"), the file system by errno; either may be the cause of what reached us.
    """
    causes: list[BaseException] = []
    while exc is not None and exc not in causes:
        causes.append(exc)
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    for cause in causes:
        code = cause.errno if isinstance(cause, OSError) else None
        words = str(cause).lower() if isinstance(cause, sqlite3.Error | OSError) else ""
        if code in _DISK_FULL or "disk is full" in words or "no space left" in words:
            return (
                f"the disk holding the output folder {out_dir} is full; free some space and run "
                "again (results stored so far are kept)"
            )
        if code in _READ_ONLY or "readonly database" in words or "read-only file system" in words:
            return (
                f"the output folder {out_dir} cannot be written (read-only, or permission denied); "
                "fix its permissions or choose another folder with --out"
            )
    return None


def _run_with_progress(
    corpus: Path,
    out_dir: Path,
    max_bytes: int,
    limits: Limits,
    workers: int | None,
    console: Console,
    follow_links: bool = False,
) -> BatchSummary:
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=console.quiet,
    ) as progress:
        task = progress.add_task("Reading documents", total=None)

        def on_outcome(outcome: Outcome) -> None:
            progress.advance(task)
            if outcome.status == "error":
                console.print(f"[red]error[/red] {escape(outcome.doc_id)}: {escape(outcome.error)}")

        def on_start(total: int) -> None:
            progress.update(task, total=total)

        return run_batch(
            corpus,
            out_dir,
            max_bytes,
            on_start=on_start,
            on_outcome=on_outcome,
            workers=workers,
            limits=limits,
            follow_links=follow_links,
        )


def _run_flow(corpus: Path, out_dir: Path, max_bytes: int, limits: Limits, dask_address: str) -> BatchSummary:
    from pipeline.orchestration import configure_prefect

    configure_prefect()
    from pipeline.flow import run_flow

    return run_flow(corpus, out_dir, max_bytes=max_bytes, limits=limits, dask_address=dask_address)


def _print_summary(summary: BatchSummary, console: Console) -> None:
    from pipeline.summary import summary_text

    console.print(summary_text(summary), markup=False, highlight=False)


if __name__ == "__main__":
    main()

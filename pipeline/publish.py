"""An output folder's one writer at a time, and its outputs published as one set.

The folder a run writes to (`--out`) holds:
- `trialsift.sqlite`, the store: the working state, which every document's transaction updates;
- `.generations/N/`, each a complete set of output files (tables, report) written by one run;
- `.current`, a symbolic link to the published generation, replaced by one rename: a reader, or
  a run killed at any moment, sees the whole previous set or the whole new one, never a mix;
- the names users and the README see (`measurements.csv`, `report.html`, ...), each a symbolic
  link to `.current/<name>`, so that they follow the swap;
- `.trialsift.lock`, held (flock) by the process writing to the folder, and holding its PID.

The lock is the kernel's: it goes with its process, however that process ends, so a lock left by
a killed run is never in the way; its PID, still in the file, is named in a note when the next
run takes over.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import TrialsiftError

GENERATIONS = ".generations"
CURRENT = ".current"
LOCK_NAME = ".trialsift.lock"

# The files a run publishes. Only these are taken into a first generation from a folder that a
# version without generations wrote (anything else a user keeps there is left alone).
_TABLES = ("documents", "entities", "errors", "measurements", "conflicts", "checks", "decisions")
PUBLISHED_NAMES = (
    *(f"{table}.{suffix}" for table in _TABLES for suffix in ("csv", "parquet")),
    "report.html",
    "report.md",
)

# Output folders this process holds the lock of: a nested acquisition (the flow run inside
# `trialsift run --dask`) is then a no-op instead of a wait on itself.
_held: set[Path] = set()


class OutputFolderBusy(TrialsiftError):
    """Another process is writing to the output folder."""


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def output_lock(out_dir: Path, wait: bool = False, notify: Callable[[str], None] = _stderr) -> Iterator[None]:
    """Hold the output folder's lock for the block: raise OutputFolderBusy, naming the holder's
    PID, when another process holds it, or with `wait` wait for it. Leftovers of killed runs
    (unpublished generations, temporary files) are removed once the lock is held."""
    key = out_dir.resolve()
    if key in _held:
        yield
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    handle = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(handle)
            if not wait:
                message = f"another trialsift process ({holder}) is writing to {out_dir}"
                raise OutputFolderBusy(message) from None
            notify(f"Waiting for another trialsift process ({holder}) to finish writing to {out_dir} ...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        if os.pread(handle, 1, 0):  # a holder that ended without releasing it: killed
            notify(
                f"Note: the lock on {out_dir} left by {_holder(handle)}, which ended without "
                "releasing it (killed?), is taken over; its unfinished outputs are discarded"
            )
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n{' '.join(sys.argv)[:500]}\n".encode(), 0)
        _held.add(key)
        try:
            remove_leftovers(out_dir)
            yield
        finally:
            _held.discard(key)
            os.ftruncate(handle, 0)  # released cleanly: the next holder has nothing to note
    finally:
        os.close(handle)  # releases the lock


def _holder(handle: int) -> str:
    """'PID 1234: trialsift run corpus/', from the lock file."""
    pid, _, command = os.pread(handle, 4096, 0).decode("utf-8", "replace").partition("\n")
    command = command.strip()
    return f"PID {pid.strip() or '?'}" + (f": {command}" if command else "")


def _numbers(out_dir: Path) -> list[int]:
    folder = out_dir / GENERATIONS
    if not folder.is_dir():
        return []
    return sorted(int(entry.name) for entry in folder.iterdir() if entry.name.isdigit())


def current_generation(out_dir: Path) -> Path | None:
    """The published generation's folder, or None before the first publication."""
    link = out_dir / CURRENT
    if not link.is_symlink():
        return None
    return out_dir / os.readlink(link)


def remove_leftovers(out_dir: Path) -> None:
    """What killed runs leave behind: generations written but never published, temporary files."""
    current = current_generation(out_dir)
    newest = int(current.name) if current is not None else 0
    for number in _numbers(out_dir):
        if number > newest:  # a generation is numbered above every published one
            shutil.rmtree(out_dir / GENERATIONS / str(number), ignore_errors=True)
    for leftover in out_dir.glob(".*.tmp"):
        if leftover.is_symlink() or leftover.is_file():
            leftover.unlink(missing_ok=True)


@contextmanager
def new_generation(out_dir: Path) -> Iterator[Path]:
    """A folder for the next set of outputs, published as a whole when the block ends without error
    (and removed when it does not). It starts with hard links to the published set's files, so a
    step that rewrites only some files (the reconciliation, the report) still publishes a whole set.

    Writers must replace a file (pipeline.outputs.atomic_write does), never write into it: its
    content may be shared with the published set. Call it while holding `output_lock`.
    """
    if current_generation(out_dir) is None:
        _adopt_loose_files(out_dir)
    previous = current_generation(out_dir)
    folder = _fresh_generation(out_dir)
    try:
        if previous is not None:
            for entry in previous.iterdir():
                _link_or_copy(entry, folder / entry.name)
        yield folder
        _publish(out_dir, folder)
    except BaseException:
        if current_generation(out_dir) != folder:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    for number in _numbers(out_dir):
        if str(number) not in (folder.name, previous.name if previous is not None else ""):
            # The one before stays, for a reader still going through it.
            shutil.rmtree(out_dir / GENERATIONS / str(number), ignore_errors=True)


def _fresh_generation(out_dir: Path) -> Path:
    folder = out_dir / GENERATIONS / str(max(_numbers(out_dir), default=0) + 1)
    folder.mkdir(parents=True)
    return folder


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)


def _point(link: Path, target: str) -> None:
    """Make `link` a symbolic link to `target` in one rename (readers see the old or the new one)."""
    temporary = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    os.replace(temporary, link)


def _publish(out_dir: Path, folder: Path) -> None:
    """Make `folder` the published generation, in one rename, and give each of its files its usual
    name. A name new to the output folder gets its link first (it leads nowhere until the swap), so
    that the swap shows all of them at once; links to files the set no longer has go last."""
    names = sorted(entry.name for entry in folder.iterdir())
    for name in names:
        if not os.path.lexists(out_dir / name):
            _point(out_dir / name, f"{CURRENT}/{name}")
    _point(out_dir / CURRENT, f"{GENERATIONS}/{folder.name}")
    for name in names:
        path, target = out_dir / name, f"{CURRENT}/{name}"
        if path.is_symlink() and os.readlink(path) == target:
            continue
        if path.is_dir() and not path.is_symlink():
            continue  # a folder of the user's with that name: left alone
        _point(path, target)  # a file written before generations, its content adopted
    for path in out_dir.iterdir():
        if path.is_symlink() and path.name not in names and os.readlink(path).startswith(f"{CURRENT}/"):
            path.unlink()


def _adopt_loose_files(out_dir: Path) -> None:
    """A folder written before generations: its output files become the first generation, each
    then replaced by a link to the same content, so no reader ever sees a mix of two runs."""
    loose = [out_dir / name for name in PUBLISHED_NAMES if (out_dir / name).is_file()]
    loose = [path for path in loose if not path.is_symlink()]
    if not loose:
        return
    folder = _fresh_generation(out_dir)
    for path in loose:
        _link_or_copy(path, folder / path.name)
    _publish(out_dir, folder)

"""Outputs published as one set, and one writer per output folder (pipeline.publish)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from pipeline.publish import (
    CURRENT,
    GENERATIONS,
    PUBLISHED_NAMES,
    OutputFolderBusy,
    new_generation,
    output_lock,
)
from tests.conftest import REPO

NAMES = ("documents.csv", "measurements.csv", "measurements.parquet", "report.html")


def _write_set(folder: Path, tag: str, names: tuple[str, ...] = NAMES) -> list[Path]:
    from pipeline.outputs import atomic_write

    for name in names:
        atomic_write(folder / name, lambda tmp: tmp.write_text(tag))
    return [folder / name for name in names]


def _published(out: Path) -> dict[str, str]:
    return {name: (out / name).read_text() for name in NAMES}


def test_a_generation_is_published_whole_under_the_usual_names(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with output_lock(out):
        with new_generation(out) as folder:
            _write_set(folder, "run 1")
        assert _published(out) == dict.fromkeys(NAMES, "run 1")
        assert all(os.readlink(out / name) == f"{CURRENT}/{name}" for name in NAMES)

        # A step that rewrites some files publishes them with the others of the set it started from.
        with new_generation(out) as folder:
            _write_set(folder, "run 2", ("measurements.csv", "report.html"))
        assert _published(out) == {
            "documents.csv": "run 1",
            "measurements.csv": "run 2",
            "measurements.parquet": "run 1",
            "report.html": "run 2",
        }

        # One that fails publishes nothing, and leaves nothing behind.
        with pytest.raises(RuntimeError), new_generation(out) as folder:
            _write_set(folder, "run 3", ("documents.csv",))
            raise RuntimeError("the writer failed")
        assert _published(out)["documents.csv"] == "run 1"
        assert sorted(p.name for p in (out / GENERATIONS).iterdir()) == ["1", "2"]


def test_only_the_published_set_and_the_one_before_are_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with output_lock(out):
        for run in range(1, 5):
            with new_generation(out) as folder:
                _write_set(folder, f"run {run}")
    assert sorted(p.name for p in (out / GENERATIONS).iterdir()) == ["3", "4"]
    assert os.readlink(out / CURRENT) == f"{GENERATIONS}/4"


def test_a_folder_written_before_generations_is_taken_over_without_a_mix(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in NAMES:
        (out / name).write_text("old run")
    (out / "my notes.txt").write_text("mine")
    (out / ".measurements.csv.abc123.tmp").write_text("left by a killed run")
    with output_lock(out):
        assert not (out / ".measurements.csv.abc123.tmp").exists()
        with new_generation(out) as folder:
            _write_set(folder, "new run", ("report.html",))
    assert _published(out) == {
        "documents.csv": "old run",
        "measurements.csv": "old run",
        "measurements.parquet": "old run",
        "report.html": "new run",
    }
    assert all((out / name).is_symlink() for name in NAMES)
    assert (out / "my notes.txt").read_text() == "mine" and not (out / "my notes.txt").is_symlink()
    assert set(NAMES) <= set(PUBLISHED_NAMES)


_HOLDER = """
import sys
from pathlib import Path
from pipeline.publish import output_lock

with output_lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()  # until the test closes it (or kills this process)
"""


def hold_lock(out: Path) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(out)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_a_second_writer_is_refused_with_the_pid_of_the_first_or_waits_for_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = hold_lock(out)
    try:
        busy = f"another trialsift process \\(PID {holder.pid}: "
        with pytest.raises(OutputFolderBusy, match=busy), output_lock(out):
            pass

        notes: list[str] = []
        acquired = threading.Event()

        def wait_for_it() -> None:
            with output_lock(out, wait=True, notify=notes.append):
                acquired.set()

        waiter = threading.Thread(target=wait_for_it)
        waiter.start()
        deadline = time.monotonic() + 60
        while not notes:
            assert time.monotonic() < deadline, "no 'waiting' note"
            time.sleep(0.01)
        assert f"PID {holder.pid}" in notes[0] and notes[0].startswith("Waiting for")
        assert not acquired.is_set()
        assert holder.stdin is not None
        holder.stdin.close()  # the holder ends and releases the lock
        waiter.join(60)
        assert acquired.is_set() and len(notes) == 1  # released cleanly: no note of a stale lock
    finally:
        holder.kill()
        holder.wait()


def test_the_lock_of_a_killed_writer_is_taken_over_with_a_note(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = hold_lock(out)
    holder.kill()
    holder.wait()
    notes: list[str] = []
    with output_lock(out, notify=notes.append):
        pass
    assert len(notes) == 1 and f"left by PID {holder.pid}" in notes[0] and "taken over" in notes[0]


_PUBLISHER = """
import sys
from pathlib import Path
from pipeline.outputs import atomic_write
from pipeline.publish import new_generation, output_lock

out = Path(sys.argv[1])
names = sys.argv[2:]
with output_lock(out):
    for run in range(1, 1_000_000):
        with new_generation(out) as folder:
            for name in names:
                atomic_write(folder / name, lambda tmp: tmp.write_text(f"run {run}" + "x" * 100_000))
"""


def test_kill_9_at_any_moment_leaves_one_complete_set(tmp_path: Path) -> None:
    """A process publishing set after set is killed at random moments: the folder always holds one
    run's complete set, and the next writer removes what the killed one left."""
    out = tmp_path / "out"
    shuffle = random.Random(14)
    published = 0
    for _ in range(15):
        publisher = subprocess.Popen([sys.executable, "-c", _PUBLISHER, str(out), *NAMES], cwd=REPO)
        deadline = time.monotonic() + 120
        while _generation(out) <= published:  # until this one has published at least once
            assert publisher.poll() is None and time.monotonic() < deadline
            time.sleep(0.005)
        time.sleep(shuffle.uniform(0, 0.05))  # a moment somewhere in a later generation's writing
        os.kill(publisher.pid, signal.SIGKILL)
        publisher.wait()
        contents = {(out / name).read_text()[:20] for name in NAMES}
        assert len(contents) == 1, f"a mix of runs: {contents}"
        published = _generation(out)
    with output_lock(out):  # the next writer removes what a killed one left
        assert sorted(int(p.name) for p in (out / GENERATIONS).iterdir())[-1] == published
        assert not list(out.glob(".*.tmp"))


def _generation(out: Path) -> int:
    try:
        return int(os.readlink(out / CURRENT).rsplit("/", 1)[1])
    except FileNotFoundError:
        return 0


def test_the_worker_processes_of_a_killed_writer_end(tmp_path: Path) -> None:
    """A worker blocked on its pool's queue is told nothing when its writer is killed with -9."""
    script = textwrap.dedent(
        """
        import time
        from pipeline.executors import _pool

        with _pool(2) as pool:
            print(*pool.map(int, ["1", "2"]), flush=True)  # the workers are started
            print(*(p.pid for p in pool._processes.values()), flush=True)
            time.sleep(600)
        """
    )
    writer = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    assert writer.stdout.readline() == "1 2\n"
    workers = [int(pid) for pid in writer.stdout.readline().split()]
    writer.kill()
    writer.wait()
    deadline = time.monotonic() + 60
    while any(_alive(pid) for pid in workers):
        assert time.monotonic() < deadline, "a worker outlived its killed writer"
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # an exited worker stays a zombie until init reaps it
    return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"

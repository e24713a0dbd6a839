"""File names and folder entries a corpus meets: each odd entry becomes an error row naming it, odd
names stay intact and harmless in every output, and the output folder's problems are named."""

from __future__ import annotations

import csv
import errno
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import batch
from pipeline.cli import main
from tests.conftest import SEED_000

HTML_NAME = "<img src=x onerror=alert(1)> & co"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_odd_entries_get_error_rows_and_odd_names_stay_safe(seed_corpus: Path, tmp_path: Path) -> None:
    # Odd names on real documents: the seeds' conflicts put them into the report too.
    os.rename(seed_corpus / SEED_000.name, seed_corpus / f"{HTML_NAME}.txt")
    shutil.copy(SEED_000, seed_corpus / "line\nbreak [red]café.txt")
    shutil.copy(SEED_000, seed_corpus / "my paper.md")
    # Entries that are not documents, or cannot be named in UTF-8.
    os.mkfifo(seed_corpus / "pipe.txt")
    (seed_corpus / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (seed_corpus / "loop_a.txt").symlink_to(seed_corpus / "loop_b.txt")
    (seed_corpus / "loop_b.txt").symlink_to(seed_corpus / "loop_a.txt")
    (seed_corpus / "sub").mkdir()
    (seed_corpus / "sub" / "up").symlink_to(seed_corpus)  # a folder loop
    outside = tmp_path / "elsewhere" / "outside.txt"
    outside.parent.mkdir()
    shutil.copy(SEED_000, outside)
    (seed_corpus / "outside.txt").symlink_to(outside)
    with open(os.fsencode(seed_corpus) + b"/caf\xe9 latin1.txt", "wb") as latin1_name:
        latin1_name.write(b"A readable sentence under a name that is not UTF-8.")

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(seed_corpus), "--out", str(out)])
    assert result.exit_code == 3, result.output
    errors = {row["doc_id"]: row for row in read_csv(out / "errors.csv")}
    expected = {
        "pipe": "named pipe (FIFO)",
        "dangling": "dangling link",
        "loop_a": "loops back on itself",
        "loop_b": "loops back on itself",
        "up": "folder already read",
        "outside": "outside the corpus folder; not followed",
        "caf\\xe9 latin1": "not valid UTF-8",
    }
    assert set(errors) == set(expected)
    for doc_id, phrase in expected.items():
        assert phrase in errors[doc_id]["error"], errors[doc_id]
    documents = {row["doc_id"]: row for row in read_csv(out / "documents.csv")}
    for name in (f"{HTML_NAME}.txt", "line\nbreak [red]café.txt", "my paper.md"):
        row = documents[Path(name).stem]
        assert row["status"] == "ok" and row["path"] == str(seed_corpus / name)
    assert HTML_NAME in {row["doc_id"] for row in read_csv(out / "measurements.csv")}
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "<img src=x" not in report

    # Asked to, the run follows the link out of the corpus.
    result = CliRunner().invoke(main, ["run", str(seed_corpus), "--out", str(out), "--follow-links"])
    assert "outside" not in {row["doc_id"] for row in read_csv(out / "errors.csv")}
    assert {row["doc_id"]: row["status"] for row in read_csv(out / "documents.csv")}["outside"] == "ok"


def test_a_device_gets_an_error_row(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    try:
        os.mknod(corpus / "null.txt", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("this user may not create device nodes")
    (source,) = batch.discover(corpus)
    assert source.doc_id == "null" and "character device" in source.problem


@pytest.mark.parametrize("out", ["outputs", ".", "sub/deeper"])
def test_out_inside_the_corpus_is_refused(seed_corpus: Path, out: str) -> None:
    result = CliRunner().invoke(main, ["run", str(seed_corpus), "--out", str(seed_corpus / out)])
    assert result.exit_code == 2
    assert "inside the corpus folder" in result.output
    assert not (seed_corpus / "outputs").exists()


@pytest.mark.parametrize(
    ("failure", "phrase"),
    [
        (sqlite3.OperationalError("attempt to write a readonly database"), "cannot be written"),
        (PermissionError(errno.EACCES, "Permission denied"), "cannot be written"),
        (OSError(errno.EROFS, "Read-only file system"), "cannot be written"),
        (sqlite3.OperationalError("database or disk is full"), "is full"),
        (OSError(errno.ENOSPC, "No space left on device"), "is full"),
    ],
    ids=["sqlite-readonly", "permission", "read-only-fs", "sqlite-full", "no-space"],
)
def test_an_unwritable_output_folder_is_named(
    seed_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: Exception, phrase: str
) -> None:
    # Root writes anywhere, so the refusal is simulated where the store opens its database.
    def refuse(out_dir: Path) -> None:
        raise failure

    monkeypatch.setattr(batch.DocumentStore, "in_folder", refuse)
    result = CliRunner().invoke(main, ["run", str(seed_corpus), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert phrase in result.output and "unexpectedly" not in result.output

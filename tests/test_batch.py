from __future__ import annotations

import csv
import shutil
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import ingest as ingest_module
from pipeline.cli import main
from pipeline.limits import Limits
from pipeline.memo import package_modules
from pipeline.store import DocumentStore
from tests.conftest import SEED_000
from tests.pdf_factory import encrypted_pdf, image_only_pdf, text_and_table_pdf


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_default_corpus_runs_clean(seed_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = run_cli("run", str(seed_corpus), "--out", str(out))
    assert code == 0, output
    documents = read_csv(out / "documents.csv")
    assert [d["doc_id"] for d in documents] == sorted(p.stem for p in seed_corpus.glob("*.txt"))
    assert {d["status"] for d in documents} == {"ok"}
    assert read_csv(out / "errors.csv") == []
    assert (out / "documents.parquet").exists() and (out / "errors.parquet").exists()
    assert "5" in output and "documents" in output


def test_bad_inputs_are_reported_and_the_batch_goes_on(
    seed_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert run_cli("run", str(seed_corpus), "--out", str(out))[0] == 0
    bad = {
        "empty.txt": b"",
        "junk.txt": bytes(range(256)) * 64,
        "truncated.pdf": text_and_table_pdf(tmp_path / "t.pdf").read_bytes()[:900],
        "notes.docx": b"PK\x03\x04 word file",
        "broken.nxml": b"<article><body><p>cut",
        "huge.txt": b"x" * (50 * 1024 * 1024),  # a 50 MB single-line file
        "locked.txt": b"a readable sentence that the file system will refuse to hand over",
    }
    for name, content in bad.items():
        (seed_corpus / name).write_bytes(content)
    shutil.copy(encrypted_pdf(tmp_path / "e.pdf"), seed_corpus / "encrypted.pdf")
    shutil.copy(image_only_pdf(tmp_path / "s.pdf", tmp_path), seed_corpus / "scanned.pdf")
    shutil.copy(SEED_000, seed_corpus / "000_db4a9a29616def56.md")  # same stem as a seed
    good_pdf = text_and_table_pdf(seed_corpus / "paper.pdf")

    # Root reads any file despite its mode bits, so simulate the refusal at the OS boundary.
    real_read = Path.read_bytes

    def refuse_locked(path: Path) -> bytes:
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", refuse_locked)
    code, output = run_cli("run", str(seed_corpus), "--out", str(out))
    assert code == 3, output
    errors = {row["doc_id"]: row for row in read_csv(out / "errors.csv")}
    expected = {
        "empty": "empty",
        "junk": "binary",
        "truncated": "damaged or truncated",
        "notes": "unsupported file type '.docx'",
        "broken": "not well-formed XML",
        "huge": "over the 20 MB limit",
        "locked": "permission denied",
        "encrypted": "encrypted",
        "scanned": "no text layer",
        "000_db4a9a29616def56.md": "same name stem",
    }
    assert set(errors) == set(expected)
    for doc_id, phrase in expected.items():
        assert phrase in errors[doc_id]["error"], errors[doc_id]
        assert errors[doc_id]["stage"] == "ingest" and errors[doc_id]["path"].endswith(
            Path(errors[doc_id]["path"]).name
        )
    documents = {row["doc_id"]: row for row in read_csv(out / "documents.csv")}
    ok = sorted(d for d, row in documents.items() if row["status"] == "ok")
    assert ok == sorted([*(p.stem for p in seed_corpus.glob("00*.txt")), good_pdf.stem])
    assert documents["paper"]["pages"] == "2" and documents["paper"]["tables"] == "1"


def test_incremental_rerun(seed_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("run", str(seed_corpus), "--out", str(out))[0] == 0
    ingested = []
    original = ingest_module.ingest_bytes

    def counting(path: Path, data: bytes, limits: Limits):
        ingested.append(path.name)
        return original(path, data, limits)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("pipeline.work.ingest_bytes", counting)
        code, output = run_cli("run", str(seed_corpus), "--out", str(out))
        assert code == 0 and ingested == []  # unchanged corpus: no document work
        assert "5" in output

        changed = seed_corpus / "003_44468bc4a75eb7d1.txt"
        changed.write_text(
            changed.read_text(encoding="utf-8") + "\nAn added line with ORR 12.5%.\n", encoding="utf-8"
        )
        (seed_corpus / "004_f287ffab2f75fa05.txt").unlink()
        assert run_cli("run", str(seed_corpus), "--out", str(out))[0] == 0
        assert ingested == ["003_44468bc4a75eb7d1.txt"]

    documents = [row["doc_id"] for row in read_csv(out / "documents.csv")]
    assert "004_f287ffab2f75fa05" not in documents and len(documents) == 4
    with DocumentStore.in_folder(out) as store:
        assert "An added line with ORR 12.5%." in store.load_document("003_44468bc4a75eb7d1").text


def test_a_file_that_turns_bad_loses_its_old_results(seed_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("run", str(seed_corpus), "--out", str(out))[0] == 0
    (seed_corpus / "003_44468bc4a75eb7d1.txt").write_bytes(b"")
    assert run_cli("run", str(seed_corpus), "--out", str(out))[0] == 3
    with DocumentStore.in_folder(out) as store, pytest.raises(KeyError):
        store.load_document("003_44468bc4a75eb7d1")


def test_entities_are_exported_with_offsets_into_the_ingested_text(seed_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("run", str(seed_corpus), "--out", str(out))[0] == 0
    rows = read_csv(out / "entities.csv")
    assert {r["label"] for r in rows} == {"DRUG", "TRIAL", "REGISTRY_ID"}
    with DocumentStore.in_folder(out) as store:
        texts = {doc_id: store.load_document(doc_id).text for doc_id in store.doc_ids()}
    for row in rows:
        assert texts[row["doc_id"]][int(row["char_start"]) : int(row["char_end"])] == row["text"]
    assert {
        "doc_id": "000_db4a9a29616def56",
        "label": "REGISTRY_ID",
        "text": "NCT03248492",
        "canonical": "NCT03248492",
        "linked": "DESTINY-Breast01",
    }.items() <= next(r for r in rows if r["text"] == "NCT03248492").items()


def test_entity_stage_runs_once_and_its_failure_keeps_the_document(seed_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    calls = []

    def failing(nlp, doc_id: str, texts: list[str]):
        calls.append(doc_id)
        raise RuntimeError("boom")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("pipeline.work.document_entities", failing)
        code, _ = run_cli("run", str(seed_corpus), "--out", str(out))
    assert code == 3 and len(calls) == 5
    errors = read_csv(out / "errors.csv")
    assert {e["stage"] for e in errors} == {"extract"} and len(errors) == 5
    assert {d["status"] for d in read_csv(out / "documents.csv")} == {"ok"}  # ingestion kept

    assert run_cli("run", str(seed_corpus), "--out", str(out))[0] == 0  # the stage is retried and succeeds
    assert read_csv(out / "errors.csv") == []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("pipeline.work.document_entities", failing)
        calls.clear()
        assert run_cli("run", str(seed_corpus), "--out", str(out))[0] == 0
    assert calls == []  # nothing changed: no extraction at all


def test_outputs_get_the_usual_permissions(seed_corpus: Path, tmp_path: Path) -> None:
    """Atomic writes go through mkstemp, which would leave every output readable by its owner only."""
    import os

    previous = os.umask(0o022)
    try:
        out = tmp_path / "out"
        assert run_cli("run", str(seed_corpus), "--out", str(out))[0] == 0
    finally:
        os.umask(previous)
    for name in ("documents.csv", "measurements.parquet", "conflicts.csv", "report.html", "report.md"):
        assert (out / name).stat().st_mode & 0o777 == 0o644, name


def test_the_summary_and_the_report_count_new_and_gone_conflicts_alike(
    seed_corpus: Path, tmp_path: Path
) -> None:
    """One record of "new since the previous run" (the store's conflict snapshots): the run summary
    reads it, as report.html does, not a comparison of its own with the old conflicts.csv."""
    import re

    from pipeline.batch import run_batch

    out = tmp_path / "out"
    held = tmp_path / "held" / "001_79ce4b9e444a51eb.txt"
    held.parent.mkdir()
    (seed_corpus / held.name).rename(held)
    run_batch(seed_corpus, out)

    def report_counts() -> tuple[int, int]:
        text = (out / "report.html").read_text("utf-8")
        found = re.search(r"(\d+) conflict\(s\) new since the previous run .*?; (\d+) no longer raised", text)
        assert found, "the report does not say what is new since the previous run"
        return int(found.group(1)), int(found.group(2))

    held.rename(seed_corpus / held.name)
    (out / "conflicts.csv").unlink()  # what the previous run wrote is the store's to say, not this file's
    added = run_batch(seed_corpus, out)
    assert added.added == [held.stem]
    assert added.new_conflicts > 0 and added.conflicts_gone == 0
    assert report_counts() == (added.new_conflicts, 0)

    (seed_corpus / held.name).unlink()
    dropped = run_batch(seed_corpus, out)
    assert dropped.removed == 1
    assert dropped.new_conflicts == 0 and dropped.conflicts_gone == added.new_conflicts
    assert report_counts() == (0, dropped.conflicts_gone)
    unchanged = run_batch(seed_corpus, out)
    assert unchanged.outputs == [] and unchanged.conflicts == dropped.conflicts


def test_the_extraction_fingerprint_reads_the_modules_of_subpackages(tmp_path: Path) -> None:
    # A stage split into a subpackage (efficacy/document_design/) must still change the fingerprint
    # when it changes, or a rerun reuses extractions its old code made.
    for name in ("a.py", "stage/__init__.py", "stage/b.py", "stage/__pycache__/b.cpython-311.pyc", "c.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    assert [path for path, _ in package_modules(tmp_path)] == ["a.py", "stage/__init__.py", "stage/b.py"]
    efficacy = [path for path, _ in package_modules(resources.files("pipeline") / "efficacy")]
    assert "arm/named.py" in efficacy and "document_design/readers.py" in efficacy
    assert "run.py" in [path for path, _ in package_modules(resources.files("pipeline") / "reconcile")]

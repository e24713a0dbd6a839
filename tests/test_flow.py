from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness

from tests.conftest import REPO


@pytest.fixture(scope="module")
def flows_module():
    spec = importlib.util.spec_from_file_location("trialsift_flows", REPO / "flows.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tasks_are_the_batch_functions(flows_module, seed_corpus: Path, tmp_path: Path) -> None:
    sources = flows_module.discover_documents.fn(seed_corpus, tmp_path)
    assert [s.doc_id for s in sources] == sorted(p.stem for p in seed_corpus.iterdir())
    fingerprints = flows_module.Fingerprints("ingest-fp", "extract-fp")
    outcome = flows_module.process_document.fn(tmp_path, sources[0], fingerprints, 10_000_000)
    assert outcome.status == "ingested" and outcome.entities


def test_flow_runs_the_batch(flows_module, seed_corpus: Path, tmp_path: Path) -> None:
    (seed_corpus / "empty.txt").write_text("")
    out = tmp_path / "out"
    with prefect_test_harness():
        summary = flows_module.trialsift_batch(corpus=seed_corpus, out=out)
        again = flows_module.trialsift_batch(corpus=seed_corpus, out=out)
    assert (summary.documents, summary.ingested, summary.errors) == (6, 5, 1)
    assert (again.ingested, again.unchanged) == (0, 5)
    with (out / "errors.csv").open(encoding="utf-8") as handle:
        assert [row["doc_id"] for row in csv.DictReader(handle)] == ["empty"]


def test_task_reports_a_bad_file_outside_a_flow_run(flows_module, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("")
    (source,) = flows_module.discover_documents.fn(corpus, tmp_path / "out")
    fingerprints = flows_module.Fingerprints("ingest-fp", "extract-fp")
    outcome = flows_module.process_document.fn(tmp_path / "out", source, fingerprints, 10_000_000)
    assert outcome.status == "error" and "empty" in outcome.error

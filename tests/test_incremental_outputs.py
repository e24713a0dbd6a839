"""Re-runs redo only what new or changed papers touch, and write what a run from scratch writes.

A run on part of the corpus, then a re-run after a paper is added and another changed, must give
the same tables, byte for byte, and the same plots as one clean run on the final corpus; and the
re-run must have reconciled, checked and drawn only the trials and documents those two papers touch.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from pipeline.batch import run_batch
from pipeline.reconcile import run as reconcile_run
from pipeline.report import forest

TABLES = ("measurements", "conflicts", "checks", "entities", "documents", "errors", "decisions")
ADDED = "001_79ce4b9e444a51eb.txt"
CHANGED = "003_44468bc4a75eb7d1.txt"


def _svgs(out: Path) -> list[str]:
    return re.findall(r"<svg .*?</svg>", (out / "report.html").read_text("utf-8"), flags=re.DOTALL)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each memoised computation really ran."""
    counted: Counter[str] = Counter()
    for module, name in (
        (reconcile_run, "trial_conflicts"),
        (reconcile_run, "document_checks"),
        (forest, "forest_svg"),
    ):
        original = getattr(module, name)

        def counting(*args: object, _original=original, _name=name, **kwargs: object) -> object:
            counted[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(module, name, counting)
    return counted


def test_a_rerun_with_a_new_and_a_changed_paper_writes_what_a_clean_run_writes(
    seed_corpus: Path, tmp_path: Path, calls: Counter[str]
) -> None:
    held = tmp_path / "held"
    held.mkdir()
    (seed_corpus / ADDED).rename(held / ADDED)
    incremental = tmp_path / "incremental"
    run_batch(seed_corpus, incremental)
    first = Counter(calls)

    (held / ADDED).rename(seed_corpus / ADDED)
    changed = seed_corpus / CHANGED
    added_line = "\nIn DESTINY-Breast03, the confirmed ORR was 71.2% with T-DXd.\n"
    changed.write_text(changed.read_text("utf-8") + added_line, "utf-8")
    calls.clear()
    rerun = run_batch(seed_corpus, incremental)
    assert rerun.outputs, "the re-run rewrote nothing"
    redone = Counter(calls)

    calls.clear()
    clean = tmp_path / "clean"
    run_batch(seed_corpus, clean)
    for table in TABLES:
        for suffix in (".csv", ".parquet"):
            name = table + suffix
            assert (incremental / name).read_bytes() == (clean / name).read_bytes(), name
    assert _svgs(incremental) == _svgs(clean) and _svgs(clean)

    # The re-run redid the two papers' checks, and some of the trials and plots: not all of them.
    assert redone["document_checks"] == 2 < calls["document_checks"]
    assert 0 < redone["trial_conflicts"] < calls["trial_conflicts"]
    assert 0 < redone["forest_svg"] < calls["forest_svg"]
    assert first["trial_conflicts"] < calls["trial_conflicts"]  # the added paper brought trials


def test_an_unchanged_rerun_of_the_outputs_computes_nothing_again(
    seed_corpus: Path, tmp_path: Path, calls: Counter[str]
) -> None:
    out = tmp_path / "out"
    run_batch(seed_corpus, out)
    assert calls["forest_svg"] > 0
    calls.clear()
    (out / ".trialsift-outputs").unlink()  # as after a change to the code that writes the outputs
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    plots = _svgs(out)
    assert run_batch(seed_corpus, out).outputs
    # The report itself changes: it now has a previous run to compare with.
    assert calls == Counter() and before == {p.name: p.read_bytes() for p in out.glob("*.csv")}
    assert _svgs(out) == plots


def test_a_removed_paper_leaves_what_a_clean_run_on_the_rest_writes(
    seed_corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run_batch(seed_corpus, out)
    (seed_corpus / ADDED).unlink()
    run_batch(seed_corpus, out)
    clean = tmp_path / "clean"
    run_batch(seed_corpus, clean)
    for table in TABLES:
        assert (out / f"{table}.csv").read_bytes() == (clean / f"{table}.csv").read_bytes(), table
    assert _svgs(out) == _svgs(clean)
    shutil.rmtree(clean)

"""Built data kept on disk (pipeline.disk_cache): read back only from the same inputs, never stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline import drugs
from pipeline.disk_cache import built


class Builds:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> dict[str, list[int]]:
        self.count += 1
        return {"value": [self.count]}


def test_built_once_then_read_back(tmp_path: Path) -> None:
    build = Builds()
    assert built("thing", [b"rules", b"code"], build, tmp_path) == {"value": [1]}
    assert built("thing", [b"rules", b"code"], build, tmp_path) == {"value": [1]}
    assert build.count == 1


def test_other_inputs_build_afresh_and_replace_what_was_kept(tmp_path: Path) -> None:
    build = Builds()
    built("thing", [b"rules", b"code"], build, tmp_path)
    # The same bytes split differently are other inputs too.
    assert built("thing", [b"rule", b"scode"], build, tmp_path) == {"value": [2]}
    assert built("thing", [b"rules v2", b"code"], build, tmp_path) == {"value": [3]}
    assert build.count == 3
    assert len(list(tmp_path.glob("thing-*.pickle"))) == 1
    assert built("other", [b"rules v2", b"code"], build, tmp_path) == {"value": [4]}
    assert len(list(tmp_path.glob("*.pickle"))) == 2


def test_a_damaged_file_is_built_again(tmp_path: Path) -> None:
    build = Builds()
    built("thing", [b"rules"], build, tmp_path)
    (kept,) = tmp_path.glob("thing-*.pickle")
    kept.write_bytes(kept.read_bytes()[:10])
    assert built("thing", [b"rules"], build, tmp_path) == {"value": [2]}
    assert built("thing", [b"rules"], build, tmp_path) == {"value": [2]}


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_folder_that_cannot_be_written_costs_only_the_build(tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        build = Builds()
        assert built("thing", [b"rules"], build, folder) == {"value": [1]}
        assert built("thing", [b"rules"], build, folder) == {"value": [2]}
        assert not list(folder.iterdir())
    finally:
        folder.chmod(0o700)


def test_a_file_in_the_way_of_the_folder_costs_only_the_build(tmp_path: Path) -> None:
    (tmp_path / "blocked").write_text("a file, not a folder")
    build = Builds()
    assert built("thing", [b"rules"], build, tmp_path / "blocked") == {"value": [1]}
    assert built("thing", [b"rules"], build, tmp_path / "blocked") == {"value": [2]}


def test_the_kept_drug_lexicon_is_the_one_built_from_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRIALSIFT_PROJECT", str(tmp_path))
    drugs.drug_lexicon.cache_clear()
    try:
        first = drugs.drug_lexicon()  # built, and kept under the project
        assert len(list((tmp_path / ".cache" / "trialsift").glob("drug_lexicon-*.pickle"))) == 1
        drugs.drug_lexicon.cache_clear()
        kept = drugs.drug_lexicon()  # read back
        assert kept is not first
        assert kept == first == drugs._build_lexicon()
        assert drugs.find_drugs("Patients received T-DXd and trastuzumab.", kept) == drugs.find_drugs(
            "Patients received T-DXd and trastuzumab.", drugs._build_lexicon()
        )
    finally:
        drugs.drug_lexicon.cache_clear()

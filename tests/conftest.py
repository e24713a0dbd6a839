from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline.orchestration import configure_prefect
from tests.runs import small_runs  # noqa: F401  (a fixture of the tests of concurrent and stopped runs)

# Prefect reads its settings on import: point it at a throw-away home before any test imports it.
configure_prefect(Path(tempfile.mkdtemp(prefix="trialsift-prefect-")))  # its .prefect/

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SHARED_DATA = REPO.parent / "shared" / "data"
SEED_000 = CORPUS / "000_db4a9a29616def56.txt"


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    return corpus


def shared_data(relative: str) -> Path:
    """A path in ../shared/data, or an explicit skip when this checkout has no shared/ beside it."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"shared data set not present: {path}")
    return path


def conflict_expectations(key: str) -> list[dict[str, Any]]:
    """A list from annotations/conflicts.json: expected_conflicts, expected_non_conflicts, ..."""
    with open(REPO / "annotations" / "conflicts.json", encoding="utf-8") as stream:
        return json.load(stream)[key]


def expected_sides(entry: dict[str, Any]) -> frozenset[tuple[str, int]]:
    """The two values an expectation pairs, as (document, offset of the number)."""
    return frozenset((entry[s]["doc_id"], entry[s]["start"]) for s in ("side_a", "side_b"))


def conflict_sides(conflicts: pd.DataFrame) -> list[frozenset[tuple[str, int]]]:
    """Each conflicts.csv row's two values, in the same form and row order."""
    return [
        frozenset({(a, int(sa)), (b, int(sb))})
        for a, sa, b, sb in zip(
            conflicts["doc_id_a"],
            conflicts["char_start_a"],
            conflicts["doc_id_b"],
            conflicts["char_start_b"],
            strict=True,
        )
    ]

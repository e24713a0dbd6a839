from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from pipeline.orchestration import configure_prefect

# Prefect reads its settings on import: point it at a throw-away home before any test imports it.
configure_prefect(Path(tempfile.mkdtemp(prefix="trialsift-prefect-")))

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

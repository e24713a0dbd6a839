"""Data that takes seconds to build from files that rarely change, kept on disk between runs.

Each process that extracts builds the drug lexicon (pipeline.drugs) from a 1.5 MB compressed
dictionary and the project's rule files: about a second of CPU, paid again by every worker and by
every re-run that finds a few new papers. Its pickle loads in under a tenth of that. What is kept is
named by the digest of everything it is built from (the files' bytes, the building code's), so a
change to any of them builds it afresh, and nothing stale is ever read.

The folder is `.cache/trialsift/` in the project (pipeline.orchestration.project_root), as
matplotlib's is: nothing is written outside the project. A folder that cannot be written, or a
damaged file, costs only the build.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_folder() -> Path:
    from pipeline.orchestration import project_root

    return project_root() / ".cache" / "trialsift"


def built(name: str, inputs: Iterable[bytes], build: Callable[[], T], folder: Path | None = None) -> T:
    """What `build()` returns, read from `folder` when it was kept there from the same `inputs`
    (the bytes it is built from: files, and the code that builds it); else built, and kept."""
    key = hashlib.sha256()
    for part in inputs:
        key.update(hashlib.sha256(part).digest())
    path = (folder or cache_folder()) / f"{name}-{key.hexdigest()[:32]}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # written by `_keep` below, from the same inputs
    except Exception:  # not kept yet, or damaged (a full disk): built again, and kept
        pass
    value = build()
    with contextlib.suppress(OSError):  # a read-only project: each process builds it, as before
        _keep(path, name, value)
    return value


def _keep(path: Path, name: str, value: object) -> None:
    """Write `value` to `path` by a rename, so that another process never reads it half-written, and
    drop what was kept under the same name from other inputs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as tmp:
            pickle.dump(value, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp_name, path)
    finally:
        Path(tmp_name).unlink(missing_ok=True)
    for stale in path.parent.glob(f"{name}-*.pickle"):
        if stale != path:
            stale.unlink(missing_ok=True)

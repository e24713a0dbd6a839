"""A rule file the extraction reads is part of the extraction's fingerprint: editing it redoes the
documents on the next run instead of keeping results made with the old rules. A rule file the
outputs are made with (the reconciler's) is part of theirs: editing it rewrites them."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline import batch

PACKAGE = Path(batch.__file__).parent
_DATA_FILE = re.compile(r"""["']([\w-]+\.jsonl?)["']""")


def _modules(sources: tuple[str, ...]) -> list[Path]:
    modules: list[Path] = []
    for name in sources:
        path = PACKAGE / name
        if name.endswith("/"):
            modules += sorted(path.rglob("*.py"))  # subpackages too, as `batch._fingerprint` reads them
        elif name.endswith(".py"):
            modules.append(path)
    return modules


def _read_by(sources: tuple[str, ...]) -> set[str]:
    return {
        f"patterns/{name}"
        for module in _modules(sources)
        for name in _DATA_FILE.findall(module.read_text(encoding="utf-8"))
        if (PACKAGE / "patterns" / name).is_file()
    }


def test_every_pattern_file_the_extraction_reads_is_fingerprinted() -> None:
    read = _read_by(batch._EXTRACTION_SOURCES)
    # the scan sees the files the stages name, in the efficacy package and its subpackages
    assert {"patterns/arm.json", "patterns/document_design.json"} <= read
    assert read - set(batch._EXTRACTION_SOURCES) == set()


def test_every_pattern_file_the_outputs_are_made_with_is_fingerprinted() -> None:
    read = _read_by(batch._OUTPUT_SOURCES)
    assert "patterns/reconcile.json" in read
    assert read - set(batch._OUTPUT_SOURCES) == set()

"""A rule file the extraction reads is part of the extraction's fingerprint: editing it redoes the
documents on the next run instead of keeping results made with the old rules."""

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
            modules += sorted(path.glob("*.py"))
        elif name.endswith(".py"):
            modules.append(path)
    return modules


def test_every_pattern_file_the_extraction_reads_is_fingerprinted() -> None:
    read = {
        f"patterns/{name}"
        for module in _modules(batch._EXTRACTION_SOURCES)
        for name in _DATA_FILE.findall(module.read_text(encoding="utf-8"))
        if (PACKAGE / "patterns" / name).is_file()
    }
    assert "patterns/arm.json" in read  # the scan sees the files the stages name
    assert read - set(batch._EXTRACTION_SOURCES) == set()

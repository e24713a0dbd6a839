"""Loading the package's data files (rules, lexicons, patterns) with validation."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from pipeline.errors import PatternFileError


@cache
def load_json(name: str, allowed_keys: frozenset[str]) -> dict[str, Any]:
    """Load `pipeline/patterns/<name>`; an unknown top-level key is an error naming the file.

    Cached and returned as loaded: callers must not mutate it (copy what they change).
    """
    text = resources.files("pipeline.patterns").joinpath(name).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PatternFileError(name, f"invalid JSON ({exc.msg})", exc.lineno) from exc
    if not isinstance(data, dict):
        raise PatternFileError(name, "the top level must be an object")
    unknown = set(data) - allowed_keys - {"_about"}
    if unknown:
        raise PatternFileError(name, f"unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed_keys)}")
    missing = allowed_keys - set(data)
    if missing:
        raise PatternFileError(name, f"missing key(s) {sorted(missing)}")
    return data


def load_jsonl(name: str, keys: frozenset[str]) -> list[dict[str, Any]]:
    """Records of `pipeline/patterns/<name>`, one JSON object per line, each with exactly `keys`.

    A malformed line is an error naming the file and the line.
    """
    text = resources.files("pipeline.patterns").joinpath(name).read_text(encoding="utf-8")
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PatternFileError(name, f"invalid JSON ({exc.msg})", number) from exc
        if not isinstance(record, dict) or set(record) != keys:
            found = sorted(record) if isinstance(record, dict) else type(record).__name__
            raise PatternFileError(name, f"keys must be {sorted(keys)}, got {found}", number)
        records.append(record)
    return records

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

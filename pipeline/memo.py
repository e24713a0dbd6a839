"""Results of the previous run, kept by the digest of everything they were computed from.

Reconciling a trial, checking a document and drawing a plot are pure functions of their rows, so
a result whose inputs hash to the same digest is the result a fresh computation would give: only
what a new, changed or removed document (or a reviewer's decision) touched is computed again, and
the outputs stay byte-identical to a run from scratch. Each digest also covers the code and rule
files that compute the result, so a change to them recomputes everything once.

The store keeps one table of them (`memo`), replaced after each output step by exactly what that
step used: it never holds results of rows that are gone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources


def digest(*parts: object) -> str:
    """A hash of the parts' reprs (the callers pass plain values: str, numbers, bool, None, tuples)."""
    blob = "\x1f".join(repr(part) for part in parts)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@cache
def code_fingerprint(*names: str) -> str:
    """The content of the package files `names` (modules, rule files), as one digest."""
    package = resources.files("pipeline")
    return digest(*(package.joinpath(name).read_bytes() for name in names))


class Memo:
    """One kind of result (conflicts of a trial, checks of a document, a plot) by input digest.

    `known`: the previous run's results; `used`: what this run computed or reused, the next run's
    `known`; `computed`: how many were not in `known`.
    """

    def __init__(self, known: Mapping[str, str] | None = None) -> None:
        self.known = dict(known or {})
        self.used: dict[str, str] = {}
        self.computed = 0

    def get(self, key: str, compute: Callable[[], str]) -> str:
        if key not in self.used:
            if key in self.known:
                self.used[key] = self.known[key]
            else:
                self.used[key] = compute()
                self.computed += 1
        return self.used[key]

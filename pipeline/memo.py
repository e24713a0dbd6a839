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
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable


def digest(*parts: object) -> str:
    """A hash of the parts' reprs (the callers pass plain values: str, numbers, bool, None, tuples)."""
    blob = "\x1f".join(repr(part) for part in parts)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@cache
def code_fingerprint(*names: str) -> str:
    """The content of the package files `names` (modules, rule files; a name ending in "/" is every
    module of that subpackage, "reconcile/"), as one digest."""
    package = resources.files("pipeline")
    contents: list[bytes] = []
    for name in names:
        if name.endswith("/"):
            contents += [module.read_bytes() for _, module in package_modules(package.joinpath(name))]
        else:
            contents.append(package.joinpath(name).read_bytes())
    return digest(*contents)


def package_modules(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    """Every module of a package, its subpackages' too ("document_design/readers.py"), by path."""
    for entry in sorted(folder.iterdir(), key=lambda f: f.name):
        if entry.is_dir() and entry.name != "__pycache__":
            yield from package_modules(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith(".py"):
            yield f"{prefix}{entry.name}", entry


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

"""Look-ups over `[start, end)` spans by bisection, for the many-spans-many-queries loops of
extraction: a scan of every span per query made long documents and long runs of mentions
quadratic."""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any


class SpanIndex:
    """Which of a list of spans holds an offset, for many offsets: of the spans that hold it, the
    one with the highest `rank(index)`. The spans' boundaries cut the text into pieces inside which
    the answer cannot change; a look-up is a bisection over the pieces."""

    def __init__(self, spans: Sequence[tuple[int, int]], rank: Callable[[int], Any]) -> None:
        self.bounds = sorted({offset for span in spans for offset in span})
        self.winners: list[int | None] = []
        by_start = sorted(range(len(spans)), key=lambda i: spans[i][0])
        holding: list[tuple[_Reversed, int]] = []  # the spans begun, best first; ended ones pruned lazily
        next_span = 0
        for bound in self.bounds:
            while next_span < len(by_start) and spans[by_start[next_span]][0] <= bound:
                index = by_start[next_span]
                heapq.heappush(holding, (_Reversed(rank(index)), index))
                next_span += 1
            while holding and spans[holding[0][1]][1] <= bound:
                heapq.heappop(holding)
            self.winners.append(holding[0][1] if holding else None)

    def at(self, offset: int) -> int | None:
        piece = bisect.bisect_right(self.bounds, offset) - 1
        return self.winners[piece] if piece >= 0 else None


@dataclass(frozen=True)
class _Reversed:
    """Orders a heap's smallest item first by the highest rank."""

    rank: Any

    def __lt__(self, other: _Reversed) -> bool:
        return self.rank > other.rank


class TakenSpans:
    """Spans already taken, and whether a new one overlaps any of them.

    The spans given at the start may overlap one another; a span added later must overlap none
    taken (the callers add only what `overlaps` let through), so those stay sorted and disjoint
    and only the last one starting before a span's end can overlap it.
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        fixed = sorted(spans)
        self._starts = [start for start, _ in fixed]
        self._reach = list(accumulate((end for _, end in fixed), max))  # the furthest end so far
        self._added: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self._starts, end)  # the fixed spans starting before `end`
        if before and self._reach[before - 1] > start:
            return True
        before = bisect.bisect_left(self._added, (end,))
        return before > 0 and self._added[before - 1][1] > start

    def add(self, start: int, end: int) -> None:
        bisect.insort(self._added, (start, end))

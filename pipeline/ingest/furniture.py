"""Page furniture: what a printed page carries that is not the article's text.

- running heads and feet, and page numbers: lines near the top or the foot of the page, set
  apart from its text, whose text (digits aside) recurs at the same height on several pages;
- line numbers: a run of consecutive integers standing in a column of their own;
- download and copyright stamps (`patterns/pdf_layout.json`).
Pure functions over the fragments of `reading_order`.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.ingest.reading_order import Fragment, page_rules

_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class PageFragments:
    fragments: list[Fragment]
    height: float


def remove_furniture(pages: Sequence[PageFragments]) -> list[list[Fragment]]:
    """Each page's fragments without its furniture."""
    repeated = _running_heads_and_feet(pages)
    kept: list[list[Fragment]] = []
    for index, page in enumerate(pages):
        numbers = _line_numbers(page.fragments)
        kept.append(
            [
                f
                for f in page.fragments
                if id(f) not in repeated[index] and id(f) not in numbers and not _is_stamp(f)
            ]
        )
    return kept


def _is_stamp(fragment: Fragment) -> bool:
    return bool(page_rules().stamp.match(fragment.text().strip()))


def _key(fragment: Fragment) -> str:
    return _NUMBER.sub("#", " ".join(fragment.text().split()).lower())


def _running_heads_and_feet(pages: Sequence[PageFragments]) -> list[set[int]]:
    """Ids of fragments, per page, that recur near the same edge and height on enough pages.
    A lone page number at the very edge counts on a one-page document too."""
    rules = page_rules()
    found: list[set[int]] = [set() for _ in pages]
    seen: dict[tuple[str, str], list[tuple[int, float, Fragment]]] = defaultdict(list)
    for index, page in enumerate(pages):
        zone = rules.furniture_zone * page.height
        for fragment in page.fragments:
            if fragment.bottom <= zone and _set_apart(fragment, page.fragments, below=True):
                edge = "head"
            elif fragment.top >= page.height - zone and _set_apart(fragment, page.fragments, below=False):
                edge = "foot"
            else:
                continue
            key = _key(fragment)
            if len(pages) == 1 and re.fullmatch(r"(page )?#( of #)?", key):
                found[index].add(id(fragment))
            seen[(edge, key)].append((index, fragment.top, fragment))
    needed = max(rules.furniture_min_pages, int(rules.furniture_page_share * len(pages) + 0.999))
    for occurrences in seen.values():
        tops = sorted(top for _, top, _ in occurrences)
        middle = tops[len(tops) // 2]
        near = [(i, f) for i, top, f in occurrences if abs(top - middle) <= 4]
        if len({i for i, _ in near}) >= needed:
            for i, fragment in near:
                found[i].add(id(fragment))
    return found


def _set_apart(fragment: Fragment, fragments: Sequence[Fragment], below: bool) -> bool:
    """Is the text nearest below (or above) it further away than a line of body text? A running
    head stands apart from the page's text; a column's first line, or a table's caption repeated
    at the top of the next page, does not."""
    if below:
        gaps = [f.top - fragment.bottom for f in fragments if f.top > fragment.bottom]
    else:
        gaps = [fragment.top - f.bottom for f in fragments if f.bottom < fragment.top]
    return min(gaps, default=float("inf")) >= 0.8 * fragment.size


def _line_numbers(fragments: Sequence[Fragment]) -> set[int]:
    """Fragments that are bare integers, aligned in a column, counting up down the page, with
    no other text on their side of the page (a table column of counts does not count up)."""
    rules = page_rules()
    bare = [f for f in fragments if re.fullmatch(r"\d{1,4}", f.text().strip())]
    by_edge: dict[int, list[Fragment]] = defaultdict(list)
    for fragment in bare:
        by_edge[round(fragment.x1 / 3)].append(fragment)
    found: set[int] = set()
    for group in by_edge.values():
        if len(group) < rules.line_number_min_count:
            continue
        group.sort(key=lambda f: f.top)
        values = [int(f.text()) for f in group]
        steps = [b - a for a, b in itertools.pairwise(values)]
        if sum(1 for s in steps if s == steps[0] and s > 0) < 0.8 * len(steps):
            continue
        left, right = min(f.x0 for f in group), max(f.x1 for f in group)
        others = [f for f in fragments if f not in group]
        if all(f.x0 >= right for f in others) or all(f.x1 <= left for f in others):
            found.update(id(f) for f in group)
    return found

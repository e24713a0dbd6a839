"""Searches that each of a sentence's values repeats from the sentence's start ("was a study without a
name introduced before this value?"): the stretch further back than `REACH` is searched once per
sentence, the rest for each value, so that a long sentence's values do not each cost its length."""

from __future__ import annotations

import re
from functools import lru_cache

# Longer than any match of the patterns searched this way, with what they look at after it.
REACH = 200


def found_before(pattern: re.Pattern[str], text: str, start: int, position: int, end: int) -> bool:
    """Whether `pattern.search(text, start, position)` finds a match, in text[start:end]: the same
    answer, for a pattern whose matches are shorter than REACH."""
    early = max(start, position - REACH)
    first = _first_match(pattern, text, start, end)
    if first is not None and first < early:
        return True  # a match well before `position` is one whatever comes after it
    return pattern.search(text, early, position) is not None


@lru_cache(maxsize=64)
def _first_match(pattern: re.Pattern[str], text: str, start: int, end: int) -> int | None:
    match = pattern.search(text, start, end)
    return match.start() if match else None

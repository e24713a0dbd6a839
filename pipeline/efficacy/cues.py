"""The endpoint phrases of a sentence: where it names an endpoint ("progression-free survival",
"the 5-year DFS rate"), which endpoint each names, and which of them are named as one list ("DFS and
OS"), since a list shares what is written before and after it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.efficacy.rules import EfficacyRules

_PLAIN_SURVIVAL = re.compile(r"(?:overall\s+)?survival|OS", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    value: str
    cns: bool = False
    # A state the patients are in ("were alive", "alive and disease-free"): how many are in it, and
    # what share, are its figures; a duration near it is a time point or a follow-up, not a median.
    status: bool = False


def endpoint_cues(text: str, start: int, end: int, rules: EfficacyRules) -> list[Cue]:
    """The endpoint phrases of text[start:end] in order, the first (most specific) pattern winning at a
    position, and a phrase that holds one found earlier standing for it ("complete response rate"); a
    landmark phrase ("the 5-year DFS rate") stands for the phrases inside it too."""
    cues: list[Cue] = []
    covered: set[int] = set()  # the positions inside a cue found so far (testing each cue is quadratic)
    for pattern, endpoint, cns, unless, status in rules.endpoints:
        vetoed: bool | None = None  # asked once, and only of a sentence that names the endpoint
        for match in pattern.finditer(text, start, end):
            if unless is not None:
                vetoed = bool(unless.search(text, start, end)) if vetoed is None else vetoed
                if vetoed:
                    break
            word = match.group()
            if word.upper() in _upper(rules.case_sensitive) and word not in rules.case_sensitive:
                continue
            if match.start() not in covered:
                # "complete response rate": a cue found first inside this phrase ("response rate", of a
                # pattern tried before) is part of it, and the whole phrase names the endpoint; one that
                # only overlaps it ("rates of death" and "death from breast cancer") stays
                if not covered.isdisjoint(range(match.start() + 1, match.end())):  # rare: filter only then
                    cues = [c for c in cues if not (match.start() < c.start and c.end <= match.end())]
                cues.append(Cue(match.start(), match.end(), endpoint, cns, status))
                covered.update(range(match.start(), match.end()))
    for match in rules.landmark.finditer(text, start, end):
        # The endpoint the lexicon reads in the landmark's words ("4-year relapse-free survival" is
        # RFS, "10-year breast cancer-specific survival" BCSS); "5-year survival" and "surviving at 8
        # years" are overall survival, and words the lexicon names no endpoint by are no landmark.
        what = "what" if match["what"] else "what_at" if match["what_at"] else None
        named = [c.value for c in cues if what and match.start(what) <= c.start < match.end(what)]
        endpoint = next((e for e in named if e in rules.survival), None)
        if endpoint is None and what and not _PLAIN_SURVIVAL.fullmatch(match[what]):
            continue
        endpoint = endpoint or "OS"
        cues = [c for c in cues if not (match.start() <= c.start < match.end())]
        cues.append(Cue(match.start(), match.end(), "landmark:" + endpoint))
    return sorted(cues, key=lambda c: c.start)


def list_head(text: str, cues: tuple[Cue, ...], at: int) -> int:
    """The index of the first endpoint phrase of the list that `cues[at]` is the last of so far: "DFS
    and OS", "progression-free survival (PFS) and OS", "PFS, OS, and DCR"; `at` when it is named alone.
    A list shares what is written before its first phrase ("Four-year rates of DFS and OS")."""
    head = at
    while head > 0 and _listed_next(text, cues[head - 1], cues[head]):
        head -= 1
    return head


def list_tail(text: str, cues: tuple[Cue, ...], at: int) -> int:
    """The index of the last endpoint phrase of the list `cues[at]` is one of: a list shares what is
    written after its last phrase, too ("OS and EFS at five years were 98% vs. 94% and 96% vs. 90%")."""
    tail = at
    while tail + 1 < len(cues) and _listed_next(text, cues[tail], cues[tail + 1]):
        tail += 1
    return tail


def _listed_next(text: str, earlier: Cue, later: Cue) -> bool:
    gap = (earlier.end, later.start)
    same = earlier.value == later.value and SPELLED_AGAIN.fullmatch(text, *gap)
    return bool(same or ENDPOINTS_LISTED.fullmatch(text, *gap))


# "progression-free survival (PFS)": one endpoint spelled twice.
SPELLED_AGAIN = re.compile(r"\s*[(\[]\s*")
# Between two endpoint phrases of one list: "DFS and OS", "(PFS) and median OS", "ORR, DCR, or".
ENDPOINTS_LISTED = re.compile(
    r"\s*[)\]]?(?:\s*,\s*(?:and\s+|or\s+)?|,?\s+(?:and|or)\s+)(?:the\s+)?(?:(?:median|mean)\s+)?"
)


@cache
def _upper(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w.upper() for w in words)

"""Drug and trial entities of a document, located in its ingested text."""

from __future__ import annotations

import re
from bisect import bisect_right

from pipeline.drugs import DrugMention, extract_drugs
from pipeline.records import Entity
from pipeline.spans import TakenSpans
from pipeline.trials import find_trials


def extract_entities(doc_id: str, text: str, extra_drugs: list[DrugMention] | None = None) -> list[Entity]:
    """Every DRUG, TRIAL and REGISTRY_ID mention, in text order, without overlaps.

    `extra_drugs` are mentions found by other means (the NER component); lexicon hits win
    where they overlap, and trial names win over drugs ("PHENIX" is a trial).
    """
    urls = _url_spans(text)
    trials = [t for t in find_trials(text) if not _inside(urls, t.start, t.end)]
    entities = [
        Entity(doc_id, t.label, t.text, t.canonical, t.start, t.end, t.source, t.linked) for t in trials
    ]
    # Overlap tests by bisection: a scan of every mention taken, per mention, made a long run of
    # drug names quadratic (100 KB of "DS-8201a" took 9 s, 400 KB over 2 minutes).
    taken = TakenSpans((t.start, t.end) for t in trials)
    for mention in [*extract_drugs(text), *(extra_drugs or [])]:
        if taken.overlaps(mention.start, mention.end) or _inside(urls, mention.start, mention.end):
            continue
        taken.add(mention.start, mention.end)
        entities.append(
            Entity(
                doc_id, "DRUG", mention.text, mention.canonical, mention.start, mention.end, mention.source
            )
        )
    return sorted(entities, key=lambda e: (e.char_start, e.char_end))


# A name inside a web address ("…/enhertu-press-release") is not a mention.
_URL_MARKER = re.compile(r"/|www\.")
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|int|us|uk|eu|de|fr|it|es|jp|cn|io)/\S*"
)
_NON_SPACE = re.compile(r"\S*")


def _url_spans(text: str) -> list[tuple[int, int]]:
    """Where `_URL` matches in `text`, scanning only the few words that can hold an address.

    An address never spans white space and always holds a "/" or "www.", so only the
    white-space-free runs around those are searched (the regex over the whole text took 10x
    as long).
    """
    spans: list[tuple[int, int]] = []
    searched_to = 0
    for marker in _URL_MARKER.finditer(text):
        at = marker.start()
        if at < searched_to:
            continue
        start = at
        while start > searched_to and not text[start - 1].isspace():
            start -= 1
        end = _NON_SPACE.match(text, at).end()
        spans += [m.span() for m in _URL.finditer(text, start, end)]
        searched_to = end
    return spans


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Is [start, end) inside one of `spans` (sorted and disjoint, as `_url_spans` finds them)?"""
    before = bisect_right(spans, (start, float("inf"))) - 1
    return before >= 0 and end <= spans[before][1]

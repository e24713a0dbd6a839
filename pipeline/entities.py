"""Drug and trial entities of a document, located in its ingested text."""

from __future__ import annotations

import re

from pipeline.drugs import DrugMention, extract_drugs
from pipeline.records import Entity
from pipeline.trials import find_trials


def extract_entities(doc_id: str, text: str, extra_drugs: list[DrugMention] | None = None) -> list[Entity]:
    """Every DRUG, TRIAL and REGISTRY_ID mention, in text order, without overlaps.

    `extra_drugs` are mentions found by other means (the NER component); lexicon hits win
    where they overlap, and trial names win over drugs ("PHENIX" is a trial).
    """
    urls = [m.span() for m in _URL.finditer(text)]
    trials = [t for t in find_trials(text) if not _inside(urls, t.start, t.end)]
    entities = [
        Entity(doc_id, t.label, t.text, t.canonical, t.start, t.end, t.source, t.linked) for t in trials
    ]
    taken = [(t.start, t.end) for t in trials]
    for mention in [*extract_drugs(text), *(extra_drugs or [])]:
        if any(s < mention.end and mention.start < e for s, e in taken) or _inside(
            urls, mention.start, mention.end
        ):
            continue
        taken.append((mention.start, mention.end))
        entities.append(
            Entity(
                doc_id, "DRUG", mention.text, mention.canonical, mention.start, mention.end, mention.source
            )
        )
    return sorted(entities, key=lambda e: (e.char_start, e.char_end))


# A name inside a web address ("…/enhertu-press-release") is not a mention.
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|int|us|uk|eu|de|fr|it|es|jp|cn|io)/\S*"
)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)

"""What a reader has at hand while reading a document: its entities by position, and what the
paragraph so far has said."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from pipeline.efficacy.candidates import Value
from pipeline.efficacy.cues import Cue
from pipeline.efficacy.document_design import DocumentDesign
from pipeline.efficacy.regimens import Regimen
from pipeline.records import Entity


class EntityIndex:
    """The entities that start inside a span: filtering all of them per sentence or table row is
    quadratic in long documents, so they are sorted once and sliced."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = sorted(entities, key=lambda e: e.char_start)
        self.starts = [e.char_start for e in self.entities]

    def __call__(self, start: int, end: int) -> list[Entity]:
        return self.entities[bisect_left(self.starts, start) : bisect_left(self.starts, end)]


@dataclass(frozen=True)
class Sentence:
    """One sentence's facts, read once and handed to every stage of attribution: a stage is a
    function of this, of what the paragraph carried to it and of the rules."""

    text: str  # the document's text: the sentence is text[start:end]
    start: int
    end: int
    values: tuple[Value, ...]  # the numbers that may be figures, in order
    cues: tuple[Cue, ...]  # the endpoint phrases, in order
    regimens: tuple[Regimen, ...]
    trials: tuple[Entity, ...]  # the trials it names (one for a pooled analysis of several)
    pairs: dict[int, int]  # value index -> place (0 or 1) in an "A vs B" pair
    listed: dict[int, int]  # value index -> place in the list a "respectively" distributes
    # per value, the endpoint a list of endpoints gives it by its place ("DFS and OS were 64 and 85%"),
    # or None; None when no list gives any
    listed_endpoints: tuple[Cue | None, ...] | None
    analysis: str  # "updated", "pooled", ... when the sentence says which
    design: DocumentDesign | None = None  # the paper's own arms, when the sentence is about its trial
    cited: frozenset[int] = frozenset()  # indices of the values it gives of another study
    # values whose endpoint list goes pair by pair: their place in the pair is still their arm's
    listed_by_pair: frozenset[int] = frozenset()
    # value index -> (place, length) in a series of three or more listed values ("21, 17, and 19 %")
    series: dict[int, tuple[int, int]] = field(default_factory=dict)


@dataclass
class Paragraph:
    """What a reader carries from sentence to sentence within a paragraph."""

    trial: Entity | None = None
    # the names of the paper's own trials (`trial.own_trial_names`): the document's, not the paragraph's
    own_trials: frozenset[str] = frozenset()
    regimens: tuple[Regimen, ...] = ()
    section: str | None = None
    paragraph_trial: bool = False  # this paragraph itself named a trial
    brain_metastases: bool = False  # this paragraph has spoken of patients with brain metastases
    brain_scanned_to: int = 0  # read for that up to here (only when a figure needs it: it is costly)
    cohort: tuple[str, str] | None = None  # (trial, cohort) the paragraph's last sentence with a cohort named
    last_figure: tuple[Cue, str] | None = None  # the endpoint and unit of the paragraph's last figure
    last_arms: tuple[str, ...] = ()  # the arms its last sentence with figures gave them, in that order
    cited_study: bool | None = None  # whether the study the paragraph last named is another's
    own_regimens: bool = False  # `regimens` were named while the paragraph spoke of the paper's own study
    groups_compared: bool = False  # its last sentence compared groups no treatment defines ...
    # ... or, when that sentence was not read for figures, its span and regimens, to read for them
    unread: tuple[int, int, tuple[Regimen, ...]] | None = None

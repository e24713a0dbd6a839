"""The treatments a sentence names: drug mentions joined into regimens ("placebo + trastuzumab +
capecitabine"), and with the paper's design, the arms it names without their drugs ("group A", "the
control group"), each completed to the design's arm it is."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.efficacy.document_design import (
    SHORT_FORM,
    DocumentDesign,
    arm_mentions,
    design_rules,
    qualifier_start,
)
from pipeline.efficacy.rules import EfficacyRules
from pipeline.records import Entity

_REGIMEN_JOINER = re.compile(r"\s*(?:\+|plus|and|with|/|-|–)\s*|\s*,\s*")
_AND = re.compile(r"\s*and\s*")


@dataclass(frozen=True)
class Regimen:
    start: int
    end: int
    text: str
    canonical: str


def regimens(
    text: str,
    entities: list[Entity],
    start: int,
    end: int,
    rules: EfficacyRules,
    and_joins: bool = True,
    design: DocumentDesign | None = None,
) -> list[Regimen]:
    """Drug mentions joined into regimens ("placebo + trastuzumab + capecitabine"); with `and_joins`
    false, "docetaxel and nab-paclitaxel" are two. With the paper's `design`, the arms it names
    without their drugs ("group A", "TL", "the control group") are regimens too, and a partial one
    ("the lapatinib group") is completed to the one arm it fits."""
    found = _drug_regimens(text, entities, start, end, rules, and_joins)
    if design is None:
        return found
    if and_joins:
        found = [part for r in found for part in _arms_listed(text, entities, r, rules, design)]
    named = [
        Regimen(m.start, m.end, text[m.start : m.end], m.arm.canonical)
        for m in arm_mentions(text, start, end, design)
    ]
    kept = [
        _with_qualifier(replace(r, canonical=_arm_named(r, design, _own_phrase(text, r, start, end))), text)
        for r in found
        if not any(n.start < r.end and r.start < n.end for n in named)
    ]
    return sorted(kept + named, key=lambda r: r.start)


# How far a mention's own phrase reaches on either side ("with 80 μM trabedersen", "letrozole 2.5 mg").
_OWN_PHRASE_REACH = 30


def _own_phrase(text: str, regimen: Regimen, start: int, end: int) -> str:
    """The words around a mention that may say its dose or schedule, before it ("weekly paclitaxel")
    or after it ("letrozole 2.5 mg"), up to what ends its phrase: "16% with letrozole 0.5 mg and 24%
    with letrozole 2.5 mg" gives the second mention "with letrozole 2.5 mg", not the first's dose."""
    phrase_end = design_rules().qualifier_phrase_end
    low, high = max(start, regimen.start - _OWN_PHRASE_REACH), min(end, regimen.end + _OWN_PHRASE_REACH)
    before = [m.end() for m in phrase_end.finditer(text, low, regimen.start)]
    after = phrase_end.search(text, regimen.end, high)
    return text[before[-1] if before else low : after.start() if after else high]


def _arms_listed(
    text: str, entities: list[Entity], regimen: Regimen, rules: EfficacyRules, design: DocumentDesign
) -> list[Regimen]:
    """A regimen joined by "and" that is no arm of the design but lists two or more of its arms
    ("35% and 25% for docetaxel and paclitaxel" in a trial of docetaxel against paclitaxel) is those
    arms; else the regimen itself."""
    arms = {a.canonical for a in design.arms}
    if " + " not in regimen.canonical or regimen.canonical in arms:
        return [regimen]  # one drug lists no arms; splitting every mention costs its sentence's entities
    parts = _drug_regimens(text, entities, regimen.start, regimen.end, rules, and_joins=False)
    return parts if len(parts) > 1 and all(p.canonical in arms for p in parts) else [regimen]


def _with_qualifier(regimen: Regimen, text: str) -> Regimen:
    """A regimen whose arm was told by the dose or schedule written before it ("80 μM trabedersen")
    spans it: that is the arm's name a value before it is given ("24.0 months with 80 μM trabedersen")."""
    start = qualifier_start(regimen.canonical, text, regimen.start)
    return replace(regimen, start=start, text=text[start : regimen.end]) if start < regimen.start else regimen


def _arm_named(regimen: Regimen, design: DocumentDesign, around: str) -> str:
    """The design's arm a regimen names; a short form read as drugs that every other arm has too
    ("ELF" read as fluorouracil, in a trial of ILF against ELF) is its own name: those drugs name
    no arm."""
    completed = design.complete(regimen.canonical, around)
    if SHORT_FORM.fullmatch(regimen.text) and design.shared(completed):
        return regimen.text
    return completed


def _drug_regimens(
    text: str, entities: list[Entity], start: int, end: int, rules: EfficacyRules, and_joins: bool
) -> list[Regimen]:
    parts = [
        (e.char_start, e.char_end, e.canonical, True)
        for e in entities
        if e.label == "DRUG" and start <= e.char_start and e.char_end <= end
    ]
    parts += [
        (m.start(), m.end(), label, joins)
        for pattern, label, joins in rules.arm_labels
        for m in pattern.finditer(text, start, end)
    ]
    parts.sort()
    found: list[list[tuple[int, int, str, bool]]] = []
    for part in parts:
        if (
            found
            and part[3]
            and found[-1][-1][3]
            and _REGIMEN_JOINER.fullmatch(text[found[-1][-1][1] : part[0]])
            and "," not in text[found[-1][-1][1] : part[0]]
            and (and_joins or not _AND.fullmatch(text, found[-1][-1][1], part[0]))
        ):
            found[-1].append(part)
        else:
            found.append([part])
    result = []
    for chain in found:
        names: list[str] = []
        for _, _, canonical, _ in chain:
            for name in canonical.split(" + "):
                if name not in names:
                    names.append(name)
        result.append(Regimen(chain[0][0], chain[-1][1], text[chain[0][0] : chain[-1][1]], " + ".join(names)))
    return result

"""Which population a figure is of: a population phrase or cohort named before or right after it,
or the subgroup the paragraph and the trial's design imply."""

from __future__ import annotations

import re

from pipeline.efficacy.candidates import BRACKETED_FIGURES, Value
from pipeline.efficacy.rules import EfficacyRules

# "including those with brain metastases": who could enrol, not which patients a figure is of;
# "patients develop brain metastases": how common they are.
_NOT_A_SUBGROUP_BEFORE = re.compile(
    r"\b(?:includ(?:ing|ed)|inclusion\s+of|allow(?:ed|ing)|enroll?(?:ed|ing)|develop(?:s|ed|ing)?)\b[^.;]{0,40}$"
)


def mentions_brain_metastases(text: str, start: int, end: int, rules: EfficacyRules) -> bool:
    return any(
        not _NOT_A_SUBGROUP_BEFORE.search(text, max(start, match.start() - 60), match.start())
        for match in rules.intracranial_populations.finditer(text, start, end)
    )


def population_before(text: str, sentence_start: int, position: int, rules: EfficacyRules) -> str:
    """The nearest population phrase before `position`; "active brain metastases" beats the
    "brain metastases" inside it."""
    found = [
        (m.start(), m.end(), name)
        for pattern, name in rules.populations
        for m in pattern.finditer(text, sentence_start, position)
    ]
    found += [
        (m.start(), m.end(), f"cohort {m['name']}")
        for m in rules.cohort.finditer(text, sentence_start, position)
    ]
    specific = [
        f
        for f in found
        if not any(o != f and o[0] <= f[0] and f[1] <= o[1] for o in found)
        and not BRACKETED_FIGURES.match(text, f[1], position)
    ]
    return max(specific)[2] if specific else ""


_POPULATION_AFTER = re.compile(
    r"\s*%?\s*(?:months?|patients?)?\s*\)?\s*(?:\([^()]*\)\s*)?(?:[\w-]+\s+){0,4}?,?\s*(?:in|for|among|across)\s+"
    r"(?:the\s+)?"
    r"(?:patients\s+with\s+)?"
)


def population_after(
    text: str,
    value: Value,
    index: int,
    values: list[Value],
    pairs: dict[int, int],
    end: int,
    rules: EfficacyRules,
) -> str:
    """ "45.2% vs 27.6% for stable brain metastasis", "74.6% in cohort A": named right after the value
    (or after the second value of its pair)."""
    last = values[index + 1] if pairs.get(index) == 0 and index + 1 < len(values) else value
    lead = _POPULATION_AFTER.match(text, last.end, end)
    if not lead:
        return ""
    window_end = min(end, lead.end() + 45)
    for pattern, name in [*rules.populations, (rules.cohort, "")]:
        match = pattern.match(text, lead.end(), window_end)
        if match:
            return name or f"cohort {match['name']}"
    return ""

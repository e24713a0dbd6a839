"""What a paper writes that is not its results, wherever an endpoint is named: its Methods (the
design's assumptions, definitions, how a score is weighted), the figures it cites as background
about a disease ("For patients with metastatic disease, 5 year overall survival is 2 % [4].") and
the survival of groups that a marker defines rather than a treatment."""

from __future__ import annotations

import re

from pipeline.efficacy.context import Sentence
from pipeline.efficacy.rules import EfficacyRules


def in_method_section(section: str | None, rules: EfficacyRules) -> bool:
    """Whether a section heading (a path "BODY.METHODS.STATISTICAL ANALYSIS" or one heading,
    "Statistical analysis") is of the paper's methods: under a heading of methods, statistics or
    design, and under none of results or of the patients (where a cohort's events are counted)."""
    if not section:
        return False
    headings = section.split(".")
    return any(rules.method_heading.search(h) for h in headings) and not any(
        rules.not_method_heading.search(h.strip()) for h in headings
    )


def cited_background(sentence: Sentence, rules: EfficacyRules) -> bool:
    """Whether a sentence cites a figure about a disease rather than a result of a treatment: it
    carries a reference marker and names no trial, no regimen and no study, treatment or comparison
    (a cited trial's result names at least one of them)."""
    return not sentence.trials and _names_no_regimen(sentence, rules.citation, rules.not_background)


def prognostic_groups(sentence: Sentence, rules: EfficacyRules) -> bool:
    """Whether a sentence compares groups that a marker or a response defines, not a treatment
    ("patients with increased CD3+ infiltrate seemed to have shorter OS", "a median PFS of 18.0 months
    in the low expression subgroup versus 15.9 months", "HER2 positivity emerged as an independent
    prognostic factor"): it names no regimen and no treatment ("in the low expression subgroup,
    median PFS was 10.9 months with gefitinib" is gefitinib's result)."""
    return _names_no_regimen(sentence, rules.prognostic_groups, rules.not_prognostic)


def _names_no_regimen(sentence: Sentence, pattern: re.Pattern[str], unless: re.Pattern[str]) -> bool:
    """Whether the sentence names no regimen, and names `pattern` but nothing of `unless`."""
    text, start, end = sentence.text, sentence.start, sentence.end
    return (
        not sentence.regimens
        and pattern.search(text, start, end) is not None
        and unless.search(text, start, end) is None
    )

"""The figures of one sentence: every value that its endpoint stage accepts, attributed to a trial,
arm and population; and what the sentence tells the reader about the ones that follow."""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.efficacy.arm import compares_arms, implied_arm, named_arm
from pipeline.efficacy.candidates import (
    Cue,
    Regimen,
    endpoint_cues,
    find_values,
    paired_values,
    regimens,
    respective_positions,
)
from pipeline.efficacy.context import Paragraph
from pipeline.efficacy.designs import complete_arm, complete_population, described_cohort
from pipeline.efficacy.endpoint import (
    endpoint_for,
    intracranial_in_sentence,
    measure_for,
    respective_endpoints,
)
from pipeline.efficacy.intervals import first_interval, next_value_start, p_value_for, second_interval
from pipeline.efficacy.population import mentions_brain_metastases, population_after, population_before
from pipeline.efficacy.rules import EfficacyRules
from pipeline.efficacy.trial import name_of, nct_of, sentence_trials, trial_after, trial_before
from pipeline.numbers import parse_confidence_interval, parse_number
from pipeline.records import Document, Entity, Measurement

_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


def sentence_measurements(
    document: Document, start: int, end: int, entities: list[Entity], rules: EfficacyRules, context: Paragraph
) -> list[Measurement]:
    text = document.text
    trials = sentence_trials(text, start, end, entities, rules)
    sentence_regimens = regimens(text, entities, start, end, rules)
    cues = endpoint_cues(text, start, end, rules)
    values = find_values(text, start, end, rules)
    if not context.brain_metastases and context.brain_scanned_to < end:
        context.brain_metastases = mentions_brain_metastases(text, context.brain_scanned_to, end, rules)
        context.brain_scanned_to = end
    brain_context = context.brain_metastases
    found: list[Measurement] = []
    if values:  # a relative reduction needs no endpoint phrase ("reduced intracranial progression by 68%")
        pairs = paired_values(text, values)
        respectively = _RESPECTIVELY.search(text, start, end)
        in_list = respective_positions(text, values, pairs, respectively.start()) if respectively else {}
        if in_list and len({r.canonical for r in sentence_regimens}) < max(in_list.values()) + 1:
            # "paclitaxel, docetaxel and nab-paclitaxel ... 23, 19.6, and 18 months, respectively": one
            # regimen per value, so the "and" lists regimens rather than joining drugs.
            sentence_regimens = regimens(text, entities, start, end, rules, and_joins=False)
        analysis = next((name for pattern, name in rules.analyses if pattern.search(text, start, end)), "")
        respective = respective_endpoints(text, cues, values) if respectively else None
        for index, value in enumerate(values):
            before = text[max(start, value.start - 60) : value.start]
            reduction = rules.relative_reduction.search(before) if value.unit == "%" else None
            if reduction:
                endpoint = "OS" if reduction["what"] == "death" else "PFS"
                cue = Cue(value.start, value.start, endpoint, bool(reduction["cns"]))
                kind: tuple[str, str] | None = (endpoint, "relative_reduction")
            else:
                cue = (
                    respective[index]
                    if respective
                    else endpoint_for(text, value, values, cues, context.last_figure)
                )
                if cue and not cue.cns and intracranial_in_sentence(text, start, cue, cues, rules):
                    cue = replace(cue, cns=True)
                kind = measure_for(cue.value, value.unit, value.measure, rules) if cue else None
            if cue is None or kind is None:
                continue
            endpoint, measure = kind
            if measure == "median" and rules.difference.search(before):
                measure = "difference"  # "a benefit of 16.3 months": between two medians, not a median
            trial = trial_after(text, trials, value, values, index) or trial_before(
                text, start, value.start, trials, context, rules
            )
            trial_name = name_of(trial)
            # A ratio, a difference or a reduction compares the arms and belongs to none of them.
            arm: Regimen | None = None
            arm_name = ""
            if not compares_arms(measure):
                position = in_list[index] if index in in_list else pairs.get(index)
                arm = named_arm(
                    text,
                    value,
                    index,
                    values,
                    pairs,
                    position,
                    sentence_regimens,
                    context,
                    index in in_list,
                ) or implied_arm(
                    text, start, value, index, values, pairs, trial_name, sentence_regimens, context
                )
                arm_name = complete_arm(trial_name, arm.canonical if arm else "", position)
            population = population_after(text, value, index, values, pairs, end, rules) or population_before(
                text, start, value.start, rules
            )
            if not population:
                population = described_cohort(trial_name, text, start, value.start) or (
                    context.cohort[1] if context.cohort and context.cohort[0] == trial_name else ""
                )
            if endpoint in rules.incidence:
                # Counted among all of an arm's patients: "patients with stable brain metastasis" in such a
                # sentence says who was eligible, not which subgroup the figure is of.
                population = population if population.startswith("cohort") else ""
            else:
                population = complete_population(trial_name, population, cue.cns, brain_context)
            ci = parse_confidence_interval(
                text, value.end, next_value_start(values, index, end)
            ) or first_interval(text, values, index, pairs, end)
            second_ci = second_interval(text, values, index, pairs, end)
            p_value = p_value_for(text, value, cues, end)
            found.append(
                Measurement(
                    doc_id=document.doc_id,
                    trial=trial_name,
                    nct_id=nct_of(trial),
                    endpoint=endpoint,
                    cns=cue.cns,
                    measure=measure,
                    arm=arm_name,
                    arm_text=arm.text if arm else "",
                    population=population,
                    value=parse_number(value.text),
                    unit=value.unit,
                    ci_low=(second_ci or ci).low if (second_ci or ci) else None,
                    ci_high=(second_ci or ci).high if (second_ci or ci) else None,
                    ci_level=(second_ci or ci).level if (second_ci or ci) else None,
                    p_value=p_value,
                    n=value.n,
                    evidence=text[start:end],
                    char_start=value.start,
                    char_end=value.end,
                    page=document.page_at(value.start),
                    section=document.section_at(value.start) or "",
                    analysis=analysis,
                    value_text=value.text,
                    source="sentence",
                )
            )
    if found:
        last = found[-1]
        context.last_figure = (Cue(last.char_start, last.char_start, last.endpoint, last.cns), last.unit)
    remember(text, start, end, entities, rules, context, trials, sentence_regimens)
    return found


def remember(
    text: str,
    start: int,
    end: int,
    entities: list[Entity],
    rules: EfficacyRules,
    context: Paragraph,
    trials: list[Entity] | None = None,
    sentence_regimens: list[Regimen] | None = None,
) -> None:
    """What a sentence tells the reader about the ones that follow: which trial, regimens and cohort
    are in play."""
    if trials is None:
        trials = sentence_trials(text, start, end, entities, rules)
    if trials:
        context.trial = trials[-1]
        context.paragraph_trial = True
    if context.trial and rules.unnamed_study.search(text, trials[-1].char_end if trials else start, end):
        context.trial = None  # the paragraph has moved on to a study it does not name
    if sentence_regimens is None:
        sentence_regimens = regimens(text, entities, start, end, rules)
    if sentence_regimens:
        context.regimens = tuple(sentence_regimens)
    trial = name_of(context.trial)
    if trials and context.cohort and context.cohort[0] != trial:
        context.cohort = None  # another trial: its cohorts are not the previous trial's
    cohort = described_cohort(trial, text, start, end) or next(
        (f"cohort {m['name']}" for m in rules.cohort.finditer(text, start, end)), ""
    )
    if cohort:
        context.cohort = (trial, cohort)

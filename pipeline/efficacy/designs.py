"""What `patterns/trial_designs.json` knows of named trials: their arms, cohorts and subgroups,
used to complete what a text leaves implicit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.resources import load_json


@dataclass(frozen=True)
class TrialDesigns:
    arms: dict[str, tuple[str, ...]]
    brain_metastases_subgroup: frozenset[str]
    stable_brain_metastases_only: frozenset[str]
    cohorts: dict[str, tuple[tuple[str, re.Pattern[str]], ...]]  # trial -> (cohort name, description)
    classes: dict[str, frozenset[str]]  # an arm's placeholder ("taxane") -> the drugs that fill it


@cache
def trial_designs() -> TrialDesigns:
    data = load_json(
        "trial_designs.json",
        frozenset(
            {"arms", "brain_metastases_subgroup", "stable_brain_metastases_only", "cohorts", "classes"}
        ),
    )
    return TrialDesigns(
        arms={trial: tuple(arms) for trial, arms in data["arms"].items()},
        brain_metastases_subgroup=frozenset(data["brain_metastases_subgroup"]),
        stable_brain_metastases_only=frozenset(data["stable_brain_metastases_only"]),
        cohorts={
            trial: tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in described.items())
            for trial, described in data["cohorts"].items()
        },
        classes={name: frozenset(drugs) for name, drugs in data["classes"].items()},
    )


def complete_arm(trial: str, regimen: str, position: int | None = None) -> str:
    """The trial's one arm that contains every drug the text named ("tucatinib" -> "tucatinib + trastuzumab
    + capecitabine"; "paclitaxel" fills a "taxane" arm), or, when several do, the one at the value's
    place in an "A vs B" pair (`position`); "control" is the second of two arms; a single-arm trial's
    figures are its arm's unless the text compares regimens within it that do not fit the arm
    ("83%, 79%, and 77% with paclitaxel, docetaxel, and nab-paclitaxel, respectively" fit "pertuzumab +
    trastuzumab + taxane"). Otherwise the regimen as found."""
    designs = trial_designs()
    arms = designs.arms.get(trial, ())
    if not regimen:
        return arms[0] if len(arms) == 1 else ""
    if regimen == "control" and len(arms) == 2:
        return arms[1]
    if (alone := _ALONE.sub("", regimen)) != regimen and alone in arms:
        return alone  # "chemotherapy alone": the arm of chemotherapy and nothing else
    matching = {
        arm: filled for arm in arms if (filled := _filled(arm, regimen.split(" + "), designs.classes))
    }
    if len(arms) == 1:
        return matching.get(arms[0]) or (regimen if position is not None else arms[0])
    if len(matching) > 1 and position is not None and position < len(arms) and arms[position] in matching:
        return matching[arms[position]]
    return next(iter(matching.values())) if len(matching) == 1 else regimen


# What names an arm as one regimen and nothing added: "chemotherapy alone", "surgery-only".
_ALONE = re.compile(r"[\s-]+(?:alone|only)\Z", re.IGNORECASE)


def _filled(arm: str, named: list[str], classes: dict[str, frozenset[str]]) -> str:
    """The arm with the named drugs in it, each in its own place or filling its class's placeholder; ""
    when one has no place."""
    parts = arm.split(" + ")
    for drug in named:
        if drug in parts:
            continue
        slot = next((i for i, part in enumerate(parts) if drug in classes.get(part, ())), None)
        if slot is None:
            return ""
        parts[slot] = drug
    return " + ".join(parts)


def described_cohort(trial: str, text: str, start: int, end: int) -> str:
    """The trial's cohort that text[start:end] describes without naming it ("naive to TKI therapy")."""
    for name, description in trial_designs().cohorts.get(trial, ()):
        if description.search(text, start, end):
            return name
    return ""


def complete_population(trial: str, population: str, cns: bool, brain_metastases_context: bool) -> str:
    """The subgroup a figure belongs to when the trial's design settles what the text leaves implicit:
    an intracranial response in a trial of all comers, or a figure read in a brain-metastasis context,
    is the brain-metastasis subgroup's; "stable" adds nothing for a trial that admitted only stable
    brain metastases."""
    designs = trial_designs()
    if population == "stable brain metastases" and trial in designs.stable_brain_metastases_only:
        return "brain metastases"
    if not population and trial in designs.brain_metastases_subgroup and (cns or brain_metastases_context):
        return "brain metastases"
    return population

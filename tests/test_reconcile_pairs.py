"""Reconciliation forms only the pairs a comparison could flag; what it finds equals comparing
every pair of rows that share a key (the definition), on random tables built to hit every kind."""

from __future__ import annotations

import itertools
import random

import pandas as pd
import pytest

from pipeline.outputs import records_frame
from pipeline.reconcile import load_rules, reconcile_measurements
from pipeline.reconcile.pairs import _attribution_errors, _compare, _conflict, _groups
from pipeline.reconcile.rows import _rows
from pipeline.reconcile.run import conflict_order
from pipeline.records import Conflict, Measurement

_POPULATIONS = ["", "", "brain metastases", "active brain metastases", "cohort A"]
_ARMS = ["", "", "tucatinib", "placebo"]
_VALUES = ["45", "45.0", "45.2", "47.3", "0.5", "2.0", "0.50", "1.98", "60"]
_CUES = ["", "", "approximately ", "> ", "< ", "about "]
_PLACES = ["", "in patients with brain metastases", "in cohort A", "in active disease"]


def _random_frame(rng: random.Random, rows: int) -> pd.DataFrame:
    measurements = []
    for _ in range(rows):
        measure = rng.choice(["rate", "rate", "hazard_ratio"])
        value_text = rng.choice(_VALUES)
        sentence = (
            f"The value was {rng.choice(_CUES)}{value_text} {rng.choice(_PLACES)} ({rng.choice('abc')})."
        )
        start = rng.randrange(0, 300)
        measurements.append(
            Measurement(
                doc_id=rng.choice(["d1", "d2", "d3"]),
                trial=rng.choice(["HER2CLIMB", "HER2CLIMB", "NCT02614794", ""]),
                nct_id=rng.choice(["", "NCT02614794"]),
                endpoint=rng.choice(["PFS", "OS"]),
                cns=False,
                measure=measure,
                arm=rng.choice(_ARMS) if measure == "rate" else "",
                arm_text="",
                population=rng.choice(_POPULATIONS),
                value=float(value_text),
                unit="%",
                ci_low=None,
                ci_high=None,
                ci_level=None,
                p_value="",
                n=None,
                evidence=sentence,
                char_start=start,
                char_end=start + len(value_text),
                page=None,
                section="",
                analysis=rng.choice(["", "", "final analysis"]),
                comparison=rng.choice(["tucatinib vs placebo", "placebo vs tucatinib", ""])
                if measure == "hazard_ratio"
                else "",
                value_text=value_text,
            )
        )
    return records_frame(measurements, Measurement)


def _every_pair(measurements: pd.DataFrame) -> pd.DataFrame:
    """The definition: compare every two rows of a key, in order."""
    rules = load_rules()
    rows = _rows(measurements, rules)
    attribution = _attribution_errors(rows)
    doubtful = {index for pair in attribution for index in pair}
    conflicts = []
    for group in _groups(rows, rules):
        for a, b in itertools.combinations(group.rows, 2):
            finding = _compare(a, b, group, rules, doubtful, attribution)
            if finding is not None:
                conflicts.append(_conflict(a, b, finding, rules, doubtful))
    conflicts.sort(key=conflict_order)
    return records_frame(conflicts, Conflict)


@pytest.mark.parametrize("seed", range(12))
def test_the_pairs_formed_find_what_every_pair_finds(seed: int) -> None:
    measurements = _random_frame(random.Random(seed), 120)
    expected = _every_pair(measurements)
    assert len(expected) > 0
    pd.testing.assert_frame_equal(reconcile_measurements(measurements), expected)

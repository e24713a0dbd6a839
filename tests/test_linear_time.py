"""The entities stage and the parsers it shares run in time linear in their input, on the long
"sentences" a batch meets in flattened tables and garbled text (issue #14): runs of digits, dots,
dashes, brackets, "vs", "±", "95% CI", p-values and drug codes, with no sentence break.

Each stage is timed on the same kind of input at two sizes, 8x apart, and the ratio of the two
times is held: linear work takes about 8x as long, quadratic work 64x. No wall-clock figure is
asserted (bench/robustness.py prints those). CPU time of this process, best of a few runs, so
that other work on the machine does not count.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest

from pipeline.drugs import extract_drugs
from pipeline.entities import extract_entities
from pipeline.nlp import document_entities, shared_pipeline
from pipeline.numbers import parse_confidence_interval, parse_p_value
from pipeline.sentences import sentence_spans
from pipeline.trials import find_trials

SMALL, LARGE = 8_000, 64_000
# Linear: ~8. Quadratic: ~64. The margin absorbs caches and timer noise both ways.
MAX_RATIO = 24

HOSTILE = {
    "digits": "1234567890",
    "dots": ".",
    "dashes": "-",
    "brackets": "(",
    "nested-brackets": "([{",
    "vs": "12 vs 14 ",
    "plus-minus": "12.3 ± 4.5 ",
    "ci": "95% CI 0.56-0.94 ",
    "p-values": "p = 0.03, ",
    "drug-codes": "DS-8201a, ",
    "drug-names": "T-DXd trastuzumab ",
}


def _numbers(text: str) -> None:
    parse_confidence_interval(text)
    parse_p_value(text)


def _entities(text: str) -> None:
    extract_entities("hostile", text)


def _nlp(text: str) -> None:
    document_entities(shared_pipeline(), "hostile", [text])


STAGES: dict[str, Callable[[str], object]] = {
    "sentences": sentence_spans,
    "drugs": extract_drugs,
    "trials": find_trials,
    "numbers": _numbers,
    "entities": _entities,
    "nlp": _nlp,  # the entities with the chemical NER, as a batch runs them
}


def _text(unit: str, size: int, variant: int) -> str:
    # A different ending each run: the sentence splitter keeps its last result.
    return "Results. " + (unit * (size // len(unit) + 1))[:size] + f" x{variant}\n"


def _cpu_seconds(stage: Callable[[str], object], unit: str, size: int, runs: int) -> float:
    best = float("inf")
    for variant in range(runs):
        text = _text(unit, size, variant)
        gc.disable()
        try:
            start = time.process_time()
            stage(text)
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


@pytest.mark.parametrize("kind", HOSTILE)
@pytest.mark.parametrize("stage_name", STAGES)
def test_time_grows_linearly(stage_name: str, kind: str) -> None:
    stage, unit = STAGES[stage_name], HOSTILE[kind]
    stage(_text(unit, 200, -1))  # lexicons and models load outside the timing
    small = max(_cpu_seconds(stage, unit, SMALL, runs=3), 1e-4)
    large = _cpu_seconds(stage, unit, LARGE, runs=2)
    assert large / small < MAX_RATIO, (
        f"{stage_name} on {kind}: {small:.4f} s at {SMALL:,} chars, {large:.4f} s at {LARGE:,} "
        f"({large / small:.0f}x for 8x the input)"
    )

"""The efficacy extractor's time grows linearly with its input, on the inputs that made it grow with
the square of a sentence's length (issue #14): long runs of digits, dots, dashes, brackets, "vs",
"±", "95% CI", p-values and "HR 0.xx" in one paragraph without a sentence break.

Each test compares the extractor's CPU time on one input at two sizes, four times apart: linear
work takes about four times as long, quadratic work sixteen. No wall-clock figure is asserted (the
bench/efficacy_linear.py bench prints them)."""

from __future__ import annotations

import time

import pytest

from pipeline.efficacy import extract_measurements
from pipeline.efficacy.pieces import MAX_PIECE, sentence_pieces
from pipeline.sentences import sentence_spans
from tests.hostile_text import document_of, hostile_text, mixed_text

# 4x the size may cost up to this many times the time: room for noise, far below quadratic (16x).
MAX_RATIO = 8.0

KINDS = [
    "digits",
    "dots",
    "dashes",
    "numbered dashes",
    "nested brackets",
    "bracket pairs",
    "12 vs 14",
    "vs",
    "plus-minus",
    "confidence intervals",
    "p-values",
    "p = 0.0...",
    "hazard ratios",
    "percent list",
    "fractions",
    "continued counts",
    "coordinated counts",
    "arm labels",
    "labelled list",
    "nested values",
]


def cpu_time(text: str, repeats: int = 3) -> float:
    """The least CPU time of a few extractions of a document of `text` (the least is the least
    disturbed by other work on the machine)."""
    document, entities = document_of(text)
    sentence_spans(document.text)  # a batch's entities stage has split the text already (cached)
    times = []
    for _ in range(repeats):
        started = time.process_time()
        extract_measurements(document, entities)
        times.append(time.process_time() - started)
    return max(min(times), 1e-3)


def growth(small: str, large: str) -> float:
    cpu_time(small, repeats=1)  # compile the patterns and fill the caches first
    return cpu_time(large) / cpu_time(small)


@pytest.mark.parametrize("kind", KINDS)
def test_a_sentence_costs_time_linear_in_its_length(kind: str) -> None:
    # Up to the length at which a sentence is cut into pieces: each stage's own cost.
    ratio = growth(hostile_text(kind, MAX_PIECE // 4), hostile_text(kind, MAX_PIECE))
    assert ratio < MAX_RATIO, f"{kind}: 4x the length took {ratio:.1f}x the time"


@pytest.mark.parametrize("kind", ["table rows", "randomised to one arm", "flattened tables", "subgroups"])
def test_a_document_costs_time_linear_in_its_length(kind: str) -> None:
    # What is read once per document rather than per sentence: a table's rows, design sentences.
    ratio = growth(hostile_text(kind, 6 * MAX_PIECE), hostile_text(kind, 24 * MAX_PIECE))
    assert ratio < MAX_RATIO, f"{kind}: 4x the length took {ratio:.1f}x the time"


@pytest.mark.parametrize("seed", [1, 2])
def test_a_paragraph_without_sentence_breaks_costs_time_linear_in_its_length(seed: int) -> None:
    # Beyond the length at which a sentence is cut into pieces.
    ratio = growth(mixed_text(seed, MAX_PIECE), mixed_text(seed, 4 * MAX_PIECE))
    assert ratio < MAX_RATIO, f"seed {seed}: 4x the length took {ratio:.1f}x the time"


def test_a_long_sentence_is_cut_at_semicolons_into_bounded_pieces() -> None:
    clause = "the median PFS was 9.1 months (95% CI 7.2-11.0) with drug A, and 4.2 months with drug B"
    text = "; ".join([clause] * 200) + "."
    pieces = sentence_pieces(text)
    assert len(pieces) > 1
    assert all(end - start <= MAX_PIECE for start, end in pieces)
    assert all(text[end - 1] == ";" for _, end in pieces[:-1])  # cut after a clause, not inside one
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)


def test_a_run_without_any_break_is_cut_at_the_cap() -> None:
    text = "1" * (3 * MAX_PIECE)
    assert sentence_pieces(text) == [
        (0, MAX_PIECE),
        (MAX_PIECE, 2 * MAX_PIECE),
        (2 * MAX_PIECE, 3 * MAX_PIECE),
    ]


def test_sentences_of_ordinary_length_are_read_whole() -> None:
    text = "The median PFS was 9.1 months. The ORR was 45% (95% CI 30-60)."
    assert sentence_pieces(text) == sentence_spans(text)

"""Values the unseen abstracts still lost (issue #10, fourth pass): a number that continues a pair or
list begun by a count is a count of the same events, whatever the words after the first count."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extracting import figures


def values(tmp_path: Path, text: str) -> list[tuple]:
    return [(endpoint, measure, value) for endpoint, measure, _, value, _, _ in figures(tmp_path, text)]


CASES = [
    # a pair, then a list, each continuing the count before it; none names events of its own, so all
    # count what the first counts
    (
        "Among women on HRT, 11 had local recurrence and 12 distant metastases versus 15 and 12 for the "
        "controls.",
        [("RECURRENCE", "count", value) for value in (11.0, 12.0, 15.0, 12.0)],
    ),
    # the second of a pair of counts of best responses, before "vs."
    (
        "There were fewer confirmed responses in the first arm than in the second arm (1 CR and 26 PRs "
        "vs. 1 CR and 39 PRs, respectively).",
        [("CR", "count", 1.0), ("PR", "count", 26.0), ("CR", "count", 1.0), ("PR", "count", 39.0)],
    ),
    # a count whose patients go unsaid, after "compared with" and words of no outcome before it
    (
        "Eleven deaths occurred among patients treated with letrozole during follow-up compared with 19 of "
        "those given placebo.",
        [("DEATH", "count", 11.0), ("DEATH", "count", 19.0)],
    ),
    # a bare number of one arm compared with another arm's, of a counted endpoint
    (
        "The number of second breast cancers was 168 in the fenretinide arm and 190 in the control arm.",
        [("RECURRENCE", "count", 168.0), ("RECURRENCE", "count", 190.0)],
    ),
    # a colon breaks the count down, into items labelled before or after their counts
    (
        "Two local recurrences were observed: one in an arm-A patient and one in an arm-B patient.",
        [("RECURRENCE", "count", value) for value in (2.0, 1.0, 1.0)],
    ),
    (
        "After a median follow-up of 38.4 months, 71 patients (33%) relapsed or died: DD, 33 patients "
        "(15 deaths); CS, 38 patients (22 deaths).",
        [("DEATH", "count", 71.0), ("DEATH", "rate", 33.0)]
        + [("DEATH", "count", value) for value in (33.0, 15.0, 38.0, 22.0)],
    ),
    # the continuing count names its own events: they are its endpoint, not the first count's
    (
        "At the last visit, 12 patients in arm A had a local recurrence and 9 patients died.",
        [("RECURRENCE", "count", 12.0), ("DEATH", "count", 9.0)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_values_read(tmp_path: Path, text: str, expected: list[tuple]) -> None:
    assert values(tmp_path, text) == expected


NOT_VALUES = [
    # a comma lists clauses, not counts: the patients who did not take the oil died of nothing
    (
        "Eight patients died within one month of treatment, one patient did not take the oil and was "
        "excluded, and 2 patients were lost to follow up.",
        [("DEATH", "count", 8.0)],
    ),
    # the arms' shares of a number of patients are their sizes
    (
        "We excluded 188 patients (95 in the chemotherapy alone group and 93 in the chemotherapy plus "
        "bevacizumab group) with death before the tumour assessment.",
        [],
    ),
    # a count of a cause breaks the deaths down by cause, not by arm
    (
        "Three patients died during treatment: two of pneumonia and one of disseminated cancer.",
        [("DEATH", "count", 3.0)],
    ),
    # a duration or a dose after "and" continues no count
    (
        "Twelve patients died in the first year and 3 years later two more died.",
        [("DEATH", "count", 12.0)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), NOT_VALUES)
def test_not_continued(tmp_path: Path, text: str, expected: list[tuple]) -> None:
    assert values(tmp_path, text) == expected

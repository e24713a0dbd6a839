"""Hostile inputs for the efficacy extractor, shared by tests/test_efficacy_linear.py and
bench/efficacy_linear.py: one paragraph without a sentence break, built by repeating a unit until it
reaches a size. Each names an endpoint, so that the extractor reads it rather than skipping it."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from pipeline.records import Document, Entity, Table
from pipeline.sentences import sentence_spans
from pipeline.textmap import OffsetMap

# name -> the paragraph's opening words and the unit repeated after them
HOSTILE: dict[str, tuple[str, str]] = {
    "digits": ("The median PFS was ", "1234567890"),
    "digits and spaces": ("The median PFS was ", "12 "),
    "dots": ("The ORR was 12% ", "1."),  # a run of bare dots stalls the sentence split (entities stage)
    "dashes": ("The median OS was 12-", "-"),
    "numbered dashes": ("The median OS was ", "12-"),
    "p = 0.0...": ("The median PFS was 12 months (p = 0.", "0"),
    "p-values": ("The median PFS was ", "PFS 12 months (p = 0.01) "),
    "12 vs 14": ("The median PFS was ", "PFS 12 vs 14 "),
    "vs": ("The median PFS was 12 months ", "vs "),
    "plus-minus": ("The ORR was ", "ORR 81.9 ± 7.0% "),
    "nested brackets": ("The ORR was 12% ", "(("),
    "closing brackets": ("The ORR was 12% ", "))"),
    "bracket pairs": ("The ORR was ", "ORR (12%) "),
    "empty brackets": ("The ORR was 12% ", "() "),
    "hazard ratios": ("The PFS ", "OS HR 0.73, "),
    "confidence intervals": ("The median PFS was ", "PFS 12 months 95% CI 0.56-0.94, "),
    "percent list": ("The ORR was ", "ORR 23%, "),
    "months and": ("The median PFS was ", "PFS 9.1 and 3.3 months, "),
    "counts": ("The ORR was ", "ORR 12% with 19 of 23 patients "),
    "fractions": ("The ORR was ", "ORR 15/51 (29%) "),
    # each count continues the pair or list the count before it begins
    "continued counts": ("There were ", "12 deaths in arm A and 9 in arm B versus "),
    # counts of outcomes joined by "and", each of the arm named after the last
    "coordinated counts": ("There were ", "12 relapses and 9 deaths and "),
    "regimens": ("The median PFS was ", "PFS 12 months with trastuzumab plus capecitabine vs 14 months "),
    "randomised": ("Patients were randomly assigned to ", "trastuzumab or capecitabine or "),
    "randomised to one arm": ("The ORR was 12% ", "randomised to trastuzumab or ; "),
    "respectively": ("The ORR and PFS were ", "12% and 9 months, respectively, "),
    # labels next to values, headers, lists of labels and values nested in brackets (the arm stage)
    "arm labels": ("The ORR was ", "12% for TL, DA-: 14%, group 1, 15% (Ax vs. no-Ax: 16% vs. 17% "),
    "labelled list": ("The ORR was ", "12%, 14% and 15% for TL, PWI and PTI, respectively, "),
    "nested values": ("The ORR was ", "12% (13% "),
    # a table of many rows (a tab-separated text is read as one table)
    "table rows": (
        "Arm\tORR (%)\tMedian PFS (months)\n",
        "trastuzumab\t45.2\t9.1\n",
    ),
    # subgroups by traits the title or whom the trial took may name: each trait is looked up once
    "subgroups": (
        "The trial took women with breast cancer. ",
        "In postmenopausal patients, the ORR was 12%. In HER2-negative patients, the ORR was 14%. In "
        "Japanese patients, the ORR was 9%. In patients with triple-negative breast cancer, the ORR was "
        "20%. In node-negative patients, the ORR was 18%. In ER-positive patients, the ORR was 11%. ",
    ),
    # captions of tables flattened into running text, with no gap between them: each is read once
    "flattened tables": (
        "The trial compared trastuzumab with placebo. ",
        "  Table 2 Response trastuzumab ( n = 41) placebo ( n = 46) P Partial response 5 (12%) 1 (2%) 0.10",
    ),
    "no full stop": ("The ORR was 12% ", "in patients with active brain metastases and "),
}

_DRUGS = re.compile(r"\b(?:trastuzumab|capecitabine)\b")


def hostile_text(name: str, size: int) -> str:
    """The hostile paragraph `name`, `size` characters long (cut mid-unit), without a full stop."""
    lead, unit = HOSTILE[name]
    return (lead + unit * (size // len(unit) + 1))[:size]


def mixed_text(seed: int, size: int) -> str:
    """A paragraph of `size` characters of the hostile units in a random order (the same for a seed)."""
    choose = random.Random(seed).choice
    units = [unit for _, unit in HOSTILE.values()]
    parts = ["The median PFS was "]
    length = len(parts[0])
    while length < size:
        parts.append(choose(units))
        length += len(parts[-1])
    return "".join(parts)[:size]


# The extractor reads only documents about cancer: the hostile paragraph follows a title that says so
# (chemotherapy, metastatic, cancer, tumours, oncology: as many mentions as a long text needs).
_ONCOLOGY_TITLE = "Chemotherapy of metastatic breast cancer and other tumours: an oncology trial.\n\n"


def document_of(text: str) -> tuple[Document, list[Entity]]:
    """A cancer paper whose body is `text`, with its drug mentions as the entities stage would give
    them; a body with tabs is a table."""
    # The title names cancer five times: a paper needs one mention per 3,500 characters
    # (patterns/efficacy.json), so a long body gets the title once per 15,000 of its characters;
    # with the title once, a body of 40,000 characters was read as no cancer paper, and not at all.
    title = _ONCOLOGY_TITLE * (1 + len(text) // 15_000)
    body = len(title)
    text = title + text
    tables = (Table("Table 1", "", (), body, len(text)),) if "\t" in text else ()
    document = Document(
        doc_id="hostile",
        path="hostile.txt",
        format="text",
        sha256="",
        text=text,
        offset_map=OffsetMap(),
        tables=tables,
    )
    entities = [
        Entity("hostile", "DRUG", m.group(), m.group(), m.start(), m.end(), "oncology_lexicon")
        for m in _DRUGS.finditer(text)
    ]
    return document, entities


def timed(extract: Callable[[Document, list[Entity]], object], text: str) -> float:
    """CPU seconds that `extract` takes on a document of `text` (the best of a few short runs: the
    machine may be shared)."""
    import time

    document, entities = document_of(text)
    sentence_spans(document.text)  # a batch's entities stage has split the text already (cached)
    best = float("inf")
    runs = 0
    total = 0.0
    while runs < 3 and (runs == 0 or total < 1.0):
        started = time.process_time()
        extract(document, entities)
        elapsed = time.process_time() - started
        best, total, runs = min(best, elapsed), total + elapsed, runs + 1
    return best

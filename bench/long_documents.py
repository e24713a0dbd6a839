"""Long documents: per-offset look-ups and reconciliation stay near-linear.

Times `Document.section_at` over a JATS article with N flat sections (ingest, then one look-up
per paragraph, as extraction does), and `reconcile_measurements` over N measurements of one
trial that share a key (many papers repeating the same figures, a few disagreeing). Each is run
at N and 2N so the growth shows. `--save DIR` writes the conflicts found, to compare two versions
of the code.

    python bench/long_documents.py [--n 10000] [--save DIR]
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from pipeline.ingest.jats import ingest_jats
from pipeline.outputs import records_frame
from pipeline.reconcile import check_measurements, reconcile_measurements
from pipeline.records import Measurement


def flat_sections_article(sections: int) -> bytes:
    body = "".join(
        f"<sec><title>Section {i}</title><p>Objective response rate was {i % 90}.5% in cohort {i}.</p></sec>"
        for i in range(sections)
    )
    return f"<article><body>{body}</body></article>".encode()


def time_sections(sections: int) -> tuple[float, float]:
    data = flat_sections_article(sections)
    start = time.perf_counter()
    document = ingest_jats(Path("flat.nxml"), data)
    ingested = time.perf_counter() - start
    start = time.perf_counter()
    offsets = [m for m in range(0, len(document.text), 60)]
    found = sum(document.section_at(offset) is not None for offset in offsets)
    assert found > 0.9 * len(offsets)
    return ingested, time.perf_counter() - start


_POPULATIONS = ["", "", "", "brain metastases", "active brain metastases", "cohort A"]
_ARMS = ["", "", "trastuzumab deruxtecan", "trastuzumab emtansine"]
_SENTENCES = [
    "The confirmed objective response rate was {v}% in patients with {p}.",
    "ORR was approximately {v}% ({p}).",
    "An objective response was seen in {v}% of patients.",
    "Responses occurred in > {v}% of the {p} cohort.",
]


def one_trial_measurements(rows: int, outliers: int = 5, seed: int = 7) -> list[Measurement]:
    """`rows` reports of one trial's figures, each cell (measure, population, arm) with its own
    value as most papers give it, written with and without "approximately" and ">" and in both
    comparison orders; `outliers` of them disagree. The conflicts found grow with `rows`, not its
    square."""
    rng = random.Random(seed)
    measurements = []
    for index in range(rows):
        population = rng.choice(_POPULATIONS)
        measure = rng.choice(["rate", "rate", "rate", "hazard_ratio"])
        arm = rng.choice(_ARMS) if measure == "rate" else ""
        comparison = rng.choice(["T-DXd vs T-DM1", "T-DM1 vs T-DXd"]) if measure == "hazard_ratio" else ""
        if measure == "rate":
            value_text = f"{40 + 7 * _POPULATIONS.index(population) + 3 * _ARMS.index(arm):.1f}"
        else:
            value_text = "0.28" if comparison.startswith("T-DXd") else "3.57"
        if index < outliers:
            value_text = f"{float(value_text) * 1.5:.2f}"
        evidence = rng.choice(_SENTENCES).format(v=value_text, p=population or "HER2-positive disease")
        measurements.append(
            Measurement(
                doc_id=f"doc{index % 400:04d}",
                trial="DESTINY-Breast03",
                nct_id="NCT03529110",
                endpoint="ORR" if measure == "rate" else "PFS",
                cns=False,
                measure=measure,
                arm=arm,
                arm_text=arm,
                population=population,
                value=float(value_text),
                unit="%" if measure == "rate" else "ratio",
                ci_low=None,
                ci_high=None,
                ci_level=None,
                p_value="",
                n=None,
                evidence=evidence,
                char_start=100 * (index // 400) + index % 7,
                char_end=100 * (index // 400) + index % 7 + len(value_text),
                page=None,
                section="Results",
                analysis=rng.choice(["", "", "primary analysis", "updated analysis"]),
                comparison=comparison,
                value_text=value_text,
            )
        )
    return measurements


def time_reconcile(rows: int, save: Path | None) -> tuple[float, int]:
    frame = records_frame(one_trial_measurements(rows), Measurement)
    start = time.perf_counter()
    conflicts = reconcile_measurements(frame)
    check_measurements(frame)
    seconds = time.perf_counter() - start
    if save:
        save.mkdir(parents=True, exist_ok=True)
        conflicts.to_csv(save / f"conflicts_{rows}.csv", index=False)
    return seconds, len(conflicts)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--save", type=Path, help="write the conflicts found to this folder")
    parser.add_argument("--only", choices=("sections", "reconcile"))
    args = parser.parse_args()
    for n in (args.n // 2, args.n):
        if args.only != "reconcile":
            ingested, looked_up = time_sections(n)
            print(
                f"{n:>6} flat sections: ingest {ingested:.2f} s, section_at per paragraph {looked_up:.2f} s"
            )
        if args.only != "sections":
            seconds, conflicts = time_reconcile(n, args.save)
            print(
                f"{n:>6} measurements of one trial: reconcile + checks {seconds:.2f} s, {conflicts} conflicts"
            )


if __name__ == "__main__":
    main()

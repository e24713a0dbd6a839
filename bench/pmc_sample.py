"""Re-score a judged sample of efficacy rows from PMC articles against the current code.

`bench/pmc_sample.csv` holds 80 rows drawn at random (seed 20261122) from a run over all 2,231
texts in ../shared/data/pmc-oa/txt on 2026-11-22, each judged by reading its sentence: `real`
(is the number an efficacy result at all), `endpoint_ok` and `arm_ok` (among real rows), and a
comment. This script extracts the sampled documents again and prints what the current code
emits at each judged number: how many real and false rows it still emits, and every row whose
attribution changed, so that a rule change can be weighed on real articles as well as on the
seed gold. `char_start` is an offset into the ingested text, so a change to ingestion that
moves a sampled number shows here as a dropped row.

A fresh sample is re-scored with --sample: `bench/pmc_sample_2026-11-30.csv` holds 80 rows drawn
the same way (seed 20261130) from the 2,490 rows of a run on 2026-11-30, after the issue-10 rules.
Both samples judge efficacy in other diseases (HIV, Crohn's, multiple sclerosis...) not real; the
new one takes an empty arm as right for a ratio or difference, which by design has none.
`bench/pmc_sample_2026-11-30b.csv` is a third, drawn the same way (seed 20261201) from the 1,905
rows of a run after the rule that only documents about cancer yield figures.
`bench/pmc_sample_2026-11-30c.csv` is a fourth, drawn the same way (seed 20261202) from the 2,148
rows of a run on 2026-11-30 after the issue-10 rules of this session (code at commit 722d933).
`bench/pmc_sample_2026-11-30d.csv` (seed 20261203, 1,937 rows at 00170c3) and
`bench/pmc_sample_2026-11-30e.csv` (seed 20261204, 1,901 rows at 19448b8) were drawn the same way
after the precision rules (the cancer-document gate without drug names, `not_figures`,
`safety_between`); they judge the bounds of a range of results across studies not real.
`bench/pmc_sample_2026-11-30f.csv` was drawn the same way (seed 20261205) from the 2,039 rows of
a run on 2026-11-30 after the issue-10 rules of this session (code at 62d9531).
`bench/pmc_sample_2026-11-30g.csv` was drawn the same way (seed 20261215) from the 2,061 rows of
a run at be26e97, after the precision, recall, design-reader and PMC-arm rules of the next session;
two readers judged 40 rows each. As in every sample before it, a cited trial's result is a real
figure (reviews cite trials, and the seeds' gold holds them); as in the seeds' gold, and unlike
some rows of earlier samples, a figure of groups a marker or a prognostic factor defines (a
hazard ratio of high vs low expression, rash vs no rash; a median of EGFR-mutant patients pooled
over both arms) is not, since it is no treatment's result.
`bench/pmc_sample_2026-11-30-pmcrecall.csv` was drawn the same way (seed 20261206) from the 2,061
rows of a run after the PMC-audit recall rules (`bench/pmc_misses.py`; code at 16a33e0); only
`real` is judged there (`endpoint_ok` and `arm_ok` are left empty).
`bench/pmc_sample_2026-11-30h.csv` was drawn the same way (seed 20261216) from the 1,979 rows of
a run at 151c46e, after the third precision and recall passes and two arm passes; two readers
judged 40 rows each, by 30g's convention. Samples 30i (seed 20261217, e387d26), 30j (seed
20261218, c944a50), 30k (seed 20261221, 1,891 rows at 09e1dad), 30l (seed 20261222, 1,908 rows at
2854b36), 30m (seed 20261223, 1,894 rows at 90481a3), and `bench/pmc_sample_2026-12-01.csv`
(seed 20261224, 1,894 rows at 60e8fa2), `-12-01b.csv` (seed 20261225, 1,867 rows at 2bc954f),
`-12-01c.csv` (seed 20261226, 1,867 rows at 0535eed), `-12-01d.csv` (seed 20261227, 1,864 rows
at bac75e2), `-12-01e.csv` (seed 20261228, 1,858 rows at 66d2d7b), `-12-02.csv` (seed 20261229,
1,859 rows at 21df873), `-12-02b.csv` (seed 20261230, 1,859 rows at 2a36909), `-12-02c.csv`
(seed 20261231, 1,883 rows at d21e6cc, `random.Random(seed).sample` over the rows) and
`-12-02d.csv` (seed 20270101, 1,883 rows at 91b6043, drawn the same way) , `-12-02e.csv` (seed
20270102, 1,874 rows at cf9bb6a), `-12-02f.csv` (seed 20270103, 1,883 rows at d63fd0d) and
`-12-02g.csv` (seed 20270104, 1,883 rows at 3e0c555), `-12-03.csv` (seed 20270105, 1,887 rows
at 87fce86), `-12-03b.csv` (seed 20270106, 1,885 rows at ce66790), `-12-03c.csv` (seed 20270111,
1,885 rows at 4584599), `-12-03d.csv` (seed 20270112, 1,886 rows at 96fb282), `-12-03e.csv`
(seed 20270113, 1,886 rows at 7fe7b8d), `-12-04.csv` (seed 20270114, 1,892 rows at 5355a4f),
`-12-04b.csv` (seed 20270115, 1,914 rows at f8c266e) and `-12-04c.csv` (seed 20270116, 1,915 rows
at dd78c55) were drawn and judged the same way.

    python bench/pmc_sample.py [--sample bench/pmc_sample.csv] [--data-dir ../shared/data/pmc-oa/txt]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import pandas as pd

from pipeline.efficacy import extract_measurements
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline
from pipeline.records import Measurement

REPO = Path(__file__).resolve().parent.parent
ATTRIBUTION = ("endpoint", "measure", "arm", "trial")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sample", type=Path, default=REPO / "bench" / "pmc_sample.csv", help="a judged sample CSV"
    )
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data" / "pmc-oa" / "txt")
    args = parser.parse_args()
    sample = pd.read_csv(args.sample, dtype=str, keep_default_na=False)
    nlp = shared_pipeline()
    found: dict[str, dict[int, Measurement]] = {}
    tally: Counter[str] = Counter()
    for row in sample.itertuples():
        if row.doc_id not in found:
            document = ingest_file(args.data_dir / f"{row.doc_id}.txt")
            entities = document_entities(nlp, document.doc_id, [document.text])
            found[row.doc_id] = {m.char_start: m for m in extract_measurements(document, entities)}
        now = found[row.doc_id].get(int(row.char_start))
        real = row.real == "yes"
        tally[f"{'real' if real else 'false'} {'emitted' if now else 'dropped'}"] += 1
        if now is None:
            print(f"row {row.row}: dropped ({'real' if real else 'false'}: {row.comment})")
            continue
        judged = tuple(getattr(row, name) for name in ATTRIBUTION)
        current = tuple(getattr(now, name) for name in ATTRIBUTION)
        if judged != current:
            print(
                f"row {row.row}: {judged} -> {current} (judged endpoint_ok={row.endpoint_ok},"
                f" arm_ok={row.arm_ok}: {row.comment})"
            )
    emitted = tally["real emitted"] + tally["false emitted"]
    share = tally["real emitted"] / max(emitted, 1)
    print(
        f"\n{len(sample)} judged rows: {tally['real emitted']} real and {tally['false emitted']} false"
        f" still emitted ({share:.0%} real); dropped {tally['real dropped']} real,"
        f" {tally['false dropped']} false"
    )


if __name__ == "__main__":
    main()

"""Do a code change's outputs match a reference run? Byte for byte, table by table.

A speed-up must not change what a run writes. `make` runs the batch over the seed corpus
and over the first N PMC texts and keeps the CSV tables as the reference; `check` runs the
same corpora again with the current code and compares each table with the reference,
printing the first differing rows. The corpora are linked from one fixed folder, so the
paths written in documents.csv are the same in both runs.

    python bench/same_outputs.py make  [--work /tmp/trialsift-same] [--limit 300]
    python bench/same_outputs.py check [--work /tmp/trialsift-same] [--limit 300]
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import sys
from pathlib import Path

from pipeline.batch import run_batch

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "corpus"
PMC = REPO.parent / "shared" / "data" / "pmc-oa" / "txt"
# Every table a run writes as CSV; entities and measurements are the ones that matter most.
TABLES = ("entities", "measurements", "documents", "errors", "conflicts", "checks")


def corpora(work: Path, limit: int) -> dict[str, Path]:
    """The seed corpus and a folder of links to the first `limit` PMC texts (rebuilt each time)."""
    pmc = work / "corpus" / f"pmc{limit}"
    shutil.rmtree(pmc, ignore_errors=True)
    pmc.mkdir(parents=True)
    for path in sorted(PMC.glob("*.txt"))[:limit]:
        (pmc / path.name).symlink_to(path.resolve())
    seeds = work / "corpus" / "seeds"
    if not seeds.exists():
        seeds.parent.mkdir(parents=True, exist_ok=True)
        seeds.symlink_to(SEEDS.resolve() if SEEDS.exists() else Path("/work/main/corpus"))
    return {"seeds": seeds, f"pmc{limit}": pmc}


def run_into(corpus: Path, out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    run_batch(corpus, out, follow_links=True)  # the corpora are links to the shared data


def compare(reference: Path, current: Path) -> bool:
    same = True
    for table in TABLES:
        old, new = reference / f"{table}.csv", current / f"{table}.csv"
        if old.read_bytes() == new.read_bytes():
            print(f"  {table}.csv: identical ({old.stat().st_size:,} bytes)")
            continue
        same = False
        old_lines = old.read_text(encoding="utf-8").splitlines()
        new_lines = new.read_text(encoding="utf-8").splitlines()
        diff = list(difflib.unified_diff(old_lines, new_lines, "reference", "current", n=0, lineterm=""))
        print(f"  {table}.csv: DIFFERENT ({len(old_lines)} vs {len(new_lines)} lines)")
        for line in diff[:40]:
            print(f"    {line}")
    return same


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("action", choices=("make", "check"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/trialsift-same"))
    parser.add_argument("--limit", type=int, default=300, help="how many PMC texts (sorted by name)")
    args = parser.parse_args()
    same = True
    for name, corpus in corpora(args.work, args.limit).items():
        reference = args.work / "reference" / name
        if args.action == "make":
            run_into(corpus, reference)
            print(f"{name}: reference written to {reference}")
            continue
        current = args.work / "current" / name
        run_into(corpus, current)
        print(f"{name}:")
        same = compare(reference, current) and same
    if args.action == "check":
        print("all tables identical" if same else "SOME TABLES DIFFER")
        sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()

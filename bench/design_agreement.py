"""Whether the design the pipeline reads for a PICO abstract agrees with the annotated arms.

For each abstract with annotated intervention and control spans that can be told apart (the
scorer's `arm_sides`), the design `read_design` returns is put side by side with the annotated sides:
each arm is placed on a side by the scorer's word overlap (`side_of_row`, on the arm's regimen and
the words it is written with), and the design agrees when its arms cover both sides and no arm is
left on neither. Counts are printed for both parts; with `--show`, the dev part's abstracts whose
design is missing or disagrees, with their arms. Held-out abstracts are only counted: their text
is never printed.

    .venv/bin/python bench/design_agreement.py [--data-dir DIR] [--show]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from pico_dev import REPO, arm_sides, defined_abbreviations, held_out, read_abstract, side_of_row

from pipeline.efficacy.document_design import DocumentDesign, read_design
from pipeline.ingest import ingest_file
from pipeline.nlp import document_entities, shared_pipeline


def verdict(design: DocumentDesign | None, sides: list[str]) -> str:
    """`none` (no design read), `agrees` (its arms on both sides, each on one) or `disagrees`."""
    if design is None:
        return "none"
    return "agrees" if set(sides) == {"iv", "cv"} else "disagrees"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data" / "pico-breast-dev")
    parser.add_argument("--show", action="store_true", help="print the dev part's missing or wrong designs")
    args = parser.parse_args()
    if not any(args.data_dir.glob("*.ann")):
        parser.error(f"{args.data_dir}: no BRAT annotations (*.ann) here; pass the corpus with --data-dir")
    nlp = shared_pipeline()
    counts: dict[str, Counter[str]] = {"dev": Counter(), "held-out": Counter()}
    for txt in sorted(args.data_dir.glob("*.txt")):
        part = "held-out" if held_out(txt.stem) else "dev"
        abstract = read_abstract(txt)
        sides = arm_sides(abstract)
        if sides is None:
            continue
        document = ingest_file(txt)
        design = read_design(document.text, document_entities(nlp, document.doc_id, [document.text]))
        abbreviations = defined_abbreviations(abstract.text)
        arm_sides_of = [
            side_of_row(a.canonical, a.text, sides, abbreviations) or "-"
            for a in (design.arms if design else ())
        ]
        found = verdict(design, arm_sides_of)
        counts[part][found] += 1
        if args.show and part == "dev" and found != "agrees":
            iv = [s.text for s in abstract.spans if s.label == "intervention"][:3]
            cv = [s.text for s in abstract.spans if s.label == "control"][:3]
            print(f"{found.upper()} {txt.stem} iv={iv} cv={cv}")
            for arm, side in zip(design.arms if design else (), arm_sides_of, strict=True):
                print(f"    {side:3s} {arm.canonical!r} <- {' '.join(arm.text.split())[:120]!r}")
    for part, tally in counts.items():
        total = sum(tally.values())
        print(
            f"[{part}] {total} abstracts with two annotated sides: design read {total - tally['none']}"
            f" (agrees {tally['agrees']}, disagrees {tally['disagrees']}), none {tally['none']}"
        )


if __name__ == "__main__":
    main()

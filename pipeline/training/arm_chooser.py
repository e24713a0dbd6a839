"""Train the arm chooser (`pipeline/efficacy/arm_chooser.py`) on the PICO breast-cancer corpus.

Every value the pipeline extracts and `bench/pico_dev.py` matches to a gold value (as it scores)
is an example for each arm the chooser offers it (the design's, the sentence's and the previous
sentence's regimens), with the words the chooser reads and the rules' own choice: `YES` for an arm on
the gold value's side (`iv-…` intervention, `cv-…` control), `NO` for the others. Which side an arm
is on is decided as the scorer decides it for a row's arm (word overlap with the abstract's
intervention and control spans). A value the annotators gave no arm, in an abstract where they
labelled the arms' values, is `NO` for every arm: mostly a whole-trial figure.

Only the `dev` part trains (`bench/pico_dev.held_out`). The script prints, by 5-fold
cross-validation on `dev` and for the `held-out` part, how often the rules' arm and the model's are
on the gold side in each kind of evidence the rules had, and what the chooser would do where they
give no arm: that is how its use (`ENABLED`, `MIN_SCORE`) was decided.

Usage::

    python -m pipeline.training.arm_chooser --data-dir ../shared/data/pico-breast-dev \
        --output pipeline/models/arm_chooser

Under a minute on 2 CPU cores, seed 0; the same files on every run.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import random
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example as SpacyExample
from spacy.util import fix_random_seed, minibatch

from pipeline.efficacy.arm_chooser import LABELS, MODEL_DIR, Recorded, recording
from pipeline.nlp import shared_pipeline

REPO = Path(__file__).resolve().parent.parent.parent
SEED = 0
EPOCHS = 12
TEXTCAT_CONFIG = {
    "threshold": 0.5,
    "model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": True,
        "ngram_size": 2,
        "no_output_layer": False,
        "length": 2**16,
    },
}


@dataclass(frozen=True)
class Example:
    """One gold value the pipeline found, with the candidate arms the chooser read for it."""

    pmid: str
    held_out: bool
    words: tuple[tuple[str, ...], ...]  # per candidate
    sides: tuple[str, ...]  # per candidate: "iv", "cv", or "" (neither side's)
    gold_side: str
    rule_side: str  # the side of the rules' arm ("" when none or on neither side)

    @property
    def evidence(self) -> str:
        return next(w for w in self.words[0] if w.startswith("evidence_")).removeprefix("evidence_")

    def rule_choice(self) -> int | None:
        return next((i for i, words in enumerate(self.words) if "rule_this" in words), None)


def load_scorer() -> ModuleType:
    """`bench/pico_dev.py`, whose reading of the corpus and whose matching the training shares."""
    spec = importlib.util.spec_from_file_location("pico_dev", REPO / "bench" / "pico_dev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pico_dev"] = module
    spec.loader.exec_module(module)
    return module


def read_examples(data_dir: Path) -> list[Example]:
    scorer = load_scorer()
    nlp = shared_pipeline()
    examples: list[Example] = []
    for txt in sorted(data_dir.glob("*.txt")):
        abstract = scorer.read_abstract(txt)
        sides = scorer.arm_sides(abstract)
        if not abstract.gold or sides is None:
            continue
        with recording() as seen:
            rows = scorer.extract(nlp, txt)
        read = {r.value_start: r for r in seen}
        abbreviations = scorer.defined_abbreviations(abstract.text)

        # A candidate arm and the rules' row are placed on a side exactly as the scorer places a row.
        def side(arm: str, sides: object = sides, abbreviations: dict = abbreviations) -> str:
            return scorer.side_of_row(arm, "", sides, abbreviations) if arm.strip() else ""

        for gold in abstract.gold:
            hits = [row for row, start, end in rows if start < gold.span.end and gold.span.start < end]
            if not hits or hits[0].char_start not in read:
                continue
            row, recorded = hits[0], read[hits[0].char_start]
            rule_side = scorer.side_of_measurement(row, sides, abbreviations)
            examples.append(_example(abstract.pmid, recorded, gold.side, side, rule_side, scorer))
        # A value the annotators gave no arm, in an abstract whose arms' values they did label: a
        # whole-trial figure ("in both arms", "71 patients relapsed"), a planned number of events, a
        # biomarker group's. No candidate is its arm.
        armed = [
            s
            for s in abstract.spans
            if s.label.startswith(("iv-", "cv-", "total-", "intervention-", "control-"))
        ]
        for row, start, end in rows:
            labelled = [s for s in armed if s.start < end and start < s.end]
            if row.char_start in read and not labelled:
                rule_side = scorer.side_of_measurement(row, sides, abbreviations)
                examples.append(_example(abstract.pmid, read[row.char_start], "", side, rule_side, scorer))
    return examples


def _example(
    pmid: str,
    recorded: Recorded,
    gold_side: str,
    side: Callable[[str], str],
    rule_side: str,
    scorer: ModuleType,
) -> Example:
    return Example(
        pmid=pmid,
        held_out=scorer.held_out(pmid),
        words=recorded.words,
        sides=tuple(side(name) for name in recorded.candidates),
        gold_side=gold_side,
        rule_side=rule_side,
    )


def train(examples: list[Example]) -> Language:
    fix_random_seed(SEED)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config=TEXTCAT_CONFIG)
    for label in LABELS:
        textcat.add_label(label)
    data = [
        _spacy_example(nlp, words, side == example.gold_side)
        for example in examples
        for words, side in zip(example.words, example.sides, strict=True)
    ]
    nlp.initialize(lambda: data)
    rng = random.Random(SEED)
    for _ in range(EPOCHS):
        rng.shuffle(data)
        losses: dict[str, float] = {}
        for batch in minibatch(data, size=16):
            nlp.update(batch, drop=0.1, losses=losses)
    return nlp


def scores_of(nlp: Language, example: Example) -> list[float]:
    textcat = nlp.get_pipe("textcat")
    return [float(textcat(Doc(nlp.vocab, words=list(words))).cats["YES"]) for words in example.words]


def report(scored: list[tuple[Example, list[float]]], name: str) -> None:
    """By the kind of evidence the rules had: how often the rules' arm is on the value's gold side
    and how often the model's best candidate is; and, at each floor, how many values the chooser
    would give an arm where the rules give none, how many of those rightly, and how many of those
    are values the annotators gave no arm (whole-trial figures)."""
    armed = [(e, s) for e, s in scored if e.gold_side]
    print(
        f"[{name}] {len(armed)} values with an arm and candidates, {len(scored) - len(armed)} without an arm"
    )
    for evidence in ("none", "implied", "named"):
        part = [(e, s) for e, s in armed if e.evidence == evidence]
        rules = sum(e.rule_side == e.gold_side for e, _ in part)
        model = sum(e.sides[_best(s)] == e.gold_side for e, s in part)
        print(
            f"  rules' evidence {evidence:8} {len(part):4} values: rules right {rules:4}, "
            f"model's best right {model:4}"
        )
    unarmed = [(e, s) for e, s in scored if e.evidence == "none"]
    for floor in FLOORS:
        given = [(e, s) for e, s in unarmed if s[_best(s)] >= floor]
        right = sum(e.sides[_best(s)] == e.gold_side for e, s in given if e.gold_side)
        wrong_whole = sum(not e.gold_side for e, _ in given)
        print(
            f"  rules give no arm, model scores >= {floor}: {len(given)} given an arm, {right} rightly, "
            f"{wrong_whole} of them whole-trial values"
        )


FLOORS = (0.3, 0.5, 0.6, 0.7, 0.8, 0.9)


def _best(scores: list[float]) -> int:
    return max(range(len(scores)), key=lambda i: scores[i])


def cross_validated(examples: list[Example], folds: int = 5) -> list[tuple[Example, list[float]]]:
    """Each example scored by a model trained without its abstract's fold."""

    def fold(example: Example) -> int:
        return int(hashlib.sha256(example.pmid.encode()).hexdigest(), 16) % folds

    scored: list[tuple[Example, list[float]]] = []
    for k in range(folds):
        nlp = train([e for e in examples if fold(e) != k])
        scored += [(e, scores_of(nlp, e)) for e in examples if fold(e) == k]
    return scored


def _spacy_example(nlp: Language, words: tuple[str, ...], right: bool) -> SpacyExample:
    doc = Doc(nlp.vocab, words=list(words))
    return SpacyExample.from_dict(doc, {"cats": {"YES": float(right), "NO": float(not right)}})


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data" / "pico-breast-dev")
    parser.add_argument("--output", type=Path, default=MODEL_DIR)
    args = parser.parse_args()
    examples = read_examples(args.data_dir)
    dev = [e for e in examples if not e.held_out]
    held = [e for e in examples if e.held_out]
    report(cross_validated(dev), "dev, 5-fold cross-validation")
    nlp = train(dev)
    report([(e, scores_of(nlp, e)) for e in held], "held-out")
    if args.output.exists():
        shutil.rmtree(args.output)
    # Without its vocabulary: the strings are the corpus's words, which the model does not need (the
    # bag of words hashes them) and the corpus's terms keep out of the repository.
    nlp.to_disk(args.output, exclude=["vocab"])
    print(f"saved to {args.output}")


if __name__ == "__main__":
    main()

"""Benchmark the packaged chemical NER model on the BC5CDR test split.

Scores entities on the corpus's own tokenization (pre-tokenized Docs), so the
numbers measure the model, not spaCy's tokenizer, and are comparable with
published BC5CDR chemical results. Prints precision, recall, F1 and the
throughput of ``nlp.pipe``; the last line is always ``F1 0.xxx``.

Usage::

    python bench/ner_bc5cdr.py [--data-dir ../shared/data/bc5cdr-chem] [--model DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.scorer import Scorer
from spacy.tokens import Doc
from spacy.training import Example

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = REPO_ROOT.parent / "shared" / "data" / "bc5cdr-chem"

try:
    import pipeline
    from pipeline.training.bc5cdr import read_iob_docs
except ModuleNotFoundError:
    # Run as `python bench/ner_bc5cdr.py` from a checkout that is not
    # pip-installed: sys.path then holds bench/, not the repo root.
    sys.path.insert(0, str(REPO_ROOT))
    import pipeline
    from pipeline.training.bc5cdr import read_iob_docs

# Resolved from the imported package, so the bench measures the model that
# ships with the code actually imported (installed wheel or checkout).
PACKAGED_MODEL_DIR = Path(pipeline.__file__).resolve().parent / "models" / "ner_bc5cdr_chem"


def unannotated_copy(nlp: Language, doc: Doc) -> Doc:
    """Same words and spacing as ``doc``, without its gold entities."""
    return Doc(nlp.vocab, words=[token.text for token in doc], spaces=[bool(t.whitespace_) for t in doc])


def run(model_dir: Path, data_dir: Path) -> dict[str, float]:
    """Tag the test split, returning entity P/R/F, word count and words/s."""
    nlp = spacy.load(model_dir)
    gold = read_iob_docs(data_dir / "test.tsv", nlp.vocab)
    inputs = [unannotated_copy(nlp, doc) for doc in gold]
    n_words = sum(len(doc) for doc in inputs)

    # Timed alone, so the throughput excludes reading and scoring.
    start = time.perf_counter()
    predicted = list(nlp.pipe(inputs))
    elapsed = time.perf_counter() - start

    examples = [Example(pred, ref) for pred, ref in zip(predicted, gold, strict=True)]
    scores = Scorer.score_spans(examples, "ents")
    return {
        "precision": float(scores["ents_p"]),
        "recall": float(scores["ents_r"]),
        "f1": float(scores["ents_f"]),
        "sentences": float(len(inputs)),
        "words": float(n_words),
        "words_per_s": n_words / elapsed,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="folder with test.tsv")
    parser.add_argument("--model", type=Path, default=PACKAGED_MODEL_DIR, help="spaCy pipeline folder")
    args = parser.parse_args(argv)

    result = run(args.model, args.data_dir)
    print(f"model      {args.model}")
    print(f"test       {int(result['sentences'])} sentences, {int(result['words'])} words")
    print(f"precision  {result['precision']:.3f}")
    print(f"recall     {result['recall']:.3f}")
    print(f"words/s    {result['words_per_s']:.0f}")
    print(f"F1 {result['f1']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

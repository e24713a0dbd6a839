"""Train the packaged chemical NER model on the BC5CDR chemical corpus.

The corpus (CC BY 4.0; Li et al., Database 2016, as redistributed by
Crichton et al., BMC Bioinformatics 2017) comes as IOB-tagged TSV files with
one ``token<TAB>tag`` per line and a blank line between sentences.

Usage::

    python -m pipeline.training.bc5cdr --data-dir ../shared/data/bc5cdr-chem \
        --output /tmp/ner_bc5cdr_run --train-on-devel

The shipped model ``pipeline/models/ner_bc5cdr_chem`` was built by exactly
that command (see ``ner_bc5cdr.cfg`` for the measured alternatives).
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

SOURCE_LABEL = "Chemical"
ENTITY_LABEL = "CHEMICAL"
SPLITS: tuple[str, ...] = ("train", "devel", "test")
CONFIG_PATH = Path(__file__).with_name("ner_bc5cdr.cfg")
# Resolved from this file rather than the CWD so the model always lands inside
# the package, wherever the command is run from.
PACKAGE_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "ner_bc5cdr_chem"

Sentence = list[tuple[str, str]]


def iter_iob_sentences(lines: Iterable[str]) -> Iterator[Sentence]:
    """Yield sentences as lists of ``(token, tag)`` pairs from IOB lines.

    A final sentence that is not followed by a blank line is still yielded,
    so truncated or hand-written files do not silently lose their last
    sentence.
    """
    sentence: Sentence = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            if sentence:
                yield sentence
                sentence = []
            continue
        # rsplit: the tag never contains a tab, whereas we must not choke on
        # an odd token; a line without a tab is malformed and should fail loudly.
        token, tag = line.rsplit("\t", 1)
        sentence.append((token, tag.strip()))
    if sentence:
        yield sentence


def _normalise_tag(tag: str) -> str:
    """Map corpus tags (``B-Chemical``) to spaCy IOB tags (``B-CHEMICAL``)."""
    if tag == "O":
        return "O"
    prefix, sep, label = tag.partition("-")
    # Strict on the label: a file from another BC5CDR subset (Disease) must
    # not be silently trained as chemicals.
    if not sep or prefix not in {"B", "I"} or label != SOURCE_LABEL:
        raise ValueError(f"unexpected IOB tag: {tag!r}")
    return f"{prefix}-{ENTITY_LABEL}"


def sentence_to_doc(vocab: Vocab, sentence: Sentence) -> Doc:
    """Build a pre-tokenized ``Doc`` carrying the sentence's entities.

    Tags go through spaCy's IOB handling, which repairs an ``I-`` with no
    preceding ``B-`` by opening a new entity, as conlleval does.
    """
    words = [token for token, _ in sentence]
    tags = [_normalise_tag(tag) for _, tag in sentence]
    # The corpus carries no whitespace information; a space after every token
    # keeps the text readable and matches how pre-tokenized text is scored.
    return Doc(vocab, words=words, spaces=[True] * len(words), ents=tags)


def read_iob_docs(path: Path, vocab: Vocab | None = None) -> list[Doc]:
    """Read an IOB TSV file into one ``Doc`` per sentence."""
    vocab = vocab if vocab is not None else spacy.blank("en").vocab
    with path.open(encoding="utf-8") as handle:
        return [sentence_to_doc(vocab, sentence) for sentence in iter_iob_sentences(handle)]


def write_docbin(docs: Sequence[Doc], path: Path) -> Path:
    """Serialise ``docs`` to a ``.spacy`` DocBin file at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], docs=docs).to_disk(path)
    return path


def convert_splits(data_dir: Path, corpus_dir: Path) -> dict[str, Path]:
    """Convert every split in ``data_dir`` to ``<corpus_dir>/<split>.spacy``."""
    vocab = spacy.blank("en").vocab
    return {
        split: write_docbin(read_iob_docs(data_dir / f"{split}.tsv", vocab), corpus_dir / f"{split}.spacy")
        for split in SPLITS
    }


def install_model(model_dir: Path, target: Path = PACKAGE_MODEL_DIR) -> Path:
    """Replace ``target`` with a copy of the trained pipeline in ``model_dir``."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(model_dir, target)
    return target


def train(
    data_dir: Path,
    output: Path,
    config: Path = CONFIG_PATH,
    overrides: dict[str, object] | None = None,
    train_on_devel: bool = False,
) -> Path:
    """Convert the corpus, train with ``config`` and return the ``model-best`` dir.

    With ``train_on_devel`` the devel split is added to the training data (the
    usual final-model protocol for BC5CDR): doubling the data is worth far more
    recall on unseen chemical names than a wider network. devel stays the dev
    set, so its scores are then optimistic and only the test split is a fair
    measure; test is never read here.
    """
    # Imported lazily: the training CLI pulls in a lot that readers of the
    # corpus helpers (tests, the benchmark) never need.
    from spacy.cli.train import train as spacy_train

    corpus_dir = output / "corpus"
    corpus = convert_splits(data_dir, corpus_dir)
    train_splits = ("train", "devel") if train_on_devel else ("train",)
    # spaCy's corpus reader takes every .spacy file under a folder, so the
    # training set is a folder holding one copy per split.
    train_dir = corpus_dir / "training"
    if train_dir.exists():
        shutil.rmtree(train_dir)
    train_dir.mkdir(parents=True)
    for split in train_splits:
        shutil.copy2(corpus[split], train_dir / corpus[split].name)
    settings: dict[str, object] = {
        "paths.train": str(train_dir),
        "paths.dev": str(corpus["devel"]),
    }
    settings.update(overrides or {})
    spacy_train(config, output, use_gpu=-1, overrides=settings)
    return output / "model-best"


def _parse_override(text: str) -> tuple[str, object]:
    """Parse ``section.key=value``, keeping ints and floats numeric."""
    key, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    for cast in (int, float):
        try:
            return key, cast(value)
        except ValueError:
            pass
    return key, value


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: convert, train and install the model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="folder with train/devel/test.tsv")
    parser.add_argument("--output", type=Path, required=True, help="scratch folder for checkpoints")
    parser.add_argument("--config", type=Path, default=CONFIG_PATH, help="spaCy training config")
    parser.add_argument("--install-to", type=Path, default=PACKAGE_MODEL_DIR, help="model-best copy target")
    parser.add_argument(
        "--train-on-devel", action="store_true", help="add the devel split to the training data"
    )
    parser.add_argument("--no-install", action="store_true", help="train only; keep the packaged model")
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        type=_parse_override,
        default=[],
        metavar="KEY=VALUE",
        help="config override, e.g. training.max_steps=2000 (repeatable)",
    )
    args = parser.parse_args(argv)

    best = train(args.data_dir, args.output, args.config, dict(args.overrides), args.train_on_devel)
    if not args.no_install:
        installed = install_model(best, args.install_to)
        print(f"installed {best} -> {installed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

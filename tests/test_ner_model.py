"""The packaged BC5CDR chemical NER model, and the IOB reader it was trained from."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import pipeline
from pipeline.training.bc5cdr import ENTITY_LABEL, iter_iob_sentences, read_iob_docs

MODEL_DIR = Path(pipeline.__file__).resolve().parent / "models" / "ner_bc5cdr_chem"


@pytest.fixture(scope="module")
def nlp() -> Language:
    # Loaded once: a missing or broken shipped model must fail, not skip,
    # because the package depends on it at run time.
    return spacy.load(MODEL_DIR)


def test_model_is_plain_spacy(nlp: Language) -> None:
    # The model must load without scispaCy or vectors installed alongside it.
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert nlp.get_pipe("ner").labels == (ENTITY_LABEL,)


@pytest.mark.parametrize(
    ("text", "chemicals"),
    [
        (
            "Patients received tucatinib in combination with capecitabine and trastuzumab.",
            {"tucatinib", "capecitabine"},
        ),
        ("Cocaine increases extracellular dopamine in the striatum.", {"Cocaine", "dopamine"}),
    ],
)
def test_model_tags_chemicals(nlp: Language, text: str, chemicals: set[str]) -> None:
    found = {ent.text for ent in nlp(text).ents if ent.label_ == ENTITY_LABEL}
    assert chemicals <= found, f"missing {chemicals - found}; found {found}"


def test_model_leaves_plain_prose_alone(nlp: Language) -> None:
    doc = nlp("The patients were followed up for two years at the hospital.")
    assert [ent.text for ent in doc.ents] == []


# Each case: IOB text -> list of sentences as (words, [(entity text, label)]).
IOB_CASES: list[tuple[str, str, list[tuple[list[str], list[tuple[str, str]]]]]] = [
    (
        "single entity and multi-token entity",
        "Selegiline\tB-Chemical\ninduced\tO\nL\tB-Chemical\n-\tI-Chemical\ndopa\tI-Chemical\n.\tO\n\n",
        [
            (
                ["Selegiline", "induced", "L", "-", "dopa", "."],
                [("Selegiline", ENTITY_LABEL), ("L - dopa", ENTITY_LABEL)],
            )
        ],
    ),
    (
        "adjacent entities stay separate",
        "cisplatin\tB-Chemical\nethanol\tB-Chemical\n\n",
        [(["cisplatin", "ethanol"], [("cisplatin", ENTITY_LABEL), ("ethanol", ENTITY_LABEL)])],
    ),
    (
        "sentence boundaries, extra blank lines and no final blank line",
        "\n\nNo\tO\nchemicals\tO\n\n\n\nwith\tO\nlithium\tB-Chemical",
        [(["No", "chemicals"], []), (["with", "lithium"], [("lithium", ENTITY_LABEL)])],
    ),
    (
        "CRLF line endings",
        "heparin\tB-Chemical\r\nwas\tO\r\n\r\ngiven\tO\r\n",
        [(["heparin", "was"], [("heparin", ENTITY_LABEL)]), (["given"], [])],
    ),
    (
        "I- without B- opens an entity, as conlleval does",
        "a\tO\nsodium\tI-Chemical\nchloride\tI-Chemical\n",
        [(["a", "sodium", "chloride"], [("sodium chloride", ENTITY_LABEL)])],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), IOB_CASES, ids=[case[0] for case in IOB_CASES])
def test_read_iob_docs(
    tmp_path: Path, name: str, text: str, expected: list[tuple[list[str], list[tuple[str, str]]]]
) -> None:
    path = tmp_path / "sample.tsv"
    # newline="" keeps the CRLF case's line endings as written.
    path.write_text(text, encoding="utf-8", newline="")
    docs = read_iob_docs(path)
    got = [([token.text for token in doc], [(ent.text, ent.label_) for ent in doc.ents]) for doc in docs]
    assert got == expected, name


def test_iter_iob_sentences_keeps_raw_tags() -> None:
    lines = ["aspirin\tB-Chemical\n", "\n", "x\tO"]
    assert list(iter_iob_sentences(lines)) == [[("aspirin", "B-Chemical")], [("x", "O")]]


def test_unknown_tag_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("aspirin\tB-Drug\n", encoding="utf-8")
    with pytest.raises(ValueError, match="B-Drug"):
        read_iob_docs(path)

from __future__ import annotations

import random
from pathlib import Path

import pytest

from pipeline.errors import EmptyDocumentError, NotTextError
from pipeline.ingest import ingest_file
from pipeline.normalize import normalize_text
from tests.conftest import CORPUS, SEED_000


@pytest.fixture(scope="module")
def seed_000():
    return ingest_file(SEED_000)


@pytest.mark.parametrize(
    "phrase",
    [
        "oral navelbine chemotherapy, bevacizumab",  # word broken without a hyphen across lines
        "in terms of prolonging PFS",
        "Small-molecule tyrosine-kinase inhibitors",  # a real hyphen at a line end stays
        "such as ado-trastuzumab emtansine (T-DM1)",
        # lines joined into one sentence
        "(HER2+) breast cancer develop brain metastases and are associated with poor outcomes.",
        "LANDSCAPE",
        "65.9% 5.5 17.0",  # middle dots read as decimal points
    ],
)
def test_seed_000_reflowed_into_sentences(seed_000, phrase: str) -> None:
    assert phrase in seed_000.text


def test_seed_000_keeps_paragraph_and_table_breaks(seed_000) -> None:
    assert "\nIntroduction\n" in seed_000.text
    assert [s.heading for s in seed_000.sections] == [
        "Introduction",
        "Case Presentation",
        "Discussion",
        "Conclusion",
    ]
    (table,) = seed_000.tables
    assert table.label == "Table 1" and table.layout == "lines"
    assert ("T-DXd II 58.3% 18.1 NA",) in table.cells
    assert seed_000.text[table.start : table.end].startswith("Table 1 Summary of Current Clinical Trials")


def _source_covers(source_slice: str, ingested: str) -> bool:
    """The source span, normalized, holds the ingested span (white space aside).

    A span that starts or ends inside a rewritten unit ("$P = 0.035$", a dropped "¹⁶")
    maps to the whole unit, so the source side may be longer, never different.
    """
    normalized, _ = normalize_text(source_slice)
    return "".join(ingested.split()) in "".join(normalized.split())


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.stem)
def test_sampled_spans_map_back_to_the_original_bytes(path: Path) -> None:
    document = ingest_file(path)
    raw = path.read_bytes()
    rng = random.Random(path.stem)
    identical = 0
    for _ in range(300):
        start = rng.randrange(len(document.text) - 30)
        end = start + rng.randrange(1, 30)
        s, e = document.to_source(start, end)
        original = raw[s:e].decode("utf-8")
        ingested = document.text[start:end]
        assert _source_covers(original, ingested), (ingested, original)
        identical += original == ingested
    assert identical > 150  # most spans are byte-for-byte copies


def test_numbers_map_back_exactly(seed_000) -> None:
    raw = SEED_000.read_bytes()
    for number, original in [("47.3", "47.3"), ("65.9", "65·9"), ("74.6", "74·6"), ("18.1", "18.1")]:
        start = seed_000.text.index(number)
        s, e = seed_000.to_source(start, start + len(number))
        assert raw[s:e].decode("utf-8") == original


def test_tab_separated_table_of_seed_001() -> None:
    document = ingest_file(CORPUS / "001_79ce4b9e444a51eb.txt")
    (table,) = document.tables
    assert table.layout == "cells" and table.label == "Table 1"
    assert table.cells[0][:3] == ("Drug", "Category", "Clinical Trial")
    assert any("DESTINY-Breast03" in row for row in table.cells)
    assert len(document.references) > 30


def test_generic_hard_wrapped_text_with_hyphenation(tmp_path: Path) -> None:
    lines = [
        "Patients received the study treatment until progression or unacceptable",
        "toxicity; the median progression-free survival in the randomized popula-",
        "tion was 9.9 months with tucatinib and the chemotherapy backbone was the",
        "same in both groups, so the chemother- apy schedule was kept unchanged.",
        "The anti-HER2 antibody was continued throughout the treatment period and",
        "the rates were reported for the intention-to-treat population as a whole.",
    ]
    path = tmp_path / "wrapped.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    text = ingest_file(path).text
    assert "in the randomized population was 9.9 months" in text  # typographic hyphen removed
    assert "until progression or unacceptable toxicity;" in text  # wrapped lines joined with a space
    assert "anti-HER2" in text and "intention-to-treat" in text
    assert text.strip().count("\n") == 0


def test_a_word_broken_across_a_blank_line_is_joined(tmp_path: Path) -> None:
    path = tmp_path / "page_break.txt"
    raw = (
        "Median progression-free survival was longer. The TAnDEM trial demonstrated improved progression-"
        "\n\nfree survival (4.8 vs. 2.4 months), and the chemother-\n\napy was kept."
        "\n\nA heading-\n\n- a list item\n"
    )
    path.write_text(raw, encoding="utf-8")
    document = ingest_file(path)
    # The document writes "progression-free" elsewhere, so the hyphen stays; "chemotherapy" is one word.
    assert "improved progression-free survival (4.8 vs. 2.4 months), and the chemotherapy was kept." in (
        document.text
    )
    assert "A heading-\n\n- a list item" in document.text  # a block after the break is not a word's rest
    start = document.text.index("free survival (4.8")
    s, e = document.to_source(start, start + 4)
    assert path.read_bytes()[s:e] == b"free"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("cp1252", b""), ("latin-1", b""), ("utf-16", b""), ("utf-8-sig", b"")],
)
def test_other_encodings_are_detected(tmp_path: Path, encoding: str, bom: bytes) -> None:
    content = "Intracranial response in the café cohort was 47.3% versus 20.0% (Pérez-García et al.). " * 20
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(bom + content.encode(encoding))
    document = ingest_file(path)
    assert "café cohort was 47.3%" in document.text
    start = document.text.index("café")
    s, e = document.to_source(start, start + 4)
    assert path.read_bytes()[s:e].decode(document.encoding.replace("-sig", "")) == "café"


@pytest.mark.parametrize(
    ("content", "error", "phrase"),
    [
        (b"", EmptyDocumentError, "empty"),
        (b"   \n\n\t ", EmptyDocumentError, "empty"),
        (bytes(range(256)) * 40, NotTextError, "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes([7, 200, 3, 0, 14, 250]) * 500, NotTextError, "binary"),
    ],
    ids=["empty", "whitespace", "binary-junk", "png-named-txt"],
)
def test_bad_text_files_raise_clear_errors(tmp_path: Path, content: bytes, error: type, phrase: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(error) as caught:
        ingest_file(path)
    assert phrase in caught.value.message
    assert "bad.txt" in str(caught.value)


def test_figure_captions_of_a_text(seed_000, tmp_path: Path) -> None:
    """A line that opens with a figure's label and goes on with a caption (or holds the label
    alone, the caption below) is a figure caption; a sentence that names a figure is not."""
    assert [f.label for f in seed_000.figures] == ["Figure 1", "Figure 2", "Figure 3"]
    assert seed_000.figures[2].caption == "Timeline of the clinical course in this patient."
    path = tmp_path / "figures.txt"
    path.write_text(
        "Results\n\nFigure 2 shows the survival curves of both arms.\n\nFigure 2\n\n"
        "Overall survival by arm.\n\nFig. 3A: Progression-free survival.\n\nas shown in (Figure 4\n\n"
        "Figure 4\n\nseven patients responded).\n",
        encoding="utf-8",
    )
    document = ingest_file(path)
    assert [(f.label, f.caption) for f in document.figures] == [
        ("Figure 2", "Overall survival by arm."),
        ("Fig. 3A", "Progression-free survival."),
        ("Figure 4", ""),  # a label alone, the sentence going on below it: no caption
    ]
    first = document.figures[0]
    assert document.text[first.start : first.end] == "Figure 2\n\nOverall survival by arm."

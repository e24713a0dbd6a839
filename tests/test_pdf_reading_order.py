"""Reading order, furniture and superscripts on small hand-made pages whose answer is known."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import ingest_file
from pipeline.ingest.furniture import PageFragments, remove_furniture
from pipeline.ingest.reading_order import (
    Fragment,
    Word,
    body_font_size,
    build_fragments,
    find_gutters,
    read_page,
)
from pipeline.normalize import normalize_text
from tests.pdf_factory import LAYOUTS, ArticleBlock, article_pdf

SIZE = 10.0
CHAR = 0.5 * SIZE  # width of a character on these pages
SPACE = 0.3 * SIZE


def words_at(x: float, top: float, text: str, size: float = SIZE, width: float | None = None) -> list[Word]:
    """A line of words starting at x; with `width`, justified out to x + width."""
    tokens = text.split()
    char = 0.5 * size
    natural = sum(len(t) for t in tokens) * char + SPACE * (len(tokens) - 1)
    gap = SPACE + ((width - natural) / (len(tokens) - 1) if width and len(tokens) > 1 else 0.0)
    if gap > 0.9 * size:  # a line too short to be set out to that width: set it ragged
        gap = SPACE
    out = []
    for token in tokens:
        out.append(Word(token, x, x + len(token) * char, top, top + size, size))
        x += len(token) * char + gap
    return out


def column_lines(x: float, top: float, lines: list[str], width: float) -> list[Word]:
    words: list[Word] = []
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        words += words_at(x, top + index * 1.3 * SIZE, line, width=None if last else width)
    return words


def page_text(words: list[Word]) -> list[str]:
    blocks = read_page(build_fragments(words), body_size=SIZE)
    return [" ".join(line.text() for line in block.lines) for block in blocks]


LEFT = [f"left column line {n} of the first paragraph" for n in range(1, 9)]
RIGHT = [f"right column line {n} goes on the story" for n in range(1, 9)]


def test_two_columns_are_read_left_then_right() -> None:
    words = words_at(50, 40, "A title that spans both columns of the page", size=14)
    words += column_lines(50, 80, LEFT, 220) + column_lines(300, 80, RIGHT, 220)
    text = page_text(words)
    assert text[0].startswith("A title that spans")
    joined = " ".join(text)
    assert joined.index("left column line 8") < joined.index("right column line 1")
    assert "line 1 of the first paragraph left column line 2" in joined  # not interleaved


def test_gutters_of_one_two_and_three_columns() -> None:
    one = build_fragments(column_lines(50, 80, [f"a full width line number {n} " * 3 for n in range(9)], 480))
    two = build_fragments(column_lines(50, 80, LEFT, 220) + column_lines(300, 80, RIGHT, 220))
    three = build_fragments(
        column_lines(50, 80, LEFT, 150) + column_lines(220, 80, RIGHT, 150) + column_lines(390, 80, LEFT, 150)
    )
    assert find_gutters(one) == []
    (gutter,) = find_gutters(two)
    assert 270 <= gutter[0] < gutter[1] <= 300
    assert len(find_gutters(three)) == 2


def test_a_spanning_block_cuts_the_page_into_bands() -> None:
    words = column_lines(50, 80, LEFT[:4], 220) + column_lines(300, 80, RIGHT[:4], 220)
    words += words_at(50, 150, "A spanning figure caption that crosses the gutter of the page", width=470)
    words += column_lines(50, 180, [f"lower left {n} of the second band" for n in range(4)], 220)
    words += column_lines(300, 180, [f"lower right {n} of the second band" for n in range(4)], 220)
    joined = " ".join(page_text(words))
    order = ["left column line 4", "right column line 1", "right column line 4", "A spanning", "lower left 0"]
    positions = [joined.index(p) for p in order]
    assert positions == sorted(positions)
    assert joined.index("lower left 3") < joined.index("lower right 0")


def test_raised_small_glyphs() -> None:
    base = words_at(50, 100, "OS was 9.9 months.")
    citation = Word("16,17", base[-1].x1, base[-1].x1 + 12, 97, 104, 6.5)
    exponent_base = words_at(50, 130, "counts of 10")
    exponent = Word("9", exponent_base[-1].x1, exponent_base[-1].x1 + 3, 127, 134, 6.5)
    author = words_at(50, 160, "Jane Doe")
    affiliation = Word("a", author[-1].x1, author[-1].x1 + 3, 157, 164, 6.5)
    words = [*base, citation, *exponent_base, exponent, *author, affiliation]
    texts = sorted((f.text() for f in build_fragments(words)), key=len)
    normalized = {normalize_text(t)[0] for t in texts}
    assert normalized == {"OS was 9.9 months.", "counts of 10^9", "Jane Doe"}
    # A subscript, or a word as large as its line, is not raised.
    plain = [*words_at(50, 200, "CD4"), Word("count", 70, 95, 200, 210, SIZE)]
    assert build_fragments(plain)[0].text() == "CD4 count"


def test_running_heads_page_numbers_line_numbers_and_stamps() -> None:
    pages = []
    for number in range(1, 4):
        words = words_at(50, 20, "Journal of Trials 2024; 12: 1-10") + words_at(500, 20, str(number))
        words += column_lines(80, 100, [f"body text of page {number} line {n} here" for n in range(6)], 300)
        words += [Word(str(n), 30, 35, 100 + (n - 1) * 13, 110 + (n - 1) * 13, 7) for n in range(1, 7)]
        words += words_at(50, 700, "Downloaded from https://example.org on 1 May 2024")
        words += words_at(280, 770, f"Page {number}")
        pages.append(PageFragments(build_fragments(words), 792))
    kept = remove_furniture(pages)
    for number, fragments in enumerate(kept, start=1):
        texts = [f.text() for f in fragments]
        assert all(t.startswith("body text") for t in texts), texts
        assert len(texts) == 6 and f"page {number}" in texts[0]


def test_one_page_keeps_body_text_and_drops_a_lone_page_number() -> None:
    words = words_at(50, 100, "Results were 12 months") + words_at(290, 770, "7")
    (kept,) = remove_furniture([PageFragments(build_fragments(words), 792)])
    assert [f.text() for f in kept] == ["Results were 12 months"]


def test_footnotes_come_after_the_body() -> None:
    words = column_lines(50, 100, [f"body line {n} of the only paragraph here" for n in range(5)], 400)
    words += words_at(50, 700, "* Corresponding author: someone at example.org", size=7)
    words += column_lines(50, 300, ["a second paragraph below a gap", "ends here."], 400)
    blocks = read_page(build_fragments(words), body_size=body_font_size(build_fragments(words)))
    assert [b.kind for b in blocks] == ["paragraph", "paragraph", "footnote"]


def test_fragments_of_a_table_row_are_cells() -> None:
    row = words_at(50, 100, "Overall") + words_at(200, 100, "12.1 (8.6-NE)") + words_at(350, 100, "4.9")
    blocks = read_page(build_fragments(row))
    assert blocks[0].lines[0].text() == "Overall\t12.1 (8.6-NE)\t4.9"


TABLE = (("", "Tucatinib", "Placebo"), ("Intracranial ORR", "47.3%", "20.0%"), ("Median PFS", "9.9", "4.2"))


@pytest.fixture(scope="module", params=list(LAYOUTS))
def two_column_article(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """A small article set in each layout: 1-3 columns, A4 or Letter, its table fully ruled,
    booktabs-style or unruled, in a column or spanning."""
    sentences = [
        f"Sentence {n} of the results says the median overall survival was {n}.5 months." for n in range(150)
    ]
    blocks = [
        ArticleBlock("title", "Tucatinib in HER2-positive breast cancer with brain metastases: a trial"),
        ArticleBlock("heading", "Results"),
        ArticleBlock("paragraph", " ".join(sentences[:80])),
        ArticleBlock("table", "Table 1 Efficacy", TABLE),
        ArticleBlock("paragraph", " ".join(sentences[80:])),
    ]
    return article_pdf(blocks, LAYOUTS[request.param], tmp_path_factory.mktemp("pdf") / "article.pdf")


def test_a_two_column_article_reads_in_order(two_column_article: Path) -> None:
    document = ingest_file(two_column_article)
    text = document.text
    positions = [text.index(f"Sentence {n} of the results") for n in range(150)]
    assert positions == sorted(positions)
    assert "Trials · Research article" not in text and "Page 1" not in text
    assert "months.\u00b9" not in text and "months. 3" not in text  # raised citations gone
    (table,) = document.tables
    assert table.label == "Table 1" and table.caption == "Efficacy"
    assert table.cells == TABLE
    assert all(document.page_at(p) is not None for p in positions)


def test_fragment_text_keeps_its_words_in_order() -> None:
    fragment = Fragment(words_at(50, 100, "one two three"), [False, False, False])
    assert fragment.text() == "one two three"


def test_a_loosely_set_spanning_line_stays_whole() -> None:
    """Its words stand further apart than a word space, each fits in a column, one sits in the
    gutter: together they span the page and are read as one line."""
    words = column_lines(50, 80, LEFT, 220) + column_lines(300, 80, RIGHT, 220)
    words += [Word(f"word{n}", 50 + 52 * n, 90 + 52 * n, 200, 210, SIZE) for n in range(9)]
    joined = page_text(words)
    assert "word0 word1 word2 word3 word4 word5 word6 word7 word8" in joined


def test_every_character_has_its_page_and_box(two_column_article: Path) -> None:
    document = ingest_file(two_column_article)
    for n in (0, 79, 80, 149):
        start = document.text.index(f"Sentence {n} of the results")
        boxes = document.boxes_at(start, start + 11)
        assert len(boxes) == 1 and boxes[0].page == document.page_at(start)
        assert 0 < boxes[0].x0 < boxes[0].x1 < 612 and 0 < boxes[0].top < boxes[0].bottom < 842
    text = document.text
    for m in range(0, len(text), 7):
        if not text[m].isspace():
            boxes = document.boxes_at(m, m + 1)
            assert [box.page for box in boxes] == [document.page_at(m)], (m, text[m - 20 : m + 20])
    number = text.index("47.3%")
    (cell_box,) = document.boxes_at(number, number + 5)
    assert cell_box.page == document.page_at(number)


def test_a_caption_repeated_at_the_top_of_pages_is_not_a_running_head() -> None:
    pages = []
    for number in range(1, 4):
        words = words_at(50, 20, "Journal of Trials") + words_at(50, 50, "Table 2 (continued)")
        words += words_at(50, 63, "Overall") + words_at(200, 63, f"{number}2.5") + words_at(300, 63, "4.9")
        words += column_lines(50, 80, [f"body text of page {number} line {n} here" for n in range(6)], 180)
        pages.append(PageFragments(build_fragments(words), 792))
    for fragments in remove_furniture(pages):
        texts = [f.text() for f in fragments]
        assert "Journal of Trials" not in texts and "Table 2 (continued)" in texts


def test_an_unruled_table_in_a_column_is_a_grid() -> None:
    words = column_lines(50, 80, LEFT[:3], 220) + column_lines(300, 80, RIGHT, 220)
    words += words_at(50, 125, "Table 2 Response rates")
    words += words_at(130, 140, "n (%)")
    words += words_at(52, 152, "Complete") + words_at(130, 152, "7 (15)")
    words += words_at(52, 164, "Partial") + words_at(130, 164, "27 (56)")
    words += column_lines(50, 190, [f"after the table line {n} goes on" for n in range(3)], 220)
    blocks = read_page(build_fragments(words))
    (table,) = [b for b in blocks if b.kind == "table"]
    assert table.table == (("", "n (%)"), ("Complete", "7 (15)"), ("Partial", "27 (56)"))
    order = [b.lines[0].text() if b.lines else "table" for b in blocks]
    assert order.index("table") < first(order, "after the table line") < first(order, "right column line 1")


def test_an_unruled_table_across_the_columns_is_read_whole() -> None:
    """Each cell fits in a column; read column by column its rows would be torn apart."""
    words = column_lines(50, 80, LEFT[:3], 220) + column_lines(300, 80, RIGHT[:3], 220)
    words += words_at(50, 125, "Table 3 Survival by arm")
    words += words_at(150, 140, "Arm A") + words_at(330, 140, "Arm B")
    words += words_at(52, 152, "Median OS") + words_at(150, 152, "21.6") + words_at(330, 152, "18.1")
    words += words_at(52, 164, "Median PFS") + words_at(150, 164, "9.9") + words_at(330, 164, "4.2")
    words += column_lines(50, 190, LEFT[3:], 220) + column_lines(300, 190, RIGHT[3:], 220)
    blocks = read_page(build_fragments(words))
    (table,) = [b for b in blocks if b.kind == "table"]
    assert table.caption == "Table 3 Survival by arm"
    rows = (("", "Arm A", "Arm B"), ("Median OS", "21.6", "18.1"), ("Median PFS", "9.9", "4.2"))
    assert table.table == rows
    order = [b.lines[0].text() if b.lines else "table" for b in blocks]
    assert first(order, "right column line 1") < order.index("table") < first(order, "left column line 4")


def first(texts: list[str], start: str) -> int:
    return next(i for i, text in enumerate(texts) if text.startswith(start))


def test_a_gutter_crossed_by_a_few_long_table_labels_is_still_a_gutter() -> None:
    lines = [f"column line {n} set out to the full width" for n in range(14)]
    words = column_lines(50, 80, lines, 220) + column_lines(300, 80, lines, 220)
    for n in range(2):  # cells of a table across the page, reaching over the gutter
        words += words_at(150, 300 + 12 * n, f"a long table cell number {n} runs over")
    (gutter,) = find_gutters(build_fragments(words))
    assert 270 <= gutter[0] < gutter[1] <= 300


def wrapped_cell_table(pitch: float, leading: float) -> list[Word]:
    """Under its caption, a table whose rows stand `pitch` apart; a rate wraps onto a second
    line `leading` below its row (and, when that is closer than the pitch, the regimen too);
    the second row of an arm has no label of its own. Text of one column runs above it."""
    above = [f"the text above the table, line {n} of its paragraph goes on" for n in range(4)]
    words = column_lines(50, 40, above, 300)
    words += words_at(50, 100, "Table 4 Intracranial response by cohort")
    top = 100 + pitch
    words += words_at(52, top, "Regimen") + words_at(200, top, "ORR") + words_at(330, top, "PFS")
    top += pitch
    words += words_at(52, top, "Pyrotinib +") + words_at(200, top, "74.6% (no prior RT) /")
    words += words_at(330, top, "11.3") + words_at(200, top + leading, "42.1% (post-RT)")
    if leading < pitch:
        words += words_at(52, top + leading, "capecitabine")
    top += leading + pitch
    words += words_at(52, top, "Neratinib") + words_at(200, top, "49%") + words_at(330, top, "5.5")
    top += pitch
    words += words_at(200, top, "33%") + words_at(330, top, "3.1")
    return words


@pytest.mark.parametrize(
    ("pitch", "leading"), [(15.0, 11.0), (12.0, 12.0)], ids=["spaced-rows", "even-lines"]
)
def test_a_wrapped_table_cell_stays_in_its_row(pitch: float, leading: float) -> None:
    """A continuation line sits closer to its row than rows stand apart, or (lines evenly
    spaced) leaves the first column empty and fills few cells; the row of an arm without its
    own label fills as many cells as the row above, at the rows' pitch, and stays a row."""
    (table,) = [
        b for b in read_page(build_fragments(wrapped_cell_table(pitch, leading))) if b.kind == "table"
    ]
    regimen = "Pyrotinib + capecitabine" if leading < pitch else "Pyrotinib +"
    assert table.table == (
        ("Regimen", "ORR", "PFS"),
        (regimen, "74.6% (no prior RT) / 42.1% (post-RT)", "11.3"),
        ("Neratinib", "49%", "5.5"),
        ("", "33%", "3.1"),
    )


def test_a_table_of_one_cell_per_line_keeps_its_rows() -> None:
    """Text set one cell per line under a caption: each line a row, the widest one (full to
    the column's edge) too, none joined to the next as a paragraph's lines are; the prose
    after the table's gap is not a row."""
    words = column_lines(
        50, 40, [f"the text above the table, line {n} of its paragraph goes on" for n in range(4)], 300
    )
    words += words_at(50, 100, "Table 1 Trials of targeted agents")
    rows = [
        "Study Therapy Phase Intracranial ORR",
        "HER2CLIMB",
        "III 47.3% versus 20.0% (P=0.03) 9.9 versus 4.2",
        "PERMEATE",
        "II 74.6%",
    ]
    for index, row in enumerate(rows):
        words += words_at(50, 115 + 12 * index, row)
    words += column_lines(
        50, 200, [f"the text after the table, line {n} of its paragraph goes on" for n in range(3)], 300
    )
    blocks = read_page(build_fragments(words))
    (table,) = [b for b in blocks if b.kind == "table"]
    assert table.table == tuple((row,) for row in rows)
    assert [(b.kind, b.lines[0].text()[:24] if b.lines else "") for b in blocks] == [
        ("paragraph", "the text above the table"),
        ("caption", "Table 1 Trials of target"),
        ("table", ""),
        ("paragraph", "the text after the table"),
    ]


def test_a_caption_at_the_foot_of_a_column_is_not_a_footnote() -> None:
    """Set small below all body text, like a footnote, a table's caption is still read before
    its table (on the next column or page)."""
    words = column_lines(50, 100, [f"body line {n} of the only paragraph here" for n in range(5)], 400)
    words += words_at(50, 690, "Table 2 Response by cohort", size=7)
    words += words_at(50, 720, "* Corresponding author: someone at example.org", size=7)
    blocks = read_page(build_fragments(words), body_size=SIZE)
    assert [(b.kind, b.lines[0].text()[:7]) for b in blocks] == [
        ("paragraph", "body li"),
        ("caption", "Table 2"),
        ("footnote", "* Corre"),
    ]


def test_columns_under_a_long_spanning_abstract_are_columns() -> None:
    """More lines cross the gutter in the abstract above than the short columns below hold:
    those lines are another band, and the columns are still read one after the other."""
    abstract = [
        f"abstract line {n} runs across the whole width of the page, over both columns" for n in range(14)
    ]
    words = column_lines(50, 40, abstract, 470)
    words += column_lines(50, 240, LEFT[:5], 220) + column_lines(300, 240, RIGHT[:5], 220)
    assert len(find_gutters(build_fragments(words))) == 1
    joined = " ".join(page_text(words))
    assert joined.index("left column line 5") < joined.index("right column line 1")


def test_a_figure_caption_is_a_caption_block() -> None:
    """Under a paragraph, a line that opens with a figure's label begins a block of its own,
    marked as a caption, with the caption's wrapped lines: a paragraph broken off by a column
    does not go on into it."""
    lines = [f"the results paragraph, line {n} of its text, goes on to" for n in range(3)] + ["the end."]
    words = column_lines(50, 40, lines, 300)
    words += column_lines(50, 93, ["Figure 2 Overall survival by arm in the whole", "population."], 250)
    words += column_lines(
        50, 130, ["Figure 2 shows that overall survival was longer with", "tucatinib."], 250
    )
    blocks = read_page(build_fragments(words))
    assert [(b.kind, len(b.lines)) for b in blocks] == [("paragraph", 4), ("caption", 2), ("paragraph", 2)]


@pytest.mark.parametrize("layout", ["1col-letter-ruled", "3col-a4-unruled-span"])
def test_a_pdf_figure_caption_is_listed_and_stands_alone(tmp_path: Path, layout: str) -> None:
    sentences = " ".join(
        f"Sentence {n} says the median overall survival was {n}.5 months." for n in range(60)
    )
    blocks = [
        ArticleBlock("title", "Tucatinib in HER2-positive breast cancer with brain metastases: a trial"),
        ArticleBlock("paragraph", sentences),
        ArticleBlock("paragraph", "Figure 2 Overall survival by arm in the intention-to-treat population."),
        ArticleBlock("paragraph", sentences.replace("Sentence", "Line")),
    ]
    document = ingest_file(article_pdf(blocks, LAYOUTS[layout], tmp_path / "figure.pdf"))
    (figure,) = document.figures
    assert (figure.label, figure.caption) == (
        "Figure 2",
        "Overall survival by arm in the intention-to-treat population.",
    )
    text = document.text
    assert text[figure.start - 2 : figure.start] == "\n\n" and text[figure.end : figure.end + 2] == "\n\n"
    assert '"figures": [{"label": "Figure 2"' in document.structure_json()


def test_a_caption_set_apart_from_its_table_still_heads_it() -> None:
    """A caption stands a little further from the table's first row than rows from each other."""
    words = column_lines(
        50, 40, [f"the text above the table, line {n} of its paragraph goes on" for n in range(4)], 300
    )
    words += words_at(50, 100, "Table 2 Response rates")
    words += words_at(52, 124, "Complete response") + words_at(200, 124, "7 (15)")
    words += words_at(52, 136, "Partial response") + words_at(200, 136, "27 (56)")
    (table,) = [b for b in read_page(build_fragments(words)) if b.kind == "table"]
    assert table.table == (("Complete response", "7 (15)"), ("Partial response", "27 (56)"))

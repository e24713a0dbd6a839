"""Small PDFs for the ingestion tests, built on the fly with fpdf2 (nothing binary is shipped)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fpdf import FPDF

PARAGRAPH = (
    "In the HER2CLIMB trial, the intracranial objective response rate was 47.3% with tucatinib "
    "versus 20.0% with placebo (P=0.03). Median progression-free survival was 9.9 versus 4.2 months."
)
TABLE_ROWS = [
    ["Trial", "Regimen", "Intracranial ORR", "mPFS (Months)"],
    ["DESTINY-Breast01", "T-DXd", "58.3%", "18.1"],
    ["HER2CLIMB", "Tucatinib + trastuzumab + capecitabine", "47.3%", "9.9"],
    ["LANDSCAPE", "Lapatinib + capecitabine", "65.9%", "5.5"],
]


def _pdf() -> FPDF:
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    return pdf


def text_and_table_pdf(path: Path) -> Path:
    """Two pages: prose on page 1; a caption, a ruled table and more prose on page 2."""
    pdf = _pdf()
    pdf.add_page()
    pdf.multi_cell(0, 6, "Results", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, PARAGRAPH, new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.multi_cell(0, 6, "Table 1 Efficacy in patients with brain metastases", new_x="LMARGIN", new_y="NEXT")
    with pdf.table() as table:
        for row in TABLE_ROWS:
            cells = table.row()
            for value in row:
                cells.cell(value)
    pdf.multi_cell(
        0, 6, "Overall survival was 21.6 months in the tucatinib group.", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.output(str(path))
    return path


def encrypted_pdf(path: Path) -> Path:
    pdf = _pdf()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.multi_cell(0, 6, PARAGRAPH, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def image_only_pdf(path: Path, work_dir: Path) -> Path:
    from PIL import Image

    image = work_dir / "scan.png"
    Image.new("RGB", (200, 100), "white").save(image)
    pdf = _pdf()
    pdf.add_page()
    pdf.image(str(image), x=10, y=10, w=100)
    pdf.output(str(path))
    return path


# --- Journal-style pages from an article's text -------------------------------------------------
#
# A small typesetter, so that tests and bench/pdf_parity.py know exactly what is on the page:
# one to three justified columns, a spanning title and abstract, running head and foot with the
# page number, raised citation numbers, words hyphenated at line ends, and tables that sit in a
# column or span the page, fully ruled, booktabs-style (three rules) or unruled.

_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
PAGE_SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


@dataclass(frozen=True)
class Layout:
    name: str
    columns: int = 2
    paper: str = "a4"
    table_place: str = "span"  # "span" or "column"
    table_style: str = "booktabs"  # "ruled", "booktabs", "unruled"
    running_head: bool = True
    citations: bool = True
    hyphenate: bool = True


LAYOUTS = {
    "1col-letter-ruled": Layout("1col-letter-ruled", 1, "letter", "column", "ruled"),
    "2col-a4-booktabs-span": Layout("2col-a4-booktabs-span", 2, "a4", "span", "booktabs"),
    "2col-letter-ruled-column": Layout("2col-letter-ruled-column", 2, "letter", "column", "ruled"),
    "3col-a4-unruled-span": Layout("3col-a4-unruled-span", 3, "a4", "span", "unruled"),
}


@dataclass
class ArticleBlock:
    kind: str  # "title", "heading", "paragraph", "table"
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    spanning: bool = False


def blocks_from_document(document: Any) -> list[ArticleBlock]:
    """An ingested JATS article as blocks to set: title, headings, paragraphs and tables."""
    abstract_end = next((s.end for s in document.sections if s.heading.lower().startswith("abstract")), 0)
    blocks: list[ArticleBlock] = []
    table_spans = [(t.start, t.end, t) for t in document.tables if t.end > t.start and t.cells]
    pos, text = 0, document.text
    while pos < len(text):
        inside = next((t for s, e, t in table_spans if s <= pos < e), None)
        if inside is not None:
            rows = tuple(row for row in inside.cells if any(c.strip() for c in row))
            caption = f"{inside.label} {inside.caption}".strip()
            blocks.append(ArticleBlock("table", caption, rows))
            pos = next(e for s, e, t in table_spans if t is inside)
            continue
        end = text.find("\n\n", pos)
        end = len(text) if end < 0 else end
        next_table = min((s for s, _, _ in table_spans if s > pos), default=len(text))
        end = min(end, next_table)
        piece = " ".join(text[pos:end].split())
        if piece:
            kind = "paragraph"
            if not blocks:
                kind = "title"
            elif len(piece) < 90 and not piece.endswith(".") and "\t" not in text[pos:end]:
                kind = "heading"
            blocks.append(ArticleBlock(kind, piece, spanning=not blocks or pos < abstract_end))
        pos = end + 2 if text.startswith("\n\n", end) else max(end, pos + 1)
    return blocks


class _Typesetter:
    def __init__(self, layout: Layout, head: str) -> None:
        self.layout = layout
        width, height = PAGE_SIZES[layout.paper]
        self.pdf = FPDF(unit="pt", format=(width, height))
        self.pdf.set_auto_page_break(False)
        self.unicode = (_FONT_DIR / "DejaVuSans.ttf").exists()
        if self.unicode:
            self.pdf.add_font("body", "", str(_FONT_DIR / "DejaVuSans.ttf"))
            self.pdf.add_font("body", "B", str(_FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.margin, self.gutter = 54.0, 16.0
        self.top, self.bottom = 60.0, height - 60.0
        self.size = 10.0 if layout.columns == 1 else 8.5 if layout.columns == 2 else 7.5
        self.leading = 1.3 * self.size
        self.width, self.height = width, height
        self.head = head
        self.sentences = 0
        self.column = 0
        self.y = self.top
        self.band_top = self.top
        self.page = 0
        self.new_page()

    # geometry -----------------------------------------------------------------------------------
    @property
    def column_width(self) -> float:
        n = self.layout.columns
        return (self.width - 2 * self.margin - (n - 1) * self.gutter) / n

    def column_x(self, column: int) -> float:
        return self.margin + column * (self.column_width + self.gutter)

    def font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font("body" if self.unicode else "helvetica", "B" if bold else "", size)

    def put(self, x: float, baseline: float, text: str) -> None:
        if not self.unicode:
            text = text.encode("latin-1", "replace").decode("latin-1")
        self.pdf.text(x, baseline, text)

    def width_of(self, text: str) -> float:
        if not self.unicode:
            text = text.encode("latin-1", "replace").decode("latin-1")
        return self.pdf.get_string_width(text)

    def new_page(self) -> None:
        self.pdf.add_page()
        self.page += 1
        self.column, self.y, self.band_top, self.band_lowest = 0, self.top, self.top, self.top
        if self.layout.running_head:
            self.font(7)
            self.put(self.margin, 36, f"{self.head}")
            self.put(self.width - self.margin - 20, 36, str(self.page))
            self.put(self.margin, self.height - 30, "Journal of Reproducible Trials · Open access")
            self.put(self.width / 2, self.height - 30, f"Page {self.page}")

    def next_column(self) -> None:
        if self.column + 1 < self.layout.columns:
            self.column += 1
            self.y = self.band_top
        else:
            self.new_page()

    def need(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.next_column()

    def end_band(self, lowest: float) -> None:
        """Start full-width content below everything set so far on the page."""
        self.column, self.y, self.band_top, self.band_lowest = 0, lowest, lowest, lowest

    # text ---------------------------------------------------------------------------------------
    def words_of(self, text: str) -> list[tuple[str, str]]:
        """(word, raised citation after it)."""
        out = []
        for word in text.split():
            raised = ""
            if self.layout.citations and word.endswith(".") and len(word) > 3 and word[-2].isalpha():
                self.sentences += 1
                if self.sentences % 3 == 0:
                    raised = f"{self.sentences % 40 + 1}"
                    if self.sentences % 2:
                        raised += f",{self.sentences % 40 + 2}"
            out.append((word, raised))
        return out

    def lines_of(
        self, words: list[tuple[str, str]], width: float, size: float, bold: bool = False
    ) -> list[list[tuple[str, str]]]:
        self.font(size, bold)
        space = self.width_of(" ")
        lines: list[list[tuple[str, str]]] = []
        line: list[tuple[str, str]] = []
        used = 0.0
        queue = list(words)
        while queue:
            word, raised = queue.pop(0)
            w = self.width_of(word) + (self.width_of(raised) * 0.65 if raised else 0)
            if not line or used + space + w <= width:
                used += (space if line else 0) + w
                line.append((word, raised))
                continue
            split = self.hyphenate(word, width - used - space) if self.layout.hyphenate else None
            if split:
                line.append((split[0] + "-", ""))
                queue.insert(0, (split[1], raised))
            else:
                queue.insert(0, (word, raised))
            lines.append(line)
            line, used = [], 0.0
        if line:
            lines.append(line)
        return lines

    def hyphenate(self, word: str, room: float) -> tuple[str, str] | None:
        if not (word.isalpha() and word.islower() and len(word) >= 9):
            return None
        for cut in range(len(word) - 4, 4, -1):
            if self.width_of(word[:cut] + "-") <= room:
                return word[:cut], word[cut:]
        return None

    def set_line(
        self, x: float, baseline: float, line: list[tuple[str, str]], width: float, justify: bool
    ) -> None:
        space = self.width_of(" ")
        natural = sum(self.width_of(w) for w, _ in line) + space * (len(line) - 1)
        natural += sum(self.width_of(r) * 0.65 for _, r in line if r)
        extra = (width - natural) / (len(line) - 1) if justify and len(line) > 1 else 0.0
        size = self.pdf.font_size_pt
        for word, raised in line:
            self.put(x, baseline, word)
            x += self.width_of(word)
            if raised:
                self.font(size * 0.65)
                self.put(x + 0.3, baseline - 0.38 * size, raised)
                x += self.width_of(raised) + 0.3
                self.font(size)
            x += space + extra

    def paragraph(self, text: str, spanning: bool, size: float | None = None, bold: bool = False) -> None:
        size = size or self.size
        leading = 1.3 * size
        width = self.width - 2 * self.margin if spanning else self.column_width
        lines = self.lines_of(
            self.words_of(text) if not bold else [(w, "") for w in text.split()], width, size, bold
        )
        if spanning:
            self.end_band(self.band_lowest)
        self.y += 0.6 * leading
        for index, line in enumerate(lines):
            if not spanning:
                self.need(leading)
            elif self.y + leading > self.bottom:
                self.new_page()
            self.font(size, bold)
            x = self.margin if spanning else self.column_x(self.column)
            self.set_line(x, self.y + size, line, width, justify=index < len(lines) - 1 and not bold)
            self.y += leading
            self.band_lowest = max(self.band_lowest, self.y)
        if spanning:
            self.end_band(self.y)

    # tables -------------------------------------------------------------------------------------
    def table(self, caption: str, rows: tuple[tuple[str, ...], ...]) -> None:
        ncols = max(len(r) for r in rows)
        grid = [list(r) + [""] * (ncols - len(r)) for r in rows]
        spanning = self.layout.table_place == "span" or self.layout.columns == 1
        for size in (self.size * 0.85, 7.0, 6.0, 5.0, 4.5):
            self.font(size)
            widths = [max(self.width_of(r[c]) for r in grid) + 8 for c in range(ncols)]
            room = self.column_width if not spanning else self.width - 2 * self.margin
            if sum(widths) <= room:
                break
        else:
            spanning = True
            room = self.width - 2 * self.margin
        if sum(widths) > room:
            widths = _narrowed(widths, room)
        # A cell too wide for its column wraps onto more lines, as journals set it; its row grows.
        lines = [[self._wrap(cell, w - 6) for cell, w in zip(r, widths, strict=True)] for r in grid]
        pitch, leading = 1.5 * size, 1.15 * size
        self.paragraph(caption, spanning, self.size * 0.9, bold=False)
        x0 = self.margin if spanning else self.column_x(self.column)
        self.y += 3
        style = self.layout.table_style
        queue = [(index, row) for index, row in enumerate(lines)]
        while queue:
            index, row = queue.pop(0)
            row_h = pitch + leading * (max(len(cell) for cell in row) - 1)
            if self.y + row_h > self.bottom:
                if spanning:
                    self.new_page()
                else:
                    self.next_column()
                x0 = self.margin if spanning else self.column_x(self.column)
                # As journals do: the caption and the header row again, so the rest is still a table.
                self.paragraph(" ".join(caption.split()[:2]) + " (continued)", spanning, self.size * 0.9)
                self.y += 3
                if index > 1:
                    queue[:0] = [(0, lines[0]), (1, row)]
                    continue
            self.font(size)
            x = x0
            if style == "booktabs" and index in (0, 1):
                self.pdf.set_line_width(0.8 if index == 0 else 0.4)
                self.pdf.line(x0, self.y, x0 + sum(widths), self.y)
            for cell, w in zip(row, widths, strict=True):
                if style == "ruled":
                    self.pdf.set_line_width(0.4)
                    self.pdf.rect(x, self.y, w, row_h)
                for line_index, piece in enumerate(cell):
                    self.put(x + 3, self.y + 0.5 * pitch + 0.35 * size + line_index * leading, piece)
                x += w
            self.y += row_h
            self.band_lowest = max(self.band_lowest, self.y)
        if style == "booktabs":
            self.pdf.set_line_width(0.8)
            self.pdf.line(x0, self.y, x0 + sum(widths), self.y)
        self.y += self.leading
        if spanning:
            self.end_band(self.y)

    def _wrap(self, cell: str, width: float) -> list[str]:
        """The cell's lines within `width`: words moved down whole, a word longer than the
        width broken where it must."""
        lines = [""]
        for word in cell.split():
            joined = f"{lines[-1]} {word}".strip()
            if self.width_of(joined) <= width or not lines[-1]:
                lines[-1] = joined
            else:
                lines.append(word)
            while self.width_of(lines[-1]) > width and len(lines[-1]) > 1:
                cut = len(lines[-1]) - 1
                while cut > 1 and self.width_of(lines[-1][:cut]) > width:
                    cut -= 1
                lines[-1:] = [lines[-1][:cut], lines[-1][cut:]]
        return lines


def _narrowed(widths: list[float], room: float) -> list[float]:
    """Column widths that fit `room`: the widest columns give up width first, down to a common
    cap, so that narrow columns of figures keep theirs."""
    ordered = sorted(widths)
    cap = room / len(widths)
    for count, width in enumerate(ordered):
        kept = sum(ordered[:count])  # the narrower columns keep their width
        if kept + width * (len(widths) - count) >= room:
            cap = (room - kept) / (len(widths) - count)
            break
    return [min(w, cap) for w in widths]


def article_pdf(blocks: list[ArticleBlock], layout: Layout, path: Path, head: str = "") -> Path:
    """Set an article's blocks in `layout` and write the PDF to `path`."""
    setter = _Typesetter(layout, head or "Trials · Research article")
    for block in blocks:
        if block.kind == "title":
            setter.paragraph(block.text, True, setter.size * 1.6, bold=True)
        elif block.kind == "table":
            setter.table(block.text, block.rows)
        elif block.kind == "heading":
            setter.paragraph(block.text, block.spanning, setter.size * 1.1, bold=True)
        else:
            setter.paragraph(block.text, block.spanning)
    setter.pdf.output(str(path))
    return path


# --- The same article printed by a browser ------------------------------------------------------
#
# A second, independent typesetter: HTML with CSS columns printed by headless Chromium (Debian's
# `chromium`), so the reader is not tuned to one producer's PDFs. Slower (about 2 s an article).

CHROMIUM_LAYOUT = "chromium-2col-a4"


def chromium_binary() -> str | None:
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser")


def article_html(blocks: list[ArticleBlock], columns: int = 2) -> str:
    """Title and abstract across the page, the body in CSS columns with raised citation
    numbers, tables (booktabs-style rules, cells wrapping where the page is too narrow)
    spanning the columns with their caption."""
    from html import escape

    style = (
        "@page{size:A4;margin:18mm}"
        "body{font:9pt serif;text-align:justify;hyphens:auto}"
        f".cols{{column-count:{columns};column-gap:6mm}}"
        "h1{font-size:15pt}h3{font-size:10pt}"
        ".span{column-span:all}table{border-collapse:collapse;font-size:7pt;margin:4pt 0;"
        "border-top:1px solid #000;border-bottom:1px solid #000}"
        "td{padding:1pt 5pt;vertical-align:top}tr:first-child td{border-bottom:0.5px solid #000}"
    )
    parts = [f"<html><head><meta charset='utf-8'><style>{style}</style></head><body>"]
    in_columns = False
    for index, block in enumerate(blocks):
        text = escape(block.text)
        if block.kind == "title":
            parts.append(f"<h1>{text}</h1>")
            continue
        if block.spanning:
            parts.append(f"<p>{text}</p>")
            continue
        if not in_columns:
            parts.append("<div class='cols'>")
            in_columns = True
        if block.kind == "heading":
            parts.append(f"<h3>{text}</h3>")
        elif block.kind == "table":
            rows = "".join(
                "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in block.rows
            )
            parts.append(f"<div class='span'><p>{text}</p><table>{rows}</table></div>")
        else:
            # A citation after the paragraph's first sentence, raised as <sup> sets it.
            parts.append("<p>" + text.replace(". ", f".<sup>{index % 40 + 1}</sup> ", 1) + "</p>")
    parts.append("</div></body></html>" if in_columns else "</body></html>")
    return "".join(parts)


def chromium_pdf(blocks: list[ArticleBlock], path: Path, columns: int = 2) -> Path:
    import subprocess

    binary = chromium_binary()
    if binary is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    page = path.with_suffix(".html")
    page.write_text(article_html(blocks, columns), encoding="utf-8")
    subprocess.run(
        [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={path}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    page.unlink()
    return path

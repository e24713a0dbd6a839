"""Small PDFs for the ingestion tests, built on the fly with fpdf2 (nothing binary is shipped)."""

from __future__ import annotations

from pathlib import Path

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

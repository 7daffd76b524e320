"""Render a report: the template (docxtpl) filled with the figures → .docx; the .docx → PDF.

The PDF is drawn from the rendered .docx itself (its paragraphs and their XN styles), so both
files carry the same text. fpdf2 (pure Python) lays it out on the same A4 page with the same
margins, line pitch and page numbers, in the Noto CJK fonts from Debian's fonts-noto-cjk (serif
for 仿宋/宋体 text, sans for 黑体 headings); no office suite is needed on the server.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docxtpl import DocxTemplate
from fpdf import FPDF
from fpdf.enums import XPos, YPos

PDF_MIME = "application/pdf"
FONT_DIRS = [Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/wqy")]
FONT_FILES = {
    "serif": ["NotoSerifCJK-Regular.ttc", "wqy-microhei.ttc"],
    "serif-bold": ["NotoSerifCJK-Bold.ttc", "wqy-microhei.ttc"],
    "sans": ["NotoSansCJK-Regular.ttc", "wqy-microhei.ttc"],
}
PDF_FACES = {  # XN style → (face, size pt)
    "XN Title": ("serif-bold", 22),
    "XN Heading 1": ("sans", 16),
    "XN Heading 2": ("serif", 16),
    "XN Heading 3": ("serif-bold", 16),
}
MM = 72 / 25.4


def render_docx(*, template: bytes, context: dict[str, object]) -> bytes:
    document = DocxTemplate(io.BytesIO(template))
    document.render(context, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _font_file(face: str) -> Path:
    for name in FONT_FILES[face]:
        for directory in FONT_DIRS:
            if (directory / name).exists():
                return directory / name
    raise FileNotFoundError(f"No CJK font for {face}: install fonts-noto-cjk.")


class _Page(FPDF):
    def footer(self) -> None:
        self.set_font("serif", size=14)
        self.set_y(-28 * MM + 7 * MM)
        number = self.page_no()
        text = f"— {number} —"
        width = self.get_string_width(text)
        x = self.w - 26 * MM - 14 - width if number % 2 else 28 * MM + 14
        self.set_x(x)
        self.cell(width, 14, text)


def docx_to_pdf(content: bytes) -> bytes:
    """Lay the rendered report's paragraphs out as a GB/T 9704 A4 PDF."""
    pdf = _Page(unit="pt", format="A4")
    for face in FONT_FILES:
        pdf.add_font(face, fname=str(_font_file(face)))
    pdf.set_margins(28 * MM, 37 * MM, 26 * MM)
    pdf.set_auto_page_break(True, margin=35 * MM)
    pdf.add_page()
    pitch = 28.95
    for paragraph in Document(io.BytesIO(content)).paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        face, size = PDF_FACES.get(style, ("serif", 16))
        pdf.set_font(face, size=size)
        text = paragraph.text
        if style == "XN Title":
            pdf.multi_cell(0, 36, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        elif style == "XN Signature":
            pdf.set_x(28 * MM)
            pdf.multi_cell(
                pdf.epw - 4 * size, pitch, text, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT
            )
        elif not text:
            pdf.ln(pitch)
        else:
            pdf.set_x(pdf.l_margin + 2 * size)  # first line indented two characters
            pdf.write(pitch, text)
            pdf.ln(pitch)
    return bytes(pdf.output())

"""Official documents as Word files in the standard layout of GB/T 9704-2012 (党政机关公文格式).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; title in 小标宋 size 2 (22 pt),
body in 仿宋 size 3 (16 pt), 22 lines of 28 characters; the issuing number centred under the
issuer; signature and date at the bottom right. Each app builds its notices and decisions with
`OfficialDocument` so they all look alike.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class OfficialDocument:
    issuer: str
    title: str
    number: str
    recipient: str = ""
    paragraphs: list[str] = field(default_factory=list)
    signature: str = ""
    dated_on: date | None = None
    footnote: str = ""

    def render(self) -> bytes:
        doc = Document()
        section = doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        _paragraph(
            doc,
            self.issuer,
            size=26,
            bold=True,
            font="方正小标宋简体",
            align=WD_ALIGN_PARAGRAPH.CENTER,
            color=RGBColor(0xC0, 0, 0),
        )
        _paragraph(doc, self.number, size=16, align=WD_ALIGN_PARAGRAPH.CENTER)
        _paragraph(doc, "", size=16)
        _paragraph(doc, self.title, size=22, font="方正小标宋简体", align=WD_ALIGN_PARAGRAPH.CENTER)
        _paragraph(doc, "", size=16)
        if self.recipient:
            _paragraph(doc, f"{self.recipient}：", size=16)
        for text in self.paragraphs:
            p = _paragraph(doc, text, size=16)
            p.paragraph_format.first_line_indent = Pt(32)
        _paragraph(doc, "", size=16)
        if self.signature:
            _paragraph(doc, self.signature, size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)
        if self.dated_on:
            _paragraph(doc, chinese_date(self.dated_on), size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)
        if self.footnote:
            _paragraph(doc, "", size=16)
            _paragraph(doc, self.footnote, size=12)
        buffer = io.BytesIO()
        doc.save(buffer)
        return buffer.getvalue()


def _paragraph(
    doc,
    text: str,
    *,
    size: int,
    bold: bool = False,
    font: str = "仿宋_GB2312",
    align=None,
    color=None,
):  # type: ignore[no-untyped-def]
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.line_spacing = Pt(28)
    run = p.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = font
    run._element.rPr.rFonts.set(qn("w:eastAsia"), font)
    if color is not None:
        run.font.color.rgb = color
    return p

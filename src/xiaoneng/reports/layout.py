"""The GB/T 9704-2012 page (党政机关公文格式) for reports and circulars, built with python-docx.

A4 (210 × 297 mm); top margin 37 mm, left 28 mm, type area 156 × 225 mm (so bottom 35 mm,
right 26 mm); 22 lines of 28 characters: the document grid's line pitch is 225 mm ÷ 22 ≈ 28.95 pt
and body lines are spaced exactly at that pitch. Title 2号小标宋 (22 pt), body 3号仿宋 (16 pt),
first-level headings "一、" in 黑体, second-level "（一）" in 楷体, third-level "1." in 仿宋 bold;
page numbers in 4号 (14 pt) half-width 宋体 as "— 1 —", on the outside of the page: odd pages
right, even pages left (§7.5). Each font is set for East-Asian text too (w:eastAsia), without
which Word would fall back to its Latin font for Chinese characters; offices without
方正小标宋简体 or the _GB2312 fonts get Word's font substitution (w:altName records the fallback).
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_1_FONT = "黑体"
HEADING_2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
FALLBACKS = {
    TITLE_FONT: "SimSun",
    BODY_FONT: "FangSong",
    HEADING_1_FONT: "SimHei",
    HEADING_2_FONT: "KaiTi",
    PAGE_NUMBER_FONT: "SimSun",
}
LINE_PITCH = Pt(28.95)  # 225 mm ÷ 22 lines
LINE_PITCH_TWIPS = 579

# (style name, font, size in pt, bold, alignment, first-line indent in characters)
STYLES = {
    "XN Title": (TITLE_FONT, 22, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "XN Body": (BODY_FONT, 16, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    "XN Heading 1": (HEADING_1_FONT, 16, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "XN Heading 2": (HEADING_2_FONT, 16, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "XN Heading 3": (BODY_FONT, 16, True, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "XN Signature": (BODY_FONT, 16, False, WD_ALIGN_PARAGRAPH.RIGHT, 0),
}


def set_fonts(element, font: str) -> None:  # type: ignore[no-untyped-def]
    """Set ascii, hAnsi and eastAsia font names on a run's or style's rPr."""
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)


def page_setup(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), "0")
    for name, (font, size, bold, align, indent) in STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.size = Pt(size)
        style.font.bold = bold
        set_fonts(style.element, font)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(36) if name == "XN Title" else LINE_PITCH
        fmt.first_line_indent = Pt(size * indent) if indent else None
    _page_numbers(doc)


def _page_number_paragraph(paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH) -> None:
    """ "— N —" with a PAGE field, 4号 half-width 宋体, one character in from the edge (§7.5)."""
    paragraph.alignment = align
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = Pt(14)
    else:
        paragraph.paragraph_format.left_indent = Pt(14)

    def run(text: str = ""):  # type: ignore[no-untyped-def]
        r = paragraph.add_run(text)
        r.font.size = Pt(14)
        set_fonts(r._element, PAGE_NUMBER_FONT)
        return r

    run("— ")
    for kind, instruction in (("begin", None), (None, " PAGE "), ("separate", None)):
        r = run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r._element.append(char)
        else:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = instruction
            r._element.append(text)
    run("1")
    end = run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._element.append(char)
    run(" —")


def _page_numbers(doc: DocumentObject) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _page_number_paragraph(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_paragraph(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def add(doc: DocumentObject, style: str, text: str) -> Paragraph:
    return doc.add_paragraph(text, style=style)

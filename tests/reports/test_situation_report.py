"""The situation report (情况汇报) from the demo city for 2025: GB/T 9704-2012 layout (page,
margins, fonts with their East-Asian names, sizes, page-number field), every figure equal to the
API's figure for the same period, the PDF rendered and not blank; who may generate it (HTML and
API); bad dates are a 400 naming the field."""

from __future__ import annotations

import io
from datetime import date

import pypdfium2 as pdfium
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from rest_framework.test import APIClient

from xiaoneng.core.documents import chinese_date
from xiaoneng.core.errors import InvalidInput, NotPermitted
from xiaoneng.core.models import AuditRecord, User
from xiaoneng.core.roles import Role
from xiaoneng.reports.figures import situation_figures
from xiaoneng.reports.render import docx_to_pdf
from xiaoneng.reports.services import report_template_upload, situation_report_generate
from xiaoneng.reports.template import default_template

pytestmark = pytest.mark.django_db
YEAR_2025 = {"from": "2025-01-01", "to": "2025-12-31"}


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _fonts(paragraph) -> set[str]:  # type: ignore[no-untyped-def]
    """East-Asian font names of the paragraph's style (what Word uses for Chinese text)."""
    fonts = paragraph.style.element.rPr.find(qn("w:rFonts"))
    return {fonts.get(qn("w:eastAsia")), fonts.get(qn("w:ascii"))}


def _style(doc, name: str):  # type: ignore[no-untyped-def]
    return next(p for p in doc.paragraphs if p.style.name == name)


@pytest.fixture
def demo_supervisor() -> User:
    call_command("demo", stdout=io.StringIO())
    return User.objects.filter(roles__role=Role.EFFICIENCY_SUPERVISOR).order_by("pk").first()


def test_demo_report_for_2025_has_the_official_layout_and_the_api_figures(
    demo_supervisor, tmp_path
):
    response = _api(demo_supervisor).get(reverse("api-report-situation"), YEAR_2025)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    doc = Document(io.BytesIO(response.content))

    section = doc.sections[0]  # GB/T 9704-2012 §5.2.1–5.2.2: A4, 37 / 28 mm, 156 × 225 mm
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    assert abs(section.top_margin - Mm(37)) < Mm(0.1)
    assert abs(section.left_margin - Mm(28)) < Mm(0.1)
    assert abs(section.page_width - section.left_margin - section.right_margin - Mm(156)) < Mm(0.1)
    assert abs(section.page_height - section.top_margin - section.bottom_margin - Mm(225)) < Mm(0.1)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 22 lines: 225 mm ÷ 22 ≈ 28.95 pt

    # (style, East-Asian font, size, bold) — §7.3.1 title 2号小标宋, body 3号仿宋, headings
    for style, font, size, bold in [
        ("XN Title", "方正小标宋简体", 22, False),
        ("XN Body", "仿宋_GB2312", 16, False),
        ("XN Heading 1", "黑体", 16, False),
        ("XN Heading 2", "楷体_GB2312", 16, False),
        ("XN Heading 3", "仿宋_GB2312", 16, True),
    ]:
        paragraph = _style(doc, style)
        assert font in _fonts(paragraph), style
        assert paragraph.style.font.size == Pt(size), style
        assert bool(paragraph.style.font.bold) is bold, style
    assert _style(doc, "XN Body").style.paragraph_format.line_spacing == Pt(28.95)
    assert _style(doc, "XN Heading 1").text.startswith("一、")
    assert _style(doc, "XN Heading 2").text.startswith("（一）")
    assert _style(doc, "XN Heading 3").text.startswith("1. ")

    # §7.5: 4号 half-width 宋体 "— N —", odd pages right, even pages left
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, alignment in [(section.footer, 2), (section.even_page_footer, 0)]:
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        assert " PAGE " in paragraph._p.xml and "fldChar" in paragraph._p.xml
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert {r.font.size for r in paragraph.runs} == {Pt(14)}
        assert "宋体" in paragraph.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia"))

    # The issuing unit and the date close the report, right-aligned (§7.3.5)
    signatures = [p for p in doc.paragraphs if p.style.name == "XN Signature"]
    assert signatures[0].text == demo_supervisor.organization.name
    assert signatures[1].text == chinese_date(timezone.localdate())

    # Every figure equals the API's figure for the same period
    figures = _api(demo_supervisor).get(reverse("api-report-situation-figures"), YEAR_2025).json()
    text = "\n".join(p.text for p in doc.paragraphs)

    def shown(value: object) -> str:
        return "—" if value is None else str(value)

    for phrase in [
        f"受理各类投诉{figures['complaints_received']}件",
        f"应办结{figures['complaints_due']}件",
        f"已办结{figures['complaints_closed']}件，办结率{shown(figures['complaint_closure_rate'])}%",
        f"办结办件{figures['cases_closed']}件，按时办结率{shown(figures['case_on_time_rate'])}%",
        f"实施效能告诫{figures['warnings_issued']}人次",
        f"立项督查事项{figures['tasks_created']}项",
        f"在用政务服务事项{figures['items']}项",
        f"共报备{figures['refusal_filings']}件",
        f"发现违反规定行为{figures['community_violations']}起",
        f"收到服务评价{figures['ratings_received']}条",
    ]:
        assert phrase in text, phrase
    # … and the API's figures are the contexts' selectors' (the cockpit's, for the year)
    cockpit = _api(demo_supervisor).get(
        reverse("api-cockpit"), {"as_of": "2025-12-31", "period": "year"}
    )
    headlines = {h["code"]: h["value"] for h in cockpit.json()["headlines"]}
    for code in ("cases_closed", "complaints_received", "complaints_closed", "warnings_issued"):
        assert str(headlines[code]).removesuffix(".0") == str(figures[code]), code
    assert figures["complaints_received"] > 0 or figures["cases_closed"] > 0
    _the_pdf_page_one_is_not_blank(demo_supervisor, tmp_path)
    _the_command_writes_docx_and_pdf(tmp_path)


def _the_pdf_page_one_is_not_blank(demo_supervisor, tmp_path):  # type: ignore[no-untyped-def]
    response = _api(demo_supervisor).get(
        reverse("api-report-situation"), {**YEAR_2025, "format": "pdf"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = pdfium.PdfDocument(response.content)
    page = pdf[0]
    assert (round(page.get_width() / 72 * 25.4), round(page.get_height() / 72 * 25.4)) == (
        210,
        297,
    )
    assert "情况汇报" in page.get_textpage().get_text_range()
    image = page.render(scale=1).to_pil().convert("L")
    image.save(tmp_path / "page1.png")
    dark = sum(1 for value in image.getdata() if value < 128)
    assert dark > 2000  # text is drawn, not a blank page


def _the_command_writes_docx_and_pdf(tmp_path):  # type: ignore[no-untyped-def]
    for name in ("report.docx", "report.pdf"):
        out = io.StringIO()
        call_command(
            "report", "--from", "2025-01-01", "--to", "2025-12-31", "--output",
            str(tmp_path / name), stdout=out,
        )  # fmt: skip
        assert (tmp_path / name).stat().st_size > 5000
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


# Who may generate reports (core/roles.py: report.view — efficiency office and leaders)
@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.EFFICIENCY_SUPERVISOR, True),
        (Role.LEADER, True),
        (Role.WINDOW_CLERK, False),
        (Role.REVIEWER, False),
        (Role.COMPLAINT_HANDLER, False),
        (Role.COMMUNITY_STAFF, False),
    ],
)
def test_only_the_efficiency_office_and_leaders_generate_reports(personas, client, role, allowed):
    user = personas[role]
    api = _api(user).get(reverse("api-report-situation"), YEAR_2025)
    assert api.status_code == (200 if allowed else 403)
    client.force_login(user)
    page = client.get(reverse("reports:reports"))
    assert page.status_code == (200 if allowed else 403)
    download = client.get(
        reverse("reports:reports"),
        {"date_from": "2025-01-01", "date_to": "2025-12-31", "output_format": "docx"},
    )
    assert download.status_code == (200 if allowed else 403)
    if allowed:
        assert download["Content-Disposition"].startswith("attachment")


# Bad input → 400 naming the field, never a 500
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"to": "2025-12-31"}, "from"),
        ({"from": "2025-01-01"}, "to"),
        ({"from": "2025-13-01", "to": "2025-12-31"}, "from"),
        ({"from": "2025-01-01", "to": "31.12.2025"}, "to"),
        ({"from": "2025-12-01", "to": "2025-01-01"}, "to"),
        ({**YEAR_2025, "as_of": "yesterday"}, "as_of"),
        ({**YEAR_2025, "unit": "city"}, "unit"),
        ({**YEAR_2025, "format": "odt"}, "format"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_field(personas, params, field):
    response = _api(personas[Role.EFFICIENCY_SUPERVISOR]).get(
        reverse("api-report-situation"), params
    )
    assert response.status_code == 400
    assert field in str(response.json())


def test_bad_dates_on_the_page_are_shown_on_the_form(personas, client):
    client.force_login(personas[Role.EFFICIENCY_SUPERVISOR])
    response = client.get(reverse("reports:reports"), {"date_from": "x", "date_to": "2025-01-01"})
    assert response.status_code == 400
    assert response.context["form"].errors["date_from"]


def test_an_uploaded_template_is_used_and_audited(personas):
    supervisor = personas[Role.EFFICIENCY_SUPERVISOR]
    doc = Document(io.BytesIO(default_template()))
    doc.paragraphs[0].runs[0].text = "本单位自拟标题：{{ cases_closed }}件"
    buffer = io.BytesIO()
    doc.save(buffer)
    report_template_upload(actor=supervisor, name="ours.docx", content=buffer.getvalue())
    report = situation_report_generate(
        actor=supervisor, start=date(2025, 1, 1), end=date(2025, 12, 31)
    )
    assert Document(io.BytesIO(report.content)).paragraphs[0].text == "本单位自拟标题：0件"
    assert AuditRecord.objects.filter(action="report.template.upload").exists()


@pytest.mark.parametrize(
    "content",
    [b"not a zip", b""],
)
def test_a_template_that_is_not_a_docx_is_refused(personas, content):
    with pytest.raises(InvalidInput) as error:
        report_template_upload(
            actor=personas[Role.EFFICIENCY_SUPERVISOR], name="x.docx", content=content
        )
    assert error.value.field == "template"


def test_the_template_upload_is_refused_to_leaders(personas):
    with pytest.raises(NotPermitted):
        report_template_upload(
            actor=personas[Role.LEADER], name="x.docx", content=default_template()
        )


def test_figures_come_from_the_selectors_in_scope(personas):
    figures = situation_figures(
        user=personas[Role.LEADER], start=date(2025, 1, 1), end=date(2025, 12, 31),
        as_of=date(2025, 12, 31),
    )  # fmt: skip
    assert figures.cases_closed == 0 and figures.case_on_time_rate is None
    assert docx_to_pdf(default_template()).startswith(b"%PDF")

"""Use cases of reports: the situation report (情况汇报), its template, and circulars (通报)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError

from xiaoneng.catalog.models import ServiceItem
from xiaoneng.core.access import user_has_perm
from xiaoneng.core.audit import audit
from xiaoneng.core.documents import DOCX_MIME, chinese_date
from xiaoneng.core.errors import DomainError, InvalidInput, NotPermitted
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import DocumentKind
from xiaoneng.evaluation.services.tasks import document_issue, document_render
from xiaoneng.reports.figures import SituationFigures, situation_figures
from xiaoneng.reports.models import ReportJob, ReportJobStatus, ReportTemplate
from xiaoneng.reports.render import PDF_MIME, docx_to_pdf, render_docx
from xiaoneng.reports.template import default_template
from xiaoneng.supervision.figures import period_figures

FORMATS = ("docx", "pdf")
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class ReportFile:
    filename: str
    content_type: str
    content: bytes
    figures: SituationFigures | None = None


def check_period(start: date | None, end: date | None) -> tuple[date, date]:
    if start is None:
        raise InvalidInput(_("Give the first day of the period."), field="from")
    if end is None:
        raise InvalidInput(_("Give the last day of the period."), field="to")
    if end < start:
        raise InvalidInput(_("The period ends before it starts."), field="to")
    return start, end


def report_template_current() -> bytes:
    template = ReportTemplate.objects.first()
    return bytes(template.content) if template is not None else default_template()


def situation_report_generate(
    *,
    actor: User,
    start: date | None,
    end: date | None,
    as_of: date | None = None,
    unit: Organization | None = None,
    output_format: str = "docx",
) -> ReportFile:
    """The situation report for [start, end] (figures as of `as_of`, default: the period's end)
    in the caller's scope, optionally for one unit, as .docx or PDF; audited."""
    if not user_has_perm(actor, Perm.REPORT_VIEW):
        raise NotPermitted(_("Only the efficiency office and leaders generate reports."))
    start, end = check_period(start, end)
    if output_format not in FORMATS:
        raise InvalidInput(_("The format is docx or pdf."), field="format")
    as_of = as_of or end
    figures = situation_figures(user=actor, start=start, end=end, as_of=as_of, organization=unit)
    issuer = unit.name if unit is not None else _issuer(actor)
    context = {
        **figures.as_context(),
        "title": _("Report on raising the service efficiency of government agencies"),
        "issuer": issuer,
        "dated": chinese_date(timezone.localdate()),
    }
    try:
        content = render_docx(template=report_template_current(), context=context)
    except TemplateSyntaxError as exc:
        raise InvalidInput(
            _("The uploaded report template has an error in a field: %(error)s")
            % {"error": exc.message},
            field="template",
        ) from exc
    content_type = DOCX_MIME
    if output_format == "pdf":
        content, content_type = docx_to_pdf(content), PDF_MIME
    audit(
        actor=actor,
        action="report.situation.generate",
        object_type="report",
        detail={
            "from": start.isoformat(),
            "to": end.isoformat(),
            "as_of": as_of.isoformat(),
            "unit": unit.pk if unit is not None else None,
            "format": output_format,
        },
    )
    filename = f"situation-{start:%Y%m%d}-{end:%Y%m%d}.{output_format}"
    return ReportFile(filename, content_type, content, figures)


def report_job_run(*, job_id: int) -> dict[str, object]:
    """Generate the queued report as its author (their scope and permissions apply) and keep
    the file on the job; a failure is kept on the job (its message) and re-raised, so the queue
    records the task as failed too. Runs in the worker (`tasks.report_generate`)."""
    job = ReportJob.objects.select_related("created_by", "unit").get(pk=job_id)
    if job.status == ReportJobStatus.FINISHED:
        return {"job": job.pk, "status": job.status}  # a duplicate delivery of the task
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJobStatus.RUNNING, started_at=timezone.now(), error=""
    )
    try:
        report = situation_report_generate(
            actor=job.created_by,
            start=job.start,
            end=job.end,
            as_of=job.as_of,
            unit=job.unit,
            output_format=job.output_format,
        )
    except Exception as exc:
        message = str(exc) if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJobStatus.FAILED, finished_at=timezone.now(), error=message[:2000]
        )
        raise
    ReportJob.objects.filter(pk=job.pk).update(
        status=ReportJobStatus.FINISHED,
        finished_at=timezone.now(),
        filename=report.filename,
        content_type=report.content_type,
        content=report.content,
    )
    return {"job": job.pk, "status": ReportJobStatus.FINISHED}


def _issuer(user: User) -> str:
    organization = user.organization
    return organization.name if organization is not None else ""


def report_template_upload(*, actor: User, name: str, content: bytes) -> ReportTemplate:
    """Store the efficiency office's own Word template (checked to be a .docx whose fields
    parse); audited. The newest upload is used from then on."""
    if not user_has_perm(actor, Perm.REPORT_TEMPLATE_MANAGE):
        raise NotPermitted(_("Only the efficiency office uploads the report template."))
    if len(content) > MAX_TEMPLATE_BYTES:
        raise InvalidInput(_("The template is larger than 5 MB."), field="template")
    try:
        Document(io.BytesIO(content))
        DocxTemplate(io.BytesIO(content)).get_undeclared_template_variables()
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InvalidInput(_("The template is not a Word (.docx) file."), field="template") from exc
    except TemplateSyntaxError as exc:
        raise InvalidInput(
            _("The template has an error in a field: %(error)s") % {"error": exc.message},
            field="template",
        ) from exc
    with transaction.atomic():
        template = ReportTemplate.objects.create(
            name=name[:200], content=content, uploaded_by=actor
        )
        audit(actor=actor, action="report.template.upload", obj=template, detail={"name": name})
    return template


def _unit_rates(actor: User, start: date, end: date) -> list[tuple[str, float | None, int]]:
    """On-time rate of each implementing agency for the period, by the supervision selector."""
    rows = []
    agencies = ServiceItem.objects.values("agency")
    for department in Organization.objects.filter(pk__in=agencies).order_by("path"):
        figures = period_figures(user=actor, start=start, end=end, organization=department)
        if figures.closed + figures.open_overdue:
            rows.append(
                (department.name, figures.on_time_rate, figures.closed + figures.open_overdue)
            )
    return rows  # type: ignore[return-value]


def circular_generate(
    *, actor: User, start: date | None, end: date | None, owner: Organization
) -> ReportFile:
    """The period's circular (通报): departments' on-time rates, the red list (best three) and
    the black list (worst three, below 100%), efficiency warnings issued by unit. Issued as a
    numbered circular of the supervising office (效督通〔YYYY〕N号, evaluation documents)."""
    if not user_has_perm(actor, Perm.CIRCULAR_ISSUE):
        raise NotPermitted(_("Only the efficiency office issues circulars."))
    start, end = check_period(start, end)
    rates = sorted(_unit_rates(actor, start, end), key=lambda r: (-(r[1] or 0), r[0]))
    red = rates[:3]
    black = [r for r in reversed(rates) if r[1] is not None and r[1] < 100][:3]
    warnings = period_figures(user=actor, start=start, end=end).warnings_by_unit
    period = f"{chinese_date(start)}至{chinese_date(end)}"
    lines = [f"现将{period}各单位办件按时办结情况、效能告诫情况通报如下。", "一、按时办结率"]
    lines += [f"{name}：{rate}%（应办结{due}件）" for name, rate, due in rates] or [
        "期间无应办结办件。"
    ]
    lines.append("二、红榜")
    lines += [f"{name}：按时办结率{rate}%" for name, rate, _due in red] or ["无。"]
    lines.append("三、黑榜")
    lines += [f"{name}：按时办结率{rate}%" for name, rate, _due in black] or ["无。"]
    lines.append("四、效能告诫")
    lines += [f"{unit}：{n}人次" for unit, n in warnings] or ["期间未实施效能告诫。"]
    lines.append("请各单位对照通报认真整改。")
    document = document_issue(
        actor=actor,
        kind=DocumentKind.CIRCULAR,
        title=f"关于{period}机关效能情况的通报",
        body="\n".join(lines),
        owner=owner,
        recipient="各有关单位",
    )
    return ReportFile(
        f"circular-{document.number}.docx", DOCX_MIME, document_render(document), None
    )

"""Workbench pages of publicity, under /workbench/disclosure/publicity/: the year's counts, the
bulletins (list with the draft form, a bulletin with its issue form and Word file), the media
items of a period (with the record form and the Excel list) and the columns."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.core.access import organizations_visible
from xiaoneng.core.documents import DOCX_MIME
from xiaoneng.core.errors import DomainError, InvalidInput
from xiaoneng.core.excel import XLSX_MIME
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm
from xiaoneng.disclosure.publicity import exports, forms, selectors, services


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _require_reader(request: HttpRequest) -> None:
    if not selectors.may_read(_user(request)):
        raise PermissionDenied


def _require_recorder(request: HttpRequest) -> None:
    if not selectors.may_record(_user(request)):
        raise PermissionDenied


def _units(request: HttpRequest):  # type: ignore[no-untyped-def]
    return organizations_visible(_user(request), Perm.DISCLOSURE_PUBLISH).order_by("path")


def _add_error(form, error: DomainError) -> None:  # type: ignore[no-untyped-def]
    form.add_error(error.field if error.field in form.fields else None, str(error.message))


def _period(request: HttpRequest) -> tuple[forms.PeriodForm, date, date]:
    today = timezone.localdate()
    form = forms.PeriodForm(request.GET or None)
    start, end = date(today.year, 1, 1), today
    if request.GET:
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            raise InvalidInput(errors[0], field=field)
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    if end < start:
        raise InvalidInput(_("The period ends before it starts."), field="end")
    return form, start, end


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    period_form, start, end = _period(request)
    return render(
        request,
        "disclosure/publicity/overview.html",
        {
            "period_form": period_form,
            "counts": selectors.media_counts(start=start, end=end),
            "bulletins": selectors.bulletin_list_for_user(user=_user(request))[:5],
        },
    )


@login_required
def bulletins(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    may_record = selectors.may_record(_user(request))
    form = forms.BulletinForm(request.POST or None, request.FILES or None, units=_units(request))
    if request.method == "POST":
        _require_recorder(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                bulletin = services.bulletin_draft(
                    actor=_user(request),
                    unit=data["unit"],
                    title=data["title"],
                    body=data["body"],
                    is_public=data["is_public"],
                    file=data["attachment"],
                )
            except DomainError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("The draft is saved; issue it to number it."))
                return redirect("disclosure:bulletin", pk=bulletin.pk)
    page = Paginator(selectors.bulletin_list_for_user(user=_user(request)), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "disclosure/publicity/bulletins.html",
        {"page": page, "form": form, "may_record": may_record},
    )


@login_required
def bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    row = selectors.bulletin_get_for_user(user=_user(request), pk=pk)
    form = forms.IssueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        _require_recorder(request)
        if form.is_valid():
            try:
                row = services.bulletin_issue(
                    actor=_user(request), bulletin=row, issued_on=form.cleaned_data["issued_on"]
                )
            except DomainError as error:
                if error.status_code != 400:
                    raise
                _add_error(form, error)
            else:
                messages.success(request, _("Issued as %(n)s.") % {"n": row.number})
                return redirect("disclosure:bulletin", pk=row.pk)
    return render(
        request,
        "disclosure/publicity/bulletin.html",
        {"bulletin": row, "form": form, "may_record": selectors.may_record(_user(request))},
    )


@login_required
def bulletin_docx(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    row = selectors.bulletin_get_for_user(user=_user(request), pk=pk)
    response = HttpResponse(exports.bulletin_docx(row), content_type=DOCX_MIME)
    name = f"bulletin-{row.year or 'draft'}-{row.serial or row.pk}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def bulletin_attachment(request: HttpRequest, pk: int) -> FileResponse:
    _require_reader(request)
    row = selectors.bulletin_get_for_user(user=_user(request), pk=pk)
    if not row.attachment:
        raise InvalidInput(_("The bulletin has no attachment."), field="attachment")
    return FileResponse(
        row.attachment.open("rb"),
        as_attachment=True,
        filename=row.attachment_name,
        content_type=row.attachment_type,
    )


@login_required
def media_items(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    period_form, start, end = _period(request)
    items = selectors.media_item_list_for_user(user=_user(request), start=start, end=end)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(exports.media_items_xlsx(items), content_type=XLSX_MIME)
        response["Content-Disposition"] = f'attachment; filename="media-{start}-{end}.xlsx"'
        return response
    form = forms.MediaItemForm(request.POST or None, units=_units(request))
    if request.method == "POST":
        _require_recorder(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.media_item_record(actor=_user(request), **data)
            except DomainError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("The media item is recorded."))
                return redirect("disclosure:media_items")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/publicity/media_items.html",
        {
            "page": page,
            "form": form,
            "period_form": period_form,
            "start": start,
            "end": end,
            "may_record": selectors.may_record(_user(request)),
        },
    )


@login_required
def columns(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    form = forms.ColumnForm(request.POST or None)
    if request.method == "POST":
        _require_recorder(request)
        if form.is_valid():
            try:
                services.column_open(actor=_user(request), **form.cleaned_data)
            except DomainError as error:
                _add_error(form, error)
            else:
                messages.success(request, _("The column is recorded."))
                return redirect("disclosure:columns")
    return render(
        request,
        "disclosure/publicity/columns.html",
        {
            "rows": selectors.column_list_for_user(user=_user(request)),
            "form": form,
            "may_record": selectors.may_record(_user(request)),
        },
    )


@login_required
@require_POST
def column_close(request: HttpRequest, pk: int) -> HttpResponse:
    _require_recorder(request)
    column = selectors.column_get_for_user(user=_user(request), pk=pk)
    services.column_close(actor=_user(request), column=column)
    messages.success(request, _("The column is closed."))
    return redirect("disclosure:columns")

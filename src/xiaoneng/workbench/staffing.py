"""Workbench pages for onboarding (Excel upload → preview → apply) and the staff lifecycle."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiaoneng.core import onboarding, selectors, staff_lifecycle
from xiaoneng.core.access import organizations_visible, user_has_perm
from xiaoneng.core.errors import DomainError
from xiaoneng.core.excel import (
    XLSX_MIME,
    ImportReport,
    RowError,
    error_report_sheet,
    xlsx_response,
)
from xiaoneng.core.filter_fields import IsoDateInput
from xiaoneng.core.models import Organization, Rank, User
from xiaoneng.core.roles import Perm
from xiaoneng.hall.services.imports import (
    HALL_COLUMNS,
    HALL_SHEET,
    WINDOW_COLUMNS,
    WINDOW_SHEET,
    halls_import,
    halls_template,
)
from xiaoneng.workbench.forms import ImportForm


class Import(NamedTuple):
    perm: str
    importer: Callable[..., ImportReport]
    template: Callable[[], bytes]
    title: str | Promise
    columns: list[onboarding.Column]
    done: str  # where an applied import goes


def _hall_columns() -> list[onboarding.Column]:
    """The halls workbook's two sheets, as the page lists them ("大厅: 大厅编码" …)."""
    sheets = ((HALL_SHEET, HALL_COLUMNS), (WINDOW_SHEET, WINDOW_COLUMNS))
    return [
        onboarding.Column(key, f"{sheet}: {header}")
        for sheet, columns in sheets
        for key, header in columns.items()
    ]


IMPORTS = {
    "organizations": Import(
        Perm.ORG_MANAGE,
        onboarding.organization_import,
        onboarding.organization_template,
        gettext_lazy("Import organizations"),
        onboarding.ORG_COLUMNS,
        "workbench:organizations",
    ),
    "staff": Import(
        Perm.USER_MANAGE,
        onboarding.staff_import,
        onboarding.staff_template,
        gettext_lazy("Import staff"),
        onboarding.STAFF_COLUMNS,
        "workbench:staff",
    ),
    "halls": Import(
        Perm.HALL_MANAGE,
        halls_import,
        halls_template,
        gettext_lazy("Import service halls and windows"),
        _hall_columns(),
        "hall:halls",
    ),
}


def _pending_dir() -> Path:
    """Checked files waiting for "Apply": outside the uploads served to browsers (they hold
    names and phone numbers), removed when applied."""
    path = Path(settings.VAR_DIR) / "onboarding"
    path.mkdir(parents=True, exist_ok=True)
    return path


@login_required
def onboarding_import(request: HttpRequest, kind: str) -> HttpResponse:
    """Upload checks the whole file and shows its errors or what would change; only a second,
    confirming POST applies the very file that was checked."""
    if kind not in IMPORTS:
        raise Http404
    perm, importer, template, title, columns, done = IMPORTS[kind]
    if not user_has_perm(request.user, perm):
        raise PermissionDenied
    if request.GET.get("template") == "1":
        response = HttpResponse(template(), content_type=XLSX_MIME)
        response["Content-Disposition"] = f"attachment; filename={kind}-template.xlsx"
        return response
    session_key = f"onboarding_{kind}"
    form = ImportForm()
    report = None
    if request.method == "POST" and request.POST.get("confirm"):
        token = request.session.get(session_key, "")
        if not token or token != request.POST["confirm"]:
            messages.error(request, _("Upload the file again."))
            return redirect("workbench:onboarding_import", kind=kind)
        path = _pending_dir() / f"{token}.xlsx"
        try:
            report = importer(actor=request.user, data=path.read_bytes(), apply=True)
        except (DomainError, OSError) as error:
            messages.error(request, str(getattr(error, "message", error)))
            return redirect("workbench:onboarding_import", kind=kind)
        finally:
            path.unlink(missing_ok=True)
            request.session.pop(session_key, None)
        if report.ok:
            messages.success(
                request,
                _("Imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
                % report.as_dict(),
            )
            return redirect(done)
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            try:
                report = importer(actor=request.user, data=data, apply=False)
            except DomainError as error:
                form.add_error("file", str(error.message))
            else:
                if report.ok:
                    token = uuid.uuid4().hex
                    (_pending_dir() / f"{token}.xlsx").write_bytes(data)
                    request.session[session_key] = token
                    request.session[f"{session_key}_errors"] = None
                else:
                    request.session[f"{session_key}_errors"] = [
                        [e.row, e.field, e.reason] for e in report.errors
                    ]
    if request.GET.get("errors") == "xlsx":
        stored = request.session.get(f"{session_key}_errors") or []
        rows = ImportReport(errors=[RowError(r, f, reason) for r, f, reason in stored])
        return xlsx_response(f"{kind}-errors.xlsx", [error_report_sheet(rows)])
    return render(
        request,
        "workbench/onboarding_import.html",
        {
            "title": title,
            "kind": kind,
            "form": form,
            "report": report,
            "token": request.session.get(session_key, "") if report and report.ok else "",
            "columns": columns,
        },
    )


class StaffEditForm(forms.Form):
    real_name = forms.CharField(label=gettext_lazy("Real name"), max_length=60)
    post = forms.CharField(label=gettext_lazy("Post"), max_length=100, required=False)
    rank = forms.ChoiceField(
        label=gettext_lazy("Rank"), choices=[("", "—"), *Rank.choices], required=False
    )
    phone = forms.RegexField(
        label=gettext_lazy("Phone"),
        regex=r"^[0-9-]{7,20}$",
        required=False,
        help_text=gettext_lazy("Shown masked; leave blank to keep the stored number."),
        error_messages={"invalid": gettext_lazy("Digits and dashes only.")},
    )

    def changes(self) -> dict[str, str]:
        """The cleaned fields, without a blank phone (the number is never shown in full)."""
        data = dict(self.cleaned_data)
        if not data.get("phone"):
            data.pop("phone", None)
        return data


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(
        label=gettext_lazy("New unit"), queryset=Organization.objects.none()
    )
    to_post = forms.CharField(label=gettext_lazy("New post"), max_length=100, required=False)
    transferred_on = forms.DateField(label=gettext_lazy("Transferred on"), widget=IsoDateInput())

    def __init__(self, *args, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["to_unit"].queryset = units


class OffboardForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)


def _apply_errors(form: forms.Form, error: DomainError) -> None:
    for field, message in error.errors:
        form.add_error(field if field in form.fields else None, str(message))


@login_required
def staff_member(request: HttpRequest, pk: int) -> HttpResponse:
    """One staff member: details (phone masked), transfers, and the system administrator's
    edit, transfer and offboarding forms."""
    if not (
        user_has_perm(request.user, Perm.ORG_VIEW) or user_has_perm(request.user, Perm.USER_MANAGE)
    ):
        raise PermissionDenied
    person = selectors.staff_list(user=request.user).filter(pk=pk).first()
    if person is None:
        raise Http404
    can_manage = user_has_perm(request.user, Perm.USER_MANAGE)
    units = organizations_visible(request.user, Perm.USER_MANAGE).order_by("path")
    edit_form = StaffEditForm(
        initial={k: getattr(person, k) for k in ("real_name", "post", "rank")}
    )
    transfer_form = TransferForm(units=units)
    offboard_form = OffboardForm()
    action = request.POST.get("action", "")
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            if action == "edit":
                edit_form = StaffEditForm(request.POST)
                if edit_form.is_valid():
                    staff_lifecycle.user_update(
                        actor=request.user, user=person, **edit_form.changes()
                    )
                    messages.success(request, _("Saved."))
                    return redirect("workbench:staff_member", pk=pk)
            elif action == "transfer":
                transfer_form = TransferForm(request.POST, units=units)
                if transfer_form.is_valid():
                    staff_lifecycle.user_transfer(
                        actor=request.user, user=person, **transfer_form.cleaned_data
                    )
                    messages.success(request, _("Transfer recorded."))
                    return redirect("workbench:staff_member", pk=pk)
            elif action == "offboard":
                offboard_form = OffboardForm(request.POST)
                if offboard_form.is_valid():
                    staff_lifecycle.user_offboard(
                        actor=request.user, user=person, reason=offboard_form.cleaned_data["reason"]
                    )
                    messages.success(request, _("Account offboarded; its sessions ended."))
                    return redirect("workbench:staff_member", pk=pk)
        except DomainError as error:
            form = {"edit": edit_form, "transfer": transfer_form}.get(action, offboard_form)
            _apply_errors(form, error)
    return render(
        request,
        "workbench/staff_member.html",
        {
            "person": person,
            "transfers": person.transfers.select_related("from_unit", "to_unit"),
            "can_manage": can_manage and person.is_active,
            "edit_form": edit_form,
            "transfer_form": transfer_form,
            "offboard_form": offboard_form,
        },
    )


class PasswordResetForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)


@login_required
def password_reset(request: HttpRequest) -> HttpResponse:
    """The security administrator's password reset: a one-time password, shown once here."""
    if not user_has_perm(request.user, Perm.SECURITY_MANAGE):
        raise PermissionDenied
    form = PasswordResetForm(request.POST or None)
    one_time = ""
    person = None
    if request.method == "POST" and form.is_valid():
        person = User.objects.filter(username=form.cleaned_data["username"], kind="staff").first()
        if person is None:
            form.add_error("username", _("No such staff member."))
        else:
            try:
                one_time = staff_lifecycle.user_password_reset(actor=request.user, user=person)
            except DomainError as error:
                _apply_errors(form, error)
    return render(
        request,
        "workbench/password_reset.html",
        {"form": form, "one_time": one_time, "person": person},
    )

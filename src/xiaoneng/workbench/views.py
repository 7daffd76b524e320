"""Workbench shell: sign-in, home, profile, password, second factor, and the administrators' pages."""

from __future__ import annotations

import base64
import io
from datetime import datetime, time

import qrcode
import qrcode.image.svg
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from xiaoneng.core import onboarding, selectors, services, tokens
from xiaoneng.core.access import organizations_visible, user_has_perm
from xiaoneng.core.audit import audit, audit_verify_report
from xiaoneng.core.errors import DomainError
from xiaoneng.core.excel import Sheet, xlsx_response
from xiaoneng.core.models import AuditRecord, User, UserKind
from xiaoneng.core.roles import ADMIN_ROLES, Perm
from xiaoneng.core.sso import realm_button
from xiaoneng.workbench.forms import (
    AdminRoleForm,
    AuditSearchForm,
    ImportForm,
    OrganizationForm,
    PasswordChangeForm,
    RolesForm,
    StaffForm,
    StaffSessionsEndForm,
    TokenForm,
    TokenRevokeForm,
)
from xiaoneng.workbench.home import sections_for


class SignInView(auth_views.LoginView):
    template_name = "workbench/sign_in.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)
        context["idle"] = self.request.GET.get("idle") == "1"
        context["sso"] = realm_button("staff")
        context["sso_failed"] = self.request.GET.get("sso") == "failed"
        return context


def _perm_required(request: HttpRequest, perm: str) -> None:
    if not user_has_perm(request.user, perm):
        raise PermissionDenied


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if getattr(user, "kind", "") != "staff":
        return redirect("portal:home")
    notifications = user.notifications.all()[:10]  # type: ignore[union-attr]
    today = timezone.localdate()
    return render(
        request,
        "workbench/home.html",
        {
            "notifications": notifications,
            "sections": sections_for(user, today),  # type: ignore[arg-type]
            "today": today,
        },
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    return render(request, "workbench/profile.html", {"has_device": has_device})


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("workbench:profile")
    return render(request, "workbench/password_change.html", {"form": form})


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up (first time) or pass the TOTP second factor; required of the three administrators."""
    device = TOTPDevice.objects.filter(user=request.user).order_by("-confirmed", "id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="default", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit(actor=request.user, action="auth.two_factor_set_up", obj=request.user)
            otp_login(request, device)
            audit(actor=request.user, action="auth.two_factor", obj=request.user)
            return redirect(request.GET.get("next") or "workbench:home")
        audit(actor=request.user, action="auth.two_factor", obj=request.user, result="failed")
        form.add_error("token", _("This code is wrong or has expired."))
    context = {"form": form, "setting_up": not device.confirmed}
    if not device.confirmed:
        image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
        buffer = io.BytesIO()
        image.save(buffer)
        context["qr_svg"] = base64.b64encode(buffer.getvalue()).decode()
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "workbench/two_factor.html", context)


@login_required
def organizations(request: HttpRequest) -> HttpResponse:
    if not (
        user_has_perm(request.user, Perm.ORG_VIEW) or user_has_perm(request.user, Perm.ORG_MANAGE)
    ):
        raise PermissionDenied
    orgs = selectors.organization_list(user=request.user)
    if request.GET.get("export") == "xlsx":
        audit(actor=request.user, action="organization.export", object_type="core.organization")
        return xlsx_response("organizations.xlsx", [onboarding.organization_export_sheet(orgs)])
    form = ImportForm()
    report = None
    if request.method == "POST":
        _perm_required(request, Perm.ORG_MANAGE)
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                report = onboarding.organization_import(
                    actor=request.user, data=form.cleaned_data["file"].read()
                )
            except DomainError as error:
                form.add_error("file", str(error.message))
            else:
                if report.ok:
                    messages.success(
                        request,
                        _("Imported: %(c)d created, %(u)d updated.")
                        % {"c": report.created, "u": report.updated},
                    )
                    return redirect("workbench:organizations")
    return render(
        request,
        "workbench/organizations.html",
        {
            "organizations": orgs,
            "form": form,
            "report": report,
            "can_manage": user_has_perm(request.user, Perm.ORG_MANAGE),
        },
    )


def _apply_errors(form: forms.Form, error: DomainError) -> None:
    for field, message in error.errors:
        form.add_error(field if field in form.fields else None, str(message))


@login_required
def organization_new(request: HttpRequest) -> HttpResponse:
    _perm_required(request, Perm.ORG_MANAGE)
    parents = organizations_visible(request.user, Perm.ORG_MANAGE).order_by("path")
    form = OrganizationForm(request.POST or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organization_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Organization %(name)s created.") % {"name": org.name})
            return redirect("workbench:organizations")
    return render(
        request, "workbench/form_page.html", {"form": form, "title": _("New organization")}
    )


@login_required
def staff(request: HttpRequest) -> HttpResponse:
    if not (
        user_has_perm(request.user, Perm.ORG_VIEW) or user_has_perm(request.user, Perm.USER_MANAGE)
    ):
        raise PermissionDenied
    people = selectors.staff_list(user=request.user)
    query = request.GET.get("q", "").strip()
    if query:
        people = people.filter(
            Q(real_name__icontains=query)
            | Q(username__icontains=query)
            | Q(organization__name__icontains=query)
        )
    return render(
        request,
        "workbench/staff.html",
        {
            "people": people[:500],
            "q": query,
            "can_manage": user_has_perm(request.user, Perm.USER_MANAGE),
        },
    )


@login_required
def staff_new(request: HttpRequest) -> HttpResponse:
    _perm_required(request, Perm.USER_MANAGE)
    organizations = organizations_visible(request.user, Perm.USER_MANAGE).order_by("path")
    form = StaffForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.user_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Account %(name)s created.") % {"name": person.username})
            return redirect("workbench:staff")
    return render(
        request, "workbench/form_page.html", {"form": form, "title": _("New staff account")}
    )


@login_required
def staff_roles(request: HttpRequest, pk: int) -> HttpResponse:
    _perm_required(request, Perm.USER_MANAGE)
    person = selectors.staff_list(user=request.user).filter(pk=pk).first()
    if person is None:
        raise Http404
    form = RolesForm(request.POST or None, initial={"roles": sorted(person.role_set)})
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_roles(
                actor=request.user, user=person, roles=form.cleaned_data["roles"]
            )
        except DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Roles of %(name)s saved.") % {"name": person.display_name})
            return redirect("workbench:staff")
    title = _("Roles of %(name)s") % {"name": person.display_name}
    return render(request, "workbench/form_page.html", {"form": form, "title": title})


@login_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    """The audit administrator alone reads and exports the audit trail (三员分立)."""
    _perm_required(request, Perm.AUDIT_VIEW)
    form = AuditSearchForm(request.GET or None)
    records = AuditRecord.objects.all().order_by("-id")
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            records = records.filter(actor_name__icontains=data["actor"])
        if data["action"]:
            records = records.filter(action__icontains=data["action"])
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            records = records.filter(at__gte=datetime.combine(data["date_from"], time.min, tz))
        if data["date_to"]:
            records = records.filter(at__lte=datetime.combine(data["date_to"], time.max, tz))
    if request.GET.get("export") == "xlsx":
        audit(actor=request.user, action="audit.export", object_type="core.auditrecord")
        rows = (
            [
                r.id,
                timezone.localtime(r.at),
                r.actor_name,
                r.action,
                r.object_type,
                r.object_id,
                r.result,
                r.source_ip,
                r.request_id,
                r.hash,
            ]
            for r in records[:100000]
        )
        headers = [
            _("No."),
            _("Time"),
            _("Actor"),
            _("Action"),
            _("Object type"),
            _("Object id"),
            _("Result"),
            _("Source IP"),
            _("Request id"),
            _("Hash"),
        ]
        return xlsx_response("audit.xlsx", [Sheet("audit", headers, rows)])
    report = audit_verify_report() if request.GET.get("verify") == "1" else None
    return render(
        request,
        "workbench/audit.html",
        {
            "form": form,
            "records": records[:200],
            "verified": report is not None,
            "report": report,
            "chain_break": report.breaks[0] if report and report.breaks else None,
        },
    )


@login_required
def security(request: HttpRequest) -> HttpResponse:
    _perm_required(request, Perm.SECURITY_MANAGE)
    attempts = AccessAttempt.objects.order_by("-attempt_time")[:100]
    context = {
        "attempts": attempts,
        "role_form": AdminRoleForm(),
        "token_form": TokenRevokeForm(),
        "sessions_form": StaffSessionsEndForm(),
    }
    return render(request, "workbench/security.html", context)


@login_required
@require_POST
def security_admin_role(request: HttpRequest) -> HttpResponse:
    """Grant or revoke an administrator role (三员分立: the security administrator alone)."""
    _perm_required(request, Perm.SECURITY_MANAGE)
    form = AdminRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a user name."))
        return redirect("workbench:security")
    person = User.objects.filter(
        username=form.cleaned_data["username"], kind=UserKind.STAFF
    ).first()
    if person is None:
        messages.error(request, _("No account has this user name."))
        return redirect("workbench:security")
    role = form.cleaned_data["role"]
    roles = (set(person.role_set) - ADMIN_ROLES) | ({role} if role else set())
    try:
        services.user_set_roles(actor=request.user, user=person, roles=sorted(roles))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Roles of %(name)s saved.") % {"name": person.display_name})
    return redirect("workbench:security")


@login_required
@require_POST
def security_revoke_tokens(request: HttpRequest) -> HttpResponse:
    """End an account's API tokens (the security administrator)."""
    _perm_required(request, Perm.SECURITY_MANAGE)
    form = TokenRevokeForm(request.POST)
    username = form.cleaned_data["username"] if form.is_valid() else ""
    try:
        revoked = tokens.token_revoke(actor=request.user, username=username)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("API tokens of %(name)s revoked: %(count)s.") % {"name": username, "count": revoked},
        )
    return redirect("workbench:security")


@login_required
@require_POST
def security_unlock(request: HttpRequest) -> HttpResponse:
    _perm_required(request, Perm.SECURITY_MANAGE)
    username = request.POST.get("username", "")
    axes_reset(username=username)
    audit(actor=request.user, action="security.unlock", object_type="core.user", object_id=username)
    messages.success(request, _("Account %(name)s unlocked.") % {"name": username})
    return redirect("workbench:security")


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())  # type: ignore[union-attr]
    return redirect("workbench:home")

"""Workbench pages for cases: the queue, the case page with its timeline and next actions
(htmx forms), the window acceptance screen with the materials checklist, documents and
materials downloads.  Thin: parse → one service or selector → render."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xiaoneng.cases import materials, selectors, services
from xiaoneng.cases.documents import document_content, document_docx, documents_of
from xiaoneng.cases.forms import ACTIONS, MeetingForm, WindowForm
from xiaoneng.cases.models import Case, CaseMaterial
from xiaoneng.cases.submission import resolve_item_version, resolve_or_register_applicant
from xiaoneng.cases.workflow import CLOCK_STATUSES
from xiaoneng.catalog.models import ItemMaterial, ItemStatus, ServiceItem
from xiaoneng.core.access import organizations_visible, user_has_perm, user_may
from xiaoneng.core.documents import DOCX_MIME
from xiaoneng.core.errors import DomainError, InvalidInput, NotFound, NotPermitted
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm


def apply_errors(form: forms.Form, error: DomainError) -> None:
    for field, message in error.errors:
        form.add_error(field if field in form.fields else None, str(message))


def _case(request: HttpRequest, number: str) -> Case:
    try:
        return selectors.case_get_for_user(user=request.user, number=number)  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def _light(case: Case, today: Any) -> tuple[str, int | None]:
    """Queue light from working days left (red overdue, yellow ≤ 1 WD left)."""
    return selectors.queue_light(case, today)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """My queue: green channel first, then fewest working days left."""
    if not (
        user_has_perm(request.user, Perm.CASE_REVIEW)  # type: ignore[arg-type]
        or user_has_perm(request.user, Perm.CASE_ACCEPT)
    ):  # type: ignore[arg-type]
        raise PermissionDenied
    today = timezone.localdate()
    cases = selectors.review_queue(user=request.user, limit=200)  # type: ignore[arg-type]
    rows = [(c, *_light(c, today)) for c in cases]
    return render(request, "cases/queue.html", {"rows": rows})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    if not user_has_perm(request.user, Perm.CASE_VIEW):  # type: ignore[arg-type]
        raise PermissionDenied
    q = request.GET.get("q", "")
    status = request.GET.get("status", "")
    received = request.GET.get("received", "")
    is_overdue = request.GET.get("overdue") == "1"
    try:
        found = selectors.case_list(
            user=request.user,  # type: ignore[arg-type]
            query=q,
            status=status,
            received_on=_day(received, field="received"),
            is_overdue=True if is_overdue else None,
        )
        total = found.count()
        cases = list(found[:200])
    except DomainError as error:
        messages.error(request, str(error.message))
        cases, total = [], 0
    return render(
        request,
        "cases/search.html",
        {
            "cases": cases,
            "total": total,
            "q": q,
            "status": status,
            "received": received,
            "is_overdue": is_overdue,
            "statuses": selectors.Status.choices,
        },
    )


def _day(value: str, *, field: str) -> date | None:
    """A YYYY-MM-DD query parameter, or None when empty; anything else is refused."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(_("Give the day as YYYY-MM-DD."), field=field) from exc


@login_required
def case_page(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number)
    clock = selectors.case_clock(case)
    actions = selectors.next_actions(case, request.user)  # type: ignore[arg-type]
    if case.opinions.filter(given_on__isnull=True).exists() and case.status in CLOCK_STATUSES:
        actions.append("give_opinion")
    return render(
        request,
        "cases/case.html",
        {
            "case": case,
            "clock": clock,
            "actions": [(a, ACTIONS[a][0]) for a in actions if a in ACTIONS],
            "events": case.events.all(),
            "pauses": case.pauses.all(),
            "opinions": case.opinions.select_related("department"),
            "steps": case.steps.select_related("step"),
            "documents": documents_of(case),
            "checklist": materials.materials_checklist(case),
            "extra_files": CaseMaterial.objects.filter(case=case, item_material__isnull=True),
        },
    )


def _action_form(action: str, case: Case, data: Any = None) -> forms.Form:
    _label, form_class, needs_case, _run = ACTIONS[action]
    return form_class(data, case=case) if needs_case else form_class(data)  # type: ignore[call-arg]


@login_required
def case_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """GET: the action's form (an htmx fragment); POST: run it, then back to the case."""
    if action not in ACTIONS:
        raise Http404
    case = _case(request, number)
    label = ACTIONS[action][0]
    form = _action_form(action, case, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            ACTIONS[action][3](request.user, case, form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": label})
            url = reverse("cases:case", args=[case.number])
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
    template = (
        "cases/_action_form.html" if request.headers.get("HX-Request") else "cases/action.html"
    )
    return render(
        request,
        template,
        {"case": case, "form": form, "action": action, "label": label},
        status=400 if form.errors else 200,
    )


def _window_items(user: User) -> list[tuple[str, str]]:
    agencies = organizations_visible(user, Perm.CASE_ACCEPT)
    items = ServiceItem.objects.filter(
        agency__in=agencies, status=ItemStatus.ACTIVE, current_version__isnull=False
    ).order_by("name")
    return [(i.implementation_code, i.name) for i in items[:500]]


@login_required
def window(request: HttpRequest) -> HttpResponse:
    """The window acceptance screen: register the application, then check the materials."""
    if not user_has_perm(request.user, Perm.CASE_ACCEPT):  # type: ignore[arg-type]
        raise PermissionDenied
    items = _window_items(request.user)  # type: ignore[arg-type]
    form = WindowForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            version = resolve_item_version(code=d["item"])
            applicant = resolve_or_register_applicant(
                actor=request.user,
                kind=d["applicant_kind"],
                name=d["applicant_name"],  # type: ignore[arg-type]
                id_number=d["applicant_id_number"],
                phone=d["applicant_phone"],
            )
            case = services.case_submit(
                actor=request.user,
                item_version=version,
                applicant=applicant,  # type: ignore[arg-type]
                channel=d["channel"],
                title=d["title"],
                is_green_channel=d["is_green_channel"],
            )
        except DomainError as error:
            apply_errors(form, error)
        else:
            return redirect("cases:window_case", number=case.number)
    return render(request, "cases/window.html", {"form": form})


@login_required
def window_case(request: HttpRequest, number: str) -> HttpResponse:
    """Materials checklist of one application at the window: upload, tick, then decide."""
    case = _case(request, number)
    if not user_may(request.user, Perm.CASE_ACCEPT, case.agency):  # type: ignore[arg-type]
        raise PermissionDenied
    if request.method == "POST":
        try:
            if "upload" in request.FILES:
                listed = ItemMaterial.objects.filter(
                    pk=request.POST.get("item_material") or 0, version_id=case.item_version_id
                ).first()
                upload = request.FILES["upload"]
                materials.case_material_upload(
                    actor=request.user,
                    case=case,
                    file=upload,  # type: ignore[arg-type]
                    name=upload.name or "",
                    item_material=listed,
                )
            else:
                for row in materials.materials_checklist(case):
                    materials.case_material_check(
                        actor=request.user,
                        case=case,
                        item_material=row.material,  # type: ignore[arg-type]
                        is_checked=f"checked-{row.material.pk}" in request.POST,
                    )
        except DomainError as error:
            messages.error(request, str(error.message))
        return redirect("cases:window_case", number=case.number)
    checklist = materials.materials_checklist(case)
    return render(
        request,
        "cases/window_case.html",
        {
            "case": case,
            "checklist": checklist,
            "missing": "\n".join(materials.missing_mandatory(case)),
            "actions": [
                (a, ACTIONS[a][0])
                for a in selectors.next_actions(case, request.user)  # type: ignore[arg-type]
                if a in ("accept", "request_supplement", "refuse")
            ],
        },
    )


@login_required
def document(request: HttpRequest, number: str, sequence: int) -> HttpResponse:
    case = _case(request, number)
    try:
        content = document_content(case, sequence=sequence)
    except NotFound as exc:
        raise Http404 from exc
    return render(request, "cases/document.html", {"case": case, "doc": content})


@login_required
def document_download(request: HttpRequest, number: str, sequence: int) -> HttpResponse:
    case = _case(request, number)
    try:
        name, data = document_docx(case, sequence=sequence)
    except NotFound as exc:
        raise Http404 from exc
    response = HttpResponse(data, content_type=DOCX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def material_download(request: HttpRequest, number: str, pk: int) -> FileResponse:
    """Uploads are served only here, after the access check (never from a public URL)."""
    case = _case(request, number)
    material = CaseMaterial.objects.filter(case=case, pk=pk).first()
    if material is None:
        raise Http404
    path = materials.material_path(material)
    if not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=material.original_name,
        content_type=material.content_type,
    )


@login_required
@require_POST
def deem_sweep(request: HttpRequest) -> HttpResponse:
    """Run the deemed-acceptance sweep now (coordinators); it also runs with the supervision
    sweep."""
    if not user_has_perm(request.user, Perm.CASE_COORDINATE):  # type: ignore[arg-type]
        raise PermissionDenied
    try:
        count = services.case_deem_accepted_overdue(as_of=timezone.localdate())
    except NotPermitted as exc:
        raise PermissionDenied from exc
    messages.success(request, _("%(n)s case(s) now count as accepted.") % {"n": count})
    return redirect("cases:queue")


@login_required
def meetings(request: HttpRequest) -> HttpResponse:
    """Joint review meetings (联席会议): the list, and the form for service-centre coordinators."""
    if not (
        user_has_perm(request.user, Perm.CASE_VIEW)  # type: ignore[arg-type]
        or user_has_perm(request.user, Perm.CASE_COORDINATE)  # type: ignore[arg-type]
    ):
        raise PermissionDenied
    user: User = request.user  # type: ignore[assignment]
    may_record = user.organization is not None and user_may(
        user, Perm.CASE_COORDINATE, user.organization
    )
    form = None
    if may_record:
        departments = organizations_visible(user, Perm.CASE_COORDINATE).order_by("path")
        form = MeetingForm(request.POST or None, departments=departments)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            found = {c.number: c for c in Case.objects.filter(number__in=data["cases"])}
            missing = [n for n in data["cases"] if n not in found]
            if missing:
                form.add_error("cases", _("No such case: %(n)s") % {"n": ", ".join(missing)})
            else:
                try:
                    services.meeting_record(
                        actor=user,
                        organizer=user.organization,
                        held_on=data["held_on"],  # type: ignore[arg-type]
                        departments=list(data["departments"]),
                        cases=list(found.values()),
                        problems=data["problems"],
                        solutions=data["solutions"],
                        problems_solved=data["problems_solved"],
                    )
                except DomainError as error:
                    for field, message in error.errors:
                        form.add_error(field if field in form.fields else None, str(message))
                else:
                    messages.success(request, _("The meeting has been recorded."))
                    return redirect("cases:meetings")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "cases/meetings.html",
        {"form": form, "meetings": selectors.meeting_list(user=user)[:100]},
    )

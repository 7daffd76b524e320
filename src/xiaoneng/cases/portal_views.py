"""Public pages for cases: online application with uploads (signed-in applicants), tracking
by case number plus verification code, "my cases", supplement and decision download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from xiaoneng.cases import materials, selectors, services
from xiaoneng.cases.documents import document_docx, documents_of
from xiaoneng.cases.forms import ApplyForm, SupplementForm
from xiaoneng.cases.models import Case, Channel
from xiaoneng.cases.submission import resolve_item_version
from xiaoneng.cases.views import apply_errors
from xiaoneng.cases.workflow import EventKind, Status
from xiaoneng.catalog.models import ItemMaterial, ItemStatus, ServiceItem
from xiaoneng.core.documents import DOCX_MIME
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.core.models import UserKind

SIGN_IN = reverse_lazy("portal:sign_in")
#: Documents the applicant may download from the portal.
PUBLIC_DOCUMENTS = {
    "acceptance_notice",
    "refusal_decision",
    "supplement_notice",
    "special_procedure_notice",
    "extension_notice",
    "approval_decision",
    "denial_decision",
}
TRACKED_SESSION_KEY = "cases_tracked"


def _applicant(request: HttpRequest):  # type: ignore[no-untyped-def]
    user = request.user
    if not user.is_authenticated or getattr(user, "kind", "") != UserKind.APPLICANT:
        return None
    return getattr(user, "applicant", None)


@login_required(login_url=SIGN_IN)
def apply(request: HttpRequest) -> HttpResponse:
    """Online application: choose an online item, upload every material at once."""
    applicant = _applicant(request)
    if applicant is None:
        messages.error(request, _("Sign in with an applicant account to apply online."))
        return redirect("portal:home")
    code = request.GET.get("item") or request.POST.get("item") or ""
    items = ServiceItem.objects.filter(
        status=ItemStatus.ACTIVE, current_version__is_online=True
    ).order_by("name")[:300]
    version = None
    if code:
        try:
            version = resolve_item_version(code=code)
        except DomainError as error:
            messages.error(request, str(error.message))
    form = ApplyForm(request.POST or None)
    listed = list(ItemMaterial.objects.filter(version=version)) if version else []
    if request.method == "POST" and version is not None and form.is_valid():
        try:
            case = services.case_submit(
                actor=request.user,
                item_version=version,  # type: ignore[arg-type]
                applicant=applicant,
                channel=Channel.WEB,
                title=form.cleaned_data["title"],
            )
            for material in listed:
                for upload in request.FILES.getlist(f"material-{material.pk}"):
                    materials.case_material_upload(
                        actor=request.user,
                        case=case,
                        file=upload,  # type: ignore[arg-type]
                        name=upload.name or "",
                        item_material=material,
                    )
        except DomainError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Application %(number)s received. Verification code: %(code)s")
                % {"number": case.number, "code": case.verification_code},
            )
            return redirect("portal_cases:mine_case", number=case.number)
    return render(
        request,
        "cases/portal/apply.html",
        {
            "items": items,
            "version": version,
            "form": form,
            "listed": listed,
        },
    )


def track(request: HttpRequest) -> HttpResponse:
    """Tracking by case number plus verification code (no account needed)."""
    case = None
    number = request.GET.get("number", "").strip()
    code = request.GET.get("code", "").strip()
    error = ""
    if number or code:
        try:
            case = selectors.case_track(number=number, verification_code=code)
        except NotFound as exc:
            error = str(exc.message)
        else:
            tracked = set(request.session.get(TRACKED_SESSION_KEY, []))
            tracked.add(case.number)
            request.session[TRACKED_SESSION_KEY] = sorted(tracked)[-20:]
    return render(
        request,
        "cases/portal/track.html",
        {
            "case": case,
            "number": number,
            "error": error,
            "events": case.events.exclude(kind=EventKind.MEETING_RECORDED) if case else [],
            "documents": _public_documents(case) if case else [],
        },
    )


def _public_documents(case: Case) -> list:  # type: ignore[type-arg]
    return [(k, e) for k, e in documents_of(case) if k in PUBLIC_DOCUMENTS]


@login_required(login_url=SIGN_IN)
def mine(request: HttpRequest) -> HttpResponse:
    cases = selectors.cases_of_applicant(user=request.user)  # type: ignore[arg-type]
    return render(request, "cases/portal/mine.html", {"cases": cases})


@login_required(login_url=SIGN_IN)
def mine_case(request: HttpRequest, number: str) -> HttpResponse:
    try:
        case = selectors.case_get_for_user(user=request.user, number=number)  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404 from exc
    if case.applicant.account_id != request.user.pk:
        raise Http404
    form = SupplementForm(request.POST or None)
    if request.method == "POST" and case.status == Status.SUPPLEMENT_REQUESTED and form.is_valid():
        try:
            for upload in request.FILES.getlist("files"):
                materials.case_material_upload(
                    actor=request.user,
                    case=case,
                    file=upload,  # type: ignore[arg-type]
                    name=upload.name or "",
                )
            services.case_supplement(actor=request.user, case=case, note=form.cleaned_data["note"])  # type: ignore[arg-type]
        except DomainError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your materials were sent."))
            return redirect("portal_cases:mine_case", number=case.number)
    notice = case.events.filter(kind=EventKind.SUPPLEMENT_REQUESTED).last()
    return render(
        request,
        "cases/portal/case.html",
        {
            "case": case,
            "events": case.events.exclude(kind=EventKind.MEETING_RECORDED),
            "documents": _public_documents(case),
            "form": form,
            "notice": notice,
            "clock": selectors.case_clock(case),
        },
    )


def document_download(request: HttpRequest, number: str, sequence: int) -> HttpResponse:
    """The applicant's documents: for their own case, or a case tracked in this session."""
    case = (
        Case.objects.select_related("agency", "applicant", "item_version")
        .filter(number=number)
        .first()
    )
    if case is None:
        raise Http404
    own = request.user.is_authenticated and case.applicant.account_id == request.user.pk
    tracked = number in request.session.get(TRACKED_SESSION_KEY, [])
    if not (own or tracked):
        raise Http404
    kinds = {e.sequence: k for k, e in _public_documents(case)}
    if sequence not in kinds:
        raise Http404
    name, data = document_docx(case, sequence=sequence)
    response = HttpResponse(data, content_type=DOCX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

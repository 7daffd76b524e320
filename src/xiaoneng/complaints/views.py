"""Workbench pages: the centre's queue by deadline, a complaint with its timeline and next
actions (htmx), the unit's inbox of transferred complaints, figures with charts and Excel
export, bad-rating follow-up, the department's consultations and the historical import."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from xiaoneng.complaints import forms, selectors, services
from xiaoneng.complaints.deadlines import deadline_light
from xiaoneng.complaints.importing import complaints_import
from xiaoneng.complaints.models import Complaint, OutcomeKind
from xiaoneng.complaints.selectors.stats import complaint_figures
from xiaoneng.complaints.services.common import audit_identity_view
from xiaoneng.complaints.workflow import FollowUpAction, FollowUpStatus, Status
from xiaoneng.core.access import user_has_perm, user_may
from xiaoneng.core.audit import audit
from xiaoneng.core.charts import bar_chart
from xiaoneng.core.db_router import reading_from_replica
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.core.excel import Sheet, xlsx_response
from xiaoneng.core.middleware import client_ip
from xiaoneng.core.models import User
from xiaoneng.core.roles import Perm


def _require(request: HttpRequest, *perms: str) -> None:
    if not any(user_has_perm(request.user, perm) for perm in perms):
        raise PermissionDenied


def _apply_errors(form: django_forms.Form, error: DomainError) -> None:
    for field, message in error.errors:
        form.add_error(field if field in form.fields else None, str(message))


def _with_lights(complaints: Any, today: date, field: str = "due_on") -> list[Complaint]:
    rows = list(complaints)
    for complaint in rows:
        complaint.light = deadline_light(  # type: ignore[attr-defined]  # display only
            getattr(complaint, field), complaint.is_finished, today
        )
    return rows


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.COMPLAINT_HANDLE)
    today = timezone.localdate()
    queryset = selectors.complaint_queue(user=request.user)
    due = request.GET.get("due", "")
    if due:
        try:
            queryset = selectors.due_window(queryset, due, today)
        except DomainError as error:
            messages.error(request, str(error.message))
            due = ""
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    rows = _with_lights(page, today)
    return render(
        request,
        "complaints/queue.html",
        {
            "title": _("Complaint queue"),
            "rows": rows,
            "page": page,
            "show_unit_due": False,
            "due": due,
            "due_filters": [
                ("", _("All")),
                ("overdue", _("Past the deadline")),
                ("week", _("Due this week")),
            ],
        },
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.COMPLAINT_REPLY)
    page = Paginator(selectors.complaint_unit_inbox(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    rows = _with_lights(page, timezone.localdate(), field="unit_due_on")
    return render(
        request,
        "complaints/queue.html",
        {
            "title": _("Complaints transferred to my unit"),
            "rows": rows,
            "page": page,
            "show_unit_due": True,
        },
    )


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """The centre registers a complaint received by phone, visit, letter, mailbox or 12345."""
    _require(request, Perm.COMPLAINT_HANDLE)
    form = forms.StaffComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.complaint_submit(
                actor=request.user,
                channel=data["channel"],
                category=data["category"],
                unit=data["unit"],
                title=data["title"],
                description=data["description"],
                is_anonymous=data["is_anonymous"],
                complainant_name=data["complainant_name"],
                complainant_phone=data["complainant_phone"],
                person_name=data["person_name"],
                visitor_count=data["visitor_count"],
                attachments=data["attachments"],
                source_ip=client_ip(request),
            )
        except DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Complaint %(number)s registered; tracking code %(code)s.")
                % {"number": complaint.number, "code": complaint.plain_tracking_code},
            )
            return redirect("complaints:detail", number=complaint.number)
    return render(request, "complaints/register.html", {"form": form})


# action slug → (label, form, service, keyword arguments from the form's cleaned data)
Action = tuple[Any, type[django_forms.Form], Callable[..., Any], Callable[[dict], dict]]
ACTIONS: dict[str, Action] = {
    "accept": (
        gettext_lazy("Accept"),
        forms.AcceptForm,
        services.complaint_accept,
        lambda d: {"category": d["category"] or None, "note": d["note"]},
    ),
    "decline": (
        gettext_lazy("Decline and refer"),
        forms.DeclineForm,
        services.complaint_decline,
        lambda d: d,
    ),
    "handle-directly": (
        gettext_lazy("Handle directly"),
        forms.NoteForm,
        services.complaint_handle_directly,
        lambda d: d,
    ),
    "transfer": (
        gettext_lazy("Transfer to the unit"),
        forms.TransferForm,
        services.complaint_transfer,
        lambda d: d,
    ),
    "investigate": (
        gettext_lazy("Record investigation"),
        forms.InvestigateForm,
        services.complaint_investigate,
        lambda d: d,
    ),
    "conclude": (
        gettext_lazy("Conclude"),
        forms.ConcludeForm,
        services.complaint_conclude,
        lambda d: d,
    ),
    "outcome": (
        gettext_lazy("Add outcome"),
        forms.OutcomeForm,
        services.complaint_add_outcome,
        lambda d: d,
    ),
    "reply": (
        gettext_lazy("Reply to the complainant"),
        forms.ReplyForm,
        services.complaint_reply,
        lambda d: d,
    ),
    "follow-up": (
        gettext_lazy("Record follow-up visit"),
        forms.FollowUpForm,
        services.complaint_follow_up,
        lambda d: d,
    ),
    "close": (
        pgettext_lazy("complaint", "Close"),
        django_forms.Form,
        services.complaint_close,
        lambda d: {},
    ),
    "extend": (
        gettext_lazy("Extend the deadline"),
        forms.ExtendForm,
        services.complaint_extend,
        lambda d: d,
    ),
}
NEXT_ACTIONS: dict[str, list[str]] = {
    Status.REGISTERED: ["accept", "decline", "extend"],
    Status.ACCEPTED: ["transfer", "handle-directly", "extend"],
    Status.HANDLING: ["investigate", "extend"],
    Status.TRANSFERRED: ["investigate", "extend"],
    Status.INVESTIGATED: ["conclude", "extend"],
    Status.CONCLUDED: ["outcome", "reply"],
    Status.REPLIED: ["outcome", "follow-up", "close"],
    Status.FOLLOWED_UP: ["outcome", "close"],
}


def _next_actions(user: Any, complaint: Complaint) -> list[str]:
    if user_may(user, Perm.COMPLAINT_HANDLE, complaint.unit):
        names = list(NEXT_ACTIONS.get(complaint.status, []))
        if complaint.extension_workdays and "extend" in names:
            names.remove("extend")
        if complaint.status == Status.REPLIED and not complaint.is_anonymous:
            names.remove("close")
        return names
    if (
        complaint.status == Status.TRANSFERRED
        and complaint.transferred_to
        and user_may(user, Perm.COMPLAINT_REPLY, complaint.transferred_to)
    ):
        return ["investigate"]
    return []


def _complaint(request: HttpRequest, number: str) -> Complaint:
    try:
        return selectors.complaint_get_for_user(user=request.user, number=number)
    except NotFound as error:
        raise Http404(str(error.message)) from error


def _detail(
    request: HttpRequest,
    complaint: Complaint,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    complaint.light = deadline_light(  # type: ignore[attr-defined]  # display only
        complaint.due_on, complaint.is_finished, timezone.localdate()
    )
    actions = []
    for name in _next_actions(request.user, complaint):
        label, _form_class, _service, _kwargs = ACTIONS[name]
        form = (bound or {}).get(name) or _action_form(name, complaint)
        actions.append({"name": name, "label": label, "form": form})
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "complainant": selectors.complainant_for(request.user, complaint),
            "events": complaint.events.all(),
            "outcomes": complaint.outcomes.all(),
            "attachments": complaint.attachments.all(),
            "actions": actions,
            "warning_kind": OutcomeKind.EFFICIENCY_WARNING,
            "may_issue_warning": user_may(request.user, Perm.WARNING_ISSUE, complaint.unit),
        },
        status=status,
    )


def _action_form(name: str, complaint: Complaint, data: Any = None) -> django_forms.Form:
    """The form of one next step; the outcome's staff list is the unit's staff."""
    form_class = ACTIONS[name][1]
    if name != "outcome":
        return form_class(data, prefix=name)
    form = form_class(data, prefix=name, initial={"person": complaint.person_id})
    form.fields["person"].queryset = User.objects.filter(  # type: ignore[attr-defined]
        kind="staff", is_active=True, organization__path__startswith=complaint.unit.path
    ).order_by("real_name")
    return form


@login_required
def detail(request: HttpRequest, number: str) -> HttpResponse:
    complaint = _complaint(request, number)
    audit_identity_view(request.user, complaint)
    return _detail(request, complaint)


@login_required
def attachment(request: HttpRequest, number: str, pk: int) -> FileResponse:
    """Download an attachment; anyone who may see the complaint, audited."""
    complaint = _complaint(request, number)
    item = complaint.attachments.filter(pk=pk).first()
    if item is None:
        raise Http404(_("No such attachment."))
    audit(
        actor=request.user,
        action="complaint.attachment_download",
        obj=item,
        detail={"complaint": complaint.number},
    )
    return FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )


@login_required
@require_POST
def issue_warning(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    """An efficiency supervisor issues a warning the centre decided (supervision.act)."""
    complaint = _complaint(request, number)
    outcome = complaint.outcomes.filter(pk=pk).first()
    if outcome is None:
        raise Http404(_("No such outcome."))
    try:
        services.complaint_outcome_issue_warning(actor=request.user, outcome=outcome)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The efficiency warning has been issued."))
    return redirect("complaints:detail", number=complaint.number)


@login_required
@require_POST
def act(request: HttpRequest, number: str, action: str) -> HttpResponse:
    complaint = _complaint(request, number)
    if action not in ACTIONS or action not in _next_actions(request.user, complaint):
        raise PermissionDenied
    _label, _form_class, service, to_kwargs = ACTIONS[action]
    form = _action_form(action, complaint, request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, complaint=complaint, **to_kwargs(form.cleaned_data))
        except DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("complaints:detail", number=complaint.number)
    complaint.refresh_from_db()
    return _detail(request, complaint, bound={action: form})


def _figures(request: HttpRequest) -> tuple[forms.PeriodForm, Any]:
    form = forms.PeriodForm(request.GET or None, user=request.user)
    today = timezone.localdate()
    # The fields that are right are kept when another is wrong (a unit outside the scope is
    # refused on its field and the figures stay those of the whole scope).
    data = form.cleaned_data if form.is_valid() else getattr(form, "cleaned_data", {})
    queryset = selectors.complaint_list_for_user(user=request.user)
    if data.get("organization") is not None:
        queryset = queryset.filter(unit__path__startswith=data["organization"].path)
    as_of = data.get("as_of") or today
    date_to = data.get("date_to") or as_of
    date_from = data.get("date_from") or date_to.replace(month=1, day=1)
    if date_from > date_to:
        form.add_error("date_from", _("“From” must not be after “To”."))
        date_from = date_to.replace(month=1, day=1)
    figures = complaint_figures(
        queryset=queryset,
        date_from=date_from,
        date_to=date_to,
        as_of=as_of,
    )
    return form, figures


@login_required
@reading_from_replica()
def figures(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.COMPLAINT_VIEW)
    form, result = _figures(request)
    outcome_labels = dict(OutcomeKind.choices)
    outcomes = [(outcome_labels[kind], count) for kind, count in result.outcomes.items()]
    if request.GET.get("export") == "xlsx":
        audit(
            actor=request.user,
            action="complaint.export",
            object_type="complaints.complaint",
            detail={"from": str(result.date_from), "to": str(result.date_to)},
        )
        return xlsx_response(
            f"complaints-{result.date_from}-{result.date_to}.xlsx",
            [
                Sheet(
                    _("Summary"),
                    [_("Figure"), _("Value")],
                    [
                        (_("Received"), result.received),
                        (_("Due"), result.due),
                        (_("Closed"), result.closed),
                        (_("Closure rate (%)"), float(result.closure_rate or 0)),
                        (_("On-time rate (%)"), float(result.on_time_rate or 0)),
                        (_("Visitors received"), result.visitors),
                        *outcomes,
                    ],
                ),
                Sheet(
                    _("By category"),
                    [_("Category"), _("Complaints")],
                    [(label, n) for _c, label, n in result.by_category],
                ),
                Sheet(
                    _("By unit"),
                    [_("Unit"), _("Complaints")],
                    [(name, n) for _u, name, n in result.by_unit],
                ),
                Sheet(_("By month"), [_("Month"), _("Complaints")], result.by_month),
                Sheet(
                    _("Signals"),
                    [_("Kind"), _("Subject"), _("Count")],
                    [(s.kind, s.label, s.count) for s in result.signals],
                ),
            ],
        )
    units = result.by_unit[:15]
    return render(
        request,
        "complaints/figures.html",
        {
            "form": form,
            "figures": result,
            "open_overdue": result.due - result.closed,
            "outcomes": outcomes,
            "query": request.GET.urlencode(),
            "category_chart": bar_chart(
                [c[1] for c in result.by_category],
                [c[2] for c in result.by_category],
                title=_("Complaints by category"),
            ),
            "unit_chart": bar_chart(
                [u[1] for u in units], [u[2] for u in units], title=_("Complaints by unit (top 15)")
            ),
            "month_chart": bar_chart(
                [m[0] for m in result.by_month],
                [m[1] for m in result.by_month],
                title=_("Complaints by month"),
            ),
        },
    )


FOLLOW_UP_FORMS: dict[str, tuple[Any, type[django_forms.Form], Callable[..., Any]]] = {
    FollowUpAction.CALL_BACK: (
        gettext_lazy("Call back and verify"),
        forms.CallBackForm,
        services.rating_call_back,
    ),
    FollowUpAction.ORDER_RECTIFICATION: (
        gettext_lazy("Order rectification"),
        forms.RectificationForm,
        services.rating_order_rectification,
    ),
    FollowUpAction.RECTIFY: (
        gettext_lazy("Report rectification"),
        forms.RectifyForm,
        services.rating_rectify,
    ),
    FollowUpAction.EXPLAIN: (gettext_lazy("Explain"), forms.ExplainForm, services.rating_explain),
    FollowUpAction.APPEAL: (
        gettext_lazy("Appeal as a false rating"),
        forms.AppealForm,
        services.rating_appeal,
    ),
    "decide_appeal": (
        gettext_lazy("Decide the appeal"),
        forms.AppealDecisionForm,
        services.rating_decide_appeal,
    ),
}
FOLLOW_UP_NEXT: dict[str, list[str]] = {
    FollowUpStatus.OPEN: [FollowUpAction.CALL_BACK],
    FollowUpStatus.CALLED_BACK: [
        FollowUpAction.ORDER_RECTIFICATION,
        FollowUpAction.EXPLAIN,
        FollowUpAction.APPEAL,
    ],
    FollowUpStatus.RECTIFYING: [FollowUpAction.RECTIFY],
    FollowUpStatus.APPEALED: ["decide_appeal"],
}


@login_required
def ratings(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.RATING_FOLLOW_UP)
    open_follow_ups = selectors.rating_follow_ups_open(user=request.user)
    recent = Paginator(selectors.rating_list_for_user(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "complaints/ratings.html",
        {
            "follow_ups": open_follow_ups,
            "page": recent,
            "figures": selectors.rating_public_figures(),
        },
    )


def _rating_actions(user: Any, rating: Any) -> list[str]:
    follow_up = getattr(rating, "follow_up", None)
    if follow_up is None:
        return []
    names = FOLLOW_UP_NEXT.get(follow_up.status, [])
    if names == ["decide_appeal"]:
        return names if user_may(user, Perm.SUPERVISION_ACT, rating.department) else []
    return names


@login_required
def rating_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, Perm.RATING_FOLLOW_UP)
    try:
        rating = selectors.rating_get_for_user(user=request.user, pk=pk)
    except NotFound as error:
        raise Http404(str(error.message)) from error
    names = _rating_actions(request.user, rating)
    bound: dict[str, django_forms.Form] = {}
    if request.method == "POST":
        name = request.POST.get("action", "")
        if name not in names:
            raise PermissionDenied
        _label, form_class, service = FOLLOW_UP_FORMS[name]
        form = form_class(request.POST, prefix=name)
        bound[name] = form
        if form.is_valid():
            try:
                service(actor=request.user, rating=rating, **form.cleaned_data)
            except DomainError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("complaints:rating", pk=rating.pk)
    actions = [
        {
            "name": n,
            "label": FOLLOW_UP_FORMS[n][0],
            "form": bound.get(n) or FOLLOW_UP_FORMS[n][1](prefix=n),
        }
        for n in names
    ]
    return render(
        request,
        "complaints/rating_detail.html",
        {"rating": rating, "follow_up": getattr(rating, "follow_up", None), "actions": actions},
    )


@login_required
def consultations(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.CONSULTATION_ANSWER)
    rows = selectors.consultation_list_for_user(user=request.user)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    answer_forms: dict[str, django_forms.Form] = {}
    if request.method == "POST":
        number = request.POST.get("number", "")
        try:
            consultation = selectors.consultation_get_for_user(user=request.user, number=number)
        except NotFound as error:
            raise Http404(str(error.message)) from error
        form = forms.AnswerForm(request.POST, prefix=number)
        if form.is_valid():
            try:
                services.consultation_answer(
                    actor=request.user, consultation=consultation, **form.cleaned_data
                )
            except DomainError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Answer saved."))
                return redirect("complaints:consultations")
        answer_forms[number] = form
    today = timezone.localdate()
    for consultation in page:
        answer_form = answer_forms.get(consultation.number) or forms.AnswerForm(
            prefix=consultation.number
        )
        consultation.answer_form = answer_form  # type: ignore[attr-defined]  # display only
        consultation.light = deadline_light(  # type: ignore[attr-defined]
            consultation.due_on, consultation.status != "open", today
        )
    return render(request, "complaints/consultations.html", {"page": page})


@login_required
def import_file(request: HttpRequest) -> HttpResponse:
    _require(request, Perm.COMPLAINT_HANDLE)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            lines = form.cleaned_data["file"].read().decode("utf-8-sig").splitlines()
        except UnicodeDecodeError:
            form.add_error("file", _("The file must be UTF-8 text."))
        else:
            report = complaints_import(actor=request.user, lines=lines)
    return render(request, "complaints/import.html", {"form": form, "report": report})

"""Workbench pages for tasks, admission, burden reports, meetings, inspections, evaluations."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from xiaoneng.community import selectors
from xiaoneng.community.forms import (
    AdmissionForm,
    BurdenReportForm,
    EvaluationForm,
    InspectionForm,
    MeetingForm,
)
from xiaoneng.community.models import Evaluation, EvaluationIndicator, IndicatorKind
from xiaoneng.community.services import inspections as inspection_services
from xiaoneng.community.services import meetings as meeting_services
from xiaoneng.community.services import tasks as task_services
from xiaoneng.community.services.meetings import QuotaWarning
from xiaoneng.community.services.registers import set_queryset
from xiaoneng.community.views.common import (
    Action,
    Row,
    Table,
    may,
    page,
    post_action,
    require_perm,
    require_view,
    run,
    staff_view,
    url,
)
from xiaoneng.community.workflow import MeetingStatus
from xiaoneng.core.errors import DomainError, NotFound
from xiaoneng.core.models import OrganizationKind
from xiaoneng.core.roles import Perm
from xiaoneng.evaluation.models import Survey

RECORD, APPROVE, SUPERVISE = Perm.COMMUNITY_RECORD, Perm.COMMUNITY_APPROVE, Perm.COMMUNITY_SUPERVISE


@staff_view
def tasks(request: HttpRequest) -> HttpResponse:
    """Rule 1: the task list in force, plus the admitted tasks of the user's community."""
    require_view(request)
    today = timezone.localdate()
    version = selectors.task_list_current()
    rows = [
        Row([t.code, t.name, t.area, t.legal_basis, _("Task list v%(v)s") % {"v": version.version}])
        for t in (version.tasks.all() if version else [])
    ]
    unit = request.user.organization
    if unit is not None and unit.kind == OrganizationKind.COMMUNITY:
        rows += [
            Row(["—", t.name, "", t.legal_basis, _("Admitted until %(day)s") % {"day": t.until}])
            for t in selectors.community_task_list(community=unit, on=today)
            if t.source == "admission"
        ]
    return page(
        request,
        title=_("Community task list"),
        intro=_(
            "Rule 1: the committee assists government only with the tasks on this "
            "list; anything else needs admission approval (rule 2)."
        ),
        table=Table([_("Code"), _("Task"), _("Area of work"), _("Legal basis"), _("Source")], rows),
    )


@staff_view
def admissions(request: HttpRequest) -> HttpResponse:
    require_view(request)
    user = request.user
    form = None
    if may(request, RECORD, APPROVE) and (
        user.organization is None or user.organization.kind != OrganizationKind.COMMUNITY
    ):
        form = AdmissionForm(request.POST or None)
        set_queryset(
            form,
            "department",
            selectors.acting_units(user=user).exclude(kind=OrganizationKind.COMMUNITY),
        )
        set_queryset(form, "communities", selectors.summonable_communities(user=user))
        if request.method == "POST" and form.is_valid():
            done = run(
                form, lambda: task_services.admission_submit(actor=user, **form.cleaned_data)
            )
            if done:
                return redirect(url("admissions"))
    awaiting = set(selectors.admission_awaiting(user=user).values_list("pk", flat=True))
    rows = []
    for a in selectors.admission_list(user=user)[:200]:
        actions = []
        if a.pk in awaiting:
            actions = [
                Action(
                    pgettext("approval", "Approve"), url("admission_decide", a.pk), {"approve": "1"}
                ),
                Action(
                    _("Refuse"),
                    url("admission_decide", a.pk),
                    {"approve": "0"},
                    ask=_("Reason"),
                    style="danger",
                ),
            ]
        rows.append(
            Row(
                [
                    a.task_name,
                    a.department.name,
                    ", ".join(c.short_name or c.name for c in a.communities.all()),
                    f"{a.starts_on} – {a.ends_on}",
                    f"{a.funding_amount} ({a.funding_source})",
                    a.get_status_display(),
                    a.refusal_reason,
                ],
                actions,
            )
        )
    return page(
        request,
        title=_("Admission requests"),
        intro=_(
            "Rule 2 (准入): authority and funding follow the task (权随责走、费随事转); "
            "approved by the street office, then the district civil-affairs bureau."
        ),
        form=form,
        form_title=_("Ask a community to take on a task"),
        submit=_("Submit for admission"),
        table=Table(
            [
                _("Task"),
                _("Department"),
                _("Communities"),
                _("Duration"),
                _("Funding"),
                _("Status"),
                _("Refusal reason"),
            ],
            rows,
        ),
    )


@staff_view
@require_POST
def admission_decide(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, APPROVE)
    admission = selectors.admission_get(user=request.user, pk=pk)
    return post_action(
        request,
        lambda: task_services.admission_decide(
            actor=request.user,
            request=admission,
            approve=request.POST.get("approve") == "1",
            reason=request.POST.get("text", ""),
        ),
        _("Decision recorded."),
        url("admissions"),
    )


@staff_view
def burden_reports(request: HttpRequest) -> HttpResponse:
    require_view(request)
    user = request.user
    form = None
    unit = user.organization
    if may(request, RECORD) and unit is not None and unit.kind == OrganizationKind.COMMUNITY:
        form = BurdenReportForm(request.POST or None)
        set_queryset(form, "department", selectors.departments_near(user=user))
        if (
            request.method == "POST"
            and form.is_valid()
            and run(
                form,
                lambda: task_services.burden_report(
                    actor=user, community=unit, **form.cleaned_data
                ),
            )
        ):
            return redirect(url("burden_reports"))
    rows = [
        Row([r.pushed_on, r.community.name, r.department.name, r.task_description])
        for r in selectors.burden_report_list(user=user)[:200]
    ]
    return page(
        request,
        title=_("Burden reports"),
        intro=_(
            "Rule 2: government duties and quotas may not be pushed onto the "
            "committee by order. A report becomes a violation of the department."
        ),
        form=form,
        form_title=_("Report a task pushed without admission"),
        submit=pgettext("burden", "Report"),
        table=Table([_("Date"), _("Community"), _("Department"), _("Task")], rows),
    )


def _meeting_row(request: HttpRequest, m) -> Row:  # type: ignore[no-untyped-def]
    user = request.user
    actions = []
    warning = ""
    if (
        m.status == MeetingStatus.AWAITING_APPROVAL
        and m.street_id == user.organization_id
        and may(request, APPROVE)
    ):
        # the street head sees the quota before approving (rule 5)
        reasons = meeting_services.quota_excess(
            level=m.organizer_level,
            held_on=m.held_on,
            communities=list(m.communities.all()),
            street=m.street,
            is_routine=m.is_routine,
            exclude_pk=m.pk,
        )
        approve = (
            Action(
                _("Approve anyway (over quota)"),
                url("meeting_approve", m.pk),
                {"approve": "1", "confirm_over_quota": "1"},
                style="danger",
            )
            if reasons
            else Action(
                pgettext("approval", "Approve"), url("meeting_approve", m.pk), {"approve": "1"}
            )
        )
        warning = " ".join(reasons)
        actions += [
            approve,
            Action(
                _("Do not approve"),
                url("meeting_approve", m.pk),
                {"approve": "0"},
                ask=_("Reason"),
                style="danger",
            ),
        ]
    if m.status == MeetingStatus.REGISTERED and may(request, RECORD, APPROVE):
        if m.held_on <= timezone.localdate():
            actions.append(Action(_("Mark as held"), url("meeting_hold", m.pk)))
        actions.append(Action(_("Cancel"), url("meeting_cancel", m.pk), style="secondary"))
    over = _("Over quota") if m.is_over_quota else ""
    if m.status == MeetingStatus.AWAITING_APPROVAL and actions and warning:
        over = _("Would exceed the quota: %(why)s") % {"why": warning}
    return Row(
        [
            m.held_on,
            m.organizer.name,
            m.get_organizer_level_display(),
            m.topic,
            ", ".join(c.short_name or c.name for c in m.communities.all()),
            m.get_status_display(),
            over,
        ],
        actions,
        "over-quota" if m.is_over_quota else "",
    )


@staff_view
def meetings(request: HttpRequest) -> HttpResponse:
    """Rule 5: register meetings; over a quota the organizer is warned and must confirm."""
    require_view(request)
    user = request.user
    form, warning = None, []
    unit = user.organization
    if (
        may(request, RECORD, APPROVE)
        and unit is not None
        and unit.kind != OrganizationKind.COMMUNITY
    ):
        form = MeetingForm(request.POST or None, initial={"organizer": unit.pk})
        set_queryset(
            form,
            "organizer",
            selectors.acting_units(user=user).exclude(kind=OrganizationKind.COMMUNITY),
        )
        set_queryset(form, "communities", selectors.summonable_communities(user=user))
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            data["confirm_over_quota"] = request.POST.get("confirm_over_quota") == "1"
            try:
                meeting_services.meeting_register(actor=user, **data)
            except QuotaWarning as caught:
                warning = caught.reasons
            except DomainError:
                run(form, lambda: meeting_services.meeting_register(actor=user, **data))
            else:
                return redirect(url("meetings"))
    rows = [_meeting_row(request, m) for m in selectors.meeting_list(user=user)[:200]]
    return page(
        request,
        title=_("Meetings with community staff"),
        intro=_(
            "Rule 5: district-level meetings at most 2 a year, street meetings at "
            "most 4 a month, one weekly routine meeting of community heads; a street "
            "department's meeting needs the street head's approval."
        ),
        form=form,
        form_title=_("Register a meeting"),
        submit=_("Register"),
        warning=warning,
        confirm_label=_("Register anyway (over quota)"),
        table=Table(
            [
                _("Date"),
                _("Organizer"),
                _("Level"),
                _("Topic"),
                _("Communities summoned"),
                _("Status"),
                _("Quota"),
            ],
            rows,
        ),
    )


@staff_view
@require_POST
def meeting_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    approve = request.POST.get("approve") == "1"
    return post_action(
        request,
        lambda: meeting_services.meeting_approve(
            actor=request.user,
            meeting=meeting,
            approve=approve,
            reason=request.POST.get("text", ""),
            confirm_over_quota=request.POST.get("confirm_over_quota") == "1",
        ),
        _("Decision recorded."),
        url("meetings"),
    )


@staff_view
@require_POST
def meeting_hold(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    return post_action(
        request,
        lambda: meeting_services.meeting_hold(actor=request.user, meeting=meeting),
        _("Recorded as held."),
        url("meetings"),
    )


@staff_view
@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    return post_action(
        request,
        lambda: meeting_services.meeting_cancel(actor=request.user, meeting=meeting),
        _("Meeting cancelled."),
        url("meetings"),
    )


@staff_view
def inspections(request: HttpRequest) -> HttpResponse:
    require_view(request)
    user = request.user
    form = None
    if may(request, RECORD, APPROVE):
        form = InspectionForm(request.POST or None)
        units = selectors.departments_near(user=user)
        set_queryset(form, "inspector", units)
        set_queryset(
            form,
            "inspected",
            (
                selectors.summonable_communities(user=user)
                | units.filter(kind=OrganizationKind.STREET_OFFICE)
            ).order_by("path"),
        )
        if (
            request.method == "POST"
            and form.is_valid()
            and run(
                form, lambda: inspection_services.inspection_record(actor=user, **form.cleaned_data)
            )
        ):
            return redirect(url("inspections"))
    rows = [
        Row(
            [
                i.inspected_on,
                i.inspector.name,
                i.inspected.name,
                i.subject,
                _("Breaks rule 6") if i.is_violation else "",
            ],
            css="over-quota" if i.is_violation else "",
        )
        for i in selectors.inspection_list(user=user)[:200]
    ]
    return page(
        request,
        title=_("Inspections"),
        intro=_(
            "Rule 6: departments inspect street offices only; a street office "
            "inspects a community at most 3 times a month."
        ),
        form=form,
        form_title=_("Record an inspection"),
        submit=_("Record"),
        table=Table(
            [_("Date"), _("Inspecting unit"), _("Inspected unit"), _("Subject"), _("Rule")], rows
        ),
    )


def _indicator_label(indicator: EvaluationIndicator) -> str:
    label = f"{indicator.name} {indicator.weight}%"
    if indicator.survey_id is not None:
        label += " " + _("(scored by the residents' appraisal)")
    return label


def _opinion_survey_actions(evaluation: Evaluation, surveys: list[Survey]) -> list[Action]:
    """Rule 6 with rule 8: score the residents' opinion by an appraisal of the same year."""
    indicators = list(evaluation.indicators.all())
    if any(i.survey_id for i in indicators) or not any(
        i.kind == IndicatorKind.RESIDENT_OPINION for i in indicators
    ):
        return []
    return [
        Action(
            _("Score the residents' opinion by: %(title)s") % {"title": survey.title},
            url("evaluation_opinion_survey", evaluation.pk),
            {"survey": survey.pk},
        )
        for survey in surveys
        if survey.period_start.year <= evaluation.year <= survey.period_end.year
    ][:3]


@staff_view
@require_POST
def evaluation_opinion_survey(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, APPROVE, SUPERVISE)
    evaluation = selectors.evaluation_get(user=request.user, pk=pk)
    survey = (
        selectors.residents_appraisals(community=evaluation.community)
        .filter(pk=_int(request.POST.get("survey")))
        .first()
    )

    def link() -> None:
        if survey is None:
            raise NotFound(_("No residents' appraisal of this community has this number."))
        inspection_services.evaluation_opinion_survey_link(
            actor=request.user, evaluation=evaluation, survey=survey
        )

    return post_action(
        request, link, _("The residents' opinion follows the appraisal."), url("evaluations")
    )


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


@staff_view
def evaluations(request: HttpRequest) -> HttpResponse:
    require_view(request)
    user = request.user
    form = None
    if may(request, APPROVE, SUPERVISE):
        form = EvaluationForm(request.POST or None, initial={"year": timezone.localdate().year})
        set_queryset(form, "community", selectors.summonable_communities(user=user))
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            indicators = [
                {
                    "name": data["opinion_name"],
                    "kind": "resident_opinion",
                    "weight": data["opinion_weight"],
                },
                {
                    "name": data["other_name"],
                    "kind": data["other_kind"],
                    "weight": data["other_weight"],
                },
            ]
            if run(
                form,
                lambda: inspection_services.evaluation_create(
                    actor=user,
                    community=data["community"],
                    year=data["year"],
                    indicators=indicators,
                ),
            ):
                return redirect(url("evaluations"))
    evaluations = list(selectors.evaluation_list(user=user)[:200])
    appraisals = (
        selectors.residents_appraisals_by_community(
            community_ids={e.community_id for e in evaluations}
        )
        if may(request, APPROVE, SUPERVISE)
        else {}
    )
    rows = [
        Row(
            [
                e.year,
                e.community.name,
                "; ".join(_indicator_label(i) for i in e.indicators.all()),
                e.total_score if e.total_score is not None else "—",
            ],
            actions=_opinion_survey_actions(e, appraisals.get(e.community_id, [])),
        )
        for e in evaluations
    ]
    return page(
        request,
        title=_("Combined evaluation"),
        intro=_(
            "Rule 6: one combined evaluation of each community a year; residents' "
            "opinion carries the main weight; ledgers, plaques and signs are never "
            "indicators."
        ),
        form=form,
        form_title=_("Set up this year's evaluation"),
        submit=_("Save"),
        table=Table([_("Year"), _("Community"), _("Indicators"), _("Total score")], rows),
    )

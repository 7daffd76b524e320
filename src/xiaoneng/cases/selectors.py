"""Reads of cases, always through the access rules (core.access).

A single case is fetched and authorized in one call: what the user may not see is simply
not found.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from xiaoneng.cases import deadlines
from xiaoneng.cases.models import Case, CaseEvent, CasePause, JointOpinion, JointReviewMeeting
from xiaoneng.cases.workflow import (
    CLOCK_STATUSES,
    INTAKE_STATUSES,
    OPEN_STATUSES,
    Status,
    allowed_events,
)
from xiaoneng.catalog.models import ItemStatus, ServiceItem
from xiaoneng.core.access import organizations_visible, user_may
from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.core.models import User, UserKind
from xiaoneng.core.roles import Perm
from xiaoneng.hall.selectors import chief_representative_authorised

QUEUE_STATUSES = frozenset(INTAKE_STATUSES | OPEN_STATUSES)


def _agency_ids(user: User, perm: str) -> list[int]:
    return list(organizations_visible(user, perm).values_list("pk", flat=True))


def case_list(
    *,
    user: User,
    status: str = "",
    agency: int | str | None = None,
    item: str = "",
    is_green_channel: bool | None = None,
    is_overdue: bool | None = None,
    query: str = "",
    received_on: date | None = None,
    today: date | None = None,
) -> QuerySet[Case]:
    """Cases the user may view (CASE_VIEW in scope), filtered; newest first.

    Filters: status (one or comma-separated), agency id, item implementation code, green
    channel, overdue (open and past the committed deadline), number prefix, day received
    (China time).
    """
    qs = Case.objects.filter(agency_id__in=_agency_ids(user, Perm.CASE_VIEW))
    if status:
        statuses = [s for s in status.split(",") if s]
        unknown = [s for s in statuses if s not in Status.values]
        if unknown:
            raise InvalidInput(
                _("Unknown status: %(s)s") % {"s": ", ".join(unknown)}, field="status"
            )
        qs = qs.filter(status__in=statuses)
    if agency not in (None, ""):
        try:
            qs = qs.filter(agency_id=int(agency))  # type: ignore[arg-type]
        except (TypeError, ValueError) as exc:
            raise InvalidInput(_("The agency must be an id."), field="agency") from exc
    if item:
        qs = qs.filter(item_version__item__implementation_code=item)
    if is_green_channel is not None:
        qs = qs.filter(is_green_channel=is_green_channel)
    if is_overdue is not None:
        today = today or timezone.localdate()
        overdue = Q(status__in=CLOCK_STATUSES, committed_due_on__lt=today)
        qs = qs.filter(overdue) if is_overdue else qs.exclude(overdue)
    if query:
        qs = qs.filter(Q(number__startswith=query.strip()) | Q(title__icontains=query.strip()))
    if received_on is not None:
        qs = qs.filter(received_at__date=received_on)
    return qs.select_related("agency", "item_version").order_by("-received_at", "-id")


def queue_light(case: Case, today: date) -> tuple[str, int | None]:
    """The queue's light from working days left to the committed deadline: red when past it,
    yellow with 1 working day or fewer left, green otherwise; none while the clock stands."""
    if case.status not in CLOCK_STATUSES or case.committed_due_on is None:
        return "", None
    left = deadlines.workdays_left(case.committed_due_on, today)
    return ("red" if left < 0 else "yellow" if left <= 1 else "green"), left


def review_queue(*, user: User, limit: int = 50) -> list[Case]:
    """The user's queue: open cases of the agencies they accept or review for, green channel
    first, then by committed deadline (fewest working days left), then by receipt; cases at
    intake (no deadline yet) come after those with one.

    One index range scan per (agency, status) on `cases_queue_order`, each stopping after
    ``limit`` rows, merged here: the cost does not grow with the number of cases.
    """
    agencies = organizations_visible(user, Perm.CASE_REVIEW) | organizations_visible(
        user, Perm.CASE_ACCEPT
    )
    ids = sorted(set(agencies.values_list("pk", flat=True)))
    if not ids:
        return []
    keyed: list[tuple[bool, bool, date | None, object, int]] = []
    # Few agencies (a reviewer's unit): one range scan each; many: one query per status.
    scopes: list[dict[str, object]] = (
        [{"agency_id": a} for a in ids] if len(ids) <= 20 else [{"agency_id__in": ids}]
    )
    for scope in scopes:
        in_order = (
            Case.objects.filter(**scope)
            .order_by("-is_green_channel", "committed_due_on", "received_at", "id")
            .values_list("is_green_channel", "committed_due_on", "received_at", "id")
        )
        for status in QUEUE_STATUSES:
            rows = in_order.filter(status=status)[:limit]
            keyed.extend((not g, due is None, due, at, pk) for g, due, at, pk in rows)
    keyed.sort(key=lambda k: (k[0], k[1], k[2] or date.min, k[3], k[4]))
    top = [k[4] for k in keyed[:limit]]
    by_id = Case.objects.select_related("agency", "item_version").order_by().in_bulk(top)
    return [by_id[pk] for pk in top]


def case_get_for_user(*, user: User, number: str) -> Case:
    """One case the user may view (staff in scope, or the applicant who filed it)."""
    try:
        case = Case.objects.select_related(
            "agency", "applicant", "item_version__item", "assignee", "first_responder"
        ).get(number=number)
    except Case.DoesNotExist:
        raise NotFound(_("No such case.")) from None
    if user.is_authenticated and getattr(user, "kind", "") == UserKind.APPLICANT:
        if case.applicant.account_id == user.pk:
            return case
        raise NotFound(_("No such case."))
    if not user_may(user, Perm.CASE_VIEW, case.agency):
        raise NotFound(_("No such case."))
    return case


def case_track(*, number: str, verification_code: str) -> Case:
    """Public tracking by case number plus verification code (both must match)."""
    case = (
        Case.objects.select_related("agency", "item_version")
        .filter(number=(number or "").strip())
        .first()
    )
    expected = case.verification_code if case else "000000"
    if not hmac.compare_digest(expected, (verification_code or "").strip()) or case is None:
        raise NotFound(_("No case matches this number and verification code."))
    return case


def cases_of_applicant(*, user: User) -> QuerySet[Case]:
    """ "My cases" of a signed-in applicant."""
    return (
        Case.objects.filter(applicant__account=user)
        .select_related("agency", "item_version")
        .order_by("-received_at")
    )


POPULAR_DAYS = 90


def popular_items(*, limit: int = 8, days: int = POPULAR_DAYS) -> list[ServiceItem]:
    """The portal's popular services: active items by the number of cases received in the last
    `days` days (`recent_cases`), most first, then by name; items without a case are left out."""
    since = timezone.now() - timedelta(days=days)
    # The period is in the WHERE clause (the count uses the same join), so only the cases of the
    # period are read, not every case of every item.
    return list(
        ServiceItem.objects.filter(
            status=ItemStatus.ACTIVE, versions__cases__received_at__gte=since
        )
        .annotate(recent_cases=Count("versions__cases"))
        .select_related("agency", "current_version")
        .order_by("-recent_cases", "name")[:limit]
    )


def case_history(case: Case) -> Case:
    """Reads the case's events, pauses and opinions (with their departments) once each, in
    their order, for ``case_clock`` and the API's case detail, which then use the same rows
    (``case.events.all()``…) instead of reading them again."""
    prefetch_related_objects(
        [case],
        Prefetch("events", queryset=CaseEvent.objects.order_by("sequence")),
        Prefetch("pauses", queryset=CasePause.objects.order_by("started_on", "id")),
        Prefetch(
            "opinions",
            queryset=JointOpinion.objects.select_related("department").order_by("id"),
        ),
    )
    return case


@dataclass
class Clock:
    """The deadline facts shown on a case (API detail, case page)."""

    committed_due_on: date | None
    legal_due_on: date | None
    delivery_due_on: date | None
    workdays_used: int | None
    committed_workdays_left: int | None
    legal_workdays_left: int | None
    paused_workdays: int
    is_paused: bool
    is_provisional: bool
    notice_due_on: date | None
    breaches: list[dict[str, object]] = field(default_factory=list)


def case_clock(case: Case, *, today: date | None = None) -> Clock:
    """Committed and legal deadlines, working days used and left (while the clock runs),
    paused working days, provisional flag and the breach-like events of a case (those whose
    payload has a "breach" key).

    Reads the case's pauses and events through its related managers: one query each, none
    after ``case_history``.
    """
    today = today or timezone.localdate()
    pauses = [(p.started_on, p.ended_on) for p in case.pauses.all()]
    used = left_c = left_l = None
    runs = case.status in CLOCK_STATUSES and case.accepted_on is not None
    if case.accepted_on is not None:
        end = case.decided_on or today
        used = deadlines.workdays_used(case.accepted_on, end, pauses)
    if runs and case.committed_due_on and case.legal_due_on:
        left_c = deadlines.workdays_left(case.committed_due_on, today)
        left_l = deadlines.workdays_left(case.legal_due_on, today)
    notice_due = None
    if case.status in INTAKE_STATUSES:
        start = timezone.localdate(case.supplemented_at or case.received_at)
        notice_due = deadlines.supplement_notice_due(start)
    breaches = [
        {
            "sequence": e.sequence,
            "kind": e.kind,
            "breach": e.payload.get("breach"),
            "occurred_at": e.occurred_at,
        }
        for e in case.events.all()
        if isinstance(e.payload, dict) and "breach" in e.payload
    ]
    return Clock(
        committed_due_on=case.committed_due_on,
        legal_due_on=case.legal_due_on,
        delivery_due_on=case.delivery_due_on,
        workdays_used=used,
        committed_workdays_left=left_c,
        legal_workdays_left=left_l,
        paused_workdays=deadlines.paused_workdays(pauses, today),
        is_paused=case.is_paused,
        is_provisional=case.is_deadline_provisional,
        notice_due_on=notice_due,
        breaches=breaches,
    )


#: Which permission each next action needs (for showing only the buttons a user may use).
ACTION_PERMS: dict[str, tuple[str, ...]] = {
    "request_supplement": (Perm.CASE_ACCEPT,),
    "accept": (Perm.CASE_ACCEPT,),
    "refuse": (Perm.CASE_ACCEPT,),
    "supplement": (Perm.CASE_ACCEPT,),
    "start_review": (Perm.CASE_REVIEW,),
    "finish_step": (Perm.CASE_REVIEW,),
    "start_special_procedure": (Perm.CASE_REVIEW,),
    "end_special_procedure": (Perm.CASE_REVIEW,),
    "extend": (Perm.CASE_REVIEW, Perm.CASE_DECIDE),
    "request_opinions": (Perm.CASE_REVIEW, Perm.CASE_COORDINATE),
    "forward": (Perm.CASE_REVIEW,),
    "forward_reply": (Perm.CASE_REVIEW,),
    "approve": (Perm.CASE_DECIDE,),
    "deny": (Perm.CASE_DECIDE,),
    "deliver": (Perm.CASE_ACCEPT, Perm.CASE_REVIEW, Perm.CASE_DECIDE),
    "close": (Perm.CASE_ACCEPT, Perm.CASE_REVIEW, Perm.CASE_DECIDE),
    "withdraw": (Perm.CASE_ACCEPT,),
    "terminate": (Perm.CASE_DECIDE,),
}

_EVENT_ACTION = {
    "supplement_requested": "request_supplement",
    "supplemented": "supplement",
    "accepted": "accept",
    "refused": "refuse",
    "review_started": "start_review",
    "step_finished": "finish_step",
    "special_procedure_started": "start_special_procedure",
    "special_procedure_ended": "end_special_procedure",
    "extended": "extend",
    "opinions_requested": "request_opinions",
    "forwarded": "forward",
    "forward_replied": "forward_reply",
    "approved": "approve",
    "denied": "deny",
    "delivered": "deliver",
    "closed": "close",
    "withdrawn": "withdraw",
    "terminated": "terminate",
}


def next_actions(case: Case, user: User) -> list[str]:
    """Actions the workflow allows now and the user may take (case page buttons).

    Each permission on the case's agency, and the chief representative's authorisation, is
    looked up once (several actions need the same one).
    """
    may: dict[str, bool] = {}

    def user_may_here(perm: str) -> bool:
        if perm not in may:
            may[perm] = user_may(user, perm, case.agency)
        return may[perm]

    is_chief_representative: bool | None = None
    actions = []
    for kind in allowed_events(case.status):
        action = _EVENT_ACTION.get(kind)
        if action is None:
            continue
        if action == "start_special_procedure" and case.is_paused:
            continue
        if action == "end_special_procedure" and not case.is_paused:
            continue
        if action == "extend" and case.extension_days:
            continue
        if action in ("forward",) and (not case.is_forwarded or case.forwarded_on):
            continue
        if action == "forward_reply" and (not case.forwarded_on or case.forward_replied_on):
            continue
        if action == "request_opinions" and not case.is_joint:
            continue
        if action == "finish_step" and not case.steps.filter(finished_on__isnull=True).exists():
            continue
        if any(user_may_here(perm) for perm in ACTION_PERMS[action]):
            actions.append(action)
        elif action in ("approve", "deny"):
            if is_chief_representative is None:
                is_chief_representative = chief_representative_authorised(
                    user=user, item_id=case.item_version.item_id
                )
            if is_chief_representative:
                actions.append(action)  # decided in the hall by the chief representative
    return actions


def meeting_list(*, user: User) -> QuerySet[JointReviewMeeting]:
    """Joint review meetings organized in the user's scope or attended by a department in it,
    newest first."""
    scope = organizations_visible(user, Perm.CASE_VIEW) | organizations_visible(
        user, Perm.CASE_COORDINATE
    )
    ids = JointReviewMeeting.objects.filter(
        Q(organizer__in=scope) | Q(departments__in=scope)
    ).values("pk")
    return (
        JointReviewMeeting.objects.filter(pk__in=ids)
        .select_related("organizer")
        .prefetch_related("departments", "cases")
        .order_by("-held_on", "-pk")
    )

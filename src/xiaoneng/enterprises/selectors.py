"""Reads of monitored enterprises, their problems and the figures for the report and cockpit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from xiaoneng.core.access import scope_filter, user_has_perm
from xiaoneng.core.errors import NotFound
from xiaoneng.core.models import Organization, User
from xiaoneng.core.roles import Perm
from xiaoneng.enterprises.models import SATISFIED_SCORES, Enterprise, Problem, Visit, VisitKind
from xiaoneng.enterprises.workflow import Status


def enterprise_list(*, user: User) -> QuerySet[Enterprise]:
    return scope_filter(
        Enterprise.objects.select_related("applicant", "contact_unit", "contact_leader"),
        user,
        Perm.SUPERVISION_VIEW,
        "contact_unit",
    )


def enterprise_of_account(*, user: User) -> Enterprise | None:
    """The monitored enterprise the signed-in applicant account belongs to, if any."""
    if not user.is_authenticated:
        return None
    return Enterprise.objects.filter(applicant__account=user).select_related("applicant").first()


def problem_list(*, user: User) -> QuerySet[Problem]:
    """Problems the user may see: all of the government for supervision.view; a unit's own for
    its repliers; the enterprise's own for its account."""
    queryset = Problem.objects.select_related("enterprise__applicant", "unit")
    condition = Q(enterprise__applicant__account=user)
    for perm in (Perm.SUPERVISION_VIEW, Perm.COMPLAINT_REPLY):
        if user_has_perm(user, perm):
            condition |= Q(pk__in=scope_filter(Problem.objects.all(), user, perm, "unit"))
    return queryset.filter(condition)


def problem_get_for_user(*, user: User, number: str) -> Problem:
    problem = problem_list(user=user).filter(number=number).first()
    if problem is None:
        raise NotFound(_("No such problem."))
    return problem


@dataclass(frozen=True)
class EnterpriseFigures:
    problems: int
    replied: int
    replied_on_time: int
    overdue_open: int
    rated: int
    satisfied: int
    satisfaction_rate: float | None  # satisfied / rated, None when nothing was rated
    visits: int
    symposia: int


def enterprise_figures(
    *, start: date, end: date, unit: Organization | None = None, as_of: date | None = None
) -> EnterpriseFigures:
    """Figures of the problems reported and visits held from `start` to `end` (inclusive), for
    one responsible unit (and below) or all; `overdue_open` counts unreplied problems past their
    due day by `as_of` (default `end`). Used by the figures page, the API and the cockpit."""
    as_of = as_of or end
    problems = Problem.objects.filter(reported_on__range=(start, end))
    visits = Visit.objects.filter(held_on__range=(start, end))
    if unit is not None:
        problems = problems.filter(unit__path__startswith=unit.path)
        visits = visits.filter(unit__path__startswith=unit.path)
    rows = list(problems.values_list("due_on", "replied_on", "satisfaction", "status"))
    replied = [r for r in rows if r[1] is not None]
    rated = [r for r in rows if r[2]]
    satisfied = [r for r in rated if r[2] in SATISFIED_SCORES]
    return EnterpriseFigures(
        problems=len(rows),
        replied=len(replied),
        replied_on_time=sum(
            1 for due, replied_on, _s, _t in replied if replied_on and replied_on <= due
        ),
        overdue_open=sum(1 for r in rows if r[3] == Status.REPORTED and as_of > r[0]),
        rated=len(rated),
        satisfied=len(satisfied),
        satisfaction_rate=round(len(satisfied) / len(rated), 4) if rated else None,
        visits=visits.filter(kind=VisitKind.VISIT).count(),
        symposia=visits.filter(kind=VisitKind.SYMPOSIUM).count(),
    )

"""Reads of monitored enterprises, their problems and the figures for the report and cockpit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from xiaoneng.complaints.selectors.stats import rate
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


def problems_overdue(*, user: User, start: date, end: date, as_of: date) -> QuerySet[Problem]:
    """The problems behind `EnterpriseFigures.overdue_open`: reported from `start` to `end`
    (inclusive) and still unreplied after their reply due day as of `as_of` (a reply on the due
    day is on time), among those the user may see — the cockpit's drill-down list."""
    return problem_list(user=user).filter(
        reported_on__range=(start, end), status=Status.REPORTED, due_on__lt=as_of
    )


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

    @property
    def on_time_rate(self) -> Decimal | None:
        """Replied on time ÷ (replied + unreplied past the due day), in % with one decimal half
        up: a problem left unanswered past its deadline counts against the rate, as the
        complaint centre's closure rate counts open overdue complaints as due (DOMAIN.md §3)."""
        return rate(self.replied_on_time, self.replied + self.overdue_open)

    @property
    def satisfaction_percent(self) -> Decimal | None:
        """Satisfied ÷ rated in % with one decimal half up (satisfied and basically satisfied,
        the complaint centre's three levels; models.SATISFIED_SCORES)."""
        return rate(self.satisfied, self.rated)


# reported on, due on, replied on, satisfaction, status
ProblemRow = tuple[date, date, date | None, str, str]


def _scoped(
    problems: QuerySet[Problem], visits: QuerySet[Visit], user: User | None
) -> tuple[QuerySet[Problem], QuerySet[Visit]]:
    """The problems and visits of the units in the user's supervision.view scope (all without a
    user: the office's own pages, which check the permission themselves)."""
    if user is None:
        return problems, visits
    return (
        scope_filter(problems, user, Perm.SUPERVISION_VIEW, "unit"),
        scope_filter(visits, user, Perm.SUPERVISION_VIEW, "unit"),
    )


def _figures_of(
    rows: list[ProblemRow], visit_rows: list[tuple[date, str]], start: date, end: date, as_of: date
) -> EnterpriseFigures:
    rows = [r for r in rows if start <= r[0] <= end]
    visit_kinds = [kind for held_on, kind in visit_rows if start <= held_on <= end]
    replied = [r for r in rows if r[2] is not None]
    rated = [r for r in rows if r[3]]
    satisfied = [r for r in rated if r[3] in SATISFIED_SCORES]
    return EnterpriseFigures(
        problems=len(rows),
        replied=len(replied),
        replied_on_time=sum(1 for r in replied if r[2] is not None and r[2] <= r[1]),
        overdue_open=sum(1 for r in rows if r[4] == Status.REPORTED and as_of > r[1]),
        rated=len(rated),
        satisfied=len(satisfied),
        satisfaction_rate=round(len(satisfied) / len(rated), 4) if rated else None,
        visits=visit_kinds.count(VisitKind.VISIT),
        symposia=visit_kinds.count(VisitKind.SYMPOSIUM),
    )


def _rows(
    problems: QuerySet[Problem], visits: QuerySet[Visit], first: date, last: date
) -> tuple[list[ProblemRow], list[tuple[date, str]]]:
    return (
        list(
            problems.filter(reported_on__range=(first, last))
            .order_by()
            .values_list("reported_on", "due_on", "replied_on", "satisfaction", "status")
        ),
        list(visits.filter(held_on__range=(first, last)).order_by().values_list("held_on", "kind")),
    )


def enterprise_figures(
    *,
    start: date,
    end: date,
    unit: Organization | None = None,
    as_of: date | None = None,
    user: User | None = None,
) -> EnterpriseFigures:
    """Figures of the problems reported and visits held from `start` to `end` (inclusive), for
    one responsible unit (and below) or all, and within the user's supervision.view scope when
    a user is given; `overdue_open` counts unreplied problems past their due day by `as_of`
    (default `end`); a reply on the due day is on time (reply due: 10 working days, deadlines.py).
    Used by the figures page, the API, the situation report and the cockpit."""
    problems, visits = _scoped(Problem.objects.all(), Visit.objects.all(), user)
    if unit is not None:
        problems = problems.filter(unit__path__startswith=unit.path)
        visits = visits.filter(unit__path__startswith=unit.path)
    rows, visit_rows = _rows(problems, visits, start, end)
    return _figures_of(rows, visit_rows, start, end, as_of or end)


def enterprise_figures_for(
    *, user: User, spans: list[tuple[date, date]]
) -> list[EnterpriseFigures]:
    """`enterprise_figures(user=user, start=s, end=e)` for every span, from one read of the
    problems and one of the visits (the cockpit's periods, each as of its own last day)."""
    if not spans:
        return []
    problems, visits = _scoped(Problem.objects.all(), Visit.objects.all(), user)
    rows, visit_rows = _rows(problems, visits, min(s for s, _e in spans), max(e for _s, e in spans))
    return [_figures_of(rows, visit_rows, s, e, e) for s, e in spans]
